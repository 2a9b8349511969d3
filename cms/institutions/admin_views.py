"""Admin views Wagtail offers no hook for, replaced so that they list other
organisations' pages only when live (cms/institutions/visibility.py)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page, get_page_models
from wagtail_localize.views.report import TranslationsReportView

from .visibility import edit_scope, visible_condition


class PageTypesUsageReport(PageTypesUsageReportView):
    """Wagtail's "Page types usage" report, counting and naming (as "last
    edited page") only the pages the user may see."""

    def get_queryset(self) -> QuerySet:
        queryset = ContentType.objects.filter(model__in=self.page_models)
        base_type = ContentType.objects.get_for_model(Page)
        if not Page.objects.filter(depth__gt=1, content_type=base_type).exists():
            queryset = queryset.exclude(pk=base_type.pk)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)

        cleaned = self.filters.form.cleaned_data
        pages = Page.objects.filter(content_type=OuterRef("pk"))
        counted = Q()
        if language := cleaned.get("page_locale"):
            pages = pages.filter(locale__language_code=language)
            counted &= Q(pages__locale__language_code=language)
        if site_root := cleaned.get("site"):
            pages = pages.filter(path__startswith=site_root)
            counted &= Q(pages__path__startswith=site_root)
        if (visible := visible_condition(self.request.user)) is not None:
            pages = pages.filter(visible)
            counted &= visible_condition(self.request.user, prefix="pages__")
        last_edited = pages.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        return queryset.annotate(
            count=Count("pages", filter=counted),
            last_edited_page_id=Subquery(last_edited.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


class TranslationsReport(TranslationsReportView):
    """wagtail-localize's "Translations" report, a work list: it names a
    page's translations only to those who may edit the page (the report
    shows the title stored when the page was submitted, often a draft one).
    Translations of other objects (snippets) are listed as before."""

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        scope = edit_scope(self.request.user)
        if scope is None:
            return queryset
        in_reach = Q(path__startswith=scope[0]) if scope else Q(pk__in=[])
        for top in scope[1:]:
            in_reach |= Q(path__startswith=top)
        own_source = Page.objects.filter(
            in_reach, translation_key=OuterRef("source__object__translation_key"),
            locale=OuterRef("source__locale"))
        page_types = [ct.pk for ct in ContentType.objects.get_for_models(
            Page, *get_page_models()).values()]
        return queryset.filter(
            ~Q(source__object__content_type__in=page_types) | Exists(own_source))
