"""The OpenAPI 3.0 document, generated from the same Param definitions that the
views validate against, so the contract cannot drift from the code."""

from __future__ import annotations

from .filters import EVENT_PARAMS, LANGUAGES, Param, _fill_event_enums
from .resources import RESOURCES
from .views import COMMON_LIST_PARAMS, DETAIL_PARAMS

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
                                                  "format": "date-time"}}},
}

EVENT_SCHEMA = {"allOf": [ref("Item"), {"type": "object", "required": [
    "start", "end", "time_zone", "all_day", "status", "event_type"], "properties": {
    "start": {"type": "string", "format": "date-time"},
    "end": {"type": "string", "format": "date-time"},
    "time_zone": {"type": "string"}, "all_day": {"type": "boolean"},
    "status": {"type": "string"}, "event_type": {"type": "string"},
    "attendance_mode": {"type": "string"},
    "recurrence": {"type": "object", "nullable": True},
    "venue": {"type": "object"}, "organiser": ref("PageRef"),
    "disciplines": {"type": "array", "items": ref("Discipline")},
    "audience": {"type": "array", "items": {"type": "string"}},
    "languages": {"type": "array", "items": {"type": "string"}},
    "body": ref("RichText"),
    "distance_km": {"type": "number"}}}]}


def build_document(server_url: str) -> dict:
    _fill_event_enums()
    assert EVENT_PARAMS  # the enum lists are filled in place
    paths: dict = {}
    for name, spec in RESOURCES.items():
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
    return {
        "openapi": "3.0.3",
        "info": {"title": "Flanders Academic Hub read API", "version": "1.0.0",
                 "description": "Read-only JSON API of the hub's public catalogue. "
                 "GET only, CORS for any origin, cached (ETag, Last-Modified), "
                 "rate limited per client IP. Errors: "
                 '{"error": {"code", "message", "param"}}.'},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": COMPONENTS},
    }
