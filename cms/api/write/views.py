"""The write operations: authenticate the token, limit its rate, honour
Idempotency-Key and If-Match, write through the upsert services as the
token's user, publish or submit for review as its organisation's editors
would. Never cached, never cross-origin (tokens are for servers)."""

from __future__ import annotations

import functools
import uuid

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page, WorkflowState

from cms.core.absolute import absolute_url
from cms.core.http import json_error, json_response
from cms.core.records import Rejected
from cms.core.upsert import UpsertError

from ..filters import InvalidParameter, parse_language
from ..http import over_limit, parse_rate
from ..models import ApiToken
from ..resources import resource
from . import records
from .answers import item_response, matches, translations
from .idempotency import idempotent
from .tokens import find_token

REALM = 'Bearer realm="Flanders Academic Hub"'
#: The page's fields by their place in the body, for its validation errors.
BODY_FIELDS = {"__all__": "body", "venue_name": "venue.name",
               "venue_address": "venue.address", "venue_city": "venue.city",
               "venue_country": "venue.country", "latitude": "venue.latitude",
               "longitude": "venue.longitude", "external_id": "external_id"}
READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")
#: Up to this many values, a wrong choice's message lists them (event types,
#: statuses; not the hundreds of time zones or countries).
SHORT_CHOICE_LIST = 20


class WriteError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param


def invalid_response(fields: dict[str, list[str]]) -> HttpResponse:
    first = next(iter(fields))
    return json_response({"error": {
        "code": "invalid", "param": first, "fields": fields,
        "message": f"The item is not valid: {first}: {' '.join(fields[first])}"
                   + (f" (and {len(fields) - 1} more)" if len(fields) > 1 else "")}},
        422)


def unauthorized(code: str, message: str) -> HttpResponse:
    response = json_error(401, code, message)
    response["WWW-Authenticate"] = (REALM if code == "unauthorized"
                                    else f'{REALM}, error="invalid_token"')
    return response


def authenticate(request: HttpRequest) -> ApiToken | HttpResponse:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return unauthorized("unauthorized", "Send the organisation's API token: "
                            "Authorization: Bearer <token>.")
    token = find_token(secret.strip())
    if token is None:
        return unauthorized("invalid_token", "The token is unknown or revoked.")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def write_endpoint(operation):
    """Everything a write shares around ``operation(request, token, ...)``."""
    @functools.wraps(operation)
    def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = authenticate(request)
        if isinstance(token, HttpResponse):
            response = token
        elif limited := over_limit(f"token:{token.pk}", parse_rate(
                getattr(settings, "HUB_WRITE_API_RATE_LIMIT", "120/60"))):
            response = limited
        else:
            response = idempotent(request, token, lambda: answer(
                operation, request, token, *args, **kwargs))
        response["Cache-Control"] = "no-store"
        return response
    return endpoint


def answer(operation, request, token, *args, **kwargs) -> HttpResponse:
    # Messages in English, as all of the API's (validation messages would
    # otherwise be in the site's default language).
    with translation.override("en"):
        return _answer(operation, request, token, *args, **kwargs)


def _answer(operation, request, token, *args, **kwargs) -> HttpResponse:
    try:
        with transaction.atomic():
            return operation(request, token, *args, **kwargs)
    except WriteError as error:
        return json_error(error.status, error.code, error.message, error.param)
    except InvalidParameter as error:
        return json_error(400, error.code, error.message, error.param)
    except records.Forbidden as error:
        return json_error(403, "forbidden", str(error))
    except records.Invalid as error:
        return invalid_response(error.fields)
    except Rejected as error:
        field, _, message = str(error).partition(": ")
        return invalid_response({field: [message or str(error)]})
    except UpsertError as error:
        return invalid_response({error.field or "body": [error.message]})
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            kind = kwargs.get("resource")
            model = resource(kind).model_class() if kind in records.WRITABLE else None
            return invalid_response({
                BODY_FIELDS.get(name, name): field_messages(model, name, errs)
                for name, errs in error.error_dict.items()})
        return invalid_response({"body": error.messages})


