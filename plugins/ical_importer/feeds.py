"""Running the feeds configured in the admin: one now, or all that are due.

The importer is looked up through the register_importers extension point, so
a disabled plugin imports nothing, whoever asks (cron, task, admin)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import timezone

from plugins.extension import Importer
from plugins.signals import register_importers

from .fetch import FeedError
from .importer import NAME, ImportReport
from .models import IcsFeed, RunStatus

APP_LABEL = "hub_ical_importer"
logger = logging.getLogger(__name__)


class ImporterUnavailable(Exception):
    pass


def ics_importer() -> Importer:
    for importer in register_importers.collect():
        if importer.name == NAME:
            return importer
    from plugins.registry import is_enabled

    reason = ("the plugin “iCalendar importer” (hub_ical_importer) is disabled; an "
              "administrator can enable it in the admin under Settings > Plugins"
              if not is_enabled(APP_LABEL) else
              "its receiver failed; see the error log")
    raise ImporterUnavailable(f"The iCalendar importer is not available: {reason}.")


@dataclass
class FeedRun:
    feed: IcsFeed
    report: ImportReport | None = None
    error: str = ""

    def summary(self, verbose: bool = False) -> str:
        if self.report is not None:
            return f"{self.feed.name}: {self.report.summary(verbose)}"
        return f"{self.feed.name}: failed: {self.error}"

    def as_dict(self) -> dict:
        return {"feed": self.feed.pk, "name": self.feed.name, "error": self.error,
                "report": self.report.as_dict() if self.report else None}


def run_feed(feed: IcsFeed, force: bool = False) -> FeedRun | None:
    """Import one feed and record the outcome on it. None when the feed is not
    due (unless forced) or another process started it a moment ago."""
    importer = ics_importer()
    now = timezone.now()
    if not force and not feed.is_due(now):
        return None
    claimed = IcsFeed.objects.filter(pk=feed.pk, last_run_at=feed.last_run_at).update(
        last_run_at=now)
    if not claimed:
        return None
    feed.last_run_at = now
    result = FeedRun(feed)
    try:
        result.report = importer.run(feed.url, feed.organiser,
                                     event_type=feed.event_type,
                                     source_key=feed.source_key)
    except FeedError as exc:
        result.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken feed must not stop cron
        logger.exception("Import of feed %s (%s) failed", feed.pk, feed.url)
        result.error = f"unexpected error ({type(exc).__name__}: {exc}); see the log."
    report = result.report
    feed.last_status = (RunStatus.FAILED if report is None else
                        RunStatus.PARTIAL if report.errors else RunStatus.OK)
    feed.last_summary = report.counts() if report else ""
    feed.last_errors = result.error or "\n".join(
        report.errors + [f"warning: {w}" for w in report.warnings])
    feed.save(update_fields=["last_status", "last_summary", "last_errors"])
    return result


def due_feeds() -> list[IcsFeed]:
    now = timezone.now()
    return [feed for feed in IcsFeed.objects.filter(enabled=True).select_related(
        "organiser") if feed.is_due(now)]


def run_due_feeds() -> list[FeedRun]:
    ics_importer()  # fail early and clearly when the plugin is off
    return [run for feed in due_feeds() if (run := run_feed(feed)) is not None]
