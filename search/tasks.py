"""Background work of the search layer (django-tasks: the immediate backend
in development, a worker-backed one in production)."""

from django_tasks import task


@task()
def flush_index_queue() -> dict[str, int]:
    """Deliver the queued page changes to Elasticsearch."""
    from .indexing import flush_queue

    return flush_queue()


# The scheduler flushes the queue now and then as a safety net: every change
# enqueues a flush itself, but a flush that failed while the cluster was down
# is only retried by the next change or by this.
FLUSH_INTERVAL = 300.0  # seconds


def periodic_tasks(sender=None, **kwargs) -> list:
    """Receiver of plugins.signals.register_periodic_tasks."""
    from .indexing import elasticsearch_enabled

    return [(flush_index_queue, FLUSH_INTERVAL)] if elasticsearch_enabled() else []
