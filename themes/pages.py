"""Which theme a page of the hub is shown in.

An institution's or representation's page, and the events and expertise
entries below it, use the organisation's default theme; every other page
(home, listings, search, scholarships) uses the hub's default theme, because
it shows the content of all organisations together."""

from __future__ import annotations

from wagtail.models import Page

from cms.core.page_cache import remember
from cms.institutions.models import InstitutionPage, RepresentationPage

from .registry import Theme, get_theme


def organisation_theme_name(page) -> str:
    """default_theme of the organisation the page belongs to, or ""."""
    if not isinstance(page, Page) or not page.pk:
        return ""
    if isinstance(page, InstitutionPage | RepresentationPage):
        return page.default_theme
    for model in (InstitutionPage, RepresentationPage):
        name = (model.objects.ancestor_of(page).order_by("-depth")
                .values_list("default_theme", flat=True).first())
        if name is not None:
            return name
    return ""


def page_theme(page, request=None) -> Theme:
    """With the request, the organisation's theme name is looked up once per
    page and content generation (a publish may change it), not on every view."""
    if request is not None and isinstance(page, Page) and page.pk:
        name = remember(request, "page-theme", lambda: organisation_theme_name(page),
                        page.pk)
    else:
        name = organisation_theme_name(page)
    return get_theme(name or None)
