"""The OpenAPI 3.0 document, generated from the same Param definitions that the
views validate against, so the contract cannot drift from the code."""

from __future__ import annotations

from search.facets import FACETS_BY_TYPE, SORTS, WHEN_VALUES
from search.service import MAX_PAGE, MAX_PAGE_SIZE

from .filters import LANGUAGES, Param
from .params import COMMON_LIST_PARAMS, DETAIL_PARAMS
from .resources import resources
from .write.openapi import SECURITY_SCHEMES, add_write_operations

NULLABLE_STRING = {"type": "string", "nullable": True}
HEADERS = {
    "ETag": {"schema": {"type": "string"}},
    "Last-Modified": {"schema": {"type": "string"}},
    "Cache-Control": {"schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"schema": {"type": "string"}},
}


def parameter(param: Param) -> dict:
    return {"name": param.name, "in": "query", "required": False,
            "description": param.description, "schema": param.schema}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def responses(schema: dict, not_found: bool = False) -> dict:
    answers = {
        "200": {"description": "OK", "headers": HEADERS,
                "content": {"application/json": {"schema": schema}}},
        "304": {"description": "Not modified (If-None-Match / If-Modified-Since)."},
        "400": {"description": "Invalid parameter.", "content": {
            "application/json": {"schema": ref("Error")}}},
        "429": {"description": "Rate limited; see Retry-After.", "content": {
            "application/json": {"schema": ref("Error")}}},
    }
    if not_found:
        answers["404"] = {"description": "Unknown id.", "content": {
            "application/json": {"schema": ref("Error")}}}
    return answers


def list_schema(item: dict) -> dict:
    return {"type": "object",
            "required": ["count", "page", "page_size", "num_pages", "next",
                         "previous", "lang", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "page_size": {"type": "integer", "minimum": 0},
                "num_pages": {"type": "integer", "minimum": 1},
                "next": {**NULLABLE_STRING, "format": "uri"},
                "previous": {**NULLABLE_STRING, "format": "uri"},
                "lang": {"type": "string", "enum": list(LANGUAGES)},
                "results": {"type": "array", "items": item}}}


COMPONENTS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "param"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "param": NULLABLE_STRING}}}},
    "PageRef": {"type": "object", "nullable": True,
                "required": ["id", "slug", "title", "url"],
                "properties": {"id": {"type": "string", "format": "uuid"},
                               "slug": {"type": "string"},
                               "title": {"type": "string"},
                               "url": {"type": "string"}}},
    "RichText": {"type": "object", "required": ["html", "text"], "properties": {
        "html": {"type": "string"}, "text": {"type": "string"}}},
    "Discipline": {"type": "object", "required": ["code", "slug", "label", "parent"],
                   "properties": {"code": {"type": "string"},
                                  "slug": {"type": "string"},
                                  "label": {"type": "string"},
                                  "parent": NULLABLE_STRING}},
    "Item": {"type": "object",
             "required": ["id", "slug", "lang", "title", "summary", "url"],
             "properties": {"id": {"type": "string", "format": "uuid"},
                            "slug": {"type": "string"},
                            "lang": {"type": "string", "enum": list(LANGUAGES)},
                            "requested_lang": {"type": "string"},
                            "title": {"type": "string"},
                            "summary": {"type": "string"},
                            "url": {"type": "string"},
                            "last_published_at": {**NULLABLE_STRING,
                                                  "format": "date-time"},
                            "extra": {"type": "object", "description":
                                      "Fields added by enabled plugins, one "
                                      "object per plugin app label."}}},
}

