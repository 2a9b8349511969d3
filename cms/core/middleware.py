"""Request checks that every view would otherwise repeat."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language_from_path

from .http import allow_any_origin, json_error

NUL = "\x00"
#: Every route outside the language prefixes (cms/urls.py includes it first).
LANGUAGE_FREE_URLCONF = "cms.language_free_urls"


class LanguageFreeNotFoundMiddleware:
    """Keeps LocaleMiddleware from redirecting the 404 of a language-free
    endpoint (/api/, /embed/, /oembed, /export/, /plugins/, a .ics, …) to
    /<language>/...: Wagtail's catch-all makes every prefixed path look valid,
    so it would send an API client to an HTML page.

    A path without a language prefix that resolved at all resolved outside
    i18n_patterns (every prefixed route needs the prefix): its 404 is that
    endpoint's own answer. For such a request the response carries the
    language-free URLconf, which LocaleMiddleware reads (request.urlconf) and,
    finding no i18n_patterns in it, leaves the answer alone. It is set on the
    way out only: during the view, reverse() still needs the page routes.
    Unknown unprefixed paths resolve nowhere and are redirected as before.

    Sits right after LocaleMiddleware, so it sees the response first."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (response.status_code == 404
                and getattr(request, "resolver_match", None) is not None
                and not get_language_from_path(request.path_info)
                and getattr(request, "urlconf", None) in (None, settings.ROOT_URLCONF)):
            request.urlconf = LANGUAGE_FREE_URLCONF
        return response


class RejectNulCharactersMiddleware:
    """A NUL character in the query string is never meaningful and PostgreSQL
    refuses it in any text comparison, so a filter carrying one would end in a
    server error deep in a query. The API answers 400 (its contract is strict
    and machine-read); the HTML pages drop the NULs and answer as usual, so a
    visitor with a mangled link still gets a page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = next((name for name, values in request.GET.lists()
                    if NUL in name or any(NUL in v for v in values)), None)
        if bad is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return allow_any_origin(json_error(
                400, "invalid_parameter",
                "Query parameters must not contain NUL characters.",
                bad.replace(NUL, "")))
        cleaned = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            cleaned.setlist(name.replace(NUL, ""), [v.replace(NUL, "") for v in values])
        cleaned._mutable = False
        request.GET = cleaned
        return self.get_response(request)
