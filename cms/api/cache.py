"""Server-side cache of API answers.

Every answer is cached under the current *generation*; publishing, unpublishing,
moving or deleting any page starts a new generation, so the very next request
sees the change (old entries simply expire). The generation is the time of the
last change in milliseconds, which doubles as the Last-Modified of every answer.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

GENERATION_KEY = "hub_api:generation"
ANSWER_TIMEOUT = 600  # seconds; generations make older entries unreachable anyway


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, int(time.time() * 1000), None)
        value = cache.get(GENERATION_KEY)
    return int(value)


def bump_generation(**kwargs) -> None:
    """Start a new generation (strictly later than the current one)."""
    now = int(time.time() * 1000)
    cache.set(GENERATION_KEY, max(now, generation() + 1), None)


def answer_key(path: str, params: dict[str, str]) -> str:
    """Key for a normalised query: parameter order and empty values don't matter."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v != "")
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    return f"hub_api:answer:{generation()}:{digest}"


page_published.connect(bump_generation, dispatch_uid="hub_api_published")
page_unpublished.connect(bump_generation, dispatch_uid="hub_api_unpublished")
page_slug_changed.connect(bump_generation, dispatch_uid="hub_api_slug")
post_page_move.connect(bump_generation, dispatch_uid="hub_api_moved")


@receiver(post_delete, dispatch_uid="hub_api_deleted")
def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        bump_generation()
