"""Background runs of registered importers (django-tasks).

The admin's "Run" saves an ImportRun and, with a task worker, enqueues
:func:`run_import` once the transaction has committed. With the immediate
backend (no worker) enqueueing would fetch inside the web request, so the run
stays queued for :func:`run_queued_imports`, which ``manage.py run_scheduler``
enqueues every minute (register_periodic_tasks)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from . import catalogue
from .models import ImportRun

logger = logging.getLogger(__name__)


def _claim(pk: int) -> ImportRun | None:
    """The run, marked running, if it is still queued (one worker runs it)."""
    claimed = ImportRun.objects.filter(pk=pk, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now())
    return ImportRun.objects.get(pk=pk) if claimed else None


def execute(run: ImportRun) -> ImportRun:
    importer = catalogue.importer(run.importer)
    if importer is None:
        status, summary = ImportRun.Status.FAILED, (
            f"No enabled importer {run.importer!r}: its plugin is disabled or gone.")
    else:
        try:
            report = importer.run(run.source, run.organiser, dry_run=run.dry_run)
        except Exception as error:  # noqa: BLE001 - any importer's failure is recorded
            logger.warning("Import run %s failed: %r", run.pk, error)
            status, summary = ImportRun.Status.FAILED, f"{type(error).__name__}: {error}"
        else:
            text = getattr(report, "summary", None)
            status = ImportRun.Status.DONE
            summary = text() if callable(text) else str(report)
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, summary=summary[:20000], finished_at=timezone.now())
    run.refresh_from_db()
    return run


@task()
def run_import(run_id: int) -> str:
    run = _claim(run_id)
    return execute(run).status if run is not None else "not queued"


@task()
def run_queued_imports() -> list[str]:
    pks = list(ImportRun.objects.filter(status=ImportRun.Status.QUEUED)
               .order_by("requested_at").values_list("pk", flat=True)[:20])
    done = []
    for pk in pks:
        run = _claim(pk)
        if run is not None:
            done.append(execute(run).status)
    return done


def request_run(importer: str, source: str, organiser: str, dry_run: bool,
                user: str) -> tuple[ImportRun, bool]:
    """Queue a run; returns it and whether a worker task was enqueued."""
    run = ImportRun.objects.create(importer=importer, source=source,
                                   organiser=organiser, dry_run=dry_run,
                                   requested_by=user)
    if isinstance(run_import.get_backend(), ImmediateBackend):
        return run, False  # would run right here: the scheduled run takes it
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run, True


def _enqueue(pk: int) -> None:
    try:
        run_import.enqueue(pk)
    except Exception:  # noqa: BLE001 - the run stays queued for the scheduled run
        logger.exception("Could not enqueue import run %s", pk)


def periodic_tasks(sender=None, **kwargs) -> list:
    """Receiver of signals.register_periodic_tasks (the hub's own)."""
    return [(run_queued_imports, 60.0)]
