"""The scheduler (manage.py run_scheduler), its jobs from the
register_periodic_tasks extension point, and the worker running them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from cms.operations.models import Heartbeat
from cms.operations.scheduler import PeriodicJob, Scheduler, periodic_jobs
from cms.operations.tasks import AbandonedTask, fail_abandoned_tasks, heartbeat
from plugins import registry
from plugins.signals import register_periodic_tasks
from search.indexing import schedule_flush

from .conftest import LIVE, ROOT, manage, wait_until

HEARTBEAT = "cms.operations.tasks.heartbeat"
FEEDS = "plugins.ical_importer.tasks.import_due_feeds"
FLUSH = "search.tasks.flush_index_queue"
PRUNE = "cms.operations.tasks.prune_task_results"
REAP = "cms.operations.tasks.fail_abandoned_tasks"
ran: list[str] = []


@task()
def tick() -> None:
    ran.append("tick")


def names() -> set[str]:
    return {job.name for job in periodic_jobs()}


@pytest.mark.django_db
def test_jobs_come_from_the_extension_point(settings):
    assert {HEARTBEAT, FEEDS} <= names()
    assert FLUSH not in names()  # no Elasticsearch, no queue to flush
    settings.HUB_ELASTICSEARCH = {**settings.HUB_ELASTICSEARCH,
                                  "hosts": ["http://127.0.0.1:9"]}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert {HEARTBEAT, FEEDS, FLUSH, PRUNE, REAP} <= names()
    registry.set_enabled("hub_ical_importer", False)  # a disabled plugin's jobs go
    assert FEEDS not in names() and HEARTBEAT in names()
    registry.set_enabled("hub_ical_importer", True)
    assert FEEDS in names()


@pytest.mark.django_db
def test_malformed_jobs_are_logged_and_left_out(caplog):
    def broken(sender=None, **kwargs):
        return [("not a task", 60), (tick, 0), (tick,), (tick, "often"), (tick, 5)]

    register_periodic_tasks.connect(broken, dispatch_uid="test.broken")
    try:
        with caplog.at_level("ERROR", logger="cms.operations.scheduler"):
            jobs = {job.name: job.interval for job in periodic_jobs()}
    finally:
        register_periodic_tasks.disconnect(dispatch_uid="test.broken")
    assert jobs[f"{__name__}.tick"] == 5  # the one good entry
    assert len(caplog.records) == 4


@pytest.mark.django_db
def test_each_job_runs_at_start_then_every_interval_without_catching_up(caplog):
    now = [1000.0]
    failing = {"on": False}

    class Flaky:
        module_path = "tests.flaky"

        def enqueue(self):
            if failing["on"]:
                raise RuntimeError("database is down")
            ran.append("flaky")

    jobs = [PeriodicJob(tick, 60), PeriodicJob(Flaky(), 30)]
    scheduler = Scheduler(jobs=lambda: jobs, clock=lambda: now[0])
    ran.clear()
    assert scheduler.run_due() == [f"{__name__}.tick", "tests.flaky"]
    now[0] += 29
    assert scheduler.run_due() == []
    now[0] += 1
    failing["on"] = True
    with caplog.at_level("ERROR", logger="cms.operations.scheduler"):
        assert scheduler.run_due() == []  # logged, tried again next tick
    assert "could not enqueue tests.flaky" in caplog.text
    failing["on"] = False
    now[0] += 1
    assert scheduler.run_due() == ["tests.flaky"]
    now[0] += 600  # ten minutes asleep: each job runs once, not ten times
    assert sorted(scheduler.run_due()) == sorted([f"{__name__}.tick", "tests.flaky"])
    assert ran == ["tick", "flaky", "flaky", "tick", "flaky"]
    assert Heartbeat.objects.get(name="scheduler").at > timezone.now() - (
        timezone.timedelta(seconds=60))


def _log_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@LIVE
def test_the_scheduler_enqueues_and_the_worker_runs_the_heartbeat(hubs, live_env,
                                                                  tmp_path):
    log = tmp_path / "scheduler.log"
    with log.open("w") as stderr:
        scheduler = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "run_scheduler", "--tick", "0.2"],
            env=live_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            wait_until(lambda: f"Enqueued {HEARTBEAT}" in log.read_text(), 60,
                       f"the scheduler enqueued no heartbeat: {log.read_text()[-2000:]}")
            wait_until(lambda: f"Enqueued {FEEDS}" in log.read_text(), 10,
                       "the scheduler enqueued no feed import")
        finally:
            started = time.monotonic()
            scheduler.send_signal(signal.SIGTERM)
            code = scheduler.wait(15)
    assert code == 0 and time.monotonic() - started < 10
    lines = _log_lines(log.read_text())
    assert lines[-1]["message"] == "Scheduler stopped."
    assert all(line["request_id"] == "-" for line in lines)
    queued = DBTaskResult.objects.filter(status="READY")
    assert {HEARTBEAT, FEEDS} <= set(queued.values_list("task_path", flat=True))
    assert not Heartbeat.objects.filter(name="worker").exists()

    worker = manage(live_env, "db_worker", "--batch", "--no-startup-delay")
    assert worker.returncode == 0, worker.stderr[-3000:]
    beat = Heartbeat.objects.get(name="worker")
    assert (timezone.now() - beat.at).total_seconds() < 120
    results = DBTaskResult.objects.filter(task_path=HEARTBEAT)
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    checks = hubs["b"].get("/readyz").json()["checks"]
    assert checks["worker"]["status"] == "ok"
    assert checks["scheduler"]["status"] == "ok"


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_saves_in_a_row_queue_one_flush_until_a_worker_takes_it(settings):
    settings.TASKS = DB_TASKS
    flushes = DBTaskResult.objects.filter(task_path=FLUSH)
    for _ in range(5):
        schedule_flush()
    assert flushes.ready().count() == 1
    # Once a worker runs it, it may have read the queue already: the next
    # change queues a new flush.
    flushes.update(status="RUNNING", started_at=timezone.now())
    schedule_flush()
    schedule_flush()
    assert flushes.ready().count() == 1 and flushes.count() == 2


@pytest.mark.django_db
def test_tasks_left_running_by_a_dead_worker_are_marked_failed(settings):
    settings.TASKS = DB_TASKS
    abandoned, busy, waiting = (heartbeat.enqueue() for _ in range(3))
    results = DBTaskResult.objects
    results.filter(pk=abandoned.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=2))
    results.filter(pk=busy.id).update(status="RUNNING", started_at=timezone.now())
    assert fail_abandoned_tasks.call() == 1
    failed = results.get(pk=abandoned.id).task_result
    assert failed.status == "FAILED"
    assert failed.errors[0].exception_class is AbandonedTask
    assert results.get(pk=busy.id).status == "RUNNING"  # its worker may live
    assert results.get(pk=waiting.id).status == "READY"
