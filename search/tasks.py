"""Background work of the search layer (django-tasks: the immediate backend
in development, a worker-backed one in production)."""

from django.conf import settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from . import analytics
from .es.connection import elasticsearch_enabled
from .es.queue import flush_queue


@task()
def prune_search_stats() -> int:
    """Forget the weekly search counts older than HUB_SEARCH_STATS_WEEKS."""
    return analytics.prune()


@task()
def flush_index_queue() -> dict[str, int]:
    """Deliver the queued page changes to Elasticsearch."""
    return flush_queue()


def flush_waiting() -> bool:
    """Whether a flush task sits in the database queue, not yet picked up.
    Always False for backends that run tasks at once or keep no queue."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return False
    return DBTaskResult.objects.ready().filter(
        task_path=flush_index_queue.module_path).exists()


# The scheduler flushes the queue every minute as a safety net: every change
# enqueues a flush itself, but the retry of a failed delivery (the cluster was
# down; entries back off) or a flush lost with a killed worker waits for the
# next change or for this. With nothing due it is one query.
FLUSH_INTERVAL = 60.0  # seconds
PRUNE_STATS_INTERVAL = 24 * 3600.0


def periodic_tasks(sender=None, **kwargs) -> list:
    """Receiver of plugins.signals.register_periodic_tasks."""
    jobs: list = [(prune_search_stats, PRUNE_STATS_INTERVAL)]
    if elasticsearch_enabled():
        jobs.append((flush_index_queue, FLUSH_INTERVAL))
    return jobs
