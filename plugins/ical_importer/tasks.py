"""Background work (django-tasks): with a task worker, the admin's "Run now"
enqueues import_feed after its commit (feeds.request_run; with the immediate
backend it only marks the feed, so nothing is fetched in the web request); a
worker-backed deployment can enqueue import_due_feeds on a schedule instead of
running ``manage.py import_events --due`` from cron. Both fetch within the
deadlines of fetch.py."""

from django_tasks import task


@task()
def import_feed(feed_id: int) -> dict:
    from .feeds import run_feed
    from .models import IcsFeed

    feed = IcsFeed.objects.select_related("organiser").filter(pk=feed_id).first()
    if feed is None:
        return {"feed": feed_id, "error": "This feed no longer exists."}
    result = run_feed(feed, force=True)
    if result is None:
        return {"feed": feed_id, "error": "The feed is being imported already."}
    return result.as_dict()


@task()
def import_due_feeds() -> list[dict]:
    from .feeds import run_due_feeds

    return [result.as_dict() for result in run_due_feeds()]


def periodic_tasks(sender=None, **kwargs) -> list:
    """Receiver of plugins.signals.register_periodic_tasks: once a minute the
    scheduler enqueues import_due_feeds, which imports the feeds whose own
    interval has passed."""
    return [(import_due_feeds, 60.0)]
