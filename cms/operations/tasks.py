"""The hub's own periodic tasks, run by the task worker on the scheduler's
clock (``manage.py run_scheduler``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task


# Ahead of other work: it proves the worker is alive, also while it works
# through a backlog (the demo's first start queues hundreds of tasks).
@task(priority=50)
def heartbeat() -> str:
    """Proves that a worker picks up tasks: /readyz and /metrics report the
    age of the last run."""
    from .models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.update_or_create(name="worker", defaults={"at": now})
    return now.isoformat()


@task()
def prune_task_results() -> dict[str, int]:
    """Forget finished task results: successful ones after a day (the
    heartbeat alone writes one a minute), failed ones after two weeks."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    results = DBTaskResult.objects
    succeeded = results.successful().filter(
        finished_at__lte=now - timedelta(days=1)).delete()[0]
    failed = results.failed().filter(
        finished_at__lte=now - timedelta(days=14)).delete()[0]
    return {"successful": succeeded, "failed": failed}


def hub_periodic_tasks(sender=None, **kwargs) -> list[tuple[object, float]]:
    """Receiver of plugins.signals.register_periodic_tasks for the hub's own
    jobs (the search layer and plugins add theirs through the same signal)."""
    jobs: list[tuple[object, float]] = [
        (heartbeat, float(settings.HUB_HEARTBEAT_INTERVAL)),
    ]
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend == "django_tasks_db.DatabaseBackend":
        jobs.append((prune_task_results, 6 * 3600.0))
    return jobs
