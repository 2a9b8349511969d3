"""Serves each request for its user's edit scope (cms/institutions/visibility.py)
and refuses admin views of another organisation's unpublished page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from wagtail.models import Page

from .visibility import edit_scope, in_scope, viewing_as

#: URL keyword arguments through which admin views receive a page id.
PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id",
                  "page_pk")
#: Views that receive page ids another way: URL name -> (kwarg, query parameter).
PAGE_ID_ELSEWHERE = {
    "wagtailadmin_api:pages:detail": ("pk", None),
    "wagtailadmin_choose_page_chosen_multiple": (None, "id"),
}


def _page_ids(request: HttpRequest, view_kwargs: dict[str, Any]) -> set[int]:
    ids = {view_kwargs[name] for name in PAGE_ID_KWARGS if name in view_kwargs}
    match = request.resolver_match
    kwarg, param = PAGE_ID_ELSEWHERE.get(match.view_name if match else "", (None, None))
    if kwarg and kwarg in view_kwargs:
        ids.add(view_kwargs[kwarg])
    if param:
        ids.update(request.GET.getlist(param))
    if match and match.view_name == "wagtail_bulk_action" and (
        view_kwargs.get("app_label"), view_kwargs.get("model_name")
    ) == ("wagtailcore", "page"):
        ids.update(request.GET.getlist("id"))  # the pages to act on
    return {int(i) for i in ids if str(i).isdigit()}


class OrganisationScopeMiddleware:
    """Place after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._admin_prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with viewing_as(lambda: getattr(request, "user", None)):
            return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple,
                     view_kwargs: dict[str, Any]) -> None:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        if not request.path.startswith(self._admin_prefix):
            return None
        ids = _page_ids(request, view_kwargs)
        if not ids:
            return None
        scope = edit_scope(getattr(request, "user", None))
        if scope is None:
            return None
        for path, live in Page.objects.filter(pk__in=ids).values_list("path", "live"):
            if not live and not in_scope(scope, path):
                # as if it did not exist: its id says nothing either
                raise Http404
        return None
