"""What the widget builder hands out for one widget configuration: the HTML
snippet (script tag + element with its no-JavaScript link), the WordPress
shortcode and the Wagtail/Django template code of the host-site packages.

The WordPress plugin maps ``[flanders_events country="JP"]`` 1:1 to
``<flanders-events country="JP">``. The Django/Wagtail package
(plugins/django-flanders-hub) renders ``{% flanders_events %}`` and
``{% flanders_expertise %}`` on the server and refuses attribute names it
does not know, so those tags get only the attributes in TEMPLATE_TAGS; other
widgets are written as ``{% flanders_widgets_script %}`` plus the element.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.html import escape
from wagtail.models import Page

from .strings import fallback_text
from .types import LINK_FILTERS, PAGES

# Characters a shortcode or template-tag value cannot carry.
UNQUOTABLE = re.compile(r'["\[\]{}%\\\x00-\x1f]')
ORGANISATION_FILTERS = ("organiser", "institution", "representation")
# The attributes of the Django package's template tags (and of its
# FlandersEventsBlock / FlandersExpertiseBlock).
TEMPLATE_TAGS = {
    "events": ("organiser", "institution", "representation", "country",
               "discipline", "type", "audience", "language", "when", "from", "to",
               "limit", "layout", "lang", "theme"),
    "expertise": ("institution", "discipline", "kind", "country", "limit",
                  "layout", "lang", "theme"),
}


@dataclass(frozen=True)
class Snippets:
    element: str  # the element with its fallback link
    html: str  # script tag + element
    shortcode: str
    wagtail: str
    fallback_url: str
    wagtail_dropped: tuple[str, ...] = ()  # attributes the template tag lacks


def listing_slug(value: str, language: str) -> str:
    """The slug of the organisation with this public id in ``language``, for
    a readable link (slugs and unknown values are passed through)."""
    try:
        key = uuid.UUID(value)
    except ValueError:
        return value
    pages = Page.objects.filter(translation_key=key).select_related("locale")
    chosen = next((p for p in pages if p.locale.language_code == language), None)
    chosen = chosen or pages.first()
    return chosen.slug if chosen else value


def fallback_url(hub: str, widget: str, attrs: dict[str, str], language: str) -> str:
    """The hub page with the widget's filters. The listing pages read the
    API's filters (public ids too); a slug only makes the link readable. A
    value the page does not know is ignored there, with a notice."""
    params = {}
    for name in LINK_FILTERS.get(widget, ()):
        if value := attrs.get(name):
            params[name] = (listing_slug(value, language)
                            if name in ORGANISATION_FILTERS else value)
    query = f"?{urlencode(params)}" if params else ""
    return f"{hub}/{language}/{PAGES.get(widget, 'search')}/{query}"


def _quoted(value: str) -> str:
    return UNQUOTABLE.sub("", value)


def build(hub: str, widget: str, element: str, attrs: dict[str, str]) -> Snippets:
    """``attrs``: the element's attributes in order, empty values left out."""
    language = attrs.get("lang") or "en"
    url = fallback_url(hub, widget, attrs, language)
    pairs = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
    element_html = (f"<{element}{pairs}>\n  <a href=\"{escape(url)}\">"
                    f"{escape(fallback_text(widget, language))}</a>\n</{element}>")
    script = f'<script src="{escape(hub)}/embed/v1/widgets.js" defer></script>'
    shortcode_name = element.replace("-", "_")
    shortcode = f"[{shortcode_name}" + "".join(
        f' {name}="{_quoted(value)}"' for name, value in attrs.items()) + "]"
    known = TEMPLATE_TAGS.get(widget)
    if known is None:
        wagtail = ("{% load flanders_hub %}\n{% flanders_widgets_script %}\n"
                   + element_html)
        dropped: tuple[str, ...] = ()
    else:
        wagtail = "{% load flanders_hub %}\n{% " + shortcode_name + "".join(
            f' {name}="{_quoted(value)}"' for name, value in attrs.items()
            if name in known) + " %}"
        dropped = tuple(name for name in attrs if name not in known)
    return Snippets(element=element_html, html=f"{script}\n{element_html}",
                    shortcode=shortcode, wagtail=wagtail, fallback_url=url,
                    wagtail_dropped=dropped)
