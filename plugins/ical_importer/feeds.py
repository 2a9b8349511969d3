"""Running the feeds configured in the admin: one now, or all that are due.

The importer is looked up through the register_importers extension point, so
a disabled plugin imports nothing, whoever asks (cron, task, admin).

A run claims its feed (``claimed_at``, a compare-and-set update) so that two
overlapping cron runs or workers do not import it twice, refreshes the claim
while it imports, and clears it when done. A run that died (a killed worker)
leaves a claim nobody refreshes: after ``claim_timeout`` it counts as released
and, since the dead run never recorded ``last_run_at``, the feed is due again.

"Run now" in the admin never fetches in the web request (``request_run`` in
tasks.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from plugins.extension import Importer
from plugins.registry import is_enabled
from plugins.signals import register_importers

from .fetch import FeedError, claim_timeout
from .importer import NAME, ImportReport, ImportRunning
from .models import IcsFeed, RunStatus

APP_LABEL = "hub_ical_importer"
logger = logging.getLogger(__name__)


class ImporterUnavailable(Exception):
    pass


def ics_importer() -> Importer:
    for importer in register_importers.collect():
        if importer.name == NAME:
            return importer
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
    due (unless forced) or another run holds it."""
    importer = ics_importer()
    now = timezone.now()
    if not force and not feed.is_due(now):
        return None
    free = Q(claimed_at__isnull=True) | Q(
        claimed_at__lt=now - timedelta(seconds=claim_timeout()))
    candidates = IcsFeed.objects.filter(free, pk=feed.pk)
    if not force:  # not run by someone else since we looked
        candidates = candidates.filter(last_run_at=feed.last_run_at)
    if not candidates.update(claimed_at=now):
        return None
    claim = _Claim(feed.pk, now)
    result = FeedRun(feed)
    try:
        result.report = importer.run(feed.url, feed.organiser,
                                     event_type=feed.event_type,
                                     source_key=feed.source_key,
                                     progress=claim.keep)
    except ImportRunning:  # another import of the organiser: not this feed's turn
        IcsFeed.objects.filter(pk=feed.pk, claimed_at=claim.at).update(
            claimed_at=None)
        return None
    except FeedError as exc:
        result.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken feed must not stop cron
        logger.exception("Import of feed %s (%s) failed", feed.pk, feed.url)
        result.error = f"unexpected error ({type(exc).__name__}: {exc}); see the log."
    _record(feed, result, claim, started=now)
    return result


class _Claim:
    """The running import's hold on its feed, refreshed between events."""

    def __init__(self, pk: int, at: datetime) -> None:
        self.pk, self.at = pk, at
        self.refreshed = time.monotonic()

    def keep(self, items: list, total: int) -> Iterable:
        interval = claim_timeout() / 4
        for item in items:
            if time.monotonic() - self.refreshed > interval:
                self.refresh()
            yield item

    def refresh(self) -> None:
        now = timezone.now()
        if IcsFeed.objects.filter(pk=self.pk, claimed_at=self.at).update(
                claimed_at=now):
            self.at = now
        self.refreshed = time.monotonic()


def _record(feed: IcsFeed, result: FeedRun, claim: _Claim, started: datetime) -> None:
    report = result.report
    feed.last_run_at = started
    feed.claimed_at = None
    feed.last_status = (RunStatus.FAILED if report is None else
                        RunStatus.PARTIAL if report.errors else RunStatus.OK)
    feed.last_summary = report.counts() if report else ""
    feed.last_errors = result.error or "\n".join(
        report.errors + [f"warning: {w}" for w in report.warnings])
    with transaction.atomic():
        recorded = IcsFeed.objects.filter(pk=feed.pk, claimed_at=claim.at).update(
            last_run_at=feed.last_run_at, claimed_at=None,
            last_status=feed.last_status, last_summary=feed.last_summary,
            last_errors=feed.last_errors)
        # A "Run now" made after this run started still wants its own run.
        IcsFeed.objects.filter(pk=feed.pk, run_requested_at__lte=started).update(
            run_requested_at=None)
    if not recorded:
        logger.warning("Feed %s was taken over by another run while this one "
                       "was still working; its outcome is not recorded.", feed.pk)


def due_feeds() -> list[IcsFeed]:
    now = timezone.now()
    feeds = IcsFeed.objects.filter(Q(enabled=True) | Q(run_requested_at__isnull=False))
    return [feed for feed in feeds.select_related("organiser") if feed.is_due(now)]


def run_due_feeds() -> list[FeedRun]:
    ics_importer()  # fail early and clearly when the plugin is off
    return [run for feed in due_feeds() if (run := run_feed(feed)) is not None]
