"""Which IANA time zone an imported event gets.

Event pages store an IANA zone (recurrences are expanded in it). A TZID that
is an IANA or Windows name is used as such (icalendar maps Windows names); a
VTIMEZONE with a made-up TZID is matched to the IANA zone with the same UTC
offsets over the event's year and the next; UTC, floating and all-day times
get the feed's X-WR-TIMEZONE, else the organiser's zone, else the hub's
TIME_ZONE (Europe/Brussels)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache

from django.conf import settings
from icalendar.timezone.tzid import get_equivalent_tzids

from cms.core.validators import time_zone_choices


@lru_cache(maxsize=1)
def all_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=1)
def choosable() -> frozenset[str]:
    """The zones an event page accepts (its field's choices)."""
    return frozenset(name for name, _label in time_zone_choices())


def valid(name: str | None) -> bool:
    return bool(name) and name in choosable()


def _signature(zone: tzinfo, year: int) -> tuple:
    start = datetime(year, 1, 1, 12, tzinfo=UTC)
    return tuple(
        (start + timedelta(days=3 * step)).astimezone(zone).utcoffset()
        for step in range(244)  # two years, every third day
    )


@lru_cache(maxsize=2048)
def _iana_signature(name: str, year: int) -> tuple:
    return _signature(zoneinfo.ZoneInfo(name), year)


class Zones:
    def __init__(self, feed_zone: str | None, organiser_zone: str | None) -> None:
        self.preferred = [z for z in (feed_zone, organiser_zone, settings.TIME_ZONE)
                          if valid(z)]
        self.default = self.preferred[0] if self.preferred else "Europe/Brussels"
        self._matches: dict[tuple[str, int], str | None] = {}

    def name_for(self, value: datetime) -> str | None:
        """IANA name for an aware date-time's zone; the default for UTC; None
        when no IANA zone has the same offsets."""
        zone = value.tzinfo
        key = getattr(zone, "key", None)
        if key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT") or zone is UTC:
            return self.default
        if valid(key):
            return key
        tzid = key or getattr(zone, "_tzid", None) or str(zone)
        cache_key = (tzid, value.year)
        if cache_key not in self._matches:
            self._matches[cache_key] = self._match(zone, tzid, value.year)
        return self._matches[cache_key]

    def _match(self, zone: tzinfo, tzid: str, year: int) -> str | None:
        wanted = _signature(zone, year)
        named = [z for z in get_equivalent_tzids(tzid) if valid(z)]
        for name in [*self.preferred, *named, *sorted(choosable())]:
            if _iana_signature(name, year) == wanted:
                return name
        return None
