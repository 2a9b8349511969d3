"""The one formatter of dates and times (issue 14): pages, API, feeds, oEmbed
and the host plugins (through the API's ``when_text``) all say a time the same
way, in CLDR's formats for the language (Babel).

English uses en_GB patterns (24-hour clock, day before month): the hub's
English audience is international. A time always carries its zone as a
readable city ("Tokyo time"); an all-day date carries none."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_location,
)
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

# CLDR locale per page language; anything else falls back to English.
CLDR_LOCALES = {"nl": "nl", "en": "en_GB", "fr": "fr", "de": "de"}
DATE = "yMMMEd"  # Tue, 4 May 2027
SHORT_DATE = "yMMMd"  # 4 May 2027 (ranges: 4–6 May 2027)
LONG_DATE = "yMMMMd"  # 15 March 2027 (deadlines, notices)
UTC_NAMES = {"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Zulu"}


def language_of(language: str | None = None) -> str:
    """The page language (nl, en, fr, de) of ``language`` or the active one."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE)
    code = code.lower().replace("_", "-").split("-")[0]
    return code if code in CLDR_LOCALES else "en"


def cldr_locale(language: str | None = None) -> Locale:
    # Cached per resolved language: a cache keyed on ``None`` would keep the
    # first request's language for every later page ("4 februari" in English).
    return _cldr_locale(language_of(language))


@lru_cache(maxsize=8)
def _cldr_locale(code: str) -> Locale:
    return Locale.parse(CLDR_LOCALES[code])


def _zone(zone: str | tzinfo) -> tzinfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def _zone_name(zone: str | tzinfo) -> str:
    return zone if isinstance(zone, str) else getattr(zone, "key", str(zone))


def zone_label(zone: str | tzinfo, language: str | None = None) -> str:
    """The zone as the language names its city: "Tokyo time", "tijd in Tokio",
    "heure de Tokyo", "Ortszeit Tokio"; UTC stays "UTC"."""
    name = _zone_name(zone)
    if name in UTC_NAMES:
        return "UTC"
    lang = language_of(language)
    city = get_timezone_location(_zone(zone), locale=cldr_locale(lang),
                                 return_city=True)
    with translation.override(lang):
        # Translators: a time zone named by its city, after a time ("19:00
        # Tokyo time"); %(city)s is CLDR's name of the city in your language.
        return gettext("%(city)s time") % {"city": city}


def format_day(value: date | datetime, language: str | None = None, *,
               weekday: bool = True) -> str:
    """A date: "Tue, 4 May 2027" (without ``weekday``: "4 May 2027")."""
    day = value.date() if isinstance(value, datetime) else value
    return format_skeleton(DATE if weekday else SHORT_DATE, day,
                           locale=cldr_locale(language))


def format_clock(value: datetime, language: str | None = None) -> str:
    """A time of day in the language's short time format (24-hour for all four)."""
    return format_time(value.time(), "short", locale=cldr_locale(language))


def _date_time(day: str, clock: str, language: str | None) -> str:
    """Date and time joined as the language joins them ("{1}, {0}")."""
    pattern = str(cldr_locale(language).datetime_formats["medium"])
    return pattern.replace("{1}", day).replace("{0}", clock)


def _range(first: str, last: str, language: str | None) -> str:
    pattern = cldr_locale(language).interval_formats.get(None) or "{0} – {1}"
    return pattern.replace("{0}", first).replace("{1}", last)


def format_moment(value: datetime, zone: str | tzinfo, language: str | None = None,
                  *, all_day: bool = False, long: bool = True) -> str:
    """One point in time with its zone: "15 March 2027, 23:59 Brussels time";
    an all-day date alone: "15 March 2027"."""
    local = value.astimezone(_zone(zone))
    day = format_skeleton(LONG_DATE if long else SHORT_DATE, local.date(),
                          locale=cldr_locale(language))
    if all_day:
        return day
    clock = _date_time(day, format_clock(local, language), language)
    return f"{clock} {zone_label(zone, language)}"


def when_text(start: datetime, end: datetime | None, zone: str | tzinfo,
              language: str | None = None, *, all_day: bool = False) -> str:
    """The line of an event's dates:
    timed, one day:  "Tue, 4 May 2027, 19:00–21:00 Tokyo time";
    timed, days:     "4 May 2027, 10:00 – 6 May 2027, 16:00 Brussels time";
    all day:         "Tue, 4 May 2027" or "4–6 May 2027" (no zone)."""
    tz = _zone(zone)
    locale = cldr_locale(language)
    first = start.astimezone(tz)
    last = end.astimezone(tz) if end is not None else None
    if all_day:
        if last is None or last.date() <= first.date():
            return format_day(first, language)
        return format_interval(first.date(), last.date(), SHORT_DATE, locale=locale)
    label = zone_label(zone, language)
    day = format_day(first, language)
    if last is None:
        return f"{_date_time(day, format_clock(first, language), language)} {label}"
    if last.date() == first.date():
        clocks = format_interval(first.time(), last.time(), "Hm", locale=locale)
        return f"{_date_time(day, clocks, language)} {label}"
    ends = [_date_time(format_day(moment, language, weekday=False),
                       format_clock(moment, language), language)
            for moment in (first, last)]
    return f"{_range(*ends, language)} {label}"


def site_zone() -> str:
    """The zone of the Department's own deadlines (scholarships): Brussels."""
    return settings.TIME_ZONE


def deadline_text(deadline: datetime, zone: str | tzinfo | None = None,
                  language: str | None = None) -> str:
    """"Apply by 15 March 2027, 23:59 Brussels time" (in the site's zone
    unless ``zone`` is given)."""
    moment = format_moment(deadline, zone or site_zone(), language)
    with translation.override(language_of(language)):
        return gettext("Apply by %(when)s") % {"when": moment}


def registration_deadline_text(deadline: datetime, zone: str | tzinfo,
                               language: str | None = None) -> str:
    """"Register by 1 May 2027, 12:00 Tokyo time"."""
    moment = format_moment(deadline, zone, language)
    with translation.override(language_of(language)):
        return gettext("Register by %(when)s") % {"when": moment}


# -- events ---------------------------------------------------------------------

def event_when(event, language: str | None = None) -> str:
    """The event's line: its next occurrence for a recurring series."""
    start, end = event.next_span
    return when_text(start, end, event.time_zone, language, all_day=event.all_day)


def event_zone_label(event, language: str | None = None) -> str:
    """The zone label of a timed event; "" for all-day dates (they have none)."""
    return "" if event.all_day else zone_label(event.time_zone, language)


def status_label(event, language: str | None = None) -> str:
    with translation.override(language_of(language)):
        return str(event.get_status_display())


def status_notice(event, language: str | None = None) -> str:
    """The sentence at the top of a page or card of an event that is not
    simply scheduled; "" for a scheduled one."""
    lang = language_of(language)

    def moment(value: datetime) -> str:
        return format_moment(value, event.time_zone, lang, all_day=event.all_day)

    with translation.override(lang):
        if event.status == "cancelled":
            return gettext("This event is cancelled.")
        if event.status == "postponed":
            return gettext("This event is postponed; the new date will be announced.")
        if event.status == "rescheduled":
            previous = getattr(event, "previous_start", None)
            if previous:
                return gettext("Rescheduled from %(old)s to %(new)s.") % {
                    "old": moment(previous), "new": moment(event.start)}
            return gettext("Rescheduled to %(when)s.") % {"when": moment(event.start)}
        if event.status == "moved-online":
            return gettext("This event has moved online.")
    return ""
