"""Webhooks: signed POSTs to organisations' endpoints when catalogue items
change (docs/webhooks.md).

For code that calls this app (the host package's end-to-end test, ...):

* Settings: ``HUB_WEBHOOK_RETRY_SCHEDULE`` (seconds between attempts),
  ``HUB_WEBHOOK_TIMEOUT`` (seconds per network operation),
  ``HUB_WEBHOOK_LOG_DAYS``, ``HUB_WEBHOOK_ALLOW_LOOPBACK`` (test only:
  loopback receivers and plain http; forced off in production settings;
  also read from the environment, for a live hub started by a test).
* Models (``cms.webhooks.models``): ``Endpoint(organisation=<org page>,
  name, url, query="country=JP", event_types=[] (all), active)``; its
  ``secret`` is made on the first save. ``Delivery`` (id = the
  ``Hub-Webhook-Id``), each with its ``Attempt`` rows (``attempt_log``).
* Deliveries for a page change: ``cms.webhooks.changes.announce(kind, page,
  action)`` (run by the receivers of Wagtail's page_published and
  page_unpublished, which Wagtail also sends when a live page is deleted;
  nothing to call by hand). ``cms.webhooks.changes.ping(endpoint)``: a test.
* One attempt now: ``cms.webhooks.delivery.attempt(delivery)``; through the
  task worker: ``cms.webhooks.tasks.queue(delivery_id, manual=True)``;
  the periodic retry: the task ``cms.webhooks.tasks.retry_due_webhooks``.
* Payload (JSON)::

    {"id": "<delivery uuid>", "type": "event.updated",
     "created_at": "2026-12-06T19:00:00Z",
     "data": {"resource": "events", "id": "<public id>", "language": "en",
              "title": "...", "status": "scheduled",
              "url": "https://hub/api/v1/events/<id>/?lang=en",
              "page_url": "https://hub/en/... or null when unpublished"}}

  A ``ping`` (the admin's test) has ``"data": {"message": "..."}``.
  Headers: ``cms.webhooks.signing.signed_headers``.
"""
