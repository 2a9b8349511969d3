"""Webhook endpoints in the admin: made by an organisation's moderators (for
their organisation only), never by editors; the secret shown once; filters
and addresses checked; the delivery log, redelivery and a test ping."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from cms.institutions.permissions import (
    DEPARTMENT_MODERATORS,
    editor_group_name,
    ensure_department_groups,
    moderator_group_name,
)
from cms.webhooks.models import Delivery, Endpoint
from tests.factories import make_event, make_institution, make_representation

pytestmark = pytest.mark.django_db
INDEX = "/admin/webhooks/"


def user_in(username: str, *groups: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.org",
                                                "x")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    profile = UserProfile.get_for_user(user)  # the admin in English
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def orgs(site_tree):
    ensure_department_groups()
    return {"kul": make_institution(), "japan": make_representation()}


def form(organisation, url, **fields) -> dict:
    return {"name": "Our site", "organisation": organisation.pk, "url": url,
            "query": "", "active": "on", **fields}


def test_a_moderator_manages_only_its_organisations_endpoints(orgs, client, receiver):
    kul, japan = orgs["kul"], orgs["japan"]
    theirs = Endpoint.objects.create(organisation=japan, name="Japan site",
                                     url=receiver.url)
    client.force_login(user_in("kul-mod", moderator_group_name(kul)))
    assert INDEX.encode() in client.get("/admin/").content  # in the menu

    answer = client.post(f"{INDEX}new/", form(kul, receiver.url))
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    mine = Endpoint.objects.get(organisation=kul)
    shown = re.search(rb"data-webhook-secret>([^<]+)<", answer.content).group(1)
    assert shown.decode() == mine.secret and mine.secret.startswith("whsec_")
    assert mine.secret.encode() not in client.get(f"{INDEX}edit/{mine.pk}/").content

    listing = client.get(INDEX).content.decode()
    assert "Our site" in listing and "Japan site" not in listing
    # another organisation: neither chosen nor reached
    refused = client.post(f"{INDEX}new/", form(japan, receiver.url, name="Sneaky"))
    assert refused.status_code == 200 and b"Select a valid choice" in refused.content
    assert not Endpoint.objects.filter(name="Sneaky").exists()
    for path in (f"edit/{theirs.pk}/", f"delete/{theirs.pk}/", f"log/{theirs.pk}/",
                 f"roll/{theirs.pk}/"):
        answer = client.get(INDEX + path)
        assert answer.status_code in (302, 403, 404), path
        assert answer.get("Location", "/admin/") == "/admin/"  # Wagtail's refusal
        assert theirs.url.encode() not in answer.content
    assert client.post(f"{INDEX}ping/{theirs.pk}/").status_code == 404
    assert not Delivery.objects.filter(endpoint=theirs).exists()
    assert client.post(f"{INDEX}delete/{theirs.pk}/").status_code in (302, 403)
    assert Endpoint.objects.filter(pk=theirs.pk).exists()

    # its own: disabled, then deleted
    edited = form(kul, receiver.url, name="Our site")
    del edited["active"]
    assert client.post(f"{INDEX}edit/{mine.pk}/", edited).status_code == 302
    mine.refresh_from_db()
    assert not mine.active
    assert client.post(f"{INDEX}delete/{mine.pk}/").status_code == 302
    assert not Endpoint.objects.filter(pk=mine.pk).exists()


def test_editors_cannot_manage_endpoints(orgs, client):
    kul = orgs["kul"]
    client.force_login(user_in("kul-editor", editor_group_name(kul)))
    assert INDEX.encode() not in client.get("/admin/").content
    for answer in (client.get(INDEX), client.post(
            f"{INDEX}new/", form(kul, "https://example.org/h"))):
        assert answer.status_code in (302, 403)
        assert answer.get("Location", "/admin/") == "/admin/"
    assert not Endpoint.objects.exists()


def test_the_form_refuses_bad_filters_and_private_addresses(orgs, client, settings):
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = False
    kul = orgs["kul"]
    client.force_login(user_in("dept", DEPARTMENT_MODERATORS))
    answer = client.post(f"{INDEX}new/", form(
        kul, "https://127.0.0.1/hook", query="country=XX&colour=red",
        event_types=["event.published"]))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "private or local address" in page
    assert "colour is not a filter of events" in page
    answer = client.post(f"{INDEX}new/", form(kul, "http://example.org/hook",
                                              query="country=XX"))
    assert "https://" in answer.content.decode()
    assert "country must be an ISO 3166-1 alpha-2 code" in answer.content.decode()
    assert not Endpoint.objects.exists()


def test_log_redelivery_ping_and_roll(orgs, client, receiver,
                                      django_capture_on_commit_callbacks):
    japan = orgs["japan"]
    endpoint = Endpoint.objects.create(organisation=japan, name="Japan site",
                                       url=receiver.url)
    receiver.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        make_event(japan, "Tokyo <fair>", slug="tokyo-fair")
    delivery = Delivery.objects.get()
    client.force_login(user_in("japan-mod", moderator_group_name(japan)))

    log = client.get(f"{INDEX}log/{endpoint.pk}/").content.decode()
    assert str(delivery.pk) in log and "HTTP 503" in log and "pending" in log

    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"{INDEX}redeliver/{endpoint.pk}/",
                             {"delivery": str(delivery.pk)})
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2
    first, again = receiver.received
    assert first.headers["Hub-Webhook-Id"] == again.headers["Hub-Webhook-Id"]
    assert first.body == again.body and again.verifies(endpoint.secret)
    assert client.post(f"{INDEX}redeliver/{endpoint.pk}/",
                       {"delivery": "not-a-uuid"}).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{INDEX}ping/{endpoint.pk}/")
    assert receiver.events()[-1] == "ping"

    old = endpoint.secret
    answer = client.post(f"{INDEX}roll/{endpoint.pk}/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in answer.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{INDEX}ping/{endpoint.pk}/")
    last = receiver.received[-1]
    assert last.verifies(endpoint.secret) and last.verifies(old)  # both, a while

    log = client.get(f"{INDEX}log/{endpoint.pk}/").content.decode()
    assert "redelivery" in log and "Tokyo <fair>" not in log