EVENT_SCHEMA = {"allOf": [ref("Item"), {"type": "object", "required": [
    "start", "end", "time_zone", "all_day", "status", "event_type"], "properties": {
    "start": {"type": "string", "format": "date-time"},
    "end": {"type": "string", "format": "date-time"},
    "time_zone": {"type": "string"}, "all_day": {"type": "boolean"},
    "status": {"type": "string"}, "event_type": {"type": "string"},
    "when_text": {"type": "string", "description":
                  "Dates, times and zone as one line in `lang`, e.g. "
                  "“Tue, 4 May 2027, 19:00–21:00 Tokyo time” (a recurring "
                  "event's next occurrence; no zone for all-day dates)."},
    "time_zone_label": {"type": "string", "description":
                        "The zone as a city in `lang`, e.g. “Tokyo time”; "
                        "empty for all-day events."},
    "status_label": {"type": "string", "description":
                     "The status in `lang`, e.g. “Cancelled”."},
    "status_notice": {**NULLABLE_STRING, "description":
                      "One sentence for the top of a page or card when the "
                      "status is not `scheduled`, e.g. “This event is "
                      "cancelled.”; null for a scheduled event."},
    "previous_start": {**NULLABLE_STRING, "format": "date-time", "description":
                       "A rescheduled event's originally planned start."},
    "attendance_mode": {"type": "string", "enum": ["offline", "online", "mixed"],
                        "description": "`online` for a moved-online event, "
                        "whatever mode it was planned with."},
    "recurrence": {"type": "object", "nullable": True},
    "venue": {"type": "object", "description":
              "name, address, city, country, latitude, longitude; all null "
              "for a moved-online event (its place is `online_url`)."},
    "online_url": NULLABLE_STRING,
    "organiser": ref("PageRef"),
    "disciplines": {"type": "array", "items": ref("Discipline")},
    "audience": {"type": "array", "items": {"type": "string"}},
    "languages": {"type": "array", "items": {"type": "string"}},
    "body": ref("RichText"),
    "distance_km": {"type": "number"}}}]}


SEARCH_HIT = {"type": "object", "required": ["id", "type", "title", "url", "summary",
                                            "snippet_html"], "properties": {
    "id": {"type": "string", "format": "uuid"},
    "type": {"type": "string", "enum": [t for t in FACETS_BY_TYPE if t]},
    "title": {"type": "string"}, "url": {"type": "string"},
    "summary": {"type": "string"},
    "snippet_html": {"type": "string",
                     "description": "Escaped text with <mark> around matches."}}}
FACET_VALUE = {"type": "object", "required": ["value", "label", "count", "selected"],
               "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                              "count": {"type": "integer", "minimum": 0},
                              "selected": {"type": "boolean"},
                              "parent": {"type": "string"}}}
SEARCH_SCHEMA = {"type": "object", "required": [
    "count", "page", "page_size", "num_pages", "backend", "fallback", "results",
    "facets"], "properties": {
    "count": {"type": "integer", "minimum": 0},
    "page": {"type": "integer", "minimum": 1},
    "page_size": {"type": "integer", "minimum": 1},
    "num_pages": {"type": "integer", "minimum": 1},
    "backend": {"type": "string", "enum": ["elasticsearch", "database"]},
    "fallback": {"type": "boolean", "description":
                 "True when Elasticsearch failed and the database answered."},
    "results": {"type": "array", "items": SEARCH_HIT},
    "facets": {"type": "object", "additionalProperties": {
        "type": "array", "items": FACET_VALUE}}}}
SUGGEST_SCHEMA = {"type": "object", "required": [
    "prefix", "backend", "fallback", "suggestions"], "properties": {
    "prefix": {"type": "string"},
    "backend": {"type": "string", "enum": ["elasticsearch", "database"]},
    "fallback": {"type": "boolean"},
    "suggestions": {"type": "array", "items": {
        "type": "object", "required": ["text", "kind", "url"], "properties": {
            "text": {"type": "string"}, "kind": {"type": "string"},
            "url": {"type": "string"}}}}}}


