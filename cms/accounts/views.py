"""Admin views of two-factor authentication: the sign-in code step, and the
user's own enrolment, recovery codes and removal (from their account)."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import throttle, twofactor
from .forms import CodeForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _private(response: HttpResponse) -> HttpResponse:
    """Pages with keys or recovery codes are never stored by a cache."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store"
    return response


class VerifyView(TemplateView):
    """After the password: the code from the app (or a recovery code). Wrong
    codes count as failed sign-ins for the lockout (cms/accounts/throttle.py)."""

    template_name = "accounts/verify.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_verified() or not twofactor.has_device(user):
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs),
                "form": kwargs.get("form") or CodeForm(),
                "next": _next_url(self.request)}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if throttle.is_locked_out(request, user):
            return throttle.lockout_response(request)
        form = CodeForm(request.POST)
        device = form.is_valid() and twofactor.verify_code(user, form.cleaned_data["code"])
        if device:
            django_otp.login(request, device)
            throttle.clear_failures(request, user)
            if device.__class__.__name__ == "StaticDevice":
                left = twofactor.remaining_recovery_codes(user)
                messages.warning(request, ngettext(
                    "You signed in with a recovery code; %(count)d is left. Make new "
                    "ones under Account → Two-factor authentication.",
                    "You signed in with a recovery code; %(count)d are left. Make new "
                    "ones under Account → Two-factor authentication.", left,
                ) % {"count": left})
            return redirect(_next_url(request))
        throttle.record_failure(request, user)
        if form.is_valid():
            form.add_error("code", _("This code is not right, or was used already. "
                                     "Wait for the next code and try again."))
        return self.render_to_response(self.get_context_data(form=form))


class AccountPageMixin(WagtailAdminTemplateMixin):
    header_icon = "key"

    def show_codes(self, codes: list[str], **extra: Any) -> HttpResponse:
        """The recovery codes, shown this once: afterwards they can only be
        replaced, never listed again."""
        self.page_title = _("Recovery codes")
        context = WagtailAdminTemplateMixin.get_context_data(self)
        return _private(TemplateResponse(self.request, "accounts/recovery_codes.html",
                                         {**context, "codes": codes, **extra}))

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": str(self.get_page_title())},
        ]


class OverviewView(AccountPageMixin, TemplateView):
    template_name = "accounts/overview.html"
    page_title = gettext_lazy("Two-factor authentication")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return {**super().get_context_data(**kwargs),
                "enrolled": twofactor.has_device(user),
                "required": twofactor.is_required(user),
                "moderator": twofactor.is_moderator(user),
                "recovery_codes_left": twofactor.remaining_recovery_codes(user),
                "form": kwargs.get("form") or CodeForm()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Remove the second factor (e.g. to move to a new phone), or make new
        recovery codes; both need a current code, so an unattended signed-in
        browser cannot do either."""
        user = request.user
        action = request.POST.get("action")
        form = CodeForm(request.POST)
        if not (form.is_valid() and twofactor.verify_code(user, form.cleaned_data["code"])):
            form.errors.clear()
            form.add_error("code", _("This code is not right, or was used already."))
            return self.render_to_response(self.get_context_data(form=form))
        if action == "remove":
            # to replace a lost or new phone; where it is required, the
            # middleware sends the user straight back to enrolment
            twofactor.remove_devices(user)
            if twofactor.is_required(user):
                messages.warning(request, _("Set up two-factor authentication again "
                                            "now: it is required for your account."))
                return redirect("hub_accounts:enrol")
            messages.success(request, _("Two-factor authentication is off for your "
                                        "account."))
            return redirect("hub_accounts:overview")
        return self.show_codes(twofactor.new_recovery_codes(user))


class EnrolView(AccountPageMixin, TemplateView):
    """Scan the QR code, type a code to confirm, see the recovery codes once."""

    template_name = "accounts/enrol.html"
    page_title = gettext_lazy("Set up two-factor authentication")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if twofactor.has_device(request.user):
            return redirect("hub_accounts:overview")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        device = twofactor.pending_totp_device(self.request.user)
        return {**super().get_context_data(**kwargs),
                "qr_code": twofactor.qr_code_svg(
                    device, _("QR code to scan with your authenticator app")),
                "secret": b32encode(device.bin_key).decode(),
                "required": twofactor.is_required(self.request.user),
                "form": kwargs.get("form") or CodeForm()}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _private(super().get(request, *args, **kwargs))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        device = twofactor.pending_totp_device(request.user)
        form = CodeForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"].strip()):
            codes = twofactor.confirm_totp_device(device)
            django_otp.login(request, device)
            messages.success(request, _("Two-factor authentication is on for your "
                                        "account."))
            return self.show_codes(codes, enrolled_now=True)
        form.errors.clear()
        form.add_error("code", _("This code is not right. Check the time on your "
                                 "phone and type the code shown now."))
        return _private(self.render_to_response(self.get_context_data(form=form)))