def field_messages(model, name: str, errors: list[ValidationError]) -> list[str]:
    """A field's messages; a wrong choice also names the values it takes, so
    the client can correct it without reading the docs."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    choices = [str(value) for value, _label in getattr(field, "choices", None) or ()]
    hint = (f" Choose one of: {', '.join(choices)}."
            if 0 < len(choices) <= SHORT_CHOICE_LIST else "")
    return [message + (hint if error.code == "invalid_choice" else "")
            for error in errors for message in error.messages]


# -- the item and the token's rights on it ---------------------------------------
def item_page(kind: str, public_id: str) -> Page:
    try:
        key = uuid.UUID(public_id)
    except ValueError:
        raise WriteError(404, "not_found", "The id must be a public id (UUID).",
                         "id") from None
    page = (resource(kind).model_class().objects
            .filter(translation_key=key, locale__language_code=settings.LANGUAGE_CODE)
            .first())
    if page is None:
        raise WriteError(404, "not_found", f"No {kind} item with id {key}.", "id")
    return page


def owned(token: ApiToken, page: Page) -> Page:
    """``page``, when it belongs to the token's organisation (any language)."""
    parent = page.get_parent()
    if parent is None or parent.translation_key != token.organisation.translation_key:
        raise WriteError(403, "forbidden",
                         "This item belongs to another organisation.", "id")
    return page


def check_if_match(request: HttpRequest, kind: str, page: Page, language: str) -> None:
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return
    current = item_response(kind, page, request, language)["ETag"]
    if not matches(if_match, current):
        raise WriteError(412, "precondition_failed",
                         f"The item changed: its ETag is now {current}. GET it, "
                         "apply your change again and send the new ETag.",
                         "If-Match")


def wants_publish(body: dict) -> bool:
    return body.get("publish", True) is not False


def check_external_id(kind: str, body: dict, page: Page | None) -> None:
    """An external id names one item: another item's is a 409, never a
    takeover of that item (of this organisation or another)."""
    external_id = body.get("external_id")
    if not external_id:
        return
    other = records.find_page([resource(kind).model_class()], external_id)
    if other is not None and (page is None or other.pk != page.pk):
        raise WriteError(409, "conflict", f"Another {kind} item has external_id "
                         f"'{external_id}'; update that one (PUT or PATCH).",
                         "external_id")


def submit_for_review(pages, user) -> bool:
    """What an editor's "Submit for moderation" does, for each translation:
    start the organisation's workflow, or resume it after "changes requested".
    False when no workflow applies (the draft simply waits)."""
    submitted = False
    for page in pages:
        workflow = page.get_workflow()
        if workflow is None:
            continue
        state = page.current_workflow_state
        if state is None:
            workflow.start(page, user)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        submitted = True
    return submitted


def save(kind: str, token: ApiToken, body: dict, page: Page | None,
         request: HttpRequest, status: int) -> HttpResponse:
    """Writes ``body`` (a whole item) and answers with the item."""
    language = parse_language(request.GET)
    records.validate(kind, body)
    check_external_id(kind, body, page)
    user = token.user
    where = token.organisation if page is None else page
    rights = where.permissions_for_user(user)
    allowed = rights.can_add_subpage() if page is None else rights.can_edit()
    if not allowed or (page is not None and rights.page_locked()):
        raise WriteError(403, "forbidden", "The organisation's editors may not "
                         "change this item now (a moderator may have locked it).")
    may_publish = (token.scope == ApiToken.Scope.PUBLISH and (
        rights.can_publish_subpage() if page is None else rights.can_publish()))
    publish = wants_publish(body) and may_publish
    context = records.WriteContext(token.organisation.specific, user=user,
                                   publish=publish, page=page)
    result = records.write_record(kind, body, context)
    state = "published" if publish else "draft"
    if wants_publish(body) and not publish and submit_for_review(
            result.translations.values(), user):
        state = "in_review"
    response = item_response(kind, result.page, request, language, status)
    response["Hub-Write-State"] = state
    if result.skipped:  # languages the organisation has no translation in
        response["Hub-Write-Skipped"] = ", ".join(sorted(result.skipped))
    if status == 201:
        response["Location"] = absolute_url(
            f"/api/v1/{kind}/{result.page.translation_key}/", request)
    return response


