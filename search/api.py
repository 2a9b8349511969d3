"""`/api/v1/search/` and `/api/v1/search/suggest/`: the search service as JSON,
for widgets and other sites. Same parameters as the search page, plus `lang`."""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .service import SearchInputError, SearchResponse, get_search_service
from .views import request_from_params

CACHE_SECONDS = 30


def _error(error: SearchInputError) -> JsonResponse:
    return _public(
        JsonResponse(
            {
                "error": {
                    "code": error.code,
                    "message": error.message,
                    "param": error.param,
                }
            },
            status=400,
        )
    )


def _public(response: JsonResponse) -> JsonResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Vary"] = "Accept-Language"
    return response


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        raise SearchInputError(
            f"Unknown language {language!r}; use one of "
            f"{', '.join(dict(settings.LANGUAGES))}.",
            "lang",
        )
    return language


def serialise(request: HttpRequest, response: SearchResponse) -> dict:
    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if url else ""

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
                **{k: hit.data[k] for k in keep if hit.data.get(k) not in (None, "")},
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


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    try:
        language = _language(request)
        search_request = request_from_params(request.GET, language)
    except SearchInputError as error:
        return _error(error)
    response = get_search_service().search(search_request)
    return _public(JsonResponse(serialise(request, response)))


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    prefix = request.GET.get("q", "")
    try:
        language = _language(request)
        if len(prefix) > 200:
            raise SearchInputError(
                "q is longer than 200 characters.", "q", "query_too_long"
            )
        doc_type = request.GET.get("type", "")
        if doc_type not in ("", "expertise", "event", "organisation"):
            raise SearchInputError(f"Unknown type {doc_type!r}.", "type")
    except SearchInputError as error:
        return _error(error)
    result = get_search_service().suggest(prefix, language, doc_type)
    return _public(
        JsonResponse(
            {
                "prefix": prefix,
                "backend": result.backend,
                "fallback": result.fallback,
                "suggestions": [
                    {
                        "text": s.text,
                        "kind": s.kind,
                        "url": request.build_absolute_uri(s.url) if s.url else "",
                    }
                    for s in result.suggestions
                ],
            }
        )
    )
