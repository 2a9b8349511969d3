"""The HTTP layer every public, language-free endpoint shares (the read API,
search, feeds' errors, oEmbed, /embed/, /export/, plugin URLs, theme CSS):
one JSON error body, CORS with OPTIONS preflights, read-only methods and
conditional GET through Django's ``condition`` (docs/architecture.md, "The
HTTP layer of public endpoints").

The kernel: nothing here imports another hub package."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition

READ_METHODS = ("GET", "HEAD")
ALLOW = "GET, HEAD, OPTIONS"
#: What a cross-origin script may read besides the simple response headers.
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Link"
#: What a preflight allows a cross-origin request to send.
ALLOWED_HEADERS = "If-None-Match, If-Modified-Since, Accept, Accept-Language"
PREFLIGHT_MAX_AGE = "86400"

View = Callable[..., HttpResponse]


def json_response(data, status: int = 200) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json")


def json_error(status: int, code: str, message: str,
               param: str | None = None) -> HttpResponse:
    """The one error body of every public endpoint (docs/api.md, "Errors"):
    ``{"error": {"code", "message", "param"}}``."""
    return json_response(
        {"error": {"code": code, "message": message, "param": param}}, status)


def allow_any_origin(response: HttpResponse,
                     expose: str = EXPOSED_HEADERS) -> HttpResponse:
    """Public answers are readable by a script on any site (no cookies are
    read by these endpoints, so ``*`` gives nothing away)."""
    response["Access-Control-Allow-Origin"] = "*"
    if expose:
        response["Access-Control-Expose-Headers"] = expose
    return response


def preflight(allow_headers: str = ALLOWED_HEADERS) -> HttpResponse:
    """The 204 answer to a CORS preflight (OPTIONS)."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ALLOW
    response["Access-Control-Allow-Headers"] = allow_headers
    response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    response["Allow"] = ALLOW
    return response


@csrf_exempt  # any method: nothing is here
def unknown_endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """A path under a family of public endpoints (/feeds/, /export/) that
    names none of them: a JSON 404 rather than a redirect to a page."""
    return allow_any_origin(json_error(404, "not_found", f"Nothing at {request.path}."))


def public_endpoint(
    view: View | None = None, *,
    etag: Callable[..., str | None] | None = None,
    last_modified: Callable[..., datetime | None] | None = None,
    cache_control: str | None = None,
    allow_headers: str = ALLOWED_HEADERS,
    expose_headers: str = EXPOSED_HEADERS,
    extra_headers: dict[str, str] | None = None,
    read_only_message: str = "This endpoint is read-only: use GET.",
):
    """A read-only, cross-origin endpoint: OPTIONS answers the preflight,
    other methods than GET/HEAD a JSON 405, and every answer (errors too)
    carries CORS headers and ``extra_headers``. With validators (``etag``,
    ``last_modified``: called like the view) Django's ``condition`` answers
    304 for a current copy and sets ETag / Last-Modified; ``cache_control``
    goes on every answer below 400 (304s too) that has none of its own.

    CSRF-exempt: it accepts no write. A 404 it answers is not redirected to
    a language (cms.core.middleware.LanguageFreeNotFoundMiddleware)."""
    if view is None:
        return functools.partial(
            public_endpoint, etag=etag, last_modified=last_modified,
            cache_control=cache_control, allow_headers=allow_headers,
            expose_headers=expose_headers, extra_headers=extra_headers,
            read_only_message=read_only_message)
    answer = view
    if etag is not None or last_modified is not None:
        answer = condition(etag_func=etag, last_modified_func=last_modified)(view)

    @csrf_exempt
    @functools.wraps(view)
    def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = preflight(allow_headers)
        elif request.method not in READ_METHODS:
            response = json_error(405, "method_not_allowed", read_only_message)
            response["Allow"] = ALLOW
        else:
            response = answer(request, *args, **kwargs)
            if (cache_control and response.status_code < 400
                    and not response.has_header("Cache-Control")):
                response["Cache-Control"] = cache_control
        for name, value in (extra_headers or {}).items():
            response[name] = value
        return allow_any_origin(response, expose_headers)

    return endpoint
