"""The ``flanders-hub-catalogue`` record format: what every catalogue type's
import and export part shares (docs/import-format.md).

A record is one item; all translations of a page share ``translation_key``,
and translatable fields are objects keyed by language code. Each content app
writes and reads its own records (``records.py``, named in its
:class:`cms.core.registry.CatalogueType`); cms.catalogue runs the file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from wagtail.models import Page


class Rejected(Exception):
    """A record cannot be imported; the message says why."""


def external_id(page: Page) -> str:
    """The id a page is exported under: its external id, else its public id."""
    return page.specific.external_id or f"hub-{page.translation_key}"


def ids(pages) -> list[str]:
    return sorted(external_id(p) for p in pages)


def dt(value, tz: str) -> str | None:
    """A date-time in the item's own time zone, as ISO 8601 with its offset."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(tz)).isoformat()


def decimal(value) -> float | None:
    return None if value is None else float(value)


def i18n(pages: dict, getter) -> dict:
    """Language code -> the field of that language's page."""
    return {lang: getter(page) or "" for lang, page in pages.items()}


def common(pages: dict, main) -> dict:
    """The fields every record has."""
    return {
        "id": external_id(main),
        "title": i18n(pages, lambda p: p.title),
        "slug": i18n(pages, lambda p: p.slug),
        "summary": i18n(pages, lambda p: p.summary),
    }


def parse_datetime(value, name: str) -> datetime | None:
    """An ISO 8601 date-time with its UTC offset; None for a missing value."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Rejected(f"{name}: '{value}' is not an ISO 8601 date-time "
                       "(e.g. 2026-05-04T10:00:00+02:00).") from None
    if parsed.tzinfo is None:
        raise Rejected(f"{name}: '{value}' has no UTC offset; add one, "
                       "e.g. +02:00.")
    return parsed


class ImportContext(Protocol):
    """What a type's ``import_record`` gets from the running import."""

    def common(self, record: dict) -> dict:
        """external_id, title, slug and summary, as the upsert data takes them."""

    def ref(self, models: list[type[Page]], ext_id: str, name: str) -> Page:
        """The page (in the import's default locale) a record refers to by id;
        raises Rejected when it is neither in the file nor in the hub."""

    def upsert(self, kind: str, service, data) -> str:
        """Runs a content app's upsert service; returns the outcome."""
