"""One code path for the template tags, the Wagtail blocks and Python callers:
attributes -> API request (cached) -> items -> template. API text is data:
templates escape it, and only http(s) links are kept."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import dateformat, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from . import client
from .attributes import WIDGETS, Options, clean
from .conf import HubSettings, get_settings
from .texts import DATE_FORMATS, TEXTS, text

logger = logging.getLogger("flanders_hub_embed")

MAX_TEXT = 1000  # summaries are short on the hub; a runaway one is cut here
STATUSES = ("cancelled", "postponed", "rescheduled", "moved-online")
KINDS = ("research-group", "lab", "facility", "expert-profile")


def render_events(**attributes: object) -> SafeString:
    """`{% flanders_events %}` for Python code (views, Jinja2 globals)."""
    return render_widget("events", attributes)


def render_expertise(**attributes: object) -> SafeString:
    return render_widget("expertise", attributes)


def render_widget(widget: str, attributes: Mapping[str, object]) -> SafeString:
    """The server-rendered HTML of a widget; never raises (a host page must
    not break because of the hub): degrades to the last good content or a
    link to the hub."""
    try:
        conf = get_settings()
    except ImproperlyConfigured as error:
        logger.error("flanders_%s not rendered: %s", widget, error)
        return mark_safe("")  # no hub address: nothing to show or link to
    try:
        options = clean(widget, attributes, conf)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("flanders_%s: could not read the attributes", widget)
        options = Options(widget=WIDGETS[widget], lang=conf.language())
    try:
        url = client.api_url(conf, options.widget.resource, options.api_params())
        answer = client.get(conf, url)
        if answer.data is None:
            html = fallback(conf, options)
        else:
            html = _render_list(conf, options, answer.data)
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("flanders_%s: rendering failed", widget)
        html = fallback(conf, options)
    return _wrap(conf, options, html)


def page_url(conf: HubSettings, options: Options) -> str:
    """The hub's listing page with the same selection."""
    url = f"{conf.url}/{options.lang}/{options.widget.page}/"
    query = options.link_params()
    return f"{url}?{urlencode(query)}" if query else url


def fallback(conf: HubSettings, options: Options) -> str:
    return render_to_string("flanders_hub_embed/fallback.html", {
        "widget": options.widget.name, "lang": options.lang,
        "theme": options.theme, "page_url": page_url(conf, options),
        "message": text(options.lang, f"fallback_{options.widget.name}"),
    })


def widgets_script(conf: HubSettings | None = None) -> SafeString:
    """The hub's widget script, for pages that let the widgets enhance the
    server-rendered lists (FLANDERS_HUB["WIDGET"] = True)."""
    try:
        conf = conf or get_settings()
    except ImproperlyConfigured as error:
        logger.error("flanders_widgets_script not rendered: %s", error)
        return mark_safe("")
    return format_html('<script src="{}/embed/v1/widgets.js" defer></script>',
                       conf.url)


def _wrap(conf: HubSettings, options: Options, html: str) -> SafeString:
    if not conf.widget:
        return mark_safe(html)  # rendered by autoescaping templates
    element = f"flanders-{options.widget.name}"
    attributes = format_html_join("", ' {}="{}"', options.element_attributes(conf.url))
    return format_html("<{}{}>{}</{}>", element, attributes, mark_safe(html), element)


def _render_list(conf: HubSettings, options: Options, data: dict) -> str:
    prepare = _event if options.widget.name == "events" else _expertise
    now = datetime.now(timezone.utc)
    items = []
    for raw in data["results"]:
        item = prepare(raw, options.lang)
        if item is None:
            continue
        # Stale content must not announce what is over: the upcoming list
        # drops events that ended since the hub answered.
        ends = item.get("ends")
        if options.filters.get("when", "upcoming") == "upcoming" and ends and ends < now:
            continue
        items.append(item)
    items = items[:options.limit]
    count = data.get("count") if isinstance(data.get("count"), int) else len(items)
    texts = TEXTS[options.lang]
    return render_to_string(f"flanders_hub_embed/{options.widget.name}.html", {
        "widget": options.widget.name, "layout": options.layout,
        "lang": options.lang, "theme": options.theme, "items": items,
        "count": count, "page_url": page_url(conf, options), "texts": texts,
        "more": text(options.lang, "more", count=count) if count > len(items) else "",
        "empty": texts[f"empty_{options.widget.name}"],
    })


