"""Background work of the search layer (django-tasks: the immediate backend
in development, a worker-backed one in production)."""

from django_tasks import task


@task()
def flush_index_queue() -> dict[str, int]:
    """Deliver the queued page changes to Elasticsearch."""
    from .indexing import flush_queue

    return flush_queue()


def flush_waiting() -> bool:
    """Whether a flush task sits in the database queue, not yet picked up.
    Always False for backends that run tasks at once or keep no queue."""
    from django.conf import settings

    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(
        task_path=flush_index_queue.module_path).exists()


# The scheduler flushes the queue every minute as a safety net: every change
# enqueues a flush itself, but the retry of a failed delivery (the cluster was
# down; entries back off) or a flush lost with a killed worker waits for the
# next change or for this. With nothing due it is one query.
FLUSH_INTERVAL = 60.0  # seconds


def periodic_tasks(sender=None, **kwargs) -> list:
    """Receiver of plugins.signals.register_periodic_tasks."""
    from .indexing import elasticsearch_enabled

    return [(flush_index_queue, FLUSH_INTERVAL)] if elasticsearch_enabled() else []
