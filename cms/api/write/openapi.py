"""The write operations in the OpenAPI document (cms/api/openapi.py): request
bodies from the same JSON Schema the views validate against, converted to
OpenAPI 3.0's dialect."""

from __future__ import annotations

from ..filters import LANGUAGES
from .records import WRITABLE, body_schema, catalogue_defs

BEARER = [{"bearerToken": []}]
SECURITY_SCHEMES = {"bearerToken": {
    "type": "http", "scheme": "bearer",
    "description": "An organisation's API token, made in the admin "
                   "(Settings › API tokens); docs/write-api.md."}}
VALIDATION_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message", "param"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                   "param": {"type": "string", "nullable": True},
                   "fields": {"type": "object", "additionalProperties": {
                       "type": "array", "items": {"type": "string"}}}}}}}
ERRORS = {
    "400": "Invalid parameter or Idempotency-Key.",
    "401": "No token, or an unknown or revoked one.",
    "403": "Another organisation's item, or a right the token lacks.",
    "404": "No such item.",
    "409": "Another item has this external_id.",
    "412": "If-Match does not match the item's current ETag.",
    "422": "Invalid item (field by field), or an Idempotency-Key reused for "
           "a different request.",
    "429": "Too many writes with this token; see Retry-After.",
}
WRITE_HEADERS = {
    "ETag": {"schema": {"type": "string"}},
    "Hub-Write-State": {"description": "published, in_review, draft or unpublished.",
                        "schema": {"type": "string"}},
    "Idempotent-Replayed": {"description": "true on a replayed answer.",
                            "schema": {"type": "string"}},
}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "description": "Replays the first answer for 24 hours.",
                   "schema": {"type": "string", "minLength": 1, "maxLength": 255}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
            "description": "The ETag you last saw; 412 when the item changed.",
            "schema": {"type": "string"}}
LANG = {"name": "lang", "in": "query", "required": False,
        "description": "Language of the item in the answer.",
        "schema": {"type": "string", "enum": list(LANGUAGES)}}
ID = {"name": "id", "in": "path", "required": True,
      "description": "Public id (translation key).",
      "schema": {"type": "string", "format": "uuid"}}


def openapi_schema(schema, defs: dict):
    """JSON Schema 2020-12 -> OpenAPI 3.0: refs inlined, null as nullable."""
    if isinstance(schema, list):
        return [openapi_schema(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        merged = {**defs[schema["$ref"].rsplit("/", 1)[1]],
                  **{k: v for k, v in schema.items() if k != "$ref"}}
        return openapi_schema(merged, defs)
    options = schema.get("anyOf", [])
    if any(option.get("type") == "null" for option in options):
        rest = [o for o in options if o.get("type") != "null"]
        return {**openapi_schema(rest[0], defs), "nullable": True}
    converted = {}
    for name, value in schema.items():
        if name in ("$defs", "propertyNames"):
            continue
        if name == "type" and isinstance(value, list):
            types = [t for t in value if t != "null"]
            converted["type"] = types[0]
            converted["nullable"] = "null" in value
        elif name == "properties":
            converted[name] = {k: openapi_schema(v, defs) for k, v in value.items()}
        else:
            converted[name] = openapi_schema(value, defs)
    return converted


def request_body(kind: str, *, partial: bool = False) -> dict:
    schema = openapi_schema(body_schema(kind), catalogue_defs())
    if partial:  # a JSON merge patch: any field, null removes one
        schema = {**schema, "required": [], "properties": {
            name: {**value, "nullable": True}
            for name, value in schema["properties"].items()}}
        schema.pop("required")
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def answers(item: dict, status: str, codes: list[str]) -> dict:
    headers = WRITE_HEADERS | ({"Location": {"schema": {"type": "string"}}}
                               if status == "201" else {})
    result = {status: {"description": "The item as the read API shows it "
                       "(drafts included).", "headers": headers,
                       "content": {"application/json": {"schema": item}}}}
    for code in codes:
        schema = VALIDATION_ERROR if code == "422" else {
            "$ref": "#/components/schemas/Error"}
        result[code] = {"description": ERRORS[code],
                        "content": {"application/json": {"schema": schema}}}
    return result


def add_write_operations(paths: dict, item_schemas: dict[str, dict],
                         tags: dict[str, str]) -> None:
    """POST on the list, PUT/PATCH/DELETE on the item, POST …/cancel (events)."""
    common = ["400", "401", "403", "404", "409", "412", "422", "429"]
    for kind in WRITABLE:
        item, tag = item_schemas[kind], [tags[kind]]
        paths[f"/{kind}/"]["post"] = {
            "tags": tag, "summary": f"Create a {kind} item", "security": BEARER,
            "operationId": f"create_{kind}", "parameters": [LANG, IDEMPOTENCY_KEY],
            "requestBody": request_body(kind),
            "responses": answers(item, "201", common)}
        detail = paths[f"/{kind}/{{id}}/"]
        detail["put"] = {
            "tags": tag, "summary": f"Replace a {kind} item", "security": BEARER,
            "operationId": f"replace_{kind}",
            "parameters": [ID, LANG, IF_MATCH, IDEMPOTENCY_KEY],
            "requestBody": request_body(kind),
            "responses": answers(item, "200", common)}
        detail["patch"] = {
            "tags": tag, "summary": f"Change fields of a {kind} item (JSON merge "
            "patch, RFC 7396)", "security": BEARER, "operationId": f"patch_{kind}",
            "parameters": [ID, LANG, IF_MATCH, IDEMPOTENCY_KEY],
            "requestBody": request_body(kind, partial=True),
            "responses": answers(item, "200", common)}
        detail["delete"] = {
            "tags": tag, "summary": f"Unpublish a {kind} item (the page and its "
            "revisions stay)", "security": BEARER, "operationId": f"delete_{kind}",
            "parameters": [ID, LANG, IF_MATCH, IDEMPOTENCY_KEY],
            "responses": answers(item, "200", common)}
    paths["/events/{id}/cancel"] = {"post": {
        "tags": [tags["events"]], "summary": "Cancel an event (it stays published, "
        "marked cancelled)", "security": BEARER, "operationId": "cancel_events",
        "parameters": [ID, LANG, IF_MATCH, IDEMPOTENCY_KEY],
        "requestBody": {"required": False, "content": {"application/json": {
            "schema": {"type": "object", "additionalProperties": False,
                       "properties": {"publish": {"type": "boolean"}}}}}},
        "responses": answers(item_schemas["events"], "200", common)}}
