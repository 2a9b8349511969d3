from django.db import models

from cms.core.filters import CatalogueFilterSet
from cms.core.models import CataloguePage
from cms.core.records import common
from cms.core.serializers import base


class NoticePage(CataloguePage):
    """A notice on the hub's board: a title, a summary and who posted it."""

    posted_by = models.CharField(max_length=100, blank=True)

    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []

    search_document_type = "notice"
    search_facet_names = ("language",)
    search_type_title = "Notices"
    search_kind_title = "notice"

    def search_body(self) -> str:
        return self.posted_by


class NoticeFilterSet(CatalogueFilterSet):
    """Only the filters every type has (q, sort, ...)."""


def serialise_notice(page, request, language: str) -> dict:
    return base(page, request, language) | {"posted_by": page.posted_by}


def export_notice(pages: dict, main) -> dict:
    return common(pages, main) | {"posted_by": main.posted_by}
