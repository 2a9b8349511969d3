"""oEmbed provider (https://oembed.com/) for the pages of the catalogue types
that have a card (events and expertise: their models' ``oembed_card()``).

``GET /oembed?url=<page URL>&format=json[&maxwidth=&maxheight=]`` answers a
``rich`` embed: a small HTML card with every value escaped. Only live, public
pages of this hub (any language prefix) are embeddable."""

from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from cms.core.absolute import absolute_url, configured_base_url, page_url
from cms.core.http import json_error, json_response, public_endpoint
from cms.core.registry import type_of
from cms.core.sitename import site_name
from cms.core.structured_data import description

DEFAULT_WIDTH = 480
DEFAULT_HEIGHT = 260
CACHE_SECONDS = 300

CARD = (
    '<div class="flanders-hub-card" lang="{lang}" style="box-sizing:border-box;'
    "max-width:{width}px;max-height:{height}px;overflow:hidden;padding:16px;"
    'border:1px solid #c8c8c8;border-radius:4px;font-family:sans-serif;line-height:1.4">'
    '<p style="margin:0 0 4px;font-size:.85em;color:#444">{eyebrow}</p>'
    '<p style="margin:0 0 8px;font-size:1.15em;font-weight:bold">'
    '<a href="{url}" target="_blank" rel="noopener">{title}</a></p>'
    '<p style="margin:0 0 8px">{facts}</p>'
    '<p style="margin:0 0 8px">{summary}</p>'
    '<p style="margin:0;font-size:.85em"><a href="{url}" target="_blank" rel="noopener">'
    "{more}</a></p></div>"
)


class OEmbedError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message




def _our_hosts(request: HttpRequest) -> set[str]:
    hosts = {request.get_host().lower(),
             urlsplit(configured_base_url()).netloc.lower(),
             urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc.lower()} - {""}
    for site in Site.objects.all():
        hosts.add(site.hostname.lower())
        hosts.add(f"{site.hostname}:{site.port}".lower())
    return hosts


def embeddable_page(url: str, request: HttpRequest) -> Page | None:
    """The live, public page that ``url`` points to when its catalogue type
    has an oEmbed card (cms.core.registry), or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in _our_hosts(request):
        return None
    path = unquote(parts.path)
    if any(ord(char) < 32 for char in path):  # NUL and friends never name a page
        return None
    segments = [s for s in path.split("/") if s]
    languages = {code for code, _name in settings.LANGUAGES}
    if len(segments) < 2 or segments[0] not in languages:
        return None
    locale = Locale.objects.filter(language_code=segments[0]).first()
    site = Site.objects.filter(hostname=parts.hostname).first() or Site.objects.filter(
        is_default_site=True).first()
    root = site.root_page.get_translation_or_none(locale) if site and locale else None
    if root is None:
        return None
    url_path = root.url_path + "/".join(segments[1:]) + "/"
    page = (Page.objects.live().public().filter(url_path=url_path, locale=locale)
            .specific().first())
    kind = type_of(page) if page is not None else None
    return page if kind is not None and kind.embeddable else None


def _size(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:  # isdigit() alone accepts "²"
        raise OEmbedError(400, "invalid_parameter", f"{name} must be a positive integer.")
    # The spec: the embed must not be wider/taller than the consumer allows.
    # (Huge values only mean "no limit"; never int() thousands of digits.)
    return min(default, int(digits)) if len(digits) <= 9 else default


def card(page: Page, request: HttpRequest, width: int, height: int) -> str:
    """The embed's HTML: format_html escapes every value; the page says what
    it shows above its title and below it (``oembed_card()``)."""
    eyebrow, facts = page.oembed_card()
    return format_html(
        CARD, lang=page.locale.language_code, width=width, height=height,
        eyebrow=eyebrow, url=page_url(page, request), title=page.title, facts=facts,
        summary=description(page), more=_("More on %(site)s") % {"site": site_name()},
    )


@public_endpoint(cache_control=f"public, max-age={CACHE_SECONDS}",
                 read_only_message="oEmbed is read-only: use GET.")
def oembed(request: HttpRequest) -> HttpResponse:
    """Errors are the API's JSON body, without the answers' Cache-Control; a
    404 is not redirected to /<lang>/oembed (cms.core.middleware)."""
    try:
        return json_response(oembed_response(request))
    except OEmbedError as error:
        return json_error(error.status, error.code, error.message)


def oembed_response(request: HttpRequest) -> dict:
    fmt = request.GET.get("format", "json").strip().lower()
    if fmt != "json":
        # The oEmbed spec asks for 501 Not Implemented for unsupported formats.
        raise OEmbedError(501, "format_not_implemented", "Only format=json is supported.")
    url = request.GET.get("url", "").strip()
    if not url:
        raise OEmbedError(400, "missing_url", "Give the URL of an event or expertise page.")
    if len(url) > 2000:
        raise OEmbedError(400, "invalid_url", "The URL is too long.")
    width = _size(request, "maxwidth", DEFAULT_WIDTH)
    height = _size(request, "maxheight", DEFAULT_HEIGHT)
    page = embeddable_page(url, request)
    if page is None:
        raise OEmbedError(404, "not_found",
                          "No published event or expertise page of this hub at that URL.")
    with translation.override(page.locale.language_code):
        html = card(page, request, width, height)
    provider = absolute_url("/", request)
    return {
        "version": "1.0",
        "type": "rich",
        "title": page.title,
        "html": html,
        "width": width,
        "height": height,
        "provider_name": settings.WAGTAIL_SITE_NAME,  # the brand, as registered
        "provider_url": provider,
        "cache_age": CACHE_SECONDS,
    }


def oembed_url(page: Page, request: HttpRequest | None) -> str:
    """The discovery URL for a page (for <link rel="alternate">)."""
    query = urlencode({"url": page_url(page, request), "format": "json"})
    return absolute_url(f"{reverse('oembed')}?{query}", request)
