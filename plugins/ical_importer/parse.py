"""iCalendar text -> the field values of event pages.

One VEVENT gives one page; its extra dates (RDATE) and its changed occurrences
(RECURRENCE-ID) give one page each, because an event page holds one RRULE with
excluded dates but no list of extra dates (docs/ical-import.md). A VEVENT that
cannot be understood is reported with the reason and skipped; the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.text import slugify

from cms.events import recurrence
from cms.events.models import AttendanceMode, EventStatus, EventType

from . import text
from .components import Item, read_components
from .fetch import Fetched
from .zones import Zones

TITLE_MAX, SUMMARY_MAX, VENUE_MAX, URL_MAX, UID_MAX, RULE_MAX = (
    255, 600, 200, 200, 500, 300)
# A DTSTART without DTEND/DURATION is an instant in RFC 5545; pages need an end.
DEFAULT_DURATION = timedelta(hours=1)
# Broken values of these properties make the event unusable; others are ignored.
ESSENTIAL = {"UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
             "RECURRENCE-ID", "STATUS", "CLASS", "SUMMARY", None}
# What a changed occurrence takes from its series when it does not repeat it.
INHERITED = ("SUMMARY", "DESCRIPTION", "X-ALT-DESC", "LOCATION", "GEO", "URL",
             "CATEGORIES", "CONFERENCE", "CLASS")
ONE_SECOND = timedelta(seconds=1)


class Rejected(Exception):
    """This event cannot be imported; the message says why."""


@dataclass
class FeedEvent:
    uid: str
    instance: str  # "" | "rdate:<when>" | "recurrence-id:<when>"
    label: str
    sequence: int
    last_modified: datetime | None
    values: dict[str, Any]


@dataclass
class ParsedFeed:
    name: str = ""
    events: list[FeedEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # UIDs in the feed whose events were skipped: their pages are left alone
    # rather than cancelled as "removed".
    protected_uids: set[str] = field(default_factory=set)
    vevent_count: int = 0


# -- the feed ---------------------------------------------------------------------
def parse_feed(fetched: Fetched, source: str, *, organiser=None,
               event_type: str = EventType.OTHER) -> ParsedFeed:
    found = read_components(fetched, source)
    feed = ParsedFeed(name=text.one_line(found.props.get("X-WR-CALNAME")),
                      warnings=found.warnings, vevent_count=found.vevent_count)
    feed_zone = found.props.get("X-WR-TIMEZONE", "").strip()
    reader = _Reader(Zones(feed_zone, getattr(organiser, "time_zone", None)),
                     organiser, event_type, feed)
    reader.read_all(found.items)
    return feed


def _valid_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def _first(value):
    return value[0] if isinstance(value, list) else value


def _uid(component) -> str:
    return text.clean(_first(component.get("UID", ""))).strip()


def _stamp(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:
        return value.strftime("%Y%m%dT%H%M%S")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _exception_text(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.strftime("%Y-%m-%dT%H:%M:%S" if value.second else "%Y-%m-%dT%H:%M")


class _Reader:
    def __init__(self, zones: Zones, organiser, event_type: str,
                 feed: ParsedFeed) -> None:
        self.zones = zones
        self.organiser = organiser
        self.event_type = event_type
        self.feed = feed
        with translation.override("en"):
            self.type_names = {slugify(str(label)): value
                               for value, label in EventType.choices}
        self.type_names.update({value: value for value in EventType.values})

    def read_all(self, items: list[Item]) -> None:
        masters, overrides = {}, {}
        for item in items:
            component = item.component
            if component is None or "RECURRENCE-ID" not in component:
                if component is not None:
                    masters.setdefault(_uid(component), component)
                continue
            try:
                rid = component.get("RECURRENCE-ID").dt
            except Exception:  # noqa: BLE001 - reported when the item is read
                continue
            overrides.setdefault(_uid(component), []).append(rid)
        seen: set[tuple[str, str]] = set()
        for item in items:
            label = self._label(item)
            try:
                if item.error:
                    raise Rejected(item.error)
                component = item.component
                if "RECURRENCE-ID" in component:
                    events = [self._override(component, masters.get(_uid(component)),
                                             label)]
                else:
                    events = self._event(component, label,
                                         overrides.get(_uid(component), []))
            except Rejected as exc:
                self.feed.problems.append(f"{label} skipped: {exc}")
                uid = _uid(item.component) if item.component else item.raw_uid
                if uid:
                    self.feed.protected_uids.add(uid)
                continue
            for event in events:
                key = (event.uid, event.instance)
                if key in seen:
                    self.feed.problems.append(
                        f"{label} skipped: an earlier event has the same UID "
                        f"{event.uid!r}; only the first was imported.")
                    continue
                seen.add(key)
                self.feed.events.append(event)

    def _label(self, item: Item) -> str:
        parts = [f"event #{item.index}"]
        uid = _uid(item.component) if item.component else item.raw_uid
        if uid:
            parts.append(f"UID {text.clip(uid, 80)!r}")
        if item.component is not None:
            title = text.one_line(_first(item.component.get("SUMMARY", "")))
            if title:
                parts.append(f"“{text.clip(title, 60)}”")
        return " ".join(parts)

    # -- one VEVENT -------------------------------------------------------------
    def _event(self, component, label: str, overridden: list) -> list[FeedEvent]:
        uid, values, meta = self._common(component, label)
        rule, excluded, extra = self._recurrence(component, values, overridden)
        values["recurrence_rule"] = rule
        values["recurrence_exceptions"] = "\n".join(excluded) if rule else ""
        events = [FeedEvent(uid, "", label, *meta, values)]
        for extra_start, extra_end in extra:
            one = {**values, "start": extra_start, "end": extra_end,
                   "recurrence_rule": "", "recurrence_exceptions": ""}
            when = extra_start.date() if values["all_day"] else extra_start
            events.append(FeedEvent(uid, f"rdate:{_stamp(when)}",
                                    f"{label} on {_exception_text(when)}", *meta, one))
        return events

    def _override(self, component, master, label: str) -> FeedEvent:
        if master is not None:
            for name in INHERITED:
                if name not in component and name in master:
                    component[name] = master[name]
        uid, values, meta = self._common(component, label)
        values["recurrence_rule"] = values["recurrence_exceptions"] = ""
        rid = component.get("RECURRENCE-ID").dt
        return FeedEvent(uid, f"recurrence-id:{_stamp(rid)}", label, *meta, values)

    def _common(self, component, label: str) -> tuple[str, dict, tuple]:
        self._check_errors(component)
        uid = _uid(component)
        if not uid:
            raise Rejected("no UID: without one the event cannot be found again on "
                           "the next import.")
        if len(uid) > UID_MAX:
            raise Rejected(f"the UID is longer than {UID_MAX} characters.")
        privacy = str(_first(component.get("CLASS", "PUBLIC"))).upper()
        if privacy in ("PRIVATE", "CONFIDENTIAL"):
            raise Rejected(f"it is marked CLASS:{privacy}; only public events are "
                           "published.")
        values = self._when(component, label)
        values.update(self._content(component, label))
        status = str(_first(component.get("STATUS", ""))).upper()
        values["status"] = (EventStatus.CANCELLED if status == "CANCELLED"
                            else EventStatus.SCHEDULED)
        return uid, values, (self._sequence(component), self._modified(component))

    def _check_errors(self, component) -> None:
        for name, message in getattr(component, "errors", []):
            if name in ESSENTIAL:
                what = f"{name}: " if name else "a line cannot be read: "
                raise Rejected(what + text.clip(str(message), 200))

    @staticmethod
    def _sequence(component) -> int:
        try:
            return int(str(_first(component.get("SEQUENCE", 0))))
        except (TypeError, ValueError):
            return 0

    @staticmethod
    def _modified(component) -> datetime | None:
        try:
            value = _first(component.get("LAST-MODIFIED")).dt
        except Exception:  # noqa: BLE001 - missing or broken: not needed
            return None
        return value if isinstance(value, datetime) and value.tzinfo else None

    # -- when -------------------------------------------------------------------
    def _prop(self, component, name: str):
        prop = component.get(name)
        if isinstance(prop, list):
            raise Rejected(f"it has more than one {name}.")
        if prop is None:
            return None, None
        value = prop.dt
        if (isinstance(value, datetime) and value.tzinfo is None
                and prop.params.get("TZID")):
            raise Rejected(f"{name} uses TZID {prop.params['TZID']!r}, which is no "
                           "IANA or Windows time zone and has no VTIMEZONE in the "
                           "feed.")
        return prop, value

    def _aware(self, value: datetime) -> datetime:
        """Floating times are read in the default zone (see zones.py)."""
        if value.tzinfo is None:
            return value.replace(tzinfo=ZoneInfo(self.zones.default))
        return value

    def _when(self, component, label: str) -> dict:
        prop, value = self._prop(component, "DTSTART")
        if prop is None:
            raise Rejected("no DTSTART: the event has no start date.")
        if not isinstance(value, datetime):
            tz_name = self.zones.default
            tz = ZoneInfo(tz_name)
            last = self._last_day(component, value)
            start = datetime.combine(value, time.min, tzinfo=tz)
            end = datetime.combine(last, time(23, 59, 59), tzinfo=tz)
            return {"start": start, "end": end, "time_zone": tz_name, "all_day": True}
        start = self._aware(value)
        tz_name = self.zones.name_for(start)
        if tz_name is None:
            tz_name = self.zones.default
            self.feed.warnings.append(
                f"{label}: no IANA time zone matches its TZID "
                f"{prop.params.get('TZID')!r}; its times are kept and shown in "
                f"{tz_name}.")
        end = self._end(component, start)
        tz = ZoneInfo(tz_name)
        return {"start": start.astimezone(tz), "end": end.astimezone(tz),
                "time_zone": tz_name, "all_day": False}

    def _last_day(self, component, first: date) -> date:
        """DTEND of an all-day event is exclusive: the day after the last."""
        prop, end = self._prop(component, "DTEND")
        if prop is not None:
            if isinstance(end, datetime):
                raise Rejected("DTSTART is a date (all day) but DTEND a date-time.")
        elif (duration := component.get("DURATION")) is not None:
            span = duration.dt
            if not isinstance(span, timedelta):
                raise Rejected("DURATION is not a duration.")
            end = first + timedelta(days=span.days + (1 if span.seconds else 0))
        else:
            end = first + timedelta(days=1)
        if end < first:
            raise Rejected(f"DTEND ({end}) is before DTSTART ({first}).")
        return max(end, first + timedelta(days=1)) - timedelta(days=1)

    def _end(self, component, start: datetime) -> datetime:
        prop, value = self._prop(component, "DTEND")
        if prop is not None:
            if not isinstance(value, datetime):
                raise Rejected("DTSTART is a date-time but DTEND a date.")
            end = self._aware(value)
        elif (duration := component.get("DURATION")) is not None:
            if not isinstance(duration.dt, timedelta):
                raise Rejected("DURATION is not a duration.")
            end = start + duration.dt
        else:
            end = start + DEFAULT_DURATION
        if end < start:
            raise Rejected(f"DTEND ({end.isoformat()}) is before DTSTART "
                           f"({start.isoformat()}).")
        return end if end > start else start + DEFAULT_DURATION

    # -- recurrence -------------------------------------------------------------
    def _local(self, value: date | datetime, tz: ZoneInfo, all_day: bool):
        if not isinstance(value, datetime):
            return value
        if value.tzinfo is None:
            local = value.replace(tzinfo=tz)
        else:
            local = value.astimezone(tz)
        return local.date() if all_day else local

    def _rule(self, component, values: dict) -> str:
        rules = component.get("RRULE")
        if rules is None:
            return ""
        if isinstance(rules, list):
            if len(rules) > 1:
                raise Rejected("it has more than one RRULE; an event page holds one.")
            rules = rules[0]
        rule = icalendar.vRecur(dict(rules))
        tz = ZoneInfo(values["time_zone"])
        until = rule.get("UNTIL")
        if until:
            value = until[0]
            if not isinstance(value, datetime):
                value = datetime.combine(value, time(23, 59, 59))
            if value.tzinfo is None:
                value = value.replace(tzinfo=tz)
            rule["UNTIL"] = [value.astimezone(UTC)]
        rule_text = rule.to_ical().decode()
        if len(rule_text) > RULE_MAX:
            raise Rejected(f"its RRULE is longer than {RULE_MAX} characters.")
        return rule_text

    def _recurrence(self, component, values: dict, overridden: list):
        rule = self._rule(component, values)
        tz, all_day = ZoneInfo(values["time_zone"]), values["all_day"]
        start, end = values["start"], values["end"]
        try:
            exdates = list(component.exdates)
            rdates = list(component.rdates)
        except Exception as exc:  # noqa: BLE001
            raise Rejected(f"EXDATE/RDATE cannot be read: {exc}") from None
        excluded = [self._local(v, tz, all_day) for v in [*exdates, *overridden]]
        texts = sorted({_exception_text(v) for v in excluded})
        ruleset = None
        if rule:
            try:
                ruleset = recurrence.build_ruleset(rule, start, values["time_zone"],
                                                   "\n".join(texts))
            except recurrence.RecurrenceError as exc:
                raise Rejected(f"RRULE: {exc}") from None
        extra = []
        for when, until in rdates:
            if isinstance(when, datetime) == all_day:
                self.feed.warnings.append(
                    f"RDATE {_exception_text(when)} of UID {_uid(component)!r} "
                    "ignored: it is a date where the event has a time, or the "
                    "other way round.")
                continue
            if all_day:
                extra_start = datetime.combine(when, time.min, tzinfo=tz)
            else:
                extra_start = self._aware(when).astimezone(tz)
            if isinstance(until, datetime):
                extra_end = self._aware(until).astimezone(tz)
            elif isinstance(until, timedelta):
                extra_end = extra_start + until
            else:
                extra_end = extra_start + (end - start)
            if self._covered(extra_start, start, excluded, ruleset):
                continue
            extra.append((extra_start, max(extra_end, extra_start + ONE_SECOND)))
        return rule, texts, extra

    @staticmethod
    def _covered(when: datetime, start: datetime, excluded: list, ruleset) -> bool:
        """True when an RDATE repeats DTSTART or an RRULE date, or is excluded."""
        if when == start:
            return True
        for value in excluded:
            if value == (when if isinstance(value, datetime) else when.date()):
                return True
        return bool(ruleset and ruleset.between(when - ONE_SECOND, when + ONE_SECOND,
                                                inc=True))

    # -- what and where ------------------------------------------------------------
    def _content(self, component, label: str) -> dict:
        title = text.clip(text.one_line(_first(component.get("SUMMARY", ""))),
                          TITLE_MAX)
        if not title:
            raise Rejected("no SUMMARY: the event has no title.")
        description = text.clean(_first(component.get("DESCRIPTION", "")))
        alts = component.get("X-ALT-DESC")
        alts = alts if isinstance(alts, list) else [alts] if alts is not None else []
        alt_html = next((text.unescape(str(a)) for a in alts if "html" in str(
            getattr(a, "params", {}).get("FMTTYPE", "")).lower()), "")
        url = text.web_url(_first(component.get("URL", "")))
        described = text.one_line(description or alt_html)
        if len(described) <= SUMMARY_MAX and not alt_html and not text.looks_like_html(
                description):
            summary, body = described, text.body_html("", "", url)
        else:
            summary = text.clip(described, SUMMARY_MAX)
            body = text.body_html(description, alt_html, url)
        return {"title": title, "summary": summary, "body": body,
                "event_type": self._event_type(component),
                **self._where(component, label)}

    def _event_type(self, component) -> str:
        try:
            categories = [str(c) for c in component.categories]
        except Exception:  # noqa: BLE001 - broken CATEGORIES: use the default
            categories = []
        for category in categories:
            found = self.type_names.get(slugify(category))
            if found:
                return found
        return self.event_type

    def _online_url(self, component) -> str:
        try:
            conferences = [str(c.uri) for c in component.conferences]
        except Exception:  # noqa: BLE001
            conferences = []
        for candidate in [*conferences, _first(component.get("X-GOOGLE-CONFERENCE"))]:
            if url := text.web_url(candidate or ""):
                return url
        return ""

    def _where(self, component, label: str) -> dict:
        location = text.one_line(_first(component.get("LOCATION", "")))
        online = self._online_url(component)
        if not online and text.web_url(location):
            online, location = location, ""
        if online and (len(online) > URL_MAX or not _valid_url(online)):
            self.feed.warnings.append(f"{label}: its online URL is not a valid URL of "
                                      f"at most {URL_MAX} characters; left out.")
            online = ""
        values = {"venue_name": text.clip(location, VENUE_MAX), "venue_city": "",
                  "venue_country": "", "online_url": online,
                  "latitude": None, "longitude": None}
        values["attendance_mode"] = (
            AttendanceMode.MIXED if online and location else
            AttendanceMode.ONLINE if online else AttendanceMode.OFFLINE)
        if not location and not online:
            city = getattr(self.organiser, "city", "")
            if not city:
                raise Rejected("no LOCATION, and the organiser has no city to show "
                               "instead.")
            values["venue_city"] = city
            values["venue_country"] = str(getattr(self.organiser, "country", "") or "")
        values.update(self._geo(component, label))
        return values

    def _geo(self, component, label: str) -> dict:
        geo = component.get("GEO")
        if geo is None:
            return {}
        try:
            lat = Decimal(str(geo.latitude)).quantize(Decimal("0.000001"))
            lon = Decimal(str(geo.longitude)).quantize(Decimal("0.000001"))
        except (AttributeError, InvalidOperation, ValueError):
            self.feed.warnings.append(f"{label}: GEO is not “latitude;longitude” and "
                                      "was left out.")
            return {}
        if abs(lat) > 90 or abs(lon) > 180:
            self.feed.warnings.append(f"{label}: GEO is out of range and was left out.")
            return {}
        return {"latitude": lat, "longitude": lon}
