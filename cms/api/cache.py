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
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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

from plugins import registry as plugin_registry

from .models import ContentGeneration

ANSWER_TIMEOUT = 600  # seconds; generations make older entries unreachable anyway


def _now_ms() -> int:
    return int(time.time() * 1000)


_READ_SQL = "SELECT value FROM {table} WHERE id = 1"


def generation() -> int:
    """The current generation. Read on every page and API request (a cache
    hit included), so in plain SQL: the ORM would cost more than the query."""
    from django.db import connections, router

    alias = router.db_for_read(ContentGeneration)
    with connections[alias].cursor() as cursor:
        cursor.execute(_READ_SQL.format(table=ContentGeneration._meta.db_table))
        row = cursor.fetchone()
    found = row[0] if row else None
    if found is None:
        found = ContentGeneration.objects.get_or_create(
            pk=1, defaults={"value": _now_ms()})[0].value
    return int(found)


# Set inside deferred_generation_bump(): {"due": bool}. A context variable, so
# that only the bulk writer's own thread defers; an editor's publish in another
# request bumps at once.
_deferred: ContextVar[dict | None] = ContextVar("hub_generation_deferred",
                                                default=None)


def bump_generation(**kwargs) -> None:
    """Start a new generation (strictly later than the current one), in the
    transaction of the change that causes it; inside
    ``deferred_generation_bump()`` only note that one is due."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred["due"] = True
        return
    updated = ContentGeneration.objects.filter(pk=1).update(
        value=Greatest(F("value") + 1, _now_ms()))
    if not updated:
        ContentGeneration.objects.get_or_create(pk=1, defaults={"value": _now_ms()})


@contextmanager
def deferred_generation_bump() -> Iterator[None]:
    """For bulk writers (imports): inside the block, publishing, moving and
    deleting pages leave the generation row alone, and one bump follows the
    block when anything changed.

    A bulk writer commits record after record; bumping in each record would
    write the one row every publish in the hub also writes, hundreds of times
    a minute, and inside a long transaction it would hold that row's lock until
    the end, so an editor's publish waits (issue 11). Deferred, the import
    never touches the row until it is done: API answers show the imported
    content when the import ends. Nested blocks bump once, at the outermost."""
    if _deferred.get() is not None:
        yield
        return
    state = {"due": False}
    token = _deferred.set(state)
    try:
        yield
    finally:
        _deferred.reset(token)
        if state["due"]:
            bump_generation()


_seen_generation: dict[str, int] = {}


def request_generation(request) -> int:
    """The generation, read once per request: the page cache, the fragment
    caches and the API share the read (memoised on the request). A process
    that sees a new generation also drops its theme registry, so a custom
    theme published through another worker shows in the next page this one
    renders (themes/registry.py otherwise catches up within seconds), and
    the plugin registry learns whether a plugin may have been switched
    (plugins/registry.py)."""
    found = getattr(request, "_hub_generation", None) if request is not None else None
    if found is not None:
        return found
    found = generation()
    if request is not None:
        request._hub_generation = found
    plugin_registry.note_generation(found)
    if _seen_generation.get("value") != found:
        if "value" in _seen_generation:
            from themes.registry import forget_themes

            forget_themes()
        _seen_generation["value"] = found
    return found


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


def _other_public_content(**kwargs) -> None:
    bump_generation()


def connect_other_public_content() -> None:
    """Besides pages, public answers show: privacy settings (a restricted page
    leaves lists and the page cache), discipline labels (snippets), custom
    themes (page styles), plugin switches (widget types, API fields), and the
    sites and locales that routes to pages are found through.
    Called from HubApiConfig.ready(), when every model is loaded."""
    from django.db.models.signals import post_save
    from wagtail.models import Locale, PageViewRestriction, Site
    from wagtail.signals import published, unpublished

    from cms.institutions.models import Discipline
    from plugins.models import PluginState
    from themes.models import CustomTheme

    for model in (PageViewRestriction, Discipline, PluginState, Site, Locale):
        for signal in (post_save, post_delete):
            signal.connect(_other_public_content, sender=model, weak=False,
                           dispatch_uid=f"hub_api_{model.__name__}_{id(signal)}")
    for signal in (published, unpublished, post_delete):
        signal.connect(_other_public_content, sender=CustomTheme, weak=False,
                       dispatch_uid=f"hub_api_theme_{id(signal)}")
