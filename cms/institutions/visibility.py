"""Unpublished work stays inside its organisation.

Wagtail shows every page it lists in the admin (choosers, reports, the admin
API) with its *draft* title, and lists pages that were never published. For
the hub that leaks embargoed work: an editor of one university would see
another university's unannounced ministerial mission. The rule here:

* a user's *edit scope* is the set of subtrees on which one of their groups
  may add, change or publish pages (their organisation, in every language;
  the Department's groups and superusers: everything);
* outside that scope a page is listed only when it is live (``visible_pages``),
  and always with its live title (``mask_draft_title``).

The title rule is applied where pages are loaded, not where they are shown:
while a request is served (``viewing_as``), every page instance loaded from the
database outside the viewer's scope carries its live title as draft title, so
no template, serializer or view of Wagtail or a plugin can show the draft one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_init, pre_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission, Page

#: Page permissions that make a subtree the user's own: whoever may add,
#: change or publish there works on its drafts anyway.
EDIT_CODENAMES = ("add_page", "change_page", "publish_page")

Scope = tuple[str, ...] | None  # tree paths; None: the whole tree


def edit_scope(user: Any) -> Scope:
    """Tree paths of the subtrees ``user`` may edit; None for everything.
    Cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    if user.is_superuser:
        return None
    cached = getattr(user, "_hub_edit_scope", False)
    if cached is not False:
        return cached
    paths = sorted(set(
        GroupPagePermission.objects.filter(
            group__user=user, permission__content_type__app_label="wagtailcore",
            permission__codename__in=EDIT_CODENAMES,
        ).values_list("page__path", flat=True)
    ))
    # keep the top of each subtree: a path under another adds nothing
    tops: list[str] = []
    for path in paths:
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    # a permission on the tree's root (depth 1) covers everything
    scope: Scope = None if any(len(top) == Page.steplen for top in tops) else tuple(tops)
    user._hub_edit_scope = scope
    return scope


def in_scope(scope: Scope, path: str) -> bool:
    """Whether the page at tree ``path`` lies inside ``scope``."""
    return scope is None or any(path.startswith(top) for top in scope)


def visible_condition(user: Any, prefix: str = "") -> Q | None:
    """The filter for pages ``user`` may see (``prefix``: the lookup path to
    the page, e.g. ``"pages__"``); None when they may see every page."""
    scope = edit_scope(user)
    if scope is None:
        return None
    condition = Q(**{f"{prefix}live": True})
    for top in scope:
        condition |= Q(**{f"{prefix}path__startswith": top})
    return condition


def visible_pages(queryset: QuerySet, user: Any) -> QuerySet:
    """``queryset`` narrowed to the pages ``user`` may see: live ones, and
    drafts inside their edit scope."""
    condition = visible_condition(user)
    return queryset if condition is None else queryset.filter(condition)


# -- the viewer of the current request ----------------------------------------
class _Viewer:
    """The user a request is served for, resolved only when a page is loaded
    (``request.user`` is lazy; most requests never load a page)."""

    def __init__(self, get_user: Any) -> None:
        self._get_user = get_user
        self._scope: Scope | bool = False

    @property
    def scope(self) -> Scope:
        if self._scope is False:
            self._scope = edit_scope(self._get_user())
        return self._scope


_viewer: ContextVar[_Viewer | None] = ContextVar("hub_admin_viewer", default=None)


@contextmanager
def viewing_as(get_user: Any) -> Iterator[None]:
    """Pages loaded inside this block are masked for the user ``get_user()``
    returns (a callable, so that the user is looked up only when needed)."""
    token = _viewer.set(_Viewer(get_user))
    try:
        yield
    finally:
        _viewer.reset(token)


def current_scope() -> Scope:
    """The edit scope of the request being served; None outside requests
    (management commands and tasks see everything)."""
    viewer = _viewer.get()
    return None if viewer is None else viewer.scope


_NEEDED = {"path", "title", "draft_title"}


@receiver(post_init, dispatch_uid="hub_mask_draft_title")
def mask_draft_title(sender: type, instance: Any, **kwargs: Any) -> None:
    """A page loaded for a viewer who may not edit it carries its live title
    as draft title, so Wagtail's ``get_admin_display_title()`` (and anything
    reading ``draft_title``) shows the live one."""
    if not isinstance(instance, Page) or _viewer.get() is None:
        return
    loaded = instance.__dict__  # deferred fields are absent: never load them here
    if not all(loaded.get(name) for name in _NEEDED):
        return  # a page being created, or a partial load (e.g. a deferred field)
    if loaded["draft_title"] == loaded["title"] or in_scope(current_scope(),
                                                            loaded["path"]):
        return  # most pages: no draft title to hide, and no user looked up
    instance._hub_hidden_draft_title = loaded["draft_title"]
    instance.draft_title = loaded["title"]


@receiver(pre_save, dispatch_uid="hub_unmask_draft_title")
def unmask_draft_title(sender: type, instance: Any, **kwargs: Any) -> None:
    """Never write the masked title back: a masked page saved by the system
    during someone else's request keeps its real draft title."""
    hidden = getattr(instance, "_hub_hidden_draft_title", None)
    if hidden is not None and instance.draft_title == instance.title:
        instance.draft_title = hidden


# -- forms ---------------------------------------------------------------------
def narrow_page_choices(form: Any, user: Any) -> None:
    """Limit every page-choice field of an admin form (e.g. an event's
    participating institutions) to the pages ``user`` may see. Invisible pages
    already chosen stay chosen, unseen: ``keep_hidden_choices`` puts them back
    when the form is cleaned."""
    hidden: dict[str, list[int]] = {}
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not issubclass(queryset.model, Page):
            continue
        field.queryset = visible_pages(queryset, user)
        current = form.initial.get(name)
        if current is None or isinstance(current, str | int | Model):
            current = [] if current in (None, "") else [current]
        chosen = [getattr(item, "pk", item) for item in current]  # m2m: any iterable
        if chosen:
            shown = set(field.queryset.filter(pk__in=chosen).values_list("pk", flat=True))
            hidden[name] = [pk for pk in chosen if pk not in shown]
    form._hub_hidden_choices = {k: v for k, v in hidden.items() if v}


def keep_hidden_choices(form: Any, cleaned: dict[str, Any]) -> dict[str, Any]:
    """Add the chosen pages the user could not see back to the cleaned
    many-to-many values, so their edit does not drop them."""
    for name, pks in getattr(form, "_hub_hidden_choices", {}).items():
        value = cleaned.get(name)
        if isinstance(value, QuerySet):
            cleaned[name] = value.model.objects.filter(
                Q(pk__in=value.values("pk")) | Q(pk__in=pks))
    return cleaned
