"""What every API endpoint shares: JSON errors, CORS, read-only methods, rate
limiting, the server-side cache and conditional GETs (ETag / Last-Modified)."""

from __future__ import annotations

import functools
import hashlib
import json
import sys
import time

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

from cms.core.net import client_ip

from . import cache
from .filters import InvalidParameter

READ_METHODS = ("GET", "HEAD")
CACHE_CONTROL = "public, max-age=60"
SEARCH_CACHE_CONTROL = "public, max-age=30"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param


def json_response(data, status: int = 200) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json")


def error_response(status: int, code: str, message: str,
                   param: str | None = None) -> HttpResponse:
    return json_response(
        {"error": {"code": code, "message": message, "param": param}}, status)


def with_cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = (
        "ETag, Last-Modified, Retry-After, Link")
    return response


def rate_limit() -> tuple[int, int] | None:
    """(requests, seconds) from HUB_API_RATE_LIMIT ("300/60"); None = no limit."""
    value = getattr(settings, "HUB_API_RATE_LIMIT", "300/60")
    if not value:
        return None
    requests, seconds = str(value).split("/")
    return int(requests), int(seconds)


def too_many_requests(request: HttpRequest) -> HttpResponse | None:
    """Fixed-window counter per client IP in the Django cache."""
    limit = rate_limit()
    if limit is None:
        return None
    requests, seconds = limit
    window = int(time.time() // seconds)
    key = f"hub_api:rate:{client_ip(request)}:{window}"
    django_cache.add(key, 0, seconds + 1)
    try:
        count = django_cache.incr(key)
    except ValueError:  # evicted between add and incr
        django_cache.set(key, 1, seconds + 1)
        count = 1
    if count <= requests:
        return None
    retry_after = max(1, int((window + 1) * seconds - time.time()) + 1)
    response = error_response(
        429, "rate_limited",
        f"More than {requests} requests in {seconds} s; retry after {retry_after} s.")
    response["Retry-After"] = str(retry_after)
    return response


def not_modified(request: HttpRequest, etag: str, last_modified: int | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # takes precedence (RFC 9110 13.2.2)
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if last_modified is None:
        return False
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified // 1000 <= since


def api_endpoint(view=None, *, server_cache: bool = True):
    """Wrap a view returning a JSON-able object (or raising ApiError /
    InvalidParameter) into a cached, conditional, CORS-enabled GET endpoint.

    ``server_cache=False`` (search) still answers with an ETag and 304s but
    computes every answer: search results follow the index, which is updated
    after the commit that bumps the cache generation, so a cached answer could
    outlive the change it missed."""
    if view is None:
        return functools.partial(api_endpoint, server_cache=server_cache)

    @csrf_exempt
    @functools.wraps(view)
    def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "If-None-Match, If-Modified-Since, Accept, Accept-Language")
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = "GET, HEAD, OPTIONS"
            return with_cors(response)
        if request.method not in READ_METHODS:
            response = error_response(
                405, "method_not_allowed", "The API is read-only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return with_cors(response)
        if limited := too_many_requests(request):
            return with_cors(limited)
        response = cached_answer(view, request, *args, server_cache=server_cache,
                                 **kwargs)
        if response.status_code == 404:
            # LocaleMiddleware would turn an API 404 into a redirect to /nl/api/…
            # (i18n_patterns catch everything); under the API's own urlconf,
            # which has no language prefixes, it leaves the answer alone.
            request.urlconf = "cms.api.urls"
        return with_cors(response)

    return endpoint


def cached_answer(view, request: HttpRequest, *args, server_cache: bool = True,
                  **kwargs) -> HttpResponse:
    key, last_modified, stored = "", None, None
    if server_cache:
        params = {k: request.GET.get(k, "") for k in request.GET}
        # Scheme and host are part of the key: without HUB_BASE_URL, answers
        # hold absolute URLs (next/previous, item URLs) in the request's own.
        last_modified = cache.request_generation(request)  # key and header
        key = cache.answer_key(
            f"{request.scheme}://{request.get_host()}{request.path}", params,
            last_modified)
        stored = django_cache.get(key)
    # Uncached answers (search) follow the index, not the generation: no
    # Last-Modified for them, the ETag alone decides a 304.
    if stored is None:
        try:
            body = json.dumps(view(request, *args, **kwargs), cls=DjangoJSONEncoder,
                              ensure_ascii=False).encode()
        except InvalidParameter as error:
            return error_response(400, error.code, error.message, error.param)
        except ApiError as error:
            return error_response(error.status, error.code, error.message, error.param)
        stored = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
        if server_cache:
            django_cache.set(key, stored, cache.ANSWER_TIMEOUT)
    body, etag = stored
    if not_modified(request, etag, last_modified):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified // 1000)
    response["Cache-Control"] = CACHE_CONTROL if server_cache else SEARCH_CACHE_CONTROL
    response["Vary"] = "Accept-Encoding"
    return response


#: Seconds a client is told to wait when the database is unreachable: about
#: how long a PostgreSQL restart or fail-over takes.
DATABASE_RETRY_AFTER = 10


def database_unavailable() -> bool:
    """True while handling an exception that says the database cannot be
    reached (a restart, a fail-over), not a bug: the answer is then a 503."""
    from django.db import InterfaceError, OperationalError

    return isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: under /api/ the API's JSON error (with CORS, so a widget on
    another site can read it), elsewhere the HTML error page. Django has logged
    the exception with its traceback (logger django.request) before this runs,
    inside the except block, so the exception is still at hand: an unreachable
    database is answered 503 with Retry-After (clients and nginx retry; it is
    an outage, not a bug)."""
    unavailable = database_unavailable()
    if request.path.startswith("/api/"):
        if unavailable:
            response = error_response(
                503, "service_unavailable",
                "The database is briefly unreachable. Try again in "
                f"{DATABASE_RETRY_AFTER} seconds.")
        else:
            response = error_response(
                500, "server_error",
                "The server failed to answer this request; the error is logged. "
                "Try again later.")
    else:
        from cms.core.views import server_error as html_server_error

        response = html_server_error(request)
        if unavailable:
            response.status_code = 503
    if unavailable:
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return with_cors(response) if request.path.startswith("/api/") else response
