"""Background work of the search layer (django-tasks: the immediate backend
in development, a worker-backed one in production)."""

from django_tasks import task


@task()
def flush_index_queue() -> dict[str, int]:
    """Deliver the queued page changes to Elasticsearch."""
    from .indexing import flush_queue

    return flush_queue()
