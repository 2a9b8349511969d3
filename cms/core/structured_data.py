"""schema.org JSON-LD for the public pages: the helpers every type's builder
uses, and the dispatch to the page's own ``structured_data()``.

Builders return plain dicts; ``{% json_ld page %}`` (cms/core/templatetags/hub_meta.py)
serialises them safely. The vocabulary choices are explained in
docs/embedding-metadata.md."""

import json

from django.http import HttpRequest
from django.utils.html import strip_tags
from wagtail.models import Page

from cms.core.absolute import absolute_url, page_url

SCHEMA = "https://schema.org/"

# Characters that could end a <script> element or start an HTML comment, and
# the two line separators that old JavaScript parsers treat as newlines.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
    0x2028: "\\u2028", 0x2029: "\\u2029",
}


def dumps_for_script(data: dict | list) -> str:
    """JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.translate(_SCRIPT_ESCAPES)


def compact(data: dict) -> dict:
    """Drop empty values so the output carries only what the page knows."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def image_url(page: Page, request: HttpRequest | None = None) -> str:
    """An image that represents the page: the logo of the organisation it is
    (or belongs to). Events and expertise have no image field of their own."""
    owner = page
    if not hasattr(owner, "logo"):
        parent = page.get_parent()
        owner = parent.specific if parent else None
    logo = getattr(owner, "logo", None)
    if logo is None:
        return ""
    return absolute_url(logo.get_rendition("max-1200x630").url, request)


def description(page: Page) -> str:
    text = getattr(page, "search_description", "") or getattr(page, "summary", "")
    return " ".join(strip_tags(text).split())


# -- organisations -------------------------------------------------------------


def organisation(page: Page, request: HttpRequest | None = None) -> dict:
    """Organization data of an organiser page: what every organisation has,
    and what its own model adds (``organisation_data()``, e.g. a ROR id)."""
    url = page_url(page, request)
    data: dict = {"@type": "Organization", "@id": f"{url}#organization",
                  "name": page.title, "url": url, "description": description(page),
                  "email": getattr(page, "contact_email", "")}
    own = getattr(page, "organisation_data", None)
    if callable(own):
        data |= own(request)
    return compact(data)


def for_page(page: Page | None, request: HttpRequest | None = None) -> dict:
    """The JSON-LD for any page, or {} for pages that carry none. Each page
    model says what it exposes (``structured_data``, built with the helpers
    above), so no content model is named here."""
    if not isinstance(page, Page):
        return {}
    build = getattr(page.specific, "structured_data", None)
    return build(request) if callable(build) else {}
