"""Request bodies: the catalogue file's record shape (docs/import-format.md)
without the owner (the token's organisation) and with the client's own id as
``external_id``; validated field by field, then written by the content app's
``import_record`` through its upsert service, as the JSON import does."""

from __future__ import annotations

import copy
import json
import uuid
from collections import Counter
from functools import cache
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator
from wagtail.models import Locale, Page

from cms.core.records import Rejected, parse_datetime
from cms.core.registry import catalogue_type
from cms.core.upsert import UpsertResult

# The catalogue file's schema, read from its file: cms.catalogue (the JSON
# import) sits above the API in the layers, its schema file does not.
SCHEMA_PATH = (Path(__file__).resolve().parents[2] / "catalogue" / "schema"
               / "catalogue.schema.json")
#: The writable types: record schema and the field naming the owner.
WRITABLE = {"events": ("event", "organiser"), "expertise": ("expertise", "institution")}
CONTROL_FIELDS = ("publish",)
# Dates a catalogue item may have; beyond them time zone arithmetic overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2999


class Forbidden(Exception):
    """The token's organisation may not do this (a 403)."""


class Invalid(Exception):
    """The body is not a valid item: messages by field (a 422)."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()))
        self.fields = fields


@cache
def catalogue_defs() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"]


@cache
def body_schema(kind: str) -> dict:
    """JSON Schema (2020-12, with the catalogue's ``$defs``) of a full body."""
    record_name, owner = WRITABLE[kind]
    record = copy.deepcopy(catalogue_defs()[record_name])
    properties = {name: value for name, value in record["properties"].items()
                  if name not in ("id", owner) and value is not True}
    properties = {
        "external_id": {"$ref": "#/$defs/id", "description":
                        "The item's id in your own system (the import's `id`)."},
        "title": {"$ref": "#/$defs/i18nTitle"},
        "slug": {"$ref": "#/$defs/i18nText"},
        "summary": {"$ref": "#/$defs/i18nText"},
        **properties,
        **({"keywords": {"type": "array", "items": {  # the tag's column
            "type": "string", "minLength": 1, "maxLength": 100}}}
           if "keywords" in properties else {}),
        "publish": {"type": "boolean", "description":
                    "Publish (default), or submit for review where the token "
                    "may not publish; false saves a draft only."},
    }
    required = ["title"] + [name for name in record["required"] if name != owner]
    return {"$defs": catalogue_defs(), "type": "object", "required": required,
            "properties": properties, "additionalProperties": False}


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _storable(value) -> bool:
    """Text PostgreSQL can store: no NUL character, no lone surrogate."""
    if isinstance(value, str):
        return "\x00" not in value and not any(
            "\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


def parse_body(raw: bytes, *, optional: bool = False) -> dict:
    if not raw.strip() and optional:
        return {}
    try:
        body = json.loads(raw, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Invalid({"body": ["The body is not valid JSON."]}) from None
    if not isinstance(body, dict):
        raise Invalid({"body": ["The body must be a JSON object."]})
    if not _storable(body):
        raise Invalid({"body": ["The body holds a NUL character or an unpaired "
                                "surrogate."]})
    return body


def _field(error, nth: int = 0) -> str:
    """Where in the body ``error`` is; a "required" error comes once per
    missing property, in the schema's order: the nth of them at one place
    names the nth missing property."""
    path = [str(part) for part in error.absolute_path]
    if error.validator == "required":
        missing = [n for n in error.validator_value if n not in (error.instance or {})]
        path.append(missing[nth] if nth < len(missing) else "")
    return ".".join(p for p in path if p) or "body"


def validate(kind: str, body: dict) -> None:
    """Field-by-field errors of the whole body, or nothing."""
    owner = WRITABLE[kind][1]
    fields: dict[str, list[str]] = {}
    for name in body:
        if name in (owner, "id"):
            fields[name] = [f"Not writable: the {owner} is the token's organisation"
                            if name == owner else "Not writable: the public id is "
                            "the URL's; send your own id as external_id."]
    for name in ("start", "end", "registration_deadline"):
        if isinstance(body.get(name), str):
            try:  # the import's own check, reported with the schema's
                when = parse_datetime(body[name], name)
            except Rejected as error:
                fields[name] = [str(error).partition(": ")[2]]
                continue
            if when is not None and not FIRST_YEAR <= when.year <= LAST_YEAR:
                fields[name] = [f"The year must be between {FIRST_YEAR} and "
                                f"{LAST_YEAR}."]
    validator = Draft202012Validator(body_schema(kind))
    required_seen: Counter = Counter()
    for error in validator.iter_errors(body):
        if error.validator == "additionalProperties":
            for name in sorted(set(error.instance) - set(error.schema["properties"])):
                fields.setdefault(name, ["Unknown field."])
            continue
        nth = 0
        if error.validator == "required":
            place = tuple(error.absolute_path)
            nth, required_seen[place] = required_seen[place], required_seen[place] + 1
        fields.setdefault(_field(error, nth), []).append(error.message)
    if fields:
        raise Invalid(fields)


def merge_patch(target, patch):
    """RFC 7396 JSON merge patch: objects merge, null removes, the rest replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


def current_body(kind: str, translations: dict[str, Page]) -> dict:
    """The item's body as it stands (drafts included): the record the JSON
    export would write, less the owner and the public id."""
    main = translations[settings.LANGUAGE_CODE]
    record = catalogue_type(kind).export_record(translations, main)
    record.pop(WRITABLE[kind][1], None)
    record.pop("id", None)
    if main.external_id:
        record["external_id"] = main.external_id
    return record


def find_page(models: list[type[Page]], ref: str) -> Page | None:
    """A page by the ids records use: ``hub-<public id>``, a bare public id,
    or an external id; in the default language."""
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE)
    key = ref.removeprefix("hub-")
    try:
        lookup = {"translation_key": uuid.UUID(key)}
    except ValueError:
        lookup = {"external_id": ref}
    for model in models:
        page = (model.objects.filter(locale__in=default, **lookup)
                .order_by("-live", "path").first())
        if page is not None:
            return page
    return None


class WriteContext:
    """What a type's ``import_record`` asks of a running import, for one
    write: the owner is always the token's organisation."""

    def __init__(self, organisation: Page, *, user, publish: bool,
                 page: Page | None) -> None:
        self.organisation, self.user = organisation, user
        self.publish, self.page = publish, page
        self.result: UpsertResult | None = None

    def common(self, record: dict) -> dict:
        return {"external_id": record.get("external_id", ""),
                "title": record["title"], "slug": record.get("slug") or {},
                "summary": record.get("summary") or {}}

    def ref(self, models: list[type[Page]], ext_id: str, name: str) -> Page:
        if ext_id is OWNER:
            if not isinstance(self.organisation, tuple(models)):
                raise Forbidden(f"A {type(self.organisation)._meta.verbose_name} "
                                f"cannot own this type of item.")
            return self.organisation
        page = find_page(models, ext_id)
        if page is None:
            raise Rejected(f"{name}: unknown id '{ext_id}'.")
        return page

    def upsert(self, kind: str, service, data) -> str:
        self.result = service(data, publish=self.publish,
                              language=settings.LANGUAGE_CODE, page=self.page,
                              user=self.user)
        return self.result.outcome


OWNER = object()  # stands for the token's organisation in a record


def write_record(kind: str, body: dict, context: WriteContext) -> UpsertResult:
    record = {name: value for name, value in body.items()
              if name not in CONTROL_FIELDS}
    record[WRITABLE[kind][1]] = OWNER
    catalogue_type(kind).import_record(context, record)
    assert context.result is not None
    return context.result
