"""Admin listings show other organisations' pages only when they are live
(cms/institutions/visibility.py); views without a hook are replaced in
admin_urls.py and guarded in middleware.py."""

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from .visibility import visible_pages


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_visible_pages(pages: QuerySet, request: HttpRequest) -> QuerySet:
    return visible_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_visible_pages(parent_page: Page, pages: QuerySet,
                                 request: HttpRequest) -> QuerySet:
    return visible_pages(pages, request.user)
