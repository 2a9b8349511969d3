"""The visitors' search page and its autocomplete endpoint.

Everything is a plain GET form, so results, facets and pages are shareable
URLs and work without JavaScript; search/static/search/autocomplete.js only
adds suggestions while typing."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from .analytics import record_search
from .facets import (
    FACET_TITLES,
    FACETS_BY_TYPE,
    SUGGESTION_KINDS,
    TYPE_TITLES,
    WHEN_TITLES,
)
from .service import Near, SearchInputError, SearchRequest, get_search_service

PAGE_SIZE = 20


def _integer(value: str | None, name: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise SearchInputError(f"{name} must be a whole number.", name) from None


def _near(params) -> Near | None:
    value = params.get("near", "").strip()
    if not value:
        return None
    try:
        lat, lon = (float(part) for part in value.split(","))
        km = float(params.get("km") or 50)
    except ValueError:
        raise SearchInputError("near must be 'latitude,longitude'.", "near") from None
    return Near(lat, lon, km)


def request_from_params(params, language: str) -> SearchRequest:
    """A SearchRequest from GET parameters (shared by the page and the API)."""
    doc_type = params.get("type", "")
    known = set(FACETS_BY_TYPE.get(doc_type, [])) - {"type"}
    unknown = set(params) - known - {"q", "type", "when", "near", "km", "sort",
                                     "page", "page_size", "lang", "format"}
    if unknown:
        name = sorted(unknown)[0]
        raise SearchInputError(f"Unknown parameter {name!r}.", name, "unknown_filter")
    return SearchRequest(
        query=params.get("q", ""), language=language, doc_type=doc_type,
        filters={name: [v for v in params.getlist(name) if v] for name in known
                 if params.getlist(name)},
        when=params.get("when", ""), near=_near(params),
        sort=params.get("sort", "relevance") or "relevance",
        page=_integer(params.get("page"), "page", 1),
        page_size=_integer(params.get("page_size"), "page_size", PAGE_SIZE),
    )


def search_page(request: HttpRequest) -> HttpResponse:
    language = get_language()
    context = {"query": request.GET.get("q", "")[:1000], "type_titles": TYPE_TITLES}
    status = 200
    try:
        search_request = request_from_params(request.GET, language)
    except SearchInputError as error:
        context["error"] = error.message
        status = 400
    else:
        response = get_search_service().search(search_request)
        record_search(request, search_request, response)
        context.update(_result_context(request, search_request, response))
    return render(request, "search/search_page.html", context, status=status)


def _result_context(request, search_request: SearchRequest, response) -> dict:
    params = request.GET.copy()
    params.pop("page", None)

    def url_with(**changes) -> str:
        query = params.copy()
        for key, value in changes.items():
            query.pop(key, None)
            if value not in (None, ""):
                query[key] = value
        return "?" + urlencode(sorted(query.lists()), doseq=True)

    facets = [
        {"name": name, "title": FACET_TITLES[name], "values": values}
        for name, values in response.facets.items() if name not in ("when", "type")
        and values
    ]
    when = [
        {"value": f.value, "label": WHEN_TITLES[f.value], "count": f.count,
         "selected": f.selected, "url": url_with(when="" if f.selected else f.value)}
        for f in response.facets.get("when", [])
    ]
    types = [
        {"value": f.value, "label": TYPE_TITLES.get(f.value, f.value), "count": f.count,
         "url": url_with(type=f.value)}
        for f in response.facets.get("type", [])
    ]
    page = search_request.page
    return {
        "response": response, "facets": facets, "when": when, "types": types,
        "doc_type": search_request.doc_type, "sort": search_request.sort,
        "all_types_url": url_with(type=""),
        "previous_url": url_with(page=page - 1) if page > 1 else "",
        "next_url": url_with(page=page + 1) if page < response.num_pages else "",
        "hidden": [(k, v) for k, values in params.lists() for v in values
                   if k not in ("q", "sort")],
    }


def suggest(request: HttpRequest) -> JsonResponse:
    prefix = request.GET.get("q", "")
    if len(prefix) > 200:
        return JsonResponse({"error": {"code": "query_too_long", "param": "q",
                                       "message": "The prefix is too long."}},
                            status=400)
    doc_type = request.GET.get("type", "")
    if doc_type and doc_type not in FACETS_BY_TYPE:
        return JsonResponse({"error": {"code": "invalid", "param": "type",
                                       "message": f"Unknown type {doc_type!r}."}},
                            status=400)
    result = get_search_service().suggest(prefix, get_language(), doc_type)
    return JsonResponse({
        "prefix": prefix, "backend": result.backend, "fallback": result.fallback,
        "suggestions": [
            {"text": s.text, "kind": s.kind, "url": s.url,
             "kind_label": str(SUGGESTION_KINDS.get(s.kind, s.kind))}
            for s in result.suggestions],
    })
