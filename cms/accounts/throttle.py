"""Sign-in throttling with django-axes, for both steps of the admin sign-in.

The password step goes through axes' authentication backend (settings:
AUTHENTICATION_BACKENDS); the code step (views.VerifyView) checks and records
failures here, under the same key: user name and client address, the address
as cms/core/net.py's client_ip() sees it (trusted proxies only)."""

from __future__ import annotations

from math import ceil
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp import user_has_device

from cms.core.net import client_ip


def credentials_for(user: Any) -> dict[str, str]:
    return {"username": user.get_username()}


def is_locked_out(request: HttpRequest, user: Any) -> bool:
    return not AxesProxyHandler.is_allowed(request, credentials_for(user))


def record_failure(request: HttpRequest, user: Any) -> None:
    """Counts a wrong code like a wrong password (axes listens to the signal;
    at the limit it marks the request, and its middleware answers the lockout
    page)."""
    user_login_failed.send(sender=__name__, credentials=credentials_for(user),
                           request=request)


def clear_failures(request: HttpRequest, user: Any) -> None:
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request),
                                    username=user.get_username())


def lockout_response(request: HttpRequest, original_response: Any = None,
                     credentials: Any = None) -> HttpResponse:
    """The lockout page (AXES_LOCKOUT_CALLABLE), in the visitor's language,
    429 with Retry-After."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = render(request, "accounts/lockout.html",
                      {"minutes": max(1, ceil(seconds / 60))}, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


@receiver(user_logged_in, dispatch_uid="hub_accounts_clear_failures")
def clear_failures_on_sign_in(sender: Any, request: HttpRequest | None, user: Any,
                              **kwargs: Any) -> None:
    """A right password completes the sign-in, and forgives earlier
    failures, only for users without a second factor: otherwise a thief of
    the password could guess codes without end by signing in again between
    guesses. Theirs are forgiven when the code is right (views.VerifyView)."""
    if request is not None and not user_has_device(user):
        clear_failures(request, user)
