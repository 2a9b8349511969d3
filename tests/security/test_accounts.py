"""Accounts (issue 11, point 4): sign-in throttling and lockout, password
rules, and TOTP two-factor authentication, through the real admin views.

TOTP codes are computed here with django-otp's own TOTP implementation from
the device's key, as an authenticator app would."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Site
from wagtail.test.utils.form_data import querydict_from_html

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # noqa: S105 - test account
LOGIN = "/admin/login/"
VERIFY = "/admin/two-factor/verify/"
ENROL = "/admin/two-factor/enrol/"


def make_user(username: str, *groups: str, superuser: bool = False):
    users = get_user_model().objects
    create = users.create_superuser if superuser else users.create_user
    user = create(username, f"{username}@example.org", PASSWORD)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def sign_in(client, username: str, password: str = PASSWORD, address: str = "127.0.0.1",
            **headers):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=address, **headers)


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def in_dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


@pytest.fixture
def kul(db):
    """An organisation's editor and moderator groups, as
    cms/institutions/permissions.py makes them (without the page tree, which
    these tests do not need): editors add and change pages, moderators also
    publish them."""
    root = Page.get_first_root_node()
    access = Permission.objects.get(content_type__app_label="wagtailadmin",
                                    codename="access_admin")
    rights = {"editors": ["add_page", "change_page"],
              "moderators": ["add_page", "change_page", "publish_page"]}
    for suffix, codenames in rights.items():
        group = Group.objects.create(name=f"KU Leuven {suffix}")
        group.permissions.add(access)
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=root, permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename))


@pytest.fixture
def editor(kul):
    return make_user("kul-editor", "KU Leuven editors")


@pytest.fixture
def moderator(kul):
    return make_user("kul-moderator", "KU Leuven moderators")


# -- throttling and lockout ---------------------------------------------------------
def test_wrong_passwords_lock_the_user_out_at_that_address_until_the_cool_off(
    client, editor, moderator
):
    for attempt in range(4):
        response = sign_in(client, "kul-editor", f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, with an error
    locked = sign_in(client, "kul-editor", "wrong-4")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60

    # the right password no longer works from there ...
    response = sign_in(client, "kul-editor")
    assert response.status_code == 429 and not signed_in(client)
    # ... while another user at that address, and the same user elsewhere, can
    assert sign_in(client, "kul-moderator").status_code == 302 and signed_in(client)
    client.logout()
    assert sign_in(client, "kul-editor", address="203.0.113.9").status_code == 302
    assert signed_in(client)
    client.logout()

    # 15 minutes after the last failure the lockout ends
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in(client, "kul-editor").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "kul-editor").status_code == 302 and signed_in(client)


def test_a_client_cannot_escape_the_lockout_by_writing_x_forwarded_for(
    client, editor, settings
):
    """Only a trusted proxy's X-Forwarded-For counts (cms/core/net.py)."""
    settings.HUB_TRUSTED_PROXIES = ["10.0.0.1"]
    for attempt in range(5):
        sign_in(client, "kul-editor", "wrong", address="198.51.100.7",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    assert sign_in(client, "kul-editor", address="198.51.100.7",
                   HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"

    # behind the trusted proxy, each visitor is counted on their own address
    for _ in range(5):
        sign_in(client, "kul-editor", "wrong", address="10.0.0.1",
                HTTP_X_FORWARDED_FOR="192.0.2.50")
    assert sign_in(client, "kul-editor", address="10.0.0.1",
                   HTTP_X_FORWARDED_FOR="192.0.2.50").status_code == 429
    assert sign_in(client, "kul-editor", address="10.0.0.1",
                   HTTP_X_FORWARDED_FOR="192.0.2.51").status_code == 302


@pytest.mark.parametrize(("language", "phrase"), [
    ("nl", "Te veel mislukte aanmeldpogingen"),
    ("en", "Too many failed sign-in attempts"),
    ("fr", "Trop de tentatives de connexion échouées"),
    ("de", "Zu viele fehlgeschlagene Anmeldeversuche"),
])
def test_the_lockout_page_is_translated(client, editor, language, phrase):
    for _ in range(5):
        response = sign_in(client, "kul-editor", "wrong", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    html = response.content.decode()
    assert phrase in html and "15" in html
    if language != "en":
        assert "Too many failed sign-in attempts" not in html


# -- password rules ------------------------------------------------------------------
def test_passwords_containing_the_user_name_are_refused(editor):
    for password in ("kul-editor123456", "KUL-EDITOR123456", "123456Kul-Editor"):
        with pytest.raises(ValidationError) as refused:
            validate_password(password, editor)
        codes = [error.code for error in refused.value.error_list]
        assert "password_contains_username" in codes
    validate_password("mauve-otter-cycles-42", editor)  # a good one passes


def test_the_admin_refuses_them_when_creating_a_user_and_changing_a_password(client, kul):
    root = make_user("root", superuser=True)
    client.force_login(root)
    refused = in_dutch("The password must not contain your user name.")
    create = querydict_from_html(client.get("/admin/users/new/").content.decode(),
                                 form_id=None)
    for password in ("carol123456", "CAROL123456"):
        data = create.copy()
        data.update({"username": "carol", "email": "carol@example.org",
                     "first_name": "Carol", "last_name": "Peeters",
                     "password1": password, "password2": password})
        response = client.post("/admin/users/new/", data)
        assert response.status_code == 200, "the form again, with the error"
        assert refused in response.content.decode()
        assert not get_user_model().objects.filter(username="carol").exists()

    # a user changing their own password in their account settings
    editor = make_user("kul-editor", "KU Leuven editors")
    client.force_login(editor)
    account = querydict_from_html(client.get("/admin/account/").content.decode(),
                                  form_id=None)
    for password in ("kul-editor123456", "KUL-EDITOR123456"):
        data = account.copy()
        data.update({"password-old_password": PASSWORD,
                     "password-new_password1": password,
                     "password-new_password2": password})
        response = client.post("/admin/account/", data)
        assert response.status_code == 200
        assert refused in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)

    # an administrator setting someone's password
    client.force_login(root)
    url = f"/admin/users/edit/{editor.pk}/"
    data = querydict_from_html(client.get(url).content.decode(), form_id=None)
    data.update({"password1": "kul-editor123456", "password2": "kul-editor123456"})
    response = client.post(url, data)
    assert response.status_code == 200 and refused in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


# -- two-factor authentication ---------------------------------------------------------
class Clock:
    """The clock of django-otp's TOTP check, and of the codes computed here:
    a test moves it on by whole 30-second steps instead of waiting."""

    def __init__(self) -> None:
        self.now = float(int(time.time()) // 30 * 30 + 1)  # just into a step

    def time(self) -> float:
        return self.now

    def advance(self, steps: int = 1) -> None:
        self.now += 30 * steps


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("django_otp.plugins.otp_totp.models.time", clock)
    return clock


def code_for(device: TOTPDevice, clock: Clock) -> str:
    """The code an authenticator app shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now
    return f"{totp.token():0{device.digits}d}"


def wait_out_device_throttle(user) -> None:
    """django-otp delays the next try after a wrong code (1 s, then 2 s, ...);
    move the failure into the past instead of sleeping."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_timestamp=timezone.now() - timedelta(minutes=1))


def enrol(client, user, clock: Clock) -> tuple[TOTPDevice, list[str]]:
    client.force_login(user)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'src="http' not in html  # the QR code is inline
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": code_for(device, clock)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    device.refresh_from_db()
    assert device.confirmed and len(codes) == 10
    return device, codes


def test_a_moderator_enrols_from_the_account_settings(client, moderator, clock):
    client.force_login(moderator)
    account = client.get("/admin/account/").content.decode()
    assert in_dutch("Two-factor authentication") in account
    assert "/admin/two-factor/" in account
    overview = client.get("/admin/two-factor/").content.decode()
    assert in_dutch("Set up two-factor authentication") in overview
    assert 'id="wagtail-sidebar"' in overview  # inside the admin's frame

    client.get(ENROL)
    pending = TOTPDevice.objects.get(user=moderator)
    wrong_code = "000000" if code_for(pending, clock) != "000000" else "111111"
    wrong = client.post(ENROL, {"code": wrong_code})
    assert in_dutch("This code is not right. Check the time on your phone and type "
                    "the code shown now.") in wrong.content.decode()
    pending.refresh_from_db()
    assert not pending.confirmed

    wait_out_device_throttle(moderator)
    device, codes = enrol(client, moderator, clock)
    assert device.pk == pending.pk  # the QR code already scanned stays valid
    assert set(codes) == set(StaticToken.objects.filter(
        device__user=moderator).values_list("token", flat=True))
    # shown once: neither the overview nor a new enrolment lists them again
    overview = client.get("/admin/two-factor/").content.decode()
    assert not any(code in overview for code in codes)
    assert client.get(ENROL).status_code == 302


def test_sign_in_asks_for_the_code_and_refuses_wrong_and_replayed_codes(
    client, moderator, clock
):
    device, recovery = enrol(client, moderator, clock)
    client.logout()
    clock.advance()

    assert sign_in(client, "kul-moderator").status_code == 302
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.get("/admin/api/main/pages/").status_code == 302
    page = client.get(response["Location"])
    assert in_dutch("Enter your code") in page.content.decode()

    wrong = client.post(VERIFY, {"code": "12345", "next": "/admin/pages/"})
    assert wrong.status_code == 200 and not signed_in(client)
    assert in_dutch("This code is not right, or was used already. Wait for the next "
                    "code and try again.") in wrong.content.decode()
    wait_out_device_throttle(moderator)
    code = code_for(device, clock)
    right = client.post(VERIFY, {"code": code, "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert signed_in(client)

    # the same code again, in a new session: refused (replay)
    client.logout()
    sign_in(client, "kul-moderator")
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert not signed_in(client)
    wait_out_device_throttle(moderator)
    clock.advance()  # the app's next code
    assert client.post(VERIFY, {"code": code_for(device, clock)}).status_code == 302
    assert signed_in(client)

    # a recovery code works once
    client.logout()
    sign_in(client, "kul-moderator")
    assert client.post(VERIFY, {"code": recovery[0]}).status_code == 302
    assert signed_in(client)
    client.logout()
    sign_in(client, "kul-moderator")
    assert client.post(VERIFY, {"code": recovery[0]}).status_code == 200
    assert not signed_in(client)


def test_wrong_codes_count_towards_the_lockout_with_the_wrong_passwords(
    client, moderator, clock
):
    device, _ = enrol(client, moderator, clock)
    client.logout()
    clock.advance()
    for _ in range(2):
        sign_in(client, "kul-moderator", "wrong")
    sign_in(client, "kul-moderator")  # right password: failures are not forgiven
    for _ in range(2):
        assert client.post(VERIFY, {"code": "000001"}).status_code == 200
        wait_out_device_throttle(moderator)
    locked = client.post(VERIFY, {"code": "000002"})  # the fifth failure
    assert locked.status_code == 429
    wait_out_device_throttle(moderator)
    assert client.post(VERIFY, {"code": code_for(device, clock)}).status_code == 429
    assert not signed_in(client)
    client.logout()
    assert sign_in(client, "kul-moderator").status_code == 429

    # after the cool-off, a right code signs in and forgives the failures
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "kul-moderator").status_code == 302
    assert client.post(VERIFY, {"code": code_for(device, clock)}).status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()


def test_a_half_signed_in_session_is_a_visitor_outside_the_admin(client, moderator,
                                                                clock):
    enrol(client, moderator, clock)
    client.logout()
    home = Site.objects.get(is_default_site=True).root_page
    PageViewRestriction.objects.create(page=home, restriction_type="login")
    sign_in(client, "kul-moderator")
    response = client.get(home.url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("required", [False, True])
def test_editors_without_a_device_keep_using_the_admin(client, editor, settings,
                                                       required):
    settings.HUB_REQUIRE_2FA = required
    assert sign_in(client, "kul-editor").status_code == 302
    for url in ("/admin/", "/admin/account/", "/admin/events/", "/admin/two-factor/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_hub_require_2fa_sends_moderators_and_superusers_to_enrolment(
    client, moderator, settings, clock, who
):
    user = moderator if who == "moderator" else make_user("root", superuser=True)
    settings.HUB_REQUIRE_2FA = False
    sign_in(client, user.username)
    assert signed_in(client)
    client.logout()

    settings.HUB_REQUIRE_2FA = True
    sign_in(client, user.username)
    for url in ("/admin/", "/admin/pages/", "/admin/account/", "/admin/two-factor/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(ENROL)
    page = client.get(ENROL).content.decode()
    assert in_dutch("Two-factor authentication is required for your account. Set it "
                    "up to continue.") in page
    device = TOTPDevice.objects.get(user=user)
    assert client.post(ENROL, {"code": code_for(device, clock)}).status_code == 200
    assert signed_in(client)
    # removing it (for a new phone) sends them straight back to enrolment
    clock.advance()
    response = client.post("/admin/two-factor/", {"action": "remove",
                                                  "code": code_for(device, clock)})
    assert response.status_code == 302 and response["Location"] == ENROL
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_two_factor_can_be_turned_off_with_a_code_when_not_required(
    client, editor, clock
):
    device, _ = enrol(client, editor, clock)
    client.post("/admin/two-factor/", {"action": "remove", "code": "000000"})
    assert TOTPDevice.objects.filter(user=editor).exists()
    wait_out_device_throttle(editor)
    clock.advance()
    client.post("/admin/two-factor/", {"action": "remove",
                                       "code": code_for(device, clock)})
    assert not TOTPDevice.objects.filter(user=editor).exists()
    client.logout()
    assert sign_in(client, "kul-editor").status_code == 302 and signed_in(client)
