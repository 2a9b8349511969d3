"""Done when (issue 15): a script plays a university system against a live
hub over real HTTP. With one token and idempotency keys it creates, updates,
cancels and re-sends events, is refused on another organisation's content,
and the public read API then shows exactly the result. An institution's
writes wait in its review workflow until a moderator approves them."""

from __future__ import annotations

import threading
import uuid

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.core.site_setup import ensure_site_tree
from cms.events.models import EventPage
from cms.institutions.permissions import moderator_group_name
from tests.factories import make_event, make_institution, make_representation

from .write_helpers import event_body, token_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class System:
    """The university's events system: one token, a key per intended write."""

    def __init__(self, base: str, secret: str) -> None:
        self.api = f"{base}/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {secret}"

    def send(self, method: str, path: str, body=None, key: str | None = None,
             **headers) -> requests.Response:
        if key:
            headers["Idempotency-Key"] = key
        return self.session.request(method, f"{self.api}{path}", json=body,
                                    headers=headers, timeout=30)


def public(base: str, path: str) -> requests.Response:
    return requests.get(f"{base}/api/v1{path}", timeout=30)


def test_a_university_system_writes_through_the_api(live_server):
    ensure_site_tree()
    japan = make_representation()
    ugent = make_institution("Ghent University", "ugent")
    theirs = make_event(ugent, "Ghent fair")
    _token, secret = token_for(japan, scope="publish", name="Tokyo agenda")
    system, base = System(live_server.url, secret), live_server.url

    # Create, and re-send after a "lost" answer: one event.
    fair = event_body(external_id="fair", title={"nl": "Studiebeurs Tokyo"})
    created = system.send("POST", "/events/", fair, key="create-fair")
    assert created.status_code == 201, created.text
    resent = system.send("POST", "/events/", fair, key="create-fair")
    assert resent.status_code == 201 and resent.json() == created.json()
    assert resent.headers["Idempotent-Replayed"] == "true"
    fair_id = created.json()["id"]

    # Two copies of one request at the same time: still one event.
    talk = event_body(external_id="talk", title={"nl": "Lezing Osaka"})
    answers: list[requests.Response] = []
    threads = [threading.Thread(target=lambda: answers.append(
        system.send("POST", "/events/", talk, key="create-talk"))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    talk_id = answers[0].json()["id"]

    # Update with the ETag the public API gave; a stale one is refused.
    etag = public(base, f"/events/{fair_id}/").headers["ETag"]
    moved = system.send("PATCH", f"/events/{fair_id}/", {
        "venue": {"city": "Yokohama"}, "title": {"nl": "Studiebeurs Yokohama"}},
        key="move-fair", **{"If-Match": etag})
    assert moved.status_code == 200, moved.text
    stale = system.send("PATCH", f"/events/{fair_id}/", {"title": {"nl": "Oud"}},
                        key="stale", **{"If-Match": etag})
    assert stale.status_code == 412

    # Cancel, and re-send the cancel.
    for _attempt in range(2):
        cancelled = system.send("POST", f"/events/{talk_id}/cancel", key="cancel-talk")
        assert cancelled.status_code == 200, cancelled.text

    # Another organisation's event: refused, whatever the method.
    for method, path in (("PATCH", f"/events/{theirs.translation_key}/"),
                         ("PUT", f"/events/{theirs.translation_key}/"),
                         ("DELETE", f"/events/{theirs.translation_key}/"),
                         ("POST", f"/events/{theirs.translation_key}/cancel")):
        body = event_body(external_id=f"x-{method}") if method != "DELETE" else None
        assert system.send(method, path, body).status_code == 403, method

    # The public API shows exactly the result.
    listing = public(base, "/events/?organiser=japan&when=all&lang=nl").json()
    shown = {item["id"]: item for item in listing["results"]}
    assert set(shown) == {fair_id, talk_id}
    assert shown[fair_id]["title"] == "Studiebeurs Yokohama"
    assert shown[fair_id]["venue"]["city"] == "Yokohama"
    assert shown[fair_id]["status"] == "scheduled"
    assert shown[talk_id]["title"] == "Lezing Osaka"
    assert shown[talk_id]["status"] == "cancelled"
    ghent = public(base, f"/events/{theirs.translation_key}/?lang=nl").json()
    assert ghent["title"] == "Ghent fair" and ghent["status"] == "scheduled"
    assert EventPage.objects.filter(external_id__in=["fair", "talk"]).count() == 2


def test_an_institutions_write_waits_for_review(live_server):
    ensure_site_tree()
    kul = make_institution()
    _token, secret = token_for(kul, scope="drafts", name="KU Leuven agenda")
    system, base = System(live_server.url, secret), live_server.url
    created = system.send("POST", "/events/", event_body(
        external_id="open-day", title={"nl": "Opendeurdag"}), key=str(uuid.uuid4()))
    assert created.status_code == 201, created.text
    assert created.headers["Hub-Write-State"] == "in_review"
    event_id = created.json()["id"]
    assert public(base, f"/events/{event_id}/").status_code == 404
    assert public(base, "/events/?organiser=ku-leuven&when=all").json()["count"] == 0

    moderator = get_user_model().objects.create_user("kulmod", password="x" * 20)
    moderator.groups.add(Group.objects.get(name=moderator_group_name(kul)))
    page = EventPage.objects.get(translation_key=event_id)
    task_state = page.current_workflow_state.current_task_state
    task_state.task.on_action(task_state, moderator, "approve")

    shown = public(base, f"/events/{event_id}/?lang=nl")
    assert shown.status_code == 200
    assert shown.json()["title"] == "Opendeurdag"
    assert shown.json()["organiser"]["title"] == "KU Leuven"