# --- items -----------------------------------------------------------------


def _text(value: object) -> str:
    return str(value)[:MAX_TEXT] if isinstance(value, str | int | float) else ""


def _link(value: object) -> str:
    """Only absolute http(s) links: a `javascript:` URL stays out even though
    the template would escape it."""
    url = _text(value).strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


def _zone(name: object) -> tzinfo | None:
    try:
        return ZoneInfo(str(name)) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _moment(value: object, zone: tzinfo | None) -> datetime | None:
    """An ISO 8601 time with offset, shown in the event's zone."""
    try:
        moment = datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(zone) if zone else moment


def _when(start: datetime, end: datetime | None, all_day: bool, zone_name: str,
          lang: str) -> dict:
    formats = DATE_FORMATS[lang]
    with translation.override(lang):
        if all_day:
            last_day = end.date() if end and end.date() > start.date() else None
            return {
                "all_day": True,
                "start_iso": start.date().isoformat(),
                "start_text": dateformat.format(start, formats["date"]),
                "end_iso": last_day.isoformat() if last_day else "",
                "end_text": dateformat.format(end, formats["date"]) if last_day else "",
            }
        same_day = end is not None and end.date() == start.date()
        return {
            "all_day": False, "zone": zone_name,
            "start_iso": start.isoformat(),
            "start_text": dateformat.format(start, formats["datetime"]),
            "end_iso": end.isoformat() if end else "",
            "end_text": dateformat.format(
                end, formats["time" if same_day else "datetime"]) if end else "",
        }


def _event(raw: dict, lang: str) -> dict | None:
    zone_name = _text(raw.get("time_zone"))
    zone = _zone(zone_name)
    start, end = _moment(raw.get("start"), zone), _moment(raw.get("end"), zone)
    title = _text(raw.get("title"))
    if start is None or not title:
        return None
    recurrence = raw.get("recurrence") if isinstance(raw.get("recurrence"), dict) else {}
    ends = end
    if recurrence:
        # Show the next occurrence, with the first one's duration.
        upcoming = _moment(recurrence.get("next_start"), zone)
        duration = (end - start) if end else timedelta(0)
        if upcoming:
            start, end = upcoming, (upcoming + duration if end else None)
        ends = _moment(recurrence.get("last_end"), zone) or end
    venue = raw.get("venue") if isinstance(raw.get("venue"), dict) else {}
    place = [_text(venue.get(key)) for key in ("name", "city", "country")]
    mode = raw.get("attendance_mode")
    status = _text(raw.get("status"))
    known = status if status in STATUSES else ""
    in_person = mode != "online" and status != "moved-online"
    return {
        "title": title, "url": _link(raw.get("url")),
        "summary": _text(raw.get("summary")),
        "when": _when(start, end, bool(raw.get("all_day")), zone_name if zone else "",
                      lang),
        # The hub's own words for the time and state, in `lang`; without
        # them (an older hub) the template formats "when" itself.
        "when_text": _text(raw.get("when_text")),
        "status_notice": _text(raw.get("status_notice")) if known else "",
        "ends": ends,
        "repeats": bool(recurrence),
        "place": ", ".join(part for part in place if part) if in_person else "",
        "online": mode in ("online", "mixed") or status == "moved-online",
        "status": known,
        "status_label": (_text(raw.get("status_label")) or TEXTS[lang][status])
        if known else "",
        "organiser": _text((raw.get("organiser") or {}).get("title"))
        if isinstance(raw.get("organiser"), dict) else "",
    }


def _expertise(raw: dict, lang: str) -> dict | None:
    title = _text(raw.get("title"))
    if not title:
        return None
    institution = raw.get("institution") if isinstance(raw.get("institution"),
                                                       dict) else {}
    disciplines = raw.get("disciplines") if isinstance(raw.get("disciplines"),
                                                       list) else []
    kind = _text(raw.get("kind"))
    return {
        "title": title, "url": _link(raw.get("url")),
        "summary": _text(raw.get("summary")),
        "institution": _text(institution.get("title")),
        "kind": kind if kind in KINDS else "",
        "kind_label": TEXTS[lang][kind] if kind in KINDS else "",
        "disciplines": [_text(d.get("label")) for d in disciplines
                        if isinstance(d, dict) and d.get("label")],
    }
