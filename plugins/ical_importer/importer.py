"""Parsed feed events -> published event pages below the organiser.

Idempotent by UID: ImportedEvent maps (organiser, UID, instance) to its page; an
unchanged event (same fingerprint of the values) leaves the page alone, a
changed one gets a new published revision, and an event that left the feed or
is STATUS:CANCELLED gets status "cancelled". Pages are never deleted.

Each event is saved in its own transaction (a dry run rolls each back), the
content generation is bumped once when the feed is done, and one import per
organiser runs at a time (an advisory lock): an import holds nothing an editor
could wait on between events (issue 11, docs/security.md)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from cms.catalogue.importer import format_validation_error
from cms.core.generation import deferred_generation_bump
from cms.core.locks import Busy, exclusive
from cms.core.upsert import update_page
from cms.events.models import EventPage, EventStatus, EventType
from cms.events.upsert import EventData, upsert_event
from cms.institutions.models import InstitutionPage, RepresentationPage
from plugins.extension import Importer

from . import fetch
from .fetch import FeedError
from .models import ImportedEvent
from .parse import FeedEvent, ParsedFeed, parse_feed

NAME = "ics"
SLUG_MAX = 80


class OrganiserError(FeedError):
    pass


@dataclass
class ImportReport:
    source: str
    feed_name: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # skipped, with the reason
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def status(self) -> str:
        return "partial" if self.errors else "ok"

    def counts(self) -> str:
        return (f"created {len(self.created)}, updated {len(self.updated)}, "
                f"unchanged {len(self.unchanged)}, cancelled {len(self.cancelled)}, "
                f"skipped {len(self.errors)}")

    def summary(self, verbose: bool = False) -> str:
        head = "Dry run, nothing was saved. Would have: " if self.dry_run else ""
        name = f" ({self.feed_name})" if self.feed_name else ""
        lines = [f"{self.source}{name}: {head}{self.counts()}"]
        if verbose:
            lines += [f"  created {label}" for label in self.created]
            lines += [f"  updated {label}" for label in self.updated]
        lines += [f"  cancelled {label}" for label in self.cancelled]
        lines += [f"  {message}" for message in self.errors]
        lines += [f"  warning: {message}" for message in self.warnings]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {**asdict(self), "status": self.status}


class ImportRunning(FeedError):
    """Another import for the same organiser is running."""


class _Rollback(Exception):
    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def find_organiser(ref: str | Page) -> Page:
    """An institution or representation by slug or public id (its page in the
    default language when it has translations)."""
    if isinstance(ref, Page):
        return ref.specific
    ref = str(ref).strip()
    try:
        lookup = {"translation_key": UUID(ref)}
    except ValueError:
        lookup = {"slug": ref}
    found = [page for model in (InstitutionPage, RepresentationPage)
             for page in model.objects.filter(**lookup).select_related("locale")]
    keys = {page.translation_key for page in found}
    if not found:
        raise OrganiserError(
            f"No institution or representation has the slug or public id {ref!r}. "
            "Use the slug from its URL (e.g. ku-leuven) or its public id.")
    if len(keys) > 1:
        names = ", ".join(f"{page.title} ({page.translation_key})" for page in found)
        raise OrganiserError(f"{ref!r} names more than one organisation: {names}. "
                             "Use the public id instead.")
    found.sort(key=lambda page: page.locale.language_code != settings.LANGUAGE_CODE)
    return found[0]


def source_key_for(source: str) -> str:
    if fetch.is_url(source):
        return source.strip()
    return str(Path(source).expanduser().resolve())


def fingerprint(values: dict) -> str:
    data = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def run(source: str, organiser: str | Page, *, dry_run: bool = False,
        event_type: str = EventType.OTHER, source_key: str | None = None,
        allow_empty: bool = False,
        progress: Callable[[list, int], Iterable] | None = None) -> ImportReport:
    """Import one feed (file path or URL); FeedError when it cannot be read."""
    organiser = find_organiser(organiser)
    parsed = parse_feed(fetch.read_source(source), source, organiser=organiser,
                        event_type=event_type)
    report = ImportReport(source=source, feed_name=parsed.name, dry_run=dry_run,
                          errors=list(parsed.problems), warnings=list(parsed.warnings))
    sync = _Sync(organiser, source_key or source_key_for(source), report, dry_run)
    busy = (f"Another import of events for {organiser.title} is running{{holder}}; "
            "try again when it has finished.")
    try:
        with exclusive(f"flanders-hub:ical-import:{organiser.pk}", busy), \
                deferred_generation_bump():
            events = parsed.events
            for event in progress(events, len(events)) if progress else events:
                sync.one(event)
            sync.cancel_missing(parsed, allow_empty)
    except Busy as exc:
        raise ImportRunning(str(exc)) from None
    return report


class _Sync:
    def __init__(self, organiser: Page, key: str, report: ImportReport,
                 dry_run: bool = False) -> None:
        self.organiser = organiser
        self.key = key
        self.report = report
        self.dry_run = dry_run
        self.seen: set[tuple[str, str]] = set()
        self.failed: set[str] = set()

    def one(self, event: FeedEvent) -> None:
        self.seen.add((event.uid, event.instance))
        try:
            with transaction.atomic():
                outcome = self._save(event)
                if self.dry_run:
                    raise _Rollback(outcome)
        except _Rollback as done:
            outcome = done.outcome
        except ValidationError as exc:
            self.failed.add(event.uid)
            self.report.errors.append(
                f"{event.label} skipped: {format_validation_error(exc)}")
            return
        getattr(self.report, outcome).append(event.label)

    def _save(self, event: FeedEvent) -> str:
        values, digest = event.values, fingerprint(event.values)
        mapping = (ImportedEvent.objects.select_for_update()
                   .filter(organiser=self.organiser, uid=event.uid,
                           instance=event.instance).first())
        now = timezone.now()
        if mapping is None:
            page = self._create(event)
            ImportedEvent.objects.create(
                organiser=self.organiser, uid=event.uid, instance=event.instance,
                page=page, source=self.key, sequence=event.sequence,
                last_modified=event.last_modified, fingerprint=digest,
                last_seen_at=now)
            return "created"
        mapping.source, mapping.sequence = self.key, event.sequence
        mapping.last_modified, mapping.last_seen_at = event.last_modified, now
        mapping.removed_at = None
        if mapping.fingerprint == digest:
            mapping.save()
            return "unchanged"
        page = EventPage.objects.get(pk=mapping.page_id)
        was_cancelled = page.status == EventStatus.CANCELLED
        publish(page, values)
        mapping.fingerprint = digest
        mapping.save()
        cancelled = values["status"] == EventStatus.CANCELLED and not was_cancelled
        return "cancelled" if cancelled else "updated"

    def _create(self, event: FeedEvent) -> EventPage:
        """A published page below the organiser, in the organiser's language,
        through the events' upsert service (the one way into the catalogue)."""
        values = dict(event.values)
        lang = self.organiser.locale.language_code
        text = {name: {lang: values.pop(name)}
                for name in ("title", "summary", "body", "venue_name")}
        exceptions = values.pop("recurrence_exceptions")
        data = EventData(organiser=self.organiser, **text,
                         slug={lang: slug_base(event)},
                         recurrence_exceptions=exceptions.split(), **values)
        return upsert_event(data, publish=True, language=lang).page

    def cancel_missing(self, parsed: ParsedFeed, allow_empty: bool) -> None:
        gone = [
            mapping for mapping in ImportedEvent.objects.filter(
                organiser=self.organiser, source=self.key, removed_at__isnull=True)
            if (mapping.uid, mapping.instance) not in self.seen
            and mapping.uid not in parsed.protected_uids
            and mapping.uid not in self.failed
        ]
        if gone and parsed.vevent_count == 0 and not allow_empty:
            self.report.errors.append(
                f"The feed holds no events at all, so its {len(gone)} imported "
                "events were not cancelled. If the publisher really removed them "
                "all, import again with --allow-empty.")
            return
        now = timezone.now()
        for mapping in gone:
            page = EventPage.objects.get(pk=mapping.page_id)
            label = f"UID {mapping.uid!r} “{page.title}”: no longer in the feed"
            try:
                with transaction.atomic():
                    if page.status != EventStatus.CANCELLED:
                        publish(page, {"status": EventStatus.CANCELLED})
                    mapping.removed_at, mapping.fingerprint = now, ""
                    mapping.save()
                    if self.dry_run:
                        raise _Rollback("cancelled")
            except _Rollback:
                pass
            except ValidationError as exc:
                self.report.errors.append(
                    f"{label}, but it cannot be cancelled: "
                    f"{format_validation_error(exc)}")
                continue
            self.report.cancelled.append(label)


def publish(page: EventPage, values: dict) -> None:
    """A new revision with these values, published unless an editor took the
    page offline (then it stays a draft)."""
    update_page(page, values, publish=page.live)


def slug_base(event: FeedEvent) -> str:
    """The slug the page of ``event`` starts from (made unique by the upsert)."""
    base = slugify(event.values["title"])[:SLUG_MAX].strip("-")
    if not base:  # titles in scripts slugify cannot spell, e.g. 日本語
        base = "event-" + hashlib.sha1(event.uid.encode()).hexdigest()[:8]
    if event.instance:
        base += "-" + event.values["start"].strftime("%Y-%m-%d")
    return base


def register(sender, **kwargs) -> list[Importer]:
    """Receiver of plugins.signals.register_importers."""
    return [Importer(name=NAME, title="iCalendar (.ics) file or feed URL", run=run)]
