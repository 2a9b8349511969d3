"""``{% footer_links as links %}``: the contact, privacy and accessibility
pages for the site footer."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Site

from cms.core.page_cache import public, remember

from ..models import ContentPage, FooterRole

register = template.Library()


@dataclass(frozen=True)
class FooterLink:
    """Plain, so that it can be cached: the role, the page's title and URL."""

    role: str
    title: str
    url: str
    language: str


def footer_pages(request: HttpRequest | None, language: str) -> list[FooterLink]:
    """One link per footer role, in ``language`` where that page exists and
    is live, else in the default language; roles without a page are left
    out. In the order of FooterRole."""
    pages = public(ContentPage.objects.live(), request).filter(
        footer_role__in=FooterRole.values,
        locale__language_code__in={language, settings.LANGUAGE_CODE},
    ).select_related("locale").order_by("path")
    chosen: dict[str, ContentPage] = {}
    for page in pages:
        current = chosen.get(page.footer_role)
        if current is None or (current.locale.language_code != language
                               and page.locale.language_code == language):
            chosen[page.footer_role] = page
    return [
        FooterLink(role, chosen[role].title, chosen[role].get_url(request) or "",
                   chosen[role].locale.language_code)
        for role in FooterRole.values if role in chosen
    ]


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[FooterLink]:
    """The footer's pages in the active language (see footer_pages), cached
    until the next publish."""
    request = context.get("request")
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if request is None:
        return footer_pages(None, language)
    site = Site.find_for_request(request)  # URLs are relative to the site
    return remember(request, "editorial-footer-links",
                    lambda: footer_pages(request, language), language,
                    site.pk if site else None)