def updated_item(request: HttpRequest, token: ApiToken, kind: str,
                 public_id: str) -> tuple[Page, str]:
    page = owned(token, item_page(kind, public_id))
    language = parse_language(request.GET)
    check_if_match(request, kind, page, language)
    return page, language


# -- the operations ------------------------------------------------------------------
@write_endpoint
def create(request: HttpRequest, token: ApiToken, resource: str) -> HttpResponse:
    body = records.parse_body(request.body)
    return save(resource, token, body, None, request, 201)


@write_endpoint
def replace(request: HttpRequest, token: ApiToken, resource: str,
            public_id: str) -> HttpResponse:
    page, _language = updated_item(request, token, resource, public_id)
    body = records.parse_body(request.body)
    return save(resource, token, body, page, request, 200)


@write_endpoint
def patch(request: HttpRequest, token: ApiToken, resource: str,
          public_id: str) -> HttpResponse:
    page, _language = updated_item(request, token, resource, public_id)
    changes = records.parse_body(request.body)
    current = records.current_body(resource, translations(page))
    body = records.merge_patch(current, changes)
    return save(resource, token, body, page, request, 200)


@write_endpoint
def cancel(request: HttpRequest, token: ApiToken, resource: str,
           public_id: str) -> HttpResponse:
    page, _language = updated_item(request, token, resource, public_id)
    options = records.parse_body(request.body, optional=True)
    unknown = sorted(set(options) - set(records.CONTROL_FIELDS))
    if unknown:
        raise records.Invalid({name: ["Unknown field: cancel takes only "
                                      "'publish'."] for name in unknown})
    body = records.current_body(resource, translations(page))
    body |= {"status": "cancelled"} | options
    return save(resource, token, body, page, request, 200)


@write_endpoint
def unpublish(request: HttpRequest, token: ApiToken, resource: str,
              public_id: str) -> HttpResponse:
    """DELETE: the item goes off line; the page and its revisions stay."""
    page, language = updated_item(request, token, resource, public_id)
    user = token.user
    if token.scope != ApiToken.Scope.PUBLISH or not page.permissions_for_user(
            user).can_unpublish():
        raise WriteError(403, "forbidden", "Unpublishing needs a token with the "
                         "publish scope, of an organisation whose editors "
                         "publish; ask a moderator otherwise.")
    for live in Page.objects.filter(translation_key=page.translation_key,
                                    live=True).specific():
        live.unpublish(user=user)
    response = item_response(resource, Page.objects.get(pk=page.pk).specific,
                             request, language)
    response["Hub-Write-State"] = "unpublished"
    return response


# -- routing: reads go to the read API, writes here ------------------------------------
def method_not_allowed(allowed: str) -> HttpResponse:
    response = json_error(405, "method_not_allowed", f"Use {allowed}.")
    response["Allow"] = allowed
    return response


def by_method(read_view, writes: dict):
    """One URL, two APIs: GET, HEAD and OPTIONS (and anything on a type that
    takes no writes) reach ``read_view`` unchanged; writes their operation."""
    @csrf_exempt
    @functools.wraps(read_view)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (request.method in READ_ONLY_METHODS
                or kwargs.get("resource") not in records.WRITABLE):
            return read_view(request, *args, **kwargs)
        operation = writes.get(request.method)
        if operation is None:
            return method_not_allowed(", ".join(["GET", "HEAD", "OPTIONS", *writes]))
        return operation(request, *args, **kwargs)
    return view


@csrf_exempt
def cancel_view(request: HttpRequest, resource: str, public_id: str) -> HttpResponse:
    if request.method != "POST":
        return method_not_allowed("POST")
    return cancel(request, resource=resource, public_id=public_id)

