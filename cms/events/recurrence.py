"""RFC 5545 recurrence for events: parse an RRULE with EXDATE exceptions in the
event's own time zone (so a weekly 10:00 seminar stays at 10:00 across DST)."""

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.utils.translation import gettext as _

# Enough for years of weekly events; protects page rendering from FREQ=SECONDLY.
MAX_OCCURRENCES = 1000


class RecurrenceError(ValueError):
    pass


def parse_exceptions(text: str, tz: ZoneInfo, start_local: datetime) -> list[datetime]:
    """One date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM) per line or
    comma; a bare date excludes the occurrence that starts on that day."""
    result = []
    for raw in text.replace(",", "\n").splitlines():
        raw = raw.strip()
        if not raw:
            continue
        try:
            if len(raw) == 10:
                day = date.fromisoformat(raw)
                value = datetime.combine(day, start_local.time())
            else:
                value = datetime.fromisoformat(raw).replace(tzinfo=None)
        except ValueError as exc:
            raise RecurrenceError(_(
                "“%(value)s” is not a date (YYYY-MM-DD) or date-time "
                "(YYYY-MM-DDTHH:MM).") % {"value": raw}) from exc
        result.append(value.replace(tzinfo=tz))
    return result


_UNTIL = re.compile(r"(?i)\bUNTIL=([0-9]{8})(T[0-9]{6})?(Z?)")


def normalise_until(rule: str, tz_name: str) -> str:
    """``rule`` with a floating UNTIL read in the event's zone and written in
    UTC, as RFC 5545 wants beside a zoned start: a date means the end of that
    day there (the recurrence builder writes UNTIL=20270501)."""
    match = _UNTIL.search(rule)
    if not match or match.group(3):
        return rule
    day, clock = match.group(1), match.group(2)
    try:
        local = datetime.strptime(day + (clock or "T235959"), "%Y%m%dT%H%M%S")
    except ValueError as exc:
        raise RecurrenceError(_("“%(value)s” is not a date for UNTIL.") % {
            "value": day}) from exc
    utc = local.replace(tzinfo=ZoneInfo(tz_name)).astimezone(UTC)
    return rule[:match.start(1)] + utc.strftime("%Y%m%dT%H%M%SZ") + rule[match.end():]


def build_ruleset(
    rule: str, start: datetime, tz_name: str, exceptions: str = ""
) -> rrule.rruleset:
    """A ruleset whose occurrences are aware datetimes in the event's zone."""
    tz = ZoneInfo(tz_name)
    start_local = start.astimezone(tz)
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise RecurrenceError(_("The recurrence rule is empty."))
    text = normalise_until(text, tz_name)
    try:
        parsed = rrule.rrulestr(text, dtstart=start_local, forceset=False)
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(_(
            "The recurrence rule is not valid RFC 5545: %(reason)s.") % {
            "reason": exc}) from exc
    if not isinstance(parsed, rrule.rrule):
        raise RecurrenceError(_(
            "Give a single RRULE (for example FREQ=WEEKLY;COUNT=6)."))
    if parsed._freq in (rrule.SECONDLY, rrule.MINUTELY, rrule.HOURLY):
        raise RecurrenceError(_(
            "Events can repeat daily, weekly, monthly or yearly only."))
    ruleset = rrule.rruleset()
    ruleset.rrule(parsed)
    for excluded in parse_exceptions(exceptions, tz, start_local):
        ruleset.exdate(excluded)
    return ruleset


def is_bounded(rule: str) -> bool:
    upper = rule.upper()
    return "COUNT=" in upper or "UNTIL=" in upper


def occurrences(
    rule: str, start: datetime, end: datetime, tz_name: str, exceptions: str = "",
    limit: int = MAX_OCCURRENCES,
) -> Iterator[tuple[datetime, datetime]]:
    """(start, end) of each occurrence, in order, at most ``limit`` of them."""
    duration: timedelta = end - start
    for index, occurrence_start in enumerate(
        build_ruleset(rule, start, tz_name, exceptions)
    ):
        if index >= limit:
            return
        yield occurrence_start, occurrence_start + duration
