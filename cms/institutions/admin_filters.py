"""Filters shared by the admin listings of catalogue pages (events, expertise)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelMultipleChoiceFilter
from wagtail.admin.filters import LocaleFilter
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.models import Locale, Page

from .models import InstitutionPage, RepresentationPage
from .visibility import visible_pages


def children_of_any(qs, parents):
    """Pages whose parent is one of ``parents`` (tree paths, no joins)."""
    condition = Q()
    for parent in parents:
        condition |= Q(path__startswith=parent.path, depth=parent.depth + 1)
    return qs.filter(condition) if parents else qs


def organisation_queryset(request, types=(InstitutionPage, RepresentationPage)):
    """Organisations offered as a filter: other organisations' only when live."""
    pages = Page.objects.type(*types).order_by("title").select_related("locale")
    return visible_pages(pages, request.user if request else None)


class OrganiserFilter(ModelMultipleChoiceFilter):
    def filter(self, qs, value):
        return children_of_any(qs, list(value)) if value else qs


class PublicationFilter(ChoiceFilter):
    def filter(self, qs, value):
        if value == "live":
            return qs.filter(live=True)
        if value == "draft":
            return qs.filter(live=False)
        if value == "in-moderation":
            return qs.filter(
                _workflow_states__status="in_progress"
            ).distinct()
        return qs


def locale_choices():
    return [(loc.language_code, loc.get_display_name()) for loc in Locale.objects.all()]


class CatalogueFilterSet(PageFilterSet):
    """Publication status and language, on top of Wagtail's page filters."""

    publication = PublicationFilter(
        label=_("Publication status"),
        choices=[("live", _("Live")), ("draft", _("Draft")),
                 ("in-moderation", _("In moderation"))],
        empty_label=_("Any"),
    )
    locale = LocaleFilter(
        label=_("Language"), choices=locale_choices, empty_label=_("All"),
    )

    class Meta:
        model = Page
        fields = []
