"""The second sign-in step: after the password, the admin asks for the code
of a user who has a device; with HUB_REQUIRE_2FA a moderator without one is
sent to enrolment before anything else. Place after django-otp's
OTPMiddleware (which tells whether the session was verified)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .twofactor import has_device, is_required

#: Admin views a half-signed-in user may reach: signing out, assets, and the
#: two-factor step itself.
ALWAYS_OPEN = {
    "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite", "wagtail_localize:javascript_catalog",
}
VERIFY = "hub_accounts:verify"
ENROL = "hub_accounts:enrol"


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._admin_prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple,
                     view_kwargs: dict[str, Any]) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        verified = user.is_verified()
        if not request.path.startswith(self._admin_prefix):
            if not verified and has_device(user):
                # half signed in: the rest of the site sees a visitor
                request.user = AnonymousUser()
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS_OPEN or verified:
            return None
        if has_device(user):
            return None if name == VERIFY else self._send_to(VERIFY, request)
        if is_required(user):
            return None if name == ENROL else self._send_to(ENROL, request)
        return None

    @staticmethod
    def _send_to(view_name: str, request: HttpRequest) -> HttpResponse:
        url = reverse(view_name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
