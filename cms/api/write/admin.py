"""The token screens of the admin: an organisation's moderators (and the
Department's) list, make and revoke its tokens; a new token's secret is
shown once, on the answer to the form, and never again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ApiToken
from .tokens import (
    create_token,
    editors_may_publish,
    manageable_organisations,
    revoke,
)


class TokenForm(forms.Form):
    organisation = forms.TypedChoiceField(label=gettext_lazy("Organisation"),
                                          coerce=int)
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100,
        help_text=gettext_lazy("The system that uses it, e.g. “Events system”; "
                               "page histories show it."))
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.DRAFTS, widget=forms.RadioSelect,
        help_text=gettext_lazy("“Publish” exists only for organisations whose "
                               "editors publish; elsewhere every write goes to "
                               "the review workflow."))

    def __init__(self, *args: Any, organisations: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {page.pk: page for page in organisations}
        self.fields["organisation"].choices = [
            (page.pk, page.title) for page in organisations]
        if not any(editors_may_publish(page) for page in organisations):
            self.fields["scope"].choices = [
                (ApiToken.Scope.DRAFTS.value, ApiToken.Scope.DRAFTS.label)]

    def clean(self) -> dict:
        data = super().clean()
        page = self.organisations.get(data.get("organisation"))
        if page is not None:
            data["organisation"] = page
            if (data.get("scope") == ApiToken.Scope.PUBLISH
                    and not editors_may_publish(page)):
                self.add_error("scope", _(
                    "This organisation's editors cannot publish: its tokens "
                    "save drafts and submit them for review."))
        return data


def _organisations(request: HttpRequest) -> list:
    organisations = manageable_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    return organisations


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store"
    return response


class TokensView(WagtailAdminTemplateMixin, TemplateView):
    """The tokens of the organisations the user manages, and the form for a
    new one; posting it makes the token and shows its secret once."""

    template_name = "api/tokens/index.html"
    page_title = gettext_lazy("API tokens")
    header_icon = "key"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organisations = _organisations(self.request)
        tokens = (ApiToken.objects.filter(organisation__in=organisations)
                  .select_related("organisation", "created_by"))
        form = kwargs.get("form") or TokenForm(organisations=organisations)
        return {**super().get_context_data(**kwargs), "tokens": tokens,
                "form": form}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _private(super().get(request, *args, **kwargs))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TokenForm(request.POST, organisations=_organisations(request))
        if not form.is_valid():
            return _private(self.render_to_response(self.get_context_data(form=form)))
        data = form.cleaned_data
        token, secret = create_token(data["organisation"], data["name"],
                                     data["scope"], request.user)
        self.page_title = _("New API token")
        context = WagtailAdminTemplateMixin.get_context_data(self)
        return _private(TemplateResponse(request, "api/tokens/created.html",
                                         {**context, "token": token,
                                          "secret": secret}))


@require_POST
def revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk,
                              organisation__in=_organisations(request))
    revoke(token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer "
                                "works.") % {"name": token.name})
    return redirect("hub_api_tokens:index")
