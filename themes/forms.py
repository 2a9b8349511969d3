"""Admin form of the custom-theme editor (an organisation's theme choice:
cms/institutions/forms.py)."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale, Page

from cms.institutions.models import InstitutionPage, RepresentationPage

from .permissions import managed_organisations


class ColourInput(forms.TextInput):
    """The browser's colour picker; it always submits #rrggbb."""

    input_type = "color"


def organisation_pages(user=None):
    """Institution and representation pages (default language) that ``user``
    may give a theme to; every one of them for superusers."""
    pages = Page.objects.type(InstitutionPage, RepresentationPage).filter(
        locale=Locale.get_default()).order_by("title")
    scope = managed_organisations(user) if user is not None else None
    return pages if scope is None else pages.filter(translation_key__in=scope)


class CustomThemeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        if field is not None:
            choices = organisation_pages(self.for_user)
            if self.instance.organisation_id:  # keep the current owner listed
                choices = choices | Page.objects.filter(pk=self.instance.organisation_id)
            field.queryset = choices
            field.required = True
            if not self.instance.pk and choices.count() == 1:
                field.initial = choices.first().pk
