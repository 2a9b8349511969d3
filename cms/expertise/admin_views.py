"""Flat admin listing of all expertise entries with editor-friendly filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelMultipleChoiceFilter
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.institutions.admin_filters import (
    CatalogueFilterSet,
    OrganiserFilter,
    organisation_queryset,
)
from cms.institutions.models import Discipline, InstitutionPage

from .models import ExpertiseKind, ExpertisePage


class ExpertiseFilterSet(CatalogueFilterSet):
    institution = OrganiserFilter(
        label=_("Institution"),
        queryset=lambda request: organisation_queryset(request, (InstitutionPage,)),
        widget=forms.CheckboxSelectMultiple,
    )
    kind = ChoiceFilter(label=_("Kind"), choices=ExpertiseKind.choices,
                        empty_label=_("Any"))
    disciplines = ModelMultipleChoiceFilter(
        label=_("Discipline"), queryset=Discipline.objects.all(), distinct=True,
    )

    class Meta:
        model = ExpertisePage
        fields = []


class ExpertiseListingViewSet(PageListingViewSet):
    model = ExpertisePage
    name = "expertise_listing"
    url_prefix = "expertise"
    icon = "user"
    menu_label = _("Expertise")
    menu_order = 220
    add_to_admin_menu = True
    filterset_class = ExpertiseFilterSet
    columns = PageListingViewSet.columns + [
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
    ]
