"""Upsert of outreach events (see cms.core.upsert)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from wagtail.models import Page

from cms.core.upsert import (
    UpsertError,
    UpsertResult,
    default_language,
    locale,
    sanitise_html,
    text_in,
    upsert_page,
)
from cms.institutions.models import Discipline

from .models import EventPage

# An excluded occurrence: a date, or a local date-time when a series has
# several occurrences a day (the iCalendar importer stores EXDATEs so).
EXCEPTION = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")


@dataclass
class EventData:
    organiser: Page  # institution or representation, in the default language
    title: dict[str, str]  # language code -> text, as every translatable field
    event_type: str
    start: datetime  # aware
    end: datetime
    time_zone: str
    external_id: str = ""
    slug: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)  # HTML
    all_day: bool = False
    recurrence_rule: str = ""
    recurrence_exceptions: list[str] = field(default_factory=list)
    venue_name: dict[str, str] = field(default_factory=dict)
    venue_address: str = ""
    venue_city: str = ""
    venue_country: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    online_url: str = ""
    attendance_mode: str = "offline"
    status: str = "scheduled"
    participating_institutions: list[Page] = field(default_factory=list)
    related_expertise: list[Page] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    registration_url: str = ""
    registration_deadline: datetime | None = None


def check_exceptions(values: list[str]) -> None:
    for value in values:
        try:
            if not EXCEPTION.match(value):
                raise ValueError
            (date if len(value) == 10 else datetime).fromisoformat(value)
        except (TypeError, ValueError):
            raise UpsertError(
                "recurrence_exceptions", f"'{value}' is not a date (YYYY-MM-DD) "
                "or a local date-time (YYYY-MM-DDTHH:MM).") from None


def _in_locale(page: Page, lang: str) -> Page:
    """A related page in the translation's language, when it has one."""
    return (page.get_translation_or_none(locale(lang)) or page).specific


def upsert_event(data: EventData, *, publish: bool = True,
                 language: str | None = None, page: EventPage | None = None,
                 snapshot: Callable[[Page], object] | None = None,
                 user=None) -> UpsertResult:
    """The event below its organiser. ``page`` updates that page (the iCalendar
    importer keys its pages by feed UID, the write API by public id), else
    ``external_id`` finds it; ``user`` as in cms.core.upsert.upsert_page."""
    default = default_language(language)
    check_exceptions(data.recurrence_exceptions)

    def apply(target, lang):
        target.summary = text_in(data.summary, lang, default)
        target.body = sanitise_html(text_in(data.body, lang, default))
        for name in ("event_type", "start", "end", "time_zone", "all_day",
                     "recurrence_rule", "venue_address", "venue_city",
                     "venue_country", "latitude", "longitude", "online_url",
                     "attendance_mode", "status", "audience", "languages",
                     "registration_url", "registration_deadline"):
            setattr(target, name, getattr(data, name))
        target.recurrence_exceptions = "\n".join(data.recurrence_exceptions)
        target.venue_name = text_in(data.venue_name, lang, default)
        target.participating_institutions = [
            _in_locale(p, lang) for p in data.participating_institutions]
        target.related_expertise = [_in_locale(p, lang) for p in data.related_expertise]
        target.disciplines = data.disciplines
    return upsert_page(EventPage, parent=data.organiser, titles=data.title,
                       slugs=data.slug, apply=apply, external_id=data.external_id,
                       language=default, page=page, publish=publish,
                       snapshot=snapshot, user=user)
