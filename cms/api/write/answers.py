"""The item a write answers with, and its ETag: the read API's item,
serialised from the latest revisions (drafts included). For an item without
a pending draft it is byte for byte the read API's detail, so the ETag a
client got from GET /api/v1/<type>/<id>/ (same ``lang``) is the one If-Match
expects."""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page

from ..filters import language_order
from ..resources import resource


def translations(page: Page) -> dict[str, Page]:
    """Language code -> the translation as it stands (latest revision)."""
    found = {}
    for translation in Page.objects.filter(
            translation_key=page.translation_key).select_related("locale").specific():
        if translation.has_unpublished_changes:
            latest = translation.get_latest_revision_as_object()
            latest.locale = translation.locale
            latest.hub_draft = True  # serialised as it is, not prefetched
            translation = latest
        found[translation.locale.language_code] = translation
    return found


def item_body(kind: str, page: Page, request: HttpRequest,
              language: str) -> bytes:
    spec = resource(kind)
    versions = translations(page)
    chosen = next((versions[code] for code in language_order(language)
                   if code in versions), None) or next(iter(versions.values()))
    if spec.prefetch is not None and not getattr(chosen, "hub_draft", False):
        spec.prefetch([chosen])  # as the read API does: same answer
    data = spec.item(chosen, request, language)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def etag_of(body: bytes) -> str:
    """The read API's ETag of a body (cms/api/http.py, Answer)."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def item_response(kind: str, page: Page, request: HttpRequest, language: str,
                  status: int = 200) -> HttpResponse:
    body = item_body(kind, page, request, language)
    response = HttpResponse(body, status=status, content_type="application/json")
    response["ETag"] = etag_of(body)
    return response


def matches(if_match: str, current: str) -> bool:
    """If-Match against the current ETag: ``*``, or one of a list; a weak
    tag (W/, added by compressing proxies) compares by its value."""
    if if_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == current
               for tag in if_match.split(","))