def search_parameters() -> list[dict]:
    lang = Param("lang", "Language of the results (nl, en, fr, de).",
                 {"type": "string", "enum": list(LANGUAGES)})
    params = [
        lang,
        Param("q", "Free text (any language; synonyms and typos are handled).",
              {"type": "string", "maxLength": 1000}),
        Param("type", "Search one document type; empty searches all.",
              {"type": "string", "enum": [t for t in FACETS_BY_TYPE if t]}),
        Param("when", "Events only: date window.",
              {"type": "string", "enum": list(WHEN_VALUES)}),
        Param("near", "Events within `km` of 'latitude,longitude'.",
              {"type": "string", "pattern": r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$"}),
        Param("km", "Radius for `near`, in km (default 50).",
              {"type": "number", "exclusiveMinimum": True, "minimum": 0,
               "maximum": 20000}),
        Param("sort", "Order of the results.",
              {"type": "string", "enum": list(SORTS)}),
        Param("page", "Page number.",
              {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
        Param("page_size", "Results per page.",
              {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
    ]
    documented = [parameter(p) for p in params]
    facets = sorted({f for names in FACETS_BY_TYPE.values() for f in names} - {"type"})
    for name in facets:
        types = [t or "all" for t, names in FACETS_BY_TYPE.items() if name in names]
        documented.append({
            "name": name, "in": "query", "required": False,
            "description": f"Facet filter, repeatable (OR within a facet); for "
                           f"type {', '.join(types)}; other types answer 400.",
            "schema": {"type": "array", "items": {"type": "string", "maxLength": 100}},
            "style": "form", "explode": True})
    return documented


def build_document(server_url: str) -> dict:
    paths: dict = {}
    for name, spec in resources().items():
        item = EVENT_SCHEMA if name == "events" else ref("Item")
        paths[f"/{name}/"] = {"get": {
            "tags": [spec.tag], "summary": f"List {name}",
            "operationId": f"list_{name}",
            "parameters": [parameter(p) for p in COMMON_LIST_PARAMS + spec.params],
            "responses": responses(list_schema(item))}}
        paths[f"/{name}/{{id}}/"] = {"get": {
            "tags": [spec.tag], "summary": f"One {name} item by public id",
            "operationId": f"get_{name}",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "description": "Public id (translation key).",
                            "schema": {"type": "string", "format": "uuid"}}]
            + [parameter(p) for p in DETAIL_PARAMS],
            "responses": responses(item, not_found=True)}}
    paths["/disciplines/"] = {"get": {
        "tags": ["Disciplines"], "summary": "List disciplines (OECD FOS)",
        "operationId": "list_disciplines",
        "parameters": [parameter(p) for p in DETAIL_PARAMS]
        + [parameter(Param("parent", "Only the children of this discipline code."))],
        "responses": responses(list_schema(ref("Discipline")))}}
    paths["/disciplines/{code}/"] = {"get": {
        "tags": ["Disciplines"], "summary": "One discipline with its children",
        "operationId": "get_discipline",
        "parameters": [{"name": "code", "in": "path", "required": True,
                        "description": "Code such as 1.2 (or 1-2).",
                        "schema": {"type": "string"}}]
        + [parameter(p) for p in DETAIL_PARAMS],
        "responses": responses(ref("Discipline"), not_found=True)}}
    paths["/search/"] = {"get": {
        "tags": ["Search"],
        "summary": "Search expertise, events, institutions and scholarships",
        "operationId": "search", "parameters": search_parameters(),
        "responses": responses(SEARCH_SCHEMA)}}
    paths["/search/suggest/"] = {"get": {
        "tags": ["Search"], "summary": "Autocomplete suggestions for a prefix",
        "operationId": "suggest", "parameters": [
            parameter(Param("q", "The prefix typed so far.",
                            {"type": "string", "maxLength": 200})),
            parameter(Param("lang", "Language of the suggestions.",
                            {"type": "string", "enum": list(LANGUAGES)})),
            parameter(Param("type", "Only suggestions of this document type.",
                            {"type": "string",
                             "enum": [t for t in FACETS_BY_TYPE if t]}))],
        "responses": responses(SUGGEST_SCHEMA)}}
    specs = resources()
    add_write_operations(
        paths, {"events": EVENT_SCHEMA, "expertise": ref("Item")},
        {name: specs[name].tag for name in ("events", "expertise")})
    return {
        "openapi": "3.0.3",
        "info": {"title": "Flanders Academic Hub API", "version": "1.1.0",
                 "description": "JSON API of the hub's public catalogue. Reads: "
                 "GET, CORS for any origin, cached (ETag, Last-Modified), "
                 "rate limited per client IP. Writes (events, expertise): an "
                 "organisation's bearer token, never cached nor cross-origin, "
                 "rate limited per token (docs/write-api.md). Errors: "
                 '{"error": {"code", "message", "param"}}, plus "fields" for '
                 "an invalid item."},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": COMPONENTS, "securitySchemes": SECURITY_SCHEMES},
    }
