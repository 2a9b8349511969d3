"""The endpoint form of the admin: the organisation among those the user
moderates, a URL the hub may reach, a filter the read API would accept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core.registry import catalogue_type

from . import events, filters
from .delivery import address_problem, url_problem
from .models import Endpoint
from .permissions import organisation_choices


class EndpointForm(WagtailAdminModelForm):
    organisation = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Organisation"),
        help_text=gettext_lazy("The institution or representation that manages "
                               "this endpoint."))
    url = forms.CharField(
        label=gettext_lazy("URL"), max_length=1000,
        help_text=gettext_lazy("Where the hub POSTs each event: an https address "
                               "on the public internet."))
    query = forms.CharField(
        label=gettext_lazy("Filter"), max_length=1000, required=False,
        help_text=gettext_lazy("Optional: the read API's filters as a query "
                               "string, e.g. country=JP&discipline=1.2. Empty: "
                               "every item."))
    event_types = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: all of them."))

    class Meta:
        model = Endpoint
        fields = ["name", "organisation", "url", "query", "event_types", "active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices(self.for_user)
        self.fields["event_types"].choices = events.event_choices()

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        problem = url_problem(url) or address_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url

    def clean_query(self) -> str:
        return self.cleaned_data["query"].strip().lstrip("?")

    def clean(self) -> dict:
        cleaned = super().clean()
        query = cleaned.get("query") or ""
        if not query or "event_types" not in cleaned:
            return cleaned
        chosen = {events.resource_of(name) for name in cleaned["event_types"]}
        names = sorted(chosen) or [kind.name for kind in events.webhook_types()]
        for name in names:
            kind = catalogue_type(name)
            for problem in filters.problems(query, kind):
                self.add_error("query", _("%(type)s: %(problem)s") % {
                    "type": events.RESOURCE_LABELS[name], "problem": problem.message})
        return cleaned
