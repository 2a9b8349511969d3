"""The content generation: when public content last changed.

Publishing, unpublishing, moving or deleting any page starts a new
generation, so the very next request sees the change: the page cache, the
fragment caches (cms/core/page_cache.py) and the read API's answer cache key
their entries by it (old entries simply expire). The generation is the time
of the last change in milliseconds, which doubles as the Last-Modified of
every API answer.

It is one database row (models.ContentGeneration), read once per request, so
several server processes never disagree about it. Besides pages, the apps
whose models public answers show (disciplines, plugin switches, custom
themes) connect their changes to :func:`bump_generation` in their ready().
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, router
from django.db.models import F
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from .models import ContentGeneration
from .signals import generation_seen


def _now_ms() -> int:
    return int(time.time() * 1000)


_READ_SQL = "SELECT value FROM {table} WHERE id = 1"


def generation() -> int:
    """The current generation. Read on every page and API request (a cache
    hit included), so in plain SQL: the ORM would cost more than the query."""
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
    ``deferred_generation_bump()`` only note that one is due. Takes any
    keyword arguments, so that it can receive signals directly."""
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


def request_generation(request: HttpRequest | None) -> int:
    """The generation, read once per request: the page cache, the fragment
    caches and the API share the read (memoised on the request). Each read
    is announced through the ``generation_seen`` signal (cms/core/signals.py),
    so that per-process caches of the services (the theme and plugin
    registries) catch up with changes made through another worker."""
    found = getattr(request, "_hub_generation", None) if request is not None else None
    if found is not None:
        return found
    found = generation()
    if request is not None:
        request._hub_generation = found
    previous = _seen_generation.get("value")
    _seen_generation["value"] = found
    generation_seen.send(sender=None, generation=found,
                         changed=previous is not None and previous != found)
    return found


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        bump_generation()


def connect_public_content(models: tuple = (), signals: tuple = (post_save, post_delete),
                           uid: str = "") -> None:
    """Start a new generation whenever one of ``models`` is sent one of
    ``signals``: for apps whose models public answers show besides pages
    (called from their AppConfig.ready())."""
    for model in models:
        for signal in signals:
            signal.connect(bump_generation, sender=model, weak=False,
                           dispatch_uid=f"generation.{uid or model._meta.label_lower}"
                                        f".{id(signal)}")


def connect_page_signals() -> None:
    """Pages, and what routes to them and their privacy depend on: view
    restrictions (a restricted page leaves lists and the page cache), sites
    and locales. Called from CoreConfig.ready()."""
    page_published.connect(bump_generation, dispatch_uid="generation.published")
    page_unpublished.connect(bump_generation, dispatch_uid="generation.unpublished")
    page_slug_changed.connect(bump_generation, dispatch_uid="generation.slug")
    post_page_move.connect(bump_generation, dispatch_uid="generation.moved")
    post_delete.connect(_page_deleted, dispatch_uid="generation.deleted")
    connect_public_content((PageViewRestriction, Site, Locale))
