"""RFC 5545 recurrence for events: parse an RRULE with EXDATE exceptions in the
event's own time zone (so a weekly 10:00 seminar stays at 10:00 across DST)."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

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
            raise RecurrenceError(
                f"“{raw}” is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)."
            ) from exc
        result.append(value.replace(tzinfo=tz))
    return result


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
        raise RecurrenceError("The recurrence rule is empty.")
    try:
        parsed = rrule.rrulestr(text, dtstart=start_local, forceset=False)
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(f"The recurrence rule is not valid RFC 5545: {exc}.") from exc
    if not isinstance(parsed, rrule.rrule):
        raise RecurrenceError("Give a single RRULE (for example FREQ=WEEKLY;COUNT=6).")
    if parsed._freq in (rrule.SECONDLY, rrule.MINUTELY, rrule.HOURLY):
        raise RecurrenceError("Events can repeat daily, weekly, monthly or yearly only.")
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
