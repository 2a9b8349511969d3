"""The hub's frame (base.html): page titles, the footer's links to the
Department's own pages; and for the search page, which facets start open
and the results' dates in the page's language (cms/core/timefmt.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from cms.core.timefmt import deadline_text, format_day

register = template.Library()
# The editorial app's tag library ({% footer_links as links %}): looked up by
# name in the template engine, never imported (cms.core is the lowest layer,
# .importlinter), so the footer renders before and without that app.
FOOTER_LINKS_LIBRARY = "editorial_tags"
# A search facet with more values than this starts folded (unless one of them
# is chosen): the results stay near the top of the page.
FACET_OPEN_VALUES = 6


@register.filter(needs_autoescape=True)
def page_title(title: str, site_name: str, autoescape: bool = True) -> SafeString:
    """``{% filter page_title:site_name %}…{% endfilter %}``: "Page | Site",
    or the site name alone when the page has no title of its own (home)."""
    escape = conditional_escape if autoescape else str
    site = escape(site_name)
    title = " ".join(str(title).split())
    if not title or title == site:
        return mark_safe(site)  # noqa: S308 - escaped above
    return mark_safe(f"{title} | {site}")  # noqa: S308 - both escaped


@register.simple_tag(takes_context=True)
def footer_links_available(context) -> bool:
    """Whether the editorial app's {% footer_links %} can be loaded."""
    engine = getattr(context.template, "engine", None)
    return bool(engine and FOOTER_LINKS_LIBRARY in engine.template_libraries)


@register.filter
def facet_starts_open(values) -> bool:
    """Whether a search facet's <details> is open when the page loads."""
    values = list(values or [])
    return len(values) <= FACET_OPEN_VALUES or any(
        getattr(v, "selected", False) for v in values)


def _moment(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


@register.filter
def result_day(value, zone: str | None = None) -> str:
    """An ISO date-time of a search result as the page's language writes the
    day ("Tue, 4 May 2027", "di 4 mei 2027"), in the event's own zone."""
    moment = _moment(value)
    if moment is None:
        return ""
    tz = _zone(zone)
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return format_day(moment)


@register.filter
def result_deadline(value) -> str:
    """"Apply by 15 March 2027, 23:59 Brussels time" for a result's deadline."""
    moment = _moment(value)
    if moment is None:
        return ""
    return deadline_text(moment)
