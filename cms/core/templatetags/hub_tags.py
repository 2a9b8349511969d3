"""Small helpers for the public templates: language switcher, section
navigation and labels for stored codes."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django_countries import countries
from wagtail.models import Page, Site

from cms.core import choices
from cms.core.choices import Audience
from cms.core.page_cache import remember

register = template.Library()


@dataclass(frozen=True)
class PageLink:
    """What the navigation shows of a page; plain, so it can be cached."""

    pk: int
    path: str
    title: str
    url: str


def _link(page: Page, request) -> PageLink:
    return PageLink(page.pk, page.path, page.title, page.get_url(request) or "")


def _cached(request, name: str, compute, *parts):
    """compute(), cached under the content generation per site (URLs are
    relative to the request's site); uncached without a request."""
    if request is None:
        return compute()
    site = Site.find_for_request(request)
    return remember(request, name, compute, site.pk if site else None, *parts)


def _home_pages(request) -> dict[str, PageLink]:
    """The home page of every language, keyed by language code."""
    def compute() -> dict[str, PageLink]:
        site = Site.find_for_request(request) if request else None
        root = site.root_page if site else None
        if root is None:
            root = Page.objects.filter(depth=2).first()
        if root is None:
            return {}
        return {
            p.locale.language_code: _link(p, request)
            for p in root.get_translations(inclusive=True).live()
            .select_related("locale")
        }

    return _cached(request, "home-pages", compute)


@register.simple_tag(takes_context=True)
def hub_language_links(context) -> list[dict]:
    """One link per language: the translation of the current page when it
    exists and is live, else the home page of that language."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language() or settings.LANGUAGE_CODE
    homes = _home_pages(request)
    translations: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        translations = _cached(request, "page-translations", lambda: {
            p.locale.language_code: p.get_url(request) or ""
            for p in page.get_translations(inclusive=True).live()
            .select_related("locale")
        }, page.pk)
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]
        else:
            url = homes[code].url if code in homes else f"/{code}/"
        with translation.override(code):
            native = str(translation.get_language_info(code)["name_local"])
        links.append({
            "code": code, "name": native, "url": url or f"/{code}/",
            "current": current[:2] == code,
        })
    return links


@register.simple_tag(takes_context=True)
def hub_home(context) -> PageLink | None:
    """The home page in the active language (or None): pk, path, title, url."""
    homes = _home_pages(context.get("request"))
    code = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return homes.get(code) or homes.get(settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def hub_sections(context) -> list[PageLink]:
    """The section index pages below the home page of the active language."""
    home = hub_home(context)
    if home is None:
        return []
    request = context.get("request")
    return _cached(request, "sections", lambda: [
        _link(p, request) for p in Page.objects.get(pk=home.pk).get_children()
        .live().public().order_by("path")], home.pk)


@register.filter
def country_name(code) -> str:
    """The country's name in the page's language (django-countries')."""
    code = str(code or "").upper()
    return str(countries.name(code)) if code else ""


@register.simple_tag
def all_countries():
    """Every country, named and ordered in the page's language."""
    return list(countries)


@register.filter
def audience_labels(values) -> list[str]:
    labels = dict(Audience.choices)
    return [str(labels.get(v, v)) for v in values or []]


@register.filter
def language_name(code) -> str:
    """The language's name in the page's language (CLDR, as every list of
    languages on the hub)."""
    return choices.language_name(str(code or "")) if code else ""
