"""Search results inside pages: ``{% similar_pages page as similar %}`` (the
entries most like this one, e.g. under an expertise entry). A tag, so that
content pages show them without their models importing the search service."""

from __future__ import annotations

from django import template
from wagtail.models import Page

from search.service import Hit, get_search_service

register = template.Library()


@register.simple_tag
def similar_pages(page: Page, limit: int = 5) -> list[Hit]:
    """The search hits most like ``page`` (none for a page not saved yet)."""
    if page is None or page.pk is None:
        return []
    return get_search_service().similar(page.pk, limit=limit)
