"""`/embed/v1/widgets.js` and the widgets' theme stylesheets.

Public, cross-origin and cacheable: ETag (304 on If-None-Match), long
Cache-Control, ``Access-Control-Allow-Origin: *``. Mounted under /embed/ by
plugins/mount.py (HubPluginMeta.urls), which answers 404 for every URL under
/embed/ while the plugin is disabled.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from cms.api.filters import InvalidParameter, organisation_pages
from cms.core.http import allow_any_origin, json_error, public_endpoint
from cms.core.registry import catalogue_type
from themes.registry import available_themes

from . import build, themes

APP_LABEL = "hub_widgets"
# Changes reach visitors within a day (sooner with If-None-Match); a URL with
# ?v=<version> never changes, so it may be kept for a year.
SCRIPT_CACHE = "public, max-age=86400, stale-while-revalidate=604800"
VERSIONED_CACHE = "public, max-age=31536000, immutable"
THEME_CACHE = "public, max-age=3600, stale-while-revalidate=86400"
# An organisation's default theme is edited in the admin: keep it short.
DEFAULT_THEME_CACHE = "public, max-age=300, stale-while-revalidate=3600"
MAX_VALUE = 200


# Scripts and stylesheets are loaded by pages of any site (and their JSON
# errors read by widgets.js): readable cross-origin, never sniffed.
EMBED_HEADERS = {"Cross-Origin-Resource-Policy": "cross-origin",
                 "X-Content-Type-Options": "nosniff"}


def error(request: HttpRequest, status: int, code: str, message: str,
          param: str | None = None) -> HttpResponse:
    """The public endpoints' JSON error (a 404 is not redirected to
    /<language>/embed/...: cms.core.middleware)."""
    return cors(json_error(status, code, message, param))


def cors(response: HttpResponse) -> HttpResponse:
    for name, value in EMBED_HEADERS.items():
        response[name] = value
    return allow_any_origin(response, expose="ETag")


# GET/HEAD only, CORS preflight. (While the plugin is disabled its URLs answer
# 404 before any view runs: plugins/mount.py.)
embed_endpoint = public_endpoint(
    allow_headers="If-None-Match", expose_headers="ETag", extra_headers=EMBED_HEADERS,
    read_only_message="Use GET.")


def matches(request: HttpRequest, *etags: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    given = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in given or bool(given & set(etags))


def conditional(request: HttpRequest, body: bytes, content_type: str, etag: str,
                cache_control: str, also_matches: tuple[str, ...] = ()) -> HttpResponse:
    if matches(request, etag, *also_matches):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
        response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return cors(response)


def accepts_gzip(request: HttpRequest) -> bool:
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@embed_endpoint
def widgets_js(request: HttpRequest) -> HttpResponse:
    script = build.widget_script()
    gzip_etag = f'"{script.etag.strip(chr(34))}-gzip"'
    versioned = request.GET.get("v") == script.version
    zipped = accepts_gzip(request)
    response = conditional(
        request, script.gzipped if zipped else script.body,
        "text/javascript; charset=utf-8", gzip_etag if zipped else script.etag,
        VERSIONED_CACHE if versioned else SCRIPT_CACHE,
        also_matches=(script.etag, gzip_etag))
    if zipped and response.status_code == 200:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    return response


@embed_endpoint
def type_script_js(request: HttpRequest, element: str) -> HttpResponse:
    """The JavaScript of a widget type that brings its own (WidgetType.script),
    loaded by widgets.js on any site."""
    own = build.script_of(element)
    if own is None:
        return error(request, 404, "not_found",
                     f"No widget type <{element}> with a script of its own.")
    versioned = request.GET.get("v") == own.version
    return conditional(request, own.body, "text/javascript; charset=utf-8",
                       own.etag, VERSIONED_CACHE if versioned else SCRIPT_CACHE)


def _css(request: HttpRequest, css: str, cache_control: str) -> HttpResponse:
    body = css.encode("utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    return conditional(request, body, "text/css; charset=utf-8", etag, cache_control)


@embed_endpoint
def theme_css(request: HttpRequest, name: str) -> HttpResponse:
    theme = available_themes().get(name)
    if theme is None:
        known = ", ".join(sorted(available_themes()))
        return error(request, 404, "not_found", f"No theme {name!r} (known: {known}).")
    return _css(request, themes.stylesheet(theme), THEME_CACHE)


def _organisation_models() -> tuple:
    return tuple(catalogue_type(name).model for name in ("institutions",
                                                          "representations"))


@embed_endpoint
def default_theme_css(request: HttpRequest) -> HttpResponse:
    """The theme of ``?organiser=<public id or slug>`` (an institution's or a
    representation's default widget theme), else the hub's default theme."""
    unknown = sorted(set(request.GET) - {"organiser"})
    if unknown:
        return error(request, 400, "unknown_parameter",
                     f"Unknown parameter {unknown[0]!r}; known: organiser.", unknown[0])
    value = request.GET.get("organiser", "").strip()
    if len(value) > MAX_VALUE:
        return error(request, 400, "invalid_value", "organiser is too long.",
                     "organiser")
    pages = []
    if value:
        try:
            pages = organisation_pages(value, "organiser",
                                       _organisation_models())
        except InvalidParameter as problem:
            return error(request, 400, problem.code, problem.message, problem.param)
    return _css(request, themes.stylesheet(themes.default_theme_for(pages)),
                DEFAULT_THEME_CACHE)


@csrf_exempt  # any method: nothing is here
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error(request, 404, "not_found", f"Nothing at /embed/{rest}.")
