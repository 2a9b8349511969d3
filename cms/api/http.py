"""What every API endpoint shares: rate limiting and the server-side answer
cache, on top of the public endpoints' HTTP layer (cms/core/http.py: JSON
errors, CORS, read-only methods, conditional GETs with ETag / Last-Modified)."""

from __future__ import annotations

import functools
import hashlib
import json
import sys
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from cms.core import counters
from cms.core.generation import request_generation
from cms.core.http import (
    READ_METHODS,
    allow_any_origin,
    json_error,
    public_endpoint,
)
from cms.core.net import client_ip
from cms.core.views import server_error as html_server_error

from . import cache
from .filters import InvalidParameter

CACHE_CONTROL = "public, max-age=60"
SEARCH_CACHE_CONTROL = "public, max-age=30"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param


# The API's body and CORS headers are those of every public endpoint.
error_response = json_error
with_cors = allow_any_origin


def parse_rate(value) -> tuple[int, int] | None:
    """(requests, seconds) from "N/seconds"; None (no limit) for an empty value."""
    if not value:
        return None
    requests, seconds = str(value).split("/")
    return int(requests), int(seconds)


def rate_limit() -> tuple[int, int] | None:
    """(requests, seconds) from HUB_API_RATE_LIMIT ("300/60"); None = no limit."""
    return parse_rate(getattr(settings, "HUB_API_RATE_LIMIT", "300/60"))


def over_limit(bucket: str, limit: tuple[int, int] | None) -> HttpResponse | None:
    """A 429 when ``bucket`` (a client address, a token) has used up ``limit``
    in the current fixed window (a counter in the Django cache)."""
    if limit is None:
        return None
    requests, seconds = limit
    window = int(time.time() // seconds)
    if counters.count(f"hub_api:rate:{bucket}:{window}", seconds + 1) <= requests:
        return None
    retry_after = max(1, int((window + 1) * seconds - time.time()) + 1)
    response = error_response(
        429, "rate_limited",
        f"More than {requests} requests in {seconds} s; retry after {retry_after} s.")
    response["Retry-After"] = str(retry_after)
    return response


def too_many_requests(request: HttpRequest) -> HttpResponse | None:
    """Fixed-window counter per client IP in the Django cache."""
    return over_limit(client_ip(request), rate_limit())


class Answer:
    """One request's answer, computed once: Django's ``condition`` asks for
    its validators before the view, which then only sends it."""

    def __init__(self, view, request: HttpRequest, args, kwargs,
                 server_cache: bool) -> None:
        self.error: HttpResponse | None = None
        self.last_modified: int | None = None  # the cache generation, in ms
        key, stored = "", None
        if server_cache:
            params = {k: request.GET.get(k, "") for k in request.GET}
            # Scheme and host are part of the key: without HUB_BASE_URL, answers
            # hold absolute URLs (next/previous, item URLs) in the request's own.
            self.last_modified = request_generation(request)
            key = cache.answer_key(
                f"{request.scheme}://{request.get_host()}{request.path}", params,
                self.last_modified)
            stored = django_cache.get(key)
        # Uncached answers (search) follow the index, not the generation: no
        # Last-Modified for them, the ETag alone decides a 304.
        if stored is None:
            try:
                body = json.dumps(view(request, *args, **kwargs), cls=DjangoJSONEncoder,
                                  ensure_ascii=False).encode()
            except InvalidParameter as error:
                self.error = error_response(400, error.code, error.message, error.param)
                return
            except ApiError as error:
                self.error = error_response(error.status, error.code, error.message,
                                            error.param)
                return
            stored = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
            if server_cache:
                django_cache.set(key, stored, cache.ANSWER_TIMEOUT)
        self.body, self.etag = stored

    def modified_at(self) -> datetime | None:
        if self.error is not None or self.last_modified is None:
            return None
        return datetime.fromtimestamp(self.last_modified // 1000, tz=UTC)

    def response(self) -> HttpResponse:
        if self.error is not None:
            return self.error
        response = HttpResponse(self.body, content_type="application/json")
        response["Vary"] = "Accept-Encoding"
        return response


def api_endpoint(view=None, *, server_cache: bool = True):
    """Wrap a view returning a JSON-able object (or raising ApiError /
    InvalidParameter) into a cached, conditional, CORS-enabled GET endpoint
    (cms.core.http.public_endpoint, plus rate limiting and the answer cache).

    ``server_cache=False`` (search) still answers with an ETag and 304s but
    computes every answer: search results follow the index, which is updated
    after the commit that bumps the cache generation, so a cached answer could
    outlive the change it missed."""
    if view is None:
        return functools.partial(api_endpoint, server_cache=server_cache)

    def answer_of(request: HttpRequest, *args, **kwargs) -> Answer:
        answers = request.__dict__.setdefault("_hub_api_answers", {})
        if view not in answers:
            answers[view] = Answer(view, request, args, kwargs, server_cache)
        return answers[view]

    def etag(request: HttpRequest, *args, **kwargs) -> str | None:
        answer = answer_of(request, *args, **kwargs)
        return None if answer.error is not None else answer.etag

    def last_modified(request: HttpRequest, *args, **kwargs) -> datetime | None:
        return answer_of(request, *args, **kwargs).modified_at()

    @functools.wraps(view)
    def send(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return answer_of(request, *args, **kwargs).response()

    conditional = public_endpoint(
        send, etag=etag, last_modified=last_modified,
        cache_control=CACHE_CONTROL if server_cache else SEARCH_CACHE_CONTROL,
        read_only_message="The API is read-only: use GET.")

    @csrf_exempt
    @functools.wraps(view)
    def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method in READ_METHODS and (limited := too_many_requests(request)):
            return with_cors(limited)
        response = conditional(request, *args, **kwargs)
        if response.status_code == 304:
            response["Vary"] = "Accept-Encoding"
        return response

    return endpoint


#: Seconds a client is told to wait when the database is unreachable: about
#: how long a PostgreSQL restart or fail-over takes.
DATABASE_RETRY_AFTER = 10


def database_unavailable() -> bool:
    """True while handling an exception that says the database cannot be
    reached (a restart, a fail-over), not a bug: the answer is then a 503."""
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
        response = html_server_error(request)
        if unavailable:
            response.status_code = 503
    if unavailable:
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return with_cors(response) if request.path.startswith("/api/") else response
