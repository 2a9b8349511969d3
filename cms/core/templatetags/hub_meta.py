"""Metadata for the <head> of public pages: schema.org JSON-LD, oEmbed
discovery, Open Graph / Twitter cards, canonical and hreflang links."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from cms.core import structured_data
from cms.core.absolute import absolute_url, base_url, page_url
from cms.core.oembed import oembed_url
from cms.core.page_cache import remember
from cms.core.sitename import site_name as localised_site_name

register = template.Library()

# og:locale wants language_TERRITORY; the hub speaks from Belgium where it can.
OG_LOCALES = {"nl": "nl_BE", "en": "en_GB", "fr": "fr_BE", "de": "de_DE"}


@register.simple_tag(takes_context=True)
def json_ld(context, page: Page | None) -> SafeString:
    """<script type="application/ld+json"> for the page, or nothing. The JSON is
    escaped (<, >, & as \\u003c ...) so no text can end the element. Built
    once per page and content generation (only a publish changes it)."""
    request = context.get("request")
    if request is not None and isinstance(page, Page) and page.pk:
        data = remember(request, "json-ld",
                        lambda: structured_data.for_page(page, request), page.pk,
                        base_url(request))
    else:
        data = structured_data.for_page(page, request)
    if not data:
        return mark_safe("")
    payload = structured_data.dumps_for_script(data)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def oembed_discovery(context, page: Page) -> SafeString:
    """The oEmbed discovery link (https://oembed.com/#section4)."""
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        oembed_url(page, context.get("request")), page.title,
    )


def _og_locale(code: str) -> str:
    return OG_LOCALES.get(code, code)


def _translations(page: Page, request: HttpRequest | None) -> list[dict]:
    pages = page.get_translations(inclusive=True).live().public().select_related("locale")
    order = [code for code, _name in settings.LANGUAGES]
    found = [
        {"code": p.locale.language_code, "og_locale": _og_locale(p.locale.language_code),
         "url": page_url(p, request)}
        for p in pages
    ]
    return sorted(found, key=lambda t: order.index(t["code"]) if t["code"] in order else 99)


@register.inclusion_tag("core/_meta_tags.html", takes_context=True)
def social_meta(context) -> dict:
    """Open Graph, Twitter card, canonical and hreflang tags for any public page."""
    request = context.get("request")
    page = context.get("page")
    language = (getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE)[:2]
    site_name = localised_site_name(language)
    meta = {"site_name": site_name, "og_locale": _og_locale(language), "alternates": [],
            "title": site_name, "description": "", "image": "", "canonical": "",
            "url": absolute_url(request.path, request) if request else ""}
    if isinstance(page, Page) and page.pk:
        if request is None:
            meta.update(_page_meta(page, request))
        else:  # only a publish changes them (not during a preview: see remember)
            meta.update(remember(request, "social-meta",
                                 lambda: _page_meta(page, request), page.pk,
                                 base_url(request)))
    return meta


def _page_meta(page: Page, request: HttpRequest | None) -> dict:
    page = page.specific
    meta = {
        "title": getattr(page, "seo_title", "") or page.title,
        "description": structured_data.description(page),
        "canonical": page_url(page, request),
        "url": page_url(page, request),
        "og_locale": _og_locale(page.locale.language_code),
        "image": structured_data.image_url(page, request),
    }
    translations = _translations(page, request)
    meta["alternates"] = translations if len(translations) > 1 else []
    default = [t for t in translations if t["code"] == settings.LANGUAGE_CODE]
    meta["x_default"] = default[0]["url"] if default and meta["alternates"] else ""
    meta["current_code"] = page.locale.language_code
    return meta
