"""``manage.py load_demo_data``: fills the hub with realistic demo content in
Dutch and English (and a translated subset in French and German), read from the catalogue file ``cms/catalogue/demo/
catalogue.json`` (the import format of docs/import-format.md) through the
catalogue import.

Dates follow the calendar: the file's dates were true on its
``dates_relative_to`` moment, and the loader moves each one by as many days
as have passed since then in the item's own time zone, keeping its time of
day (so upcoming events stay upcoming). Idempotent: items are keyed by their
external id, and an item that exists already is left unchanged (its dates
too)."""

import json
import time as time_module
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.catalogue.importer import FileError, ImportRunning, import_catalogue
from cms.catalogue.search_queue import deliver_search_queue

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "catalogue.json"
SCHOLARSHIP_ZONE = "Europe/Brussels"  # the zone the export writes deadlines in
SECTION_TITLES = {
    "institutions": "Institutions", "representations": "Representations",
    "expertise": "Expertise", "events": "Events", "scholarships": "Scholarships",
}


def _days(zone: str, anchor: datetime, now: datetime) -> timedelta:
    """The days between ``anchor`` and ``now`` as counted in ``zone``."""
    tz = ZoneInfo(zone)
    return now.astimezone(tz).date() - anchor.astimezone(tz).date()


def _move(value: str | None, zone: str, days: timedelta) -> str | None:
    """``value`` moved by ``days``, at the same wall-clock time in ``zone``."""
    if not value:
        return value
    tz = ZoneInfo(zone)
    local = datetime.fromisoformat(value).astimezone(tz)
    return datetime.combine(local.date() + days, local.time(), tzinfo=tz).isoformat()


def _move_exception(value: str, days: timedelta) -> str:
    """An excluded date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM)."""
    if len(value) == 10:
        return (date.fromisoformat(value) + days).isoformat()
    return (datetime.fromisoformat(value) + days).isoformat(timespec="minutes")


def relative_to_today(data: dict, now: datetime | None = None) -> dict:
    """The demo file with its dates moved to ``now`` (see the module text)."""
    now = now or timezone.now()
    anchor = datetime.fromisoformat(data["dates_relative_to"])
    for event in data.get("events", []):
        zone = event["time_zone"]
        days = _days(zone, anchor, now)
        for name in ("start", "end", "registration_deadline"):
            event[name] = _move(event.get(name), zone, days)
        event["recurrence_exceptions"] = [
            _move_exception(value, days)
            for value in event.get("recurrence_exceptions", [])]
    days = _days(SCHOLARSHIP_ZONE, anchor, now)
    for scholarship in data.get("scholarships", []):
        scholarship["deadline"] = _move(scholarship["deadline"], SCHOLARSHIP_ZONE, days)
    return data


class Command(BaseCommand):
    help = (
        "Load demo institutions, representations, expertise, events and scholarships "
        "from cms/catalogue/demo/catalogue.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--leave-search-queue", action="store_true",
            help="leave the search index queue to the task worker instead of "
                 "delivering it to Elasticsearch before the end (for a cluster "
                 "still booting that a rebuild fills next)")

    def handle(self, *args, **options):
        started = time_module.monotonic()
        data = relative_to_today(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
        # The catalogue import: one transaction per item, its advisory lock,
        # and one content generation bump at the end (docs/security.md).
        try:
            report = import_catalogue(data, default_locale=data["default_locale"],
                                      keep_existing=True)
        except ImportRunning as exc:
            raise CommandError(
                f"{exc} Load the demo data after it.", returncode=75) from exc
        except FileError as exc:
            raise CommandError(str(exc)) from exc
        if report.rejected:
            raise CommandError("The demo catalogue did not load:\n" + report.summary())
        for label, text in report.notes:
            self.stdout.write(f"note {label}: {text}")
        for kind, title in SECTION_TITLES.items():
            counts = Counter(
                outcome for outcome in ("created", "updated", "unchanged")
                for label in getattr(report, outcome)
                if label.startswith(f"{kind}[")
            )
            self.stdout.write(f"{title}: {counts['created']} created, "
                              f"{counts['unchanged']} unchanged")
        # Apps with demo pages of their own (cms/editorial) declare a
        # load_demo_data() on their AppConfig; each returns its summary line.
        for config in apps.get_app_configs():
            if callable(load := getattr(config, "load_demo_data", None)):
                self.stdout.write(load())
        if not options["leave_search_queue"]:
            deliver_search_queue(self.stdout, options["verbosity"])
        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded in {time_module.monotonic() - started:.1f}s: "
            f"{len(report.created)} items created, {len(report.unchanged)} unchanged."
        ))
