"""Feed bytes -> the VEVENT components of the calendar.

Decoding (UTF-8, unfolding), recognising what is no calendar or a cut-off
download, and reading a damaged calendar event by event so one broken VEVENT
does not lose the others."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from . import text
from .fetch import FeedError, Fetched
from .zones import all_zones

BEGIN_EVENT = re.compile(r"^BEGIN:VEVENT[ \t]*$", re.M | re.I)
EVENT_BLOCK = re.compile(r"^BEGIN:VEVENT[ \t]*$.*?^END:VEVENT[ \t]*$",
                         re.M | re.I | re.S)
CALENDAR_PROPS = ("X-WR-TIMEZONE", "X-WR-CALNAME")
ZONE_BLOCK = re.compile(r"^BEGIN:VTIMEZONE[ \t]*$.*?^END:VTIMEZONE[ \t]*$",
                        re.M | re.I | re.S)


@dataclass
class Item:
    index: int
    component: icalendar.Event | None = None
    error: str = ""
    raw_uid: str = ""


@dataclass
class Components:
    props: dict[str, str]
    items: list[Item]
    vevent_count: int
    warnings: list[str] = field(default_factory=list)


def decode(fetched: Fetched, source: str) -> tuple[str, list[str]]:
    data = fetched.data
    if not data.strip():
        raise FeedError(f"{source} is empty: the publisher sent no events at all. "
                        "Check the feed URL or file.")
    data = data.removeprefix(codecs.BOM_UTF8)
    # Unfold before decoding: some producers fold inside a multi-byte character.
    data = re.sub(rb"\r?\n[ \t]", b"", data)
    warnings: list[str] = []
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        content = None
        if fetched.charset and fetched.charset.lower() not in ("utf-8", "utf8"):
            try:
                content = data.decode(fetched.charset)
            except (LookupError, UnicodeDecodeError):
                content = None
        if content is None:
            content = data.decode("utf-8", errors="replace")
            warnings.append(f"The feed is not valid UTF-8 (byte {exc.start}); "
                            "characters that could not be read were replaced by �.")
    content = content.replace("\r\n", "\n")
    head = content.lstrip()[:500].lower()
    if "begin:vcalendar" not in content[:10_000].lower():
        if head.startswith("<") or "html" in (
                fetched.content_type or ""):
            raise FeedError(f"{source} is a web page, not an iCalendar feed. Use the "
                            "address of the .ics file (often ending in .ics).")
        raise FeedError(f"{source} is not an iCalendar feed (no BEGIN:VCALENDAR).")
    if not re.search(r"^END:VCALENDAR[ \t]*$", content, re.M | re.I):
        raise FeedError(f"{source} ends before END:VCALENDAR: the feed is incomplete "
                        "(a cut-off download?). Nothing was changed; try again later.")
    return content, warnings


def _known_zone(tzid: str) -> bool:
    """Whether icalendar resolves this TZID without the feed's VTIMEZONE."""
    cleaned = tzid.strip("/")
    if cleaned in all_zones() or cleaned in WINDOWS_TO_OLSON:
        return True
    parts = cleaned.split("/")
    return tzid.startswith("/") and any(
        "/".join(parts[i:]) in all_zones() for i in range(1, len(parts)))


def isolate_custom_zones(content: str) -> str:
    """Give each made-up VTIMEZONE a TZID unique to its definition.

    icalendar caches VTIMEZONE definitions per TZID for the whole process, so
    a second feed defining "Customized Time Zone" (as Outlook writes) with
    other rules would be read with the first feed's rules."""
    for block in ZONE_BLOCK.findall(content):
        found = re.search(r"^TZID:(.*)$", block, re.M | re.I)
        tzid = found.group(1).strip() if found else ""
        if not tzid or '"' in tzid or _known_zone(tzid):
            continue
        digest = hashlib.sha256(block.encode()).hexdigest()[:10]
        unique = f"{tzid} [{digest}]"
        content = re.sub(rf"^TZID:{re.escape(tzid)}[ \t]*$", f"TZID:{unique}",
                         content, flags=re.M | re.I)
        content = re.sub(rf';TZID=("?){re.escape(tzid)}\1(?=[;:,])',
                         f';TZID="{unique}"', content, flags=re.I)
    return content


def read_components(fetched: Fetched, source: str) -> Components:
    """The VEVENTs of a feed; FeedError when it is no readable calendar."""
    content, warnings = decode(fetched, source)
    content = isolate_custom_zones(content)
    expected = len(BEGIN_EVENT.findall(content))
    try:
        calendars = icalendar.Calendar.from_ical(content, multiple=True)
        events = [e for c in calendars for e in c.walk("VEVENT")]
        if len(events) == expected:
            head = calendars[0] if calendars else {}
            props = {k: str(head.get(k, "")) for k in CALENDAR_PROPS}
            items = [Item(i, e) for i, e in enumerate(events, 1)]
            return Components(props, items, expected, warnings)
        reason = "BEGIN and END lines do not match"
    except Exception as exc:  # noqa: BLE001 - icalendar raises several kinds
        reason = str(exc)
    reason = text.clip(text.one_line(reason), 200)
    warnings.append(f"The feed is not entirely valid ({reason}); its events were "
                    "read one by one.")
    return Components(_props_from_text(content), _blocks(content), expected, warnings)


def _props_from_text(content: str) -> dict[str, str]:
    props = {}
    for name in CALENDAR_PROPS:
        match = re.search(rf"^{name}[^:\n]*:(.*)$", content, re.M | re.I)
        props[name] = match.group(1).strip() if match else ""
    return props


def _blocks(content: str) -> list[Item]:
    zones = "\n".join(m.group(0) for m in ZONE_BLOCK.finditer(content))
    items = []
    for index, match in enumerate(EVENT_BLOCK.finditer(content), 1):
        block = match.group(0)
        uid = re.search(r"^UID[^:\n]*:(.*)$", block, re.M | re.I)
        item = Item(index, raw_uid=uid.group(1).strip() if uid else "")
        try:
            found = [e for c in icalendar.Calendar.from_ical(
                f"BEGIN:VCALENDAR\n{zones}\n{block}\nEND:VCALENDAR\n", multiple=True)
                for e in c.walk("VEVENT")]
        except Exception as exc:  # noqa: BLE001
            item.error = f"it cannot be parsed: {text.clip(text.one_line(exc), 200)}"
        else:
            if len(found) == 1:
                item.component = found[0]
            else:
                item.error = ("its BEGIN and END lines do not match (e.g. a "
                              "BEGIN:VALARM without END:VALARM).")
        items.append(item)
    return items
