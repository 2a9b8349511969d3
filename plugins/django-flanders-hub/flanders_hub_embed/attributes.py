"""The attributes of the tags and blocks: the same names as the hub's widget
elements (`<flanders-events organiser=... limit=... layout=...>`), checked
here so that an editor's typo drops one filter instead of breaking a page."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .conf import LANGUAGES, HubSettings

logger = logging.getLogger("flanders_hub_embed")

SLUG = re.compile(r"^[A-Za-z0-9_-]{1,100}$")  # slugs and public ids (UUIDs)
CODE = re.compile(r"^[a-z][a-z-]{0,49}$")  # vocabularies: type, audience, kind
DISCIPLINE = re.compile(r"^[0-9]{1,3}(?:[.-][0-9]{1,3}){0,3}$")
THEME = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
LAYOUTS = ("list", "cards", "compact")
DEFAULT_LIMIT = 5
MAX_LIMIT = 100  # the read API's maximum page_size


def _date(value: str) -> str | None:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


CHECKS = {
    "organiser": lambda v: v if SLUG.match(v) else None,
    "institution": lambda v: v if SLUG.match(v) else None,
    "representation": lambda v: v if SLUG.match(v) else None,
    "country": lambda v: v.upper() if re.fullmatch(r"[A-Za-z]{2}", v) else None,
    "discipline": lambda v: v if DISCIPLINE.match(v) else None,
    "type": lambda v: v if CODE.match(v) else None,
    "audience": lambda v: v if CODE.match(v) else None,
    "kind": lambda v: v if CODE.match(v) else None,
    "language": lambda v: v if v in LANGUAGES else None,
    "when": lambda v: v if v in ("upcoming", "past", "all") else None,
    "from": _date,
    "to": _date,
}


@dataclass(frozen=True)
class Widget:
    name: str  # also the custom element: <flanders-{name}>
    resource: str  # /api/v1/{resource}/
    filters: tuple[str, ...]
    page: str  # the hub's listing page: /{lang}/{page}/
    link_filters: tuple[str, ...]  # the filters that page understands


WIDGETS = {
    "events": Widget(
        "events", "events",
        ("organiser", "institution", "representation", "country", "discipline",
         "type", "audience", "language", "when", "from", "to"),
        "events",
        ("organiser", "institution", "country", "discipline", "type", "audience",
         "when", "from", "to"),
    ),
    "expertise": Widget(
        "expertise", "expertise", ("institution", "discipline", "kind", "country"),
        "expertise", ("institution", "discipline", "kind", "country"),
    ),
}
DISPLAY = ("limit", "layout", "lang", "theme")


def attribute_names(widget: str) -> tuple[str, ...]:
    return WIDGETS[widget].filters + DISPLAY


@dataclass(frozen=True)
class Options:
    widget: Widget
    filters: dict[str, str] = field(default_factory=dict)
    limit: int = DEFAULT_LIMIT
    layout: str = "list"
    lang: str = "en"
    theme: str = ""

    def api_params(self) -> list[tuple[str, str]]:
        params = [("lang", self.lang), ("page_size", str(self.limit))]
        return params + sorted(self.filters.items())

    def link_params(self) -> list[tuple[str, str]]:
        """Query of the hub page with the same selection; the events listing
        knows representations as organisers."""
        chosen = {k: v for k, v in self.filters.items()
                  if k in self.widget.link_filters}
        if (self.widget.name == "events" and "organiser" not in chosen
                and "representation" in self.filters):
            chosen["organiser"] = self.filters["representation"]
        return sorted(chosen.items())

    def element_attributes(self, hub: str) -> list[tuple[str, str]]:
        """Attributes of the widget element that may enhance the output."""
        attributes = [("hub", hub), ("lang", self.lang), ("limit", str(self.limit)),
                      ("layout", self.layout)]
        if self.theme:
            attributes.append(("theme", self.theme))
        return attributes + sorted(self.filters.items())


def clean(widget: str, given: Mapping[str, object], conf: HubSettings) -> Options:
    """Options from the given attributes; a bad value is dropped (logged) and
    the default used. Unknown names are refused earlier (template syntax)."""
    spec = WIDGETS[widget]
    filters: dict[str, str] = {}
    for name in spec.filters:
        raw = given.get(name)
        value = "" if raw is None else str(raw).strip()
        if not value:
            continue
        checked = CHECKS[name](value)
        if name == "when" and checked == "upcoming":
            continue  # the API's default: one cache entry with or without it
        if checked is None:
            logger.warning("flanders_%s: ignoring %s=%r (not a valid value)",
                           widget, name, value[:100])
        else:
            filters[name] = checked
    return Options(
        widget=spec, filters=filters, limit=_limit(given.get("limit"), widget),
        layout=_choice(given.get("layout"), LAYOUTS, "layout", widget) or "list",
        lang=conf.language(_choice(given.get("lang"), LANGUAGES, "lang", widget)),
        theme=_choice_re(given.get("theme"), THEME, "theme", widget) or conf.theme,
    )


def _limit(raw: object, widget: str) -> int:
    if raw in (None, ""):
        return DEFAULT_LIMIT
    try:
        return min(max(int(str(raw).strip()), 1), MAX_LIMIT)
    except ValueError:
        logger.warning("flanders_%s: ignoring limit=%r (not a number)", widget,
                       str(raw)[:100])
        return DEFAULT_LIMIT


def _choice(raw: object, choices: tuple[str, ...], name: str, widget: str) -> str:
    value = "" if raw is None else str(raw).strip()
    if value and value not in choices:
        logger.warning("flanders_%s: ignoring %s=%r (one of %s)", widget, name,
                       value[:100], ", ".join(choices))
        return ""
    return value


def _choice_re(raw: object, pattern: re.Pattern, name: str, widget: str) -> str:
    value = "" if raw is None else str(raw).strip()
    if value and not pattern.match(value):
        logger.warning("flanders_%s: ignoring %s=%r", widget, name, value[:100])
        return ""
    return value
