"""The hub's own periodic tasks, run by the task worker on the scheduler's
clock (``manage.py run_scheduler``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import Heartbeat


# Ahead of other work: it proves the worker is alive, also while it works
# through a backlog (the demo's first start queues hundreds of tasks).
@task(priority=50)
def heartbeat() -> str:
    """Proves that a worker picks up tasks: /readyz and /metrics report the
    age of the last run."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name="worker", defaults={"at": now})
    return now.isoformat()


@task()
def prune_task_results() -> dict[str, int]:
    """Forget finished task results: successful ones after a day (the
    heartbeat alone writes one a minute), failed ones after two weeks."""
    now = timezone.now()
    results = DBTaskResult.objects
    succeeded = results.successful().filter(
        finished_at__lte=now - timedelta(days=1)).delete()[0]
    failed = results.failed().filter(
        finished_at__lte=now - timedelta(days=14)).delete()[0]
    return {"successful": succeeded, "failed": failed}


class AbandonedTask(Exception):
    """The error recorded for a task whose worker stopped while running it."""


#: A task still RUNNING after this long lost its worker (killed, machine
#: gone): django-tasks-db never finishes it by itself.
ABANDONED_AFTER = timedelta(minutes=30)


@task()
def fail_abandoned_tasks() -> int:
    """Mark tasks whose worker died while running them as failed, so that
    they show up as failures (/metrics, the admin) instead of running
    forever. The hub's tasks are idempotent and re-run by their periodic
    job (feeds, the search queue's flush), so nothing is retried here."""
    cutoff = timezone.now() - ABANDONED_AFTER
    return DBTaskResult.objects.running().filter(started_at__lte=cutoff).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(),
        exception_class_path="cms.operations.tasks.AbandonedTask",
        traceback="The worker running this task stopped before it finished.")


def hub_periodic_tasks(sender=None, **kwargs) -> list[tuple[object, float]]:
    """Receiver of plugins.signals.register_periodic_tasks for the hub's own
    jobs (the search layer and plugins add theirs through the same signal)."""
    jobs: list[tuple[object, float]] = [
        (heartbeat, float(settings.HUB_HEARTBEAT_INTERVAL)),
    ]
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend == "django_tasks_db.DatabaseBackend":
        jobs.append((prune_task_results, 6 * 3600.0))
        jobs.append((fail_abandoned_tasks, 300.0))
    return jobs
