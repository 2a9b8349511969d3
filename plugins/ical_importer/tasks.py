"""Background work (django-tasks): with a task worker, the admin's "Run now"
enqueues import_feed after its commit (request_run; with the immediate
backend it only marks the feed, so nothing is fetched in the web request); a
worker-backed deployment can enqueue import_due_feeds on a schedule instead of
running ``manage.py import_events --due`` from cron. Both fetch within the
deadlines of fetch.py."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from .feeds import run_due_feeds, run_feed
from .models import IcsFeed

logger = logging.getLogger(__name__)


@task()
def import_feed(feed_id: int) -> dict:
    feed = IcsFeed.objects.select_related("organiser").filter(pk=feed_id).first()
    if feed is None:
        return {"feed": feed_id, "error": "This feed no longer exists."}
    result = run_feed(feed, force=True)
    if result is None:
        return {"feed": feed_id, "error": "The feed is being imported already."}
    return result.as_dict()


@task()
def import_due_feeds() -> list[dict]:
    return [result.as_dict() for result in run_due_feeds()]


def tasks_run_in_process() -> bool:
    """True when the task backend runs a task inside ``enqueue()`` (the
    immediate backend: no worker exists)."""
    return isinstance(import_feed.get_backend(), ImmediateBackend)


def request_run(feed: IcsFeed) -> bool:
    """The admin's "Run now": never fetches in the web request, whatever the
    task backend. The feed is marked as requested, which makes it due for the
    next run of ``import_due_feeds`` or ``import_events --due``; with a task
    worker, an import_feed task is also enqueued once this transaction has
    committed, so the worker starts it within seconds. With the immediate
    backend (no worker) enqueueing would fetch right here, so the scheduled run
    takes it. Returns whether a task was enqueued."""
    IcsFeed.objects.filter(pk=feed.pk).update(run_requested_at=timezone.now())
    if tasks_run_in_process():
        return False
    transaction.on_commit(lambda: _enqueue(feed.pk))
    return True


def _enqueue(pk: int) -> None:
    try:
        import_feed.enqueue(pk)
    except Exception:  # the request stays; the scheduled run will take it
        logger.exception("Could not enqueue the import of feed %s", pk)


def periodic_tasks(sender=None, **kwargs) -> list:
    """Receiver of plugins.signals.register_periodic_tasks: once a minute the
    scheduler enqueues import_due_feeds, which imports the feeds whose own
    interval has passed."""
    return [(import_due_feeds, 60.0)]
