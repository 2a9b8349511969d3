"""Caches of the public HTML pages, under the content generation.

**The full-page cache** (:class:`PageCacheMiddleware`) keeps the finished
answer of a public page for anonymous visitors in Django's cache (Redis in
production, shared by every worker and machine) and serves it before the rest
of the middleware stack, the URL resolver and Wagtail run. A hit costs one read
of the generation row and one cache read. The key holds everything that
changes the answer (:func:`page_key`): scheme, host, path, the query string as
Django parses it (sorted), the language, and the content generation, which
every publish, unpublish, move or delete advances in its own transaction
(cms/core/generation.py), so the next request of every worker misses and
renders the new content.

Only ``GET``/``HEAD`` of language-prefixed paths (/nl/…, /en/…: Wagtail pages,
the listings, the theme gallery) are considered, and never:

* for a request with the session or messages cookie (a logged-in editor, a
  Wagtail preview, a visitor who passed a page password, a flash message), or
  an ``Authorization`` header;
* for the search page (/<lang>/search/): its results follow the search index,
  which is updated after the commit that starts a new generation, so a cached
  answer could outlive the change it missed (as in the API's search);
* for an answer other than 200, one that sets a cookie (a CSRF token, i.e. a
  form that varies per visitor), says ``Cache-Control: private/no-store/
  no-cache``, or varies on anything but ``Cookie`` and ``Accept-Encoding``
  (``Vary: Cookie`` alone is fine: the request had none of the hub's cookies,
  and the key is only ever looked up by requests without them).

Entries live ``HUB_PAGE_CACHE_SECONDS`` (default 300): pages also change with
time (an event that has ended leaves the upcoming list), not only with a publish.
``HUB_PAGE_CACHE = False`` turns the cache off (benchmarks measure the pages
without it).

**Fragments** (:func:`remember`) are values that change only with a publish,
e.g. the option lists of the listings' filters: cached under the generation,
for every request, with or without the full-page cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import DisallowedHost
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from . import generation as content

HEADER = "X-Cache"  # hit | miss (stored now) | skip (not storable)
PAGE_TIMEOUT = 300
FRAGMENT_TIMEOUT = 3600  # the generation makes older fragments unreachable
# Headers of one answer that must not be replayed to another request.
PER_REQUEST_HEADERS = {"set-cookie", "date", "x-request-id", HEADER.lower()}
ALLOWED_VARY = {"cookie", "accept-encoding"}
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}


def enabled() -> bool:
    return bool(getattr(settings, "HUB_PAGE_CACHE", True))


def page_timeout() -> int:
    return int(getattr(settings, "HUB_PAGE_CACHE_SECONDS", PAGE_TIMEOUT))


# --- fragments --------------------------------------------------------------------
def remember(request: HttpRequest | None, name: str, compute: Callable[[], Any],
             *parts: object, seconds: int = FRAGMENT_TIMEOUT) -> Any:
    """``compute()``, cached under the content generation, the active language
    and ``parts``, for ``seconds`` at most. For values that only a publish
    changes (or that may lag time by ``seconds``); keep them plain (lists,
    tuples, strings), not model instances."""
    if getattr(request, "is_preview", False):
        return compute()  # a draft: never cached, never answered from the cache
    digest = hashlib.sha256(repr((translation.get_language(), parts)).encode())
    generation = content.request_generation(request)
    key = f"hub_fragment:{generation}:{name}:{digest.hexdigest()[:24]}"
    value = django_cache.get(key)
    if value is None:
        value = compute()
        django_cache.set(key, value, seconds)
    return value


def remember_html(request: HttpRequest | None, name: str, items: list,
                  render: Callable[[Any], str]) -> list[SafeString]:
    """HTML fragments of several items in one cache round trip: ``items`` are
    (parts, item) pairs, where ``parts`` is everything besides the generation
    and the language that the item's HTML depends on; ``render(item)`` makes
    the missing ones, which are stored for the next request."""
    if getattr(request, "is_preview", False) or not items:
        return [mark_safe(render(item)) for _parts, item in items]  # noqa: S308
    prefix = f"hub_fragment:{content.request_generation(request)}:{name}:"
    language = translation.get_language()
    keys = [prefix + hashlib.sha256(repr((language, parts)).encode()).hexdigest()[:24]
            for parts, _item in items]
    found = django_cache.get_many(keys)
    missing = {}
    html = []
    for key, (_parts, item) in zip(keys, items, strict=True):
        text = found.get(key)
        if text is None:
            text = missing[key] = str(render(item))
        html.append(mark_safe(text))  # noqa: S308 - our own rendered template
    if missing:
        django_cache.set_many(missing, FRAGMENT_TIMEOUT)
    return html


def public(queryset: QuerySet, request: HttpRequest | None) -> QuerySet:
    """``queryset.public()`` with the view restrictions read once per content
    generation (a restriction saved or deleted starts a new one) instead of
    on every call."""
    restricted = remember(request, "view-restrictions", lambda: list(
        PageViewRestriction.objects.values_list("page__path", "page__depth")))
    private = Q()
    for path, depth in restricted:  # as PageQuerySet.private_q()
        private |= Q(path__startswith=path, depth__gte=depth)
    return queryset.exclude(private) if private else queryset


# --- the full-page cache ----------------------------------------------------------
def _language_prefix(path: str) -> str | None:
    first = path[1:].split("/", 1)[0]
    return first if any(first == code for code, _ in settings.LANGUAGES) else None


def _bypass_cookies() -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, "messages",
            *getattr(settings, "HUB_PAGE_CACHE_BYPASS_COOKIES", ()))


def _excluded_path(path: str, language: str) -> bool:
    rest = path[len(language) + 1:]
    return rest.startswith(tuple(getattr(settings, "HUB_PAGE_CACHE_EXCLUDE",
                                         ("/search/",))))


def anonymous_public(request: HttpRequest) -> str | None:
    """The language of an anonymous visitor's GET/HEAD of a public page."""
    if request.method not in ("GET", "HEAD"):
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(name in request.COOKIES for name in _bypass_cookies()):
        return None
    language = _language_prefix(request.path)
    if language is None or _excluded_path(request.path, language):
        return None
    return language


