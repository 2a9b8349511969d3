"""The public theme gallery: every widget type in every theme, and a page of
the hub's own styles per theme (also what the browser tests screenshot)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext_lazy as _

from plugins.signals import register_widget_types

from . import stylesheets
from .contrast import contrast_ratio, format_ratio
from .registry import Theme, available_themes, theme_problems
from .tokens import CONTRAST_PAIRS

WIDGET_SCRIPT = "/embed/v1/widgets.js"
CUSTOM_ELEMENT = re.compile(r"^[a-z][a-z0-9]*-[a-z0-9-]+$")


@dataclass(frozen=True)
class GalleryWidget:
    element: str
    title: str
    attributes: dict[str, str]
    fallback_section: str  # the hub page the no-JavaScript link goes to


# The documented custom elements of /embed/v1/widgets.js (docs/widgets.md),
# with the attributes the gallery shows them with.
GALLERY_WIDGETS = (
    GalleryWidget("flanders-events", _("Upcoming events"), {"limit": "3"}, "events"),
    GalleryWidget("flanders-calendar", _("Event calendar"), {}, "events"),
    GalleryWidget("flanders-expertise", _("Expertise"), {"limit": "3"}, "expertise"),
    GalleryWidget("flanders-search", _("Search"), {}, "search"),
)


def gallery_widgets() -> list[GalleryWidget]:
    """The documented widgets, plus widget types registered by plugins
    (plugins.signals.register_widget_types) that are not among them."""
    widgets = list(GALLERY_WIDGETS)
    known = {w.element for w in widgets}
    for widget_type in register_widget_types.collect():
        element = getattr(widget_type, "element", "")
        if CUSTOM_ELEMENT.match(element) and element not in known:
            known.add(element)
            widgets.append(GalleryWidget(element, str(widget_type.title), {}, "search"))
    return widgets


def contrast_table(theme: Theme) -> list[dict]:
    """Every checked colour pair of the theme with its ratio, for the web
    teams who pick a theme."""
    rows = []
    variants = [("", theme.tokens)]
    if theme.dark_tokens:
        variants.append(("dark", {**theme.tokens, **theme.dark_tokens}))
    for variant, tokens in variants:
        for pair in CONTRAST_PAIRS:
            ratio = contrast_ratio(tokens[pair.foreground], tokens[pair.background])
            rows.append({"variant": variant, "foreground": pair.foreground,
                         "background": pair.background, "ratio": format_ratio(ratio),
                         "minimum": f"{pair.minimum:g}:1", "use": pair.use})
    return rows


def gallery(request: HttpRequest) -> HttpResponse:
    # the hub's default theme first, then the registry's order
    themes = sorted(available_themes().values(),
                    key=lambda t: t.name != settings.HUB_DEFAULT_THEME)
    show_problems = request.user.is_authenticated and request.user.is_staff
    return render(request, "themes/gallery.html", {
        "themes": [{"theme": t, "contrast": contrast_table(t)} for t in themes],
        # an external stylesheet: the pages' CSP allows no inline style
        "backdrops_url": stylesheets.stylesheet_url(
            stylesheets.GALLERY, stylesheets.gallery_css(themes)),
        "widgets": gallery_widgets(), "widget_script": WIDGET_SCRIPT,
        "problems": theme_problems() if show_problems else [],
    })


def sample(request: HttpRequest, name: str) -> HttpResponse:
    """The hub's page styles and the widgets in one theme."""
    theme = available_themes().get(name)
    if theme is None:
        raise Http404("No such theme.")
    return render(request, "themes/sample.html", {
        "page_theme": theme, "theme": theme, "widgets": gallery_widgets(),
        "widget_script": WIDGET_SCRIPT,
    })


IMMUTABLE = "public, max-age=31536000, immutable"
# A digest that is neither cached nor current comes from a page rendered
# before the theme changed: answer the current CSS, briefly cacheable.
OUTDATED = "public, max-age=300"


def page_stylesheet(request: HttpRequest, name: str, digest: str) -> HttpResponse:
    """/theme-css/<name>/<digest>.css: a theme of the hub's pages (or the
    gallery's backdrops), see stylesheets.py."""
    css = stylesheets.recall(digest)
    cache_control = IMMUTABLE
    if css is None:
        css = stylesheets.current_css(name)
        if css is None:
            # not redirected to /<language>/theme-css/… (cms.core.middleware)
            return HttpResponseNotFound("No such theme.", content_type="text/plain")
        if stylesheets.digest(css) == digest:
            stylesheets.remember(css)
        else:
            cache_control = OUTDATED
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = f'"{stylesheets.digest(css)}"'
    response["Cache-Control"] = cache_control
    # Django's conditional GET (what its ``condition`` decorator runs): a 304
    # that keeps ETag and Cache-Control
    return get_conditional_response(request, etag=response["ETag"], response=response)
