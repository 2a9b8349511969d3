"""``Idempotency-Key``: the first answer to a key is stored with the write,
in the same transaction, and replayed for 24 hours.

The row is inserted before the write: a concurrent request with the same key
waits on the unique constraint until the first commits, then replays its
answer, so a retried POST creates one item."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cms.core.http import json_error

from ..models import ApiToken, IdempotencyKey

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
MAX_LENGTH = 255
#: Answer headers a replay repeats.
KEPT_HEADERS = ("Location", "ETag", "Hub-Write-State", "Hub-Write-Skipped")


def fingerprint(request: HttpRequest) -> str:
    """What "the same request" means: method, path, query and body."""
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get(
            "QUERY_STRING", "")):
        digest.update(part.encode() + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status,
                            content_type="application/json")
    for name, value in record.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request: HttpRequest, token: ApiToken,
               write: Callable[[], HttpResponse]) -> HttpResponse:
    """``write()``'s answer, or the stored answer of an earlier request with
    the same key (422 when that request was a different one)."""
    key = request.headers.get(HEADER)
    if key is None:
        return write()
    if not key.strip() or len(key) > MAX_LENGTH or not key.isascii():
        return json_error(400, "invalid_idempotency_key",
                          f"{HEADER} must be 1 to {MAX_LENGTH} ASCII characters.",
                          HEADER)
    IdempotencyKey.objects.filter(
        token=token, created_at__lt=timezone.now() - LIFETIME).delete()
    this_request = fingerprint(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(token=token, key=key,
                                                       fingerprint=this_request)
        except IntegrityError:  # an earlier request has this key
            record = None
        if record is not None:
            response = write()
            record.status = response.status_code
            record.body = response.content
            record.headers = {name: response[name] for name in KEPT_HEADERS
                              if response.has_header(name)}
            record.save(update_fields=["status", "body", "headers"])
            return response
    earlier = IdempotencyKey.objects.get(token=token, key=key)
    if earlier.fingerprint != this_request:
        return json_error(422, "idempotency_key_reused",
                          f"This {HEADER} was used for a different request in "
                          "the last 24 hours; use a new key.", HEADER)
    if earlier.status is None:
        return json_error(409, "idempotency_key_in_use",
                          f"A request with this {HEADER} is still running.", HEADER)
    return replay(earlier)
