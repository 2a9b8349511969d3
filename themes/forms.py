"""Admin forms: the custom-theme editor and the organisations' theme choice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.models import Locale, Page


class ColourInput(forms.TextInput):
    """The browser's colour picker; it always submits #rrggbb."""

    input_type = "color"


def organisation_pages(user=None):
    """Institution and representation pages (default language) that ``user``
    may give a theme to; every one of them for superusers."""
    from cms.institutions.models import InstitutionPage, RepresentationPage

    from .permissions import managed_organisations

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


class OrganisationPageForm(WagtailAdminPageForm):
    """Offers the themes this organisation may choose as a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("default_theme")
        if field is None:
            return
        from .registry import theme_choices

        key = self.instance.translation_key if self.instance.pk else None
        choices = [("", _("The hub's default theme"))] + theme_choices(key)
        current = self.instance.default_theme
        if current and current not in dict(choices):
            choices.append((current, _("%(name)s (not available: the hub's default "
                                       "is used)") % {"name": current}))
        field.widget = forms.Select(choices=choices)
        field.label = _("Default theme")
        field.help_text = _("Theme of this organisation's pages on the hub and of its "
                            "embedded widgets: a built-in theme or one of the "
                            "organisation's own published themes.")
