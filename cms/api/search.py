"""`/api/v1/search/` and `/api/v1/search/suggest/`: the search service as JSON,
for widgets and other sites. Same parameters as the search page, plus `lang`
(default `en`, as in the rest of the read API). Part of the read API, so the
search service (search/) knows nothing of the API's parameters and errors."""

from django.http import HttpRequest

from cms.core.absolute import absolute_url
from cms.core.timefmt import zone_label
from search.analytics import record_search
from search.facets import FACETS_BY_TYPE
from search.service import SearchInputError, SearchResponse, get_search_service
from search.views import request_from_params

from .filters import InvalidParameter, parse_language
from .http import api_endpoint

# The search service's error codes in the read API's vocabulary (docs/api.md).
CHOICES = ("type", "sort", "when")
INTEGERS = {"page": "invalid_integer", "page_size": "invalid_integer"}


def _invalid(error: SearchInputError) -> InvalidParameter:
    param = error.param or None
    if error.code == "unknown_filter":
        code = "unknown_parameter"
    elif error.code == "query_too_long":
        code = "too_long"
    elif param in CHOICES:
        code = "invalid_choice"
    elif param in INTEGERS:
        code = INTEGERS[param]
    elif param in ("near", "km"):
        code = "invalid_point"
    else:
        code = "invalid_value"
    return InvalidParameter(code, error.message, param)


def _zone(data: dict, language: str) -> dict:
    """A timed event's zone as the read API names it ("Amsterdam time"), so
    widgets need not fall back to the browser's "Central European Time"."""
    if not data.get("time_zone") or data.get("all_day"):
        return {}
    return {"time_zone_label": zone_label(data["time_zone"], language)}


def _kept(data: dict, keep: tuple[str, ...]) -> dict:
    """The hit's fields the API shows; a moved-online event's old venue
    (place, location) is left out, as on its page and in /events/."""
    if data.get("status") == "moved-online":
        keep = tuple(k for k in keep if k not in ("place", "location"))
    return {k: data[k] for k in keep if data.get(k) not in (None, "")}


def serialise(request: HttpRequest, response: SearchResponse) -> dict:
    def absolute(url: str) -> str:
        return absolute_url(url, request)

    keep = (
        "place",
        "organisations",
        "disciplines",
        "start",
        "end",
        "next_start",
        "time_zone",
        "all_day",
        "recurring",
        "status",
        "location",
    )
    return {
        "count": response.total,
        "page": response.request.page,
        "page_size": response.request.page_size,
        "num_pages": response.num_pages,
        "backend": response.backend,
        "fallback": response.fallback,
        "results": [
            {
                "id": hit.public_id,
                "type": hit.doc_type,
                "title": hit.title,
                "url": absolute(hit.url),
                "summary": hit.summary,
                "snippet_html": hit.snippet,
                **_kept(hit.data, keep),
                **_zone(hit.data, response.request.language),
            }
            for hit in response.hits
        ],
        "facets": {
            name: [
                {
                    "value": f.value,
                    "label": f.label,
                    "count": f.count,
                    "selected": f.selected,
                    **({"parent": f.parent} if f.parent else {}),
                }
                for f in values
            ]
            for name, values in response.facets.items()
        },
    }


@api_endpoint(server_cache=False)
def search(request: HttpRequest) -> dict:
    """CORS, rate limit, ETag/304 and JSON errors come from the read API's
    endpoint wrapper; answers are computed per request (see api_endpoint)."""
    language = parse_language(request.GET)  # the API's default and error
    try:
        search_request = request_from_params(request.GET, language)
    except SearchInputError as error:
        raise _invalid(error) from None
    response = get_search_service().search(search_request)
    record_search(request, search_request, response)
    return serialise(request, response)


@api_endpoint(server_cache=False)
def suggest(request: HttpRequest) -> dict:
    prefix = request.GET.get("q", "")
    language = parse_language(request.GET)
    try:
        if len(prefix) > 200:
            raise SearchInputError(
                "q is longer than 200 characters.", "q", "query_too_long"
            )
        doc_type = request.GET.get("type", "")
        if doc_type not in FACETS_BY_TYPE:
            raise SearchInputError(f"Unknown type {doc_type!r}.", "type")
        unknown = sorted(set(request.GET) - {"q", "lang", "type"})
        if unknown:
            raise SearchInputError(
                f"Unknown parameter {unknown[0]!r}.", unknown[0], "unknown_filter")
    except SearchInputError as error:
        raise _invalid(error) from None
    result = get_search_service().suggest(prefix, language, doc_type)
    return {
        "prefix": prefix,
        "backend": result.backend,
        "fallback": result.fallback,
        "suggestions": [
            {
                "text": s.text,
                "kind": s.kind,
                "url": absolute_url(s.url, request),
            }
            for s in result.suggestions
        ],
    }
