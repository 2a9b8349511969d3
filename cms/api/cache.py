"""Server-side cache of API answers.

Every answer is cached under the current *generation*; publishing, unpublishing,
moving or deleting any page starts a new generation, so the very next request
sees the change (old entries simply expire). The generation is the time of the
last change in milliseconds, which doubles as the Last-Modified of every answer.

The answers may sit in a per-process cache (their keys hold the generation);
the generation itself is one database row (models.ContentGeneration), read
once per request, so several server processes never disagree about it.
"""

from __future__ import annotations

import hashlib
import time

from django.db.models import F
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from .models import ContentGeneration

ANSWER_TIMEOUT = 600  # seconds; generations make older entries unreachable anyway


def _now_ms() -> int:
    return int(time.time() * 1000)


def generation() -> int:
    value = ContentGeneration.objects.filter(pk=1).values_list("value", flat=True)
    found = value.first()
    if found is None:
        found = ContentGeneration.objects.get_or_create(
            pk=1, defaults={"value": _now_ms()})[0].value
    return int(found)


def bump_generation(**kwargs) -> None:
    """Start a new generation (strictly later than the current one), in the
    transaction of the change that causes it."""
    updated = ContentGeneration.objects.filter(pk=1).update(
        value=Greatest(F("value") + 1, _now_ms()))
    if not updated:
        ContentGeneration.objects.get_or_create(pk=1, defaults={"value": _now_ms()})


def answer_key(path: str, params: dict[str, str], current: int | None = None) -> str:
    """Key for a normalised query: parameter order and empty values don't matter."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v != "")
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    current = generation() if current is None else current
    return f"hub_api:answer:{current}:{digest}"


page_published.connect(bump_generation, dispatch_uid="hub_api_published")
page_unpublished.connect(bump_generation, dispatch_uid="hub_api_unpublished")
page_slug_changed.connect(bump_generation, dispatch_uid="hub_api_slug")
post_page_move.connect(bump_generation, dispatch_uid="hub_api_moved")


@receiver(post_delete, dispatch_uid="hub_api_deleted")
def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        bump_generation()