def page_key(request: HttpRequest, language: str, generation: int) -> str:
    """Everything that changes the answer. The host is Django's validated
    get_host() (it follows X-Forwarded-Host only when USE_X_FORWARDED_HOST
    is on, then it is keyed too); the scheme follows SECURE_PROXY_SSL_HEADER;
    the query is request.GET, i.e. split exactly as the view will split it
    (on "&" only: "a=1;b=2" is one parameter), in a canonical order."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    raw = "\n".join((request.scheme, request.get_host(), request.path, query,
                     language))
    return f"hub_page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False):
        return False
    control = {part.split("=")[0].strip().lower()
               for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if control & UNCACHEABLE_CONTROL:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))
            if v.strip()}
    return vary <= ALLOWED_VARY


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _not_modified(request: HttpRequest, etag: str) -> bool:
    """If-None-Match (weak comparison, RFC 9110 13.1.2) names this answer."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or etag in (t.removeprefix("W/") for t in tags)


def _answer(request: HttpRequest, stored: dict, state: str) -> HttpResponse:
    etag = stored["etag"]
    if _not_modified(request, etag):
        response = HttpResponse(status=304)
        for name, value in stored["headers"]:
            if name.lower() in ("vary", "cache-control", "content-language",
                                "content-location", "expires"):
                response.headers[name] = value
    else:
        response = HttpResponse(stored["body"])
        for name, value in stored["headers"]:
            response.headers[name] = value
    response.headers["ETag"] = etag
    response.headers[HEADER] = state
    return response


# --- routes -----------------------------------------------------------------------
# Wagtail finds a page by walking the tree from the site's root, a query or two
# per level (site, locale, home translation, each child by slug, the specific
# page). Which page a path names changes only with a publish, move or delete,
# so an anonymous request gets the route a previous one found, under the
# generation: one query loads the page. Wagtail reads it from the request
# attributes it caches its own lookups in (Site.find_for_request,
# Page.route_for_request).


def _route_key(request: HttpRequest, generation: int) -> str:
    raw = f"{request._get_raw_host()}|{request.get_port()}|{request.path_info}"
    return f"hub_route:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def attach_route(request: HttpRequest, key: str) -> None:
    stored = django_cache.get(key)
    if stored is None:
        return
    site, label, pk = stored
    page = apps.get_model(label).objects.filter(pk=pk, live=True).first()
    if page is not None:
        request._wagtail_site = site
        request._wagtail_route_for_request = RouteResult(page)
        request._hub_route_cached = True


def remember_route(request: HttpRequest, key: str, response: HttpResponse) -> None:
    found = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if (getattr(request, "_hub_route_cached", False) or found is None or site is None
            or response.status_code != 200):
        return
    page, args, kwargs = found
    # Only plain pages: a page with its own route() (RoutablePageMixin) maps
    # the rest of the path to views of its own.
    if args or kwargs or type(page).route is not Page.route:
        return
    django_cache.set(key, (site, page._meta.label_lower, page.pk), FRAGMENT_TIMEOUT)


class PageCacheMiddleware:
    """Serves anonymous visitors' public pages from the shared cache; placed
    early in MIDDLEWARE, after the security middleware (HTTPS redirect) and
    the NUL filter (the key reads the cleaned query). Their routes to Wagtail
    pages are cached too, with or without the page cache."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = anonymous_public(request)
        if language is None:
            return self.get_response(request)
        try:
            generation = content.request_generation(request)
            key = page_key(request, language, generation) if enabled() else None
        except DisallowedHost:
            return self.get_response(request)  # Django answers it with a 400
        stored = django_cache.get(key) if key else None
        if stored is not None:
            return _answer(request, stored, "hit")
        route = _route_key(request, generation)
        attach_route(request, route)
        response = self.get_response(request)
        remember_route(request, route, response)
        if key is None:
            return response
        # Only a GET's answer is stored: a view may answer HEAD without a body.
        if request.method != "GET" or not storable(request, response):
            response.headers[HEADER] = "skip"
            return response
        # For caches downstream (a CDN): the answer differs for a visitor
        # with cookies (an editor).
        patch_vary_headers(response, ("Cookie",))
        body = response.content
        stored = {
            "body": body, "etag": _etag(body),
            "headers": [(name, value) for name, value in response.items()
                        if name.lower() not in PER_REQUEST_HEADERS
                        and name.lower() != "etag"],
        }
        django_cache.set(key, stored, page_timeout())
        if _not_modified(request, stored["etag"]):
            return _answer(request, stored, "miss")
        response.headers["ETag"] = stored["etag"]
        response.headers[HEADER] = "miss"
        return response
