"""The clock of background work: enqueues periodic tasks when they are due.

The jobs come from receivers of ``plugins.signals.register_periodic_tasks``
(the hub's heartbeat and clean-up, the search queue's safety-net flush, the
iCalendar importer's due feeds, any plugin's), asked again every minute so
that enabling or disabling a plugin takes effect without a restart. The
scheduler only enqueues; the task worker (``manage.py db_worker``) runs.
Run one scheduler per deployment: two would enqueue every job twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections, connection
from django.utils import timezone

from plugins.signals import register_periodic_tasks

from .models import Heartbeat

logger = logging.getLogger(__name__)
REFRESH_JOBS_EVERY = 60.0  # seconds between asking the receivers again
MIN_INTERVAL = 1.0


@dataclass(frozen=True)
class PeriodicJob:
    task: object  # a django_tasks Task
    interval: float  # seconds

    @property
    def name(self) -> str:
        return getattr(self.task, "module_path", repr(self.task))


def periodic_jobs() -> list[PeriodicJob]:
    """The jobs the enabled receivers announce; malformed ones are logged
    and left out, so one broken plugin does not stop the others."""
    jobs: dict[str, PeriodicJob] = {}
    for receiver, response in register_periodic_tasks.send_to_enabled(None):
        for item in response or []:
            try:
                task, interval = item
                interval = float(interval)
            except (TypeError, ValueError):
                logger.error("register_periodic_tasks receiver %s returned %r, not "
                             "(task, seconds).", receiver.__module__, item)
                continue
            if not hasattr(task, "enqueue") or not interval >= MIN_INTERVAL:
                logger.error("register_periodic_tasks receiver %s returned %r: it "
                             "needs a django-tasks task and at least %s s.",
                             receiver.__module__, item, MIN_INTERVAL)
                continue
            job = PeriodicJob(task, interval)
            jobs[job.name] = job
    return sorted(jobs.values(), key=lambda job: job.name)


class Scheduler:
    """Enqueues each job right away, then every ``interval`` seconds (no
    catching up: a job missed while the database was down runs once when it
    is back, not once per missed interval)."""

    def __init__(self, jobs: Callable[[], list[PeriodicJob]] = periodic_jobs,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.jobs_source = jobs
        self.clock = clock
        self.next_run: dict[str, float] = {}
        self.jobs: list[PeriodicJob] = []
        self.jobs_read_at: float | None = None
        self.heartbeat_at: float | None = None
        self.stop_event = threading.Event()

    def refresh_jobs(self) -> None:
        now = self.clock()
        if self.jobs_read_at is not None and now - self.jobs_read_at < REFRESH_JOBS_EVERY:
            return
        jobs = self.jobs_source()
        names = {job.name for job in jobs}
        if names != {job.name for job in self.jobs}:
            logger.info("Scheduler jobs: %s", ", ".join(
                f"{job.name} every {job.interval:g} s" for job in jobs) or "none")
        self.jobs, self.jobs_read_at = jobs, now
        for name in list(self.next_run):
            if name not in names:
                del self.next_run[name]

    def run_due(self) -> list[str]:
        """Enqueue the jobs that are due; returns their names."""
        if not connection.in_atomic_block:  # (a test's transaction)
            close_old_connections()  # a database restart must not stop the clock
        try:
            self.refresh_jobs()
        except Exception:
            logger.exception("Scheduler could not read its jobs; trying again.")
        self.beat()
        enqueued = []
        now = self.clock()
        for job in self.jobs:
            if now < self.next_run.get(job.name, now):
                continue
            try:
                result = job.task.enqueue()
            except Exception:
                # Probably the database; the next tick tries again.
                logger.exception("Scheduler could not enqueue %s.", job.name)
                continue
            self.next_run[job.name] = now + job.interval
            enqueued.append(job.name)
            logger.info("Enqueued %s (task %s); next in %g s.", job.name,
                        getattr(result, "id", "?"), job.interval)
        return enqueued

    def beat(self) -> None:
        """The scheduler's own heartbeat, at most every 30 s."""
        now = self.clock()
        if self.heartbeat_at is not None and now - self.heartbeat_at < 30:
            return
        try:
            Heartbeat.objects.update_or_create(name="scheduler",
                                               defaults={"at": timezone.now()})
        except Exception as error:  # noqa: BLE001 - logged, retried next tick
            logger.warning("Scheduler could not write its heartbeat: %s", error)
            return
        self.heartbeat_at = now

    def run_forever(self, tick: float = 1.0) -> None:
        logger.info("Scheduler started.")
        while not self.stop_event.is_set():
            self.run_due()
            self.stop_event.wait(tick)
        logger.info("Scheduler stopped.")

    def stop(self, *args) -> None:
        self.stop_event.set()
