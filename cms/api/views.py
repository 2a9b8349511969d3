"""Views of the read API; each returns plain data, `api_endpoint` does HTTP."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt

from cms.core import serializers
from cms.core.absolute import absolute_url
from cms.institutions import vocabulary

from .filters import (
    InvalidParameter,
    Param,
    localised,
    parse_language,
    restrictions_excluded,
)
from .http import ApiError, api_endpoint, error_response, with_cors
from .openapi import build_document
from .params import (
    COMMON_LIST_PARAMS,
    DEFAULT_PAGE_SIZE,
    DETAIL_PARAMS,
    MAX_PAGE_SIZE,
)
from .resources import Resource, resource, resources


def check_known(request: HttpRequest, params: list[Param]) -> None:
    known = {p.name for p in params}
    for name in request.GET:
        if name not in known:
            raise InvalidParameter(
                "unknown_parameter", f"Unknown parameter '{name}'; known: "
                f"{', '.join(sorted(known))}.", name)


def positive_int(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParameter("invalid_integer", f"{name} must be an integer.",
                               name) from None
    if value < 1:
        raise InvalidParameter("invalid_integer", f"{name} must be at least 1.", name)
    if value > maximum:
        raise InvalidParameter("too_large", f"{name} must be at most {maximum}.", name)
    return value


def page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return absolute_url(f"{request.path}?{query.urlencode()}", request)


def paginate(request: HttpRequest, items, language: str, serialise,
             prefetch=None) -> dict:
    """Page-number pagination with a total count and next/previous links;
    ``prefetch(page_items)`` loads what ``serialise`` reads, for the page at once;
    ``serialise(page_items)`` turns the page's items into a list of dicts."""
    page_size = positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    page = positive_int(request, "page", 1, 10**9)
    count = items.count()
    pages = max(1, -(-count // page_size))
    if page > pages:
        raise InvalidParameter("invalid_page", f"page must be at most {pages}.", "page")
    start = (page - 1) * page_size
    selected = list(items[start:start + page_size])
    if prefetch is not None:
        prefetch(selected)
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "num_pages": pages,
        "next": page_link(request, page + 1) if page < pages else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
        "lang": language,
        "results": serialise(selected),
    }


def _resource(name: str) -> Resource:
    try:
        return resource(name)
    except KeyError:
        raise ApiError(404, "not_found", f"No API endpoint at /api/v1/{name}/; "
                       "the index at /api/v1/ lists them.") from None


def resource_list(request: HttpRequest, resource: str):
    spec = _resource(resource)
    check_known(request, COMMON_LIST_PARAMS + spec.params)
    language = parse_language(request.GET)
    items = spec.select(request.GET, language).select_related("locale")
    return paginate(request, items, language,
                    lambda pages: spec.items(pages, request, language), spec.prefetch)


def resource_detail(request: HttpRequest, resource: str, public_id: str):
    spec = _resource(resource)
    check_known(request, DETAIL_PARAMS)
    language = parse_language(request.GET)
    try:
        key = uuid.UUID(public_id)
    except ValueError:
        raise InvalidParameter("invalid_id", "The id must be a public id (UUID).",
                               "id") from None
    public = restrictions_excluded()  # read once, for both uses
    pages = public(spec.model_class().objects.live()).filter(translation_key=key)
    page = localised(pages, language, public).select_related("locale").first()
    if page is None:
        raise ApiError(404, "not_found", f"No {resource} item with id {key}.", "id")
    if spec.prefetch is not None:
        spec.prefetch([page])
    return spec.item(page, request, language)


def discipline_list(request: HttpRequest):
    check_known(request, DETAIL_PARAMS + [Param("parent", "")])
    language = parse_language(request.GET)
    items = vocabulary.disciplines(request.GET.get("parent", "").replace("-", "."))
    results = [serializers.discipline(d, language) for d in items]
    return {"count": len(results), "page": 1, "page_size": len(results),
            "num_pages": 1, "next": None, "previous": None, "lang": language,
            "results": results}


def discipline_detail(request: HttpRequest, code: str):
    check_known(request, DETAIL_PARAMS)
    language = parse_language(request.GET)
    item = vocabulary.discipline(code.replace("-", "."))
    if item is None:
        raise ApiError(404, "not_found", f"No discipline with code {code}.", "code")
    data = serializers.discipline(item, language)
    data["children"] = [serializers.discipline(c, language)
                        for c in item.children.order_by("code")]
    return data


def openapi_document(request: HttpRequest):
    check_known(request, [])
    return build_document(absolute_url("/api/v1", request))


def api_index(request: HttpRequest):
    """The API's front door: where each endpoint and the docs are."""
    check_known(request, [])
    base = absolute_url("/api/v1", request)
    endpoints = {name: f"{base}/{name}/" for name in resources()}
    endpoints |= {"disciplines": f"{base}/disciplines/", "search": f"{base}/search/",
                  "suggest": f"{base}/search/suggest/"}
    return {"name": "Flanders Academic Hub read API", "version": "v1",
            "docs": f"{base}/docs/", "openapi": f"{base}/openapi.json",
            "endpoints": endpoints}


index_view = api_endpoint(api_index)
list_view = api_endpoint(resource_list)
detail_view = api_endpoint(resource_detail)
disciplines_view = api_endpoint(discipline_list)
discipline_view = api_endpoint(discipline_detail)
openapi_view = api_endpoint(openapi_document)


@api_endpoint
def not_found(request: HttpRequest, rest: str = ""):
    raise ApiError(404, "not_found", f"No API endpoint at {request.path}.")


@csrf_exempt
def docs(request: HttpRequest) -> HttpResponse:
    """Browsable docs: server-rendered from the OpenAPI document, no CDN."""
    if request.method not in ("GET", "HEAD"):
        return with_cors(error_response(405, "method_not_allowed", "Use GET."))
    document = build_document(absolute_url("/api/v1", request))
    html = render_to_string("api/docs.html", {"doc": document,
                                              "query": urlencode({"lang": "en"})})
    return HttpResponse(html)
