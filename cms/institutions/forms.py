"""The admin form of organisation pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.core.themes import theme_choices


class OrganisationPageForm(WagtailAdminPageForm):
    """Offers the themes this organisation may choose as a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("default_theme")
        if field is None:
            return
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
