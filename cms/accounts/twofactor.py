"""Who needs a second factor, and the devices that provide it (django-otp:
a TOTP authenticator app, plus single-use recovery codes)."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupApprovalTask, GroupPagePermission

RECOVERY_CODES = 10


def is_moderator(user: Any) -> bool:
    """Superusers, and whoever may publish pages or approve reviews: the
    accounts whose theft would publish."""
    if user.is_superuser:
        return True
    return (
        GroupPagePermission.objects.filter(
            group__user=user, permission__codename="publish_page").exists()
        or GroupApprovalTask.objects.filter(groups__user=user, active=True).exists()
    )


def is_required(user: Any) -> bool:
    """HUB_REQUIRE_2FA makes a second factor mandatory for moderators."""
    return bool(getattr(settings, "HUB_REQUIRE_2FA", False)) and is_moderator(user)


def has_device(user: Any) -> bool:
    """Whether ``user`` has a confirmed device (cached on the user object: the
    middleware asks on every admin request)."""
    cached = getattr(user, "_hub_has_otp_device", None)
    if cached is None:
        cached = user._hub_has_otp_device = user_has_device(user, confirmed=True)
    return cached


def pending_totp_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator-app device, made on first use; its
    key stays the same until it is confirmed, so reloading the enrolment page
    does not invalidate a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False)


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """The otpauth:// URL as an inline SVG QR code, made on the server (no
    third-party request, the key never leaves the hub); black on white in
    dark mode too, and as wide as its container."""
    return segno.make(device.config_url, error="m").svg_inline(
        dark="#000", light="#fff", title=title, omitsize=True)


def verify_code(user: Any, code: str) -> Device | None:
    """The confirmed device that accepts ``code`` (app code or recovery code),
    with django-otp's replay protection and per-device throttling."""
    code = code.replace(" ", "").strip().lower()
    if not code:
        return None
    # an app code goes to the app, anything else to the recovery codes: a
    # mistyped app code must not count against (throttle) the recovery codes
    app_code = code.isdigit() and len(code) <= 8
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, StaticDevice) == app_code:
            continue
        verified = otp_verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


@transaction.atomic
def confirm_totp_device(device: TOTPDevice) -> list[str]:
    """Confirms the app device, drops any other, and returns a fresh set of
    recovery codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: Any) -> list[str]:
    """Replaces the user's recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def remaining_recovery_codes(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def remove_devices(user: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
