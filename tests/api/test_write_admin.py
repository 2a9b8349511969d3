"""The token screens (issue 15): moderators make tokens for their own
organisation, see them once, revoke them; editors cannot."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from cms.api.models import ApiToken
from cms.api.write.tokens import digest
from cms.events.models import EventPage
from cms.institutions.permissions import editor_group_name, moderator_group_name

from .write_helpers import event_body, send, token_for

pytestmark = pytest.mark.django_db
URL = "/admin/api-tokens/"


def member(name: str, group: str):
    user = get_user_model().objects.create_user(username=name, password="x" * 20)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_moderator_makes_a_token_shown_once_and_revokes_it(client, organisations):
    kul, ugent = organisations["kul"], organisations["ugent"]
    theirs, _secret = token_for(ugent, scope="drafts", name="UGent agenda")
    client.force_login(member("kulmod", moderator_group_name(kul)))
    page = client.get(URL)
    assert page.status_code == 200
    assert b"UGent agenda" not in page.content  # another organisation's
    assert f'value="{ugent.pk}"'.encode() not in page.content
    assert b'value="publish"' not in page.content  # its editors cannot publish
    refused = client.post(URL, {"organisation": kul.pk, "name": "Agenda",
                                "scope": "publish"})
    assert refused.status_code == 200 and not ApiToken.objects.filter(
        name="Agenda").exists()  # KU Leuven's editors submit for review
    made = client.post(URL, {"organisation": kul.pk, "name": "<b>Agenda</b>",
                             "scope": "drafts"})
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    secret = re.search(rb"hubt_[\w-]+", made.content).group().decode()
    token = ApiToken.objects.get(key_hash=digest(secret))
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert b"&lt;b&gt;Agenda" in made.content and b"<b>Agenda" not in made.content
    assert token.organisation.pk == kul.pk and token.created_by.username == "kulmod"
    assert secret.encode() not in client.get(URL).content  # shown once
    assert send(client, "POST", "/api/v1/events/", secret,
                event_body()).status_code == 201
    assert client.post(f"{URL}{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"{URL}{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.last_used_at is not None
    assert send(client, "POST", "/api/v1/events/", secret,
                event_body(external_id="ev-2")).status_code == 401


def test_representation_tokens_may_publish(client, organisations):
    japan = organisations["japan"]
    client.force_login(member("jpmod", moderator_group_name(japan)))
    assert b'value="publish"' in client.get(URL).content
    made = client.post(URL, {"organisation": japan.pk, "name": "Tokyo agenda",
                             "scope": "publish"})
    assert made.status_code == 200 and b"hubt_" in made.content
    assert ApiToken.objects.get(name="Tokyo agenda").scope == "publish"


def test_editors_cannot_make_tokens(client, organisations):
    kul = organisations["kul"]
    client.force_login(member("kuleditor", editor_group_name(kul)))
    # Wagtail answers a PermissionDenied in the admin with its home page.
    assert client.get(URL).url == "/admin/"
    assert client.post(URL, {"organisation": kul.pk, "name": "Mine",
                             "scope": "drafts"}).url == "/admin/"
    assert not ApiToken.objects.filter(name="Mine").exists()
    assert b"api-tokens" not in client.get("/admin/").content


def test_the_page_history_names_the_token(client, organisations):
    japan = organisations["japan"]
    _token, secret = token_for(japan, name="Tokyo <agenda>")
    made = send(client, "POST", "/api/v1/events/", secret, event_body())
    page = EventPage.objects.get(translation_key=made.json()["id"])
    client.force_login(member("jpmod", moderator_group_name(japan)))
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200
    assert "API token &#x27;Tokyo &lt;agenda&gt;&#x27;" in history.content.decode()
