"""The write API (issue 15, point 1) through Django's test client: tokens,
organisation scope, validation, idempotency, If-Match, cancel, unpublish,
the review workflow and the rate limit. The university script over real HTTP
is tests/api/test_write_university.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageLogEntry

from cms.api.models import IdempotencyKey
from cms.api.write.tokens import revoke
from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage

from .write_helpers import event_body, send, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def japan_token(organisations):
    return token_for(organisations["japan"])


def created(client, secret, **fields) -> dict:
    response = send(client, "POST", "/api/v1/events/", secret, event_body(**fields))
    assert response.status_code == 201, response.content
    return response


def test_create_publishes_as_the_token_user_and_answers_the_read_item(
        client, japan_token):
    token, secret = japan_token
    response = created(client, secret)
    item = response.json()
    assert item["title"] == "Open dag"  # Japan has no English page: nl only
    assert response["Hub-Write-Skipped"] == "en"
    assert item["organiser"]["title"] == "Flanders in Japan"
    assert response["Location"].endswith(f"/api/v1/events/{item['id']}/")
    assert response["Hub-Write-State"] == "published"
    assert response["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in response
    read = client.get(f"/api/v1/events/{item['id']}/")
    assert read.status_code == 200 and read.json() == item
    assert read["ETag"] == response["ETag"]
    page = EventPage.objects.get(translation_key=item["id"])
    assert page.live and page.external_id == "ev-1"
    assert page.get_latest_revision().user_id == token.user_id
    actions = set(PageLogEntry.objects.filter(page=page, user=token.user)
                  .values_list("action", flat=True))
    assert {"wagtail.edit", "wagtail.publish"} <= actions
    assert token.user.get_full_name() == "API token 'Events system'"
    assert not token.user.has_usable_password()
    token.user.set_password("chosen-in-the-admin")  # e.g. by a superuser
    token.user.save()
    token.user.refresh_from_db()
    assert not token.user.has_usable_password()


def test_tokens_are_required_and_revocable(client, japan_token):
    token, secret = japan_token
    missing = send(client, "POST", "/api/v1/events/", None, event_body())
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert missing["WWW-Authenticate"].startswith("Bearer")
    wrong = send(client, "POST", "/api/v1/events/", secret + "x", event_body())
    assert wrong.status_code == 401
    revoke(token)
    revoked = send(client, "POST", "/api/v1/events/", secret, event_body())
    assert revoked.status_code == 401
    assert revoked.json()["error"]["code"] == "invalid_token"
    assert not EventPage.objects.filter(external_id="ev-1").exists()


def test_another_organisations_content_is_refused(client, organisations, japan_token):
    _token, secret = japan_token
    theirs = organisations["kul_event"]
    path = f"/api/v1/events/{theirs.translation_key}/"
    for method in ("PUT", "PATCH", "DELETE"):
        response = send(client, method, path, secret, event_body(external_id="x"))
        assert response.status_code == 403, method
        assert response.json()["error"]["code"] == "forbidden"
    cancel = send(client, "POST", path + "cancel", secret)
    assert cancel.status_code == 403
    # Nor by taking over its external id, nor by naming an owner.
    theirs.external_id = "kul-fair"
    theirs.save_revision().publish()
    taken = send(client, "POST", "/api/v1/events/", secret,
                 event_body(external_id="kul-fair"))
    assert taken.status_code == 409
    owner = send(client, "POST", "/api/v1/events/", secret,
                 event_body(organiser=f"hub-{organisations['kul'].translation_key}"))
    assert owner.status_code == 422
    assert "organiser" in owner.json()["error"]["fields"]
    expertise = send(client, "POST", "/api/v1/expertise/", secret, {
        "title": {"nl": "Lab"}, "kind": "research-group"})
    assert expertise.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Leuven fair" and theirs.live
    assert theirs.get_parent().pk == organisations["kul"].pk


def test_validation_errors_come_field_by_field(client, japan_token):
    _token, secret = japan_token
    response = send(client, "POST", "/api/v1/events/", secret, event_body(
        start="tomorrow", end=None, venue={"city": 5}, colour="red"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"start", "end", "venue.city", "colour"}
    assert "ISO 8601" in error["fields"]["start"][0]
    later = send(client, "POST", "/api/v1/events/", secret, event_body(
        start="2031-05-04T18:00:00+09:00", event_type="party"))
    assert later.status_code == 422
    assert {"end", "event_type"} & set(later.json()["error"]["fields"])
    assert send(client, "POST", "/api/v1/events/", secret, "{").status_code == 422
    assert not EventPage.objects.filter(external_id="ev-1").exists()


def test_idempotency_key_replays_the_first_answer(client, japan_token):
    _token, secret = japan_token
    first = send(client, "POST", "/api/v1/events/", secret, event_body(),
                 idempotency_key="k-1")
    again = send(client, "POST", "/api/v1/events/", secret, event_body(),
                 idempotency_key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert EventPage.objects.filter(external_id="ev-1").count() == 1
    other = send(client, "POST", "/api/v1/events/", secret,
                 event_body(external_id="ev-2"), idempotency_key="k-1")
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    # After 24 hours the key is forgotten: the same request writes again.
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    later = send(client, "POST", "/api/v1/events/", secret,
                 event_body(external_id="ev-2"), idempotency_key="k-1")
    assert later.status_code == 201 and "Idempotent-Replayed" not in later


def test_if_match_takes_the_read_apis_etag(client, japan_token):
    _token, secret = japan_token
    item = created(client, secret).json()
    path = f"/api/v1/events/{item['id']}/"
    etag = client.get(path)["ETag"]
    changed = send(client, "PATCH", path, secret, {"title": {"nl": "Open dag 2"}},
                   if_match=etag)
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Open dag 2"
    assert changed.json()["start"].startswith("2031-05-04T10:00")  # kept
    stale = send(client, "PATCH", path, secret, {"title": {"nl": "Lost"}},
                 if_match=etag)
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "precondition_failed"
    assert client.get(path).json()["title"] == "Open dag 2"
    assert client.get(path)["ETag"] == changed["ETag"]


def test_put_replaces_cancel_keeps_it_published_delete_unpublishes(
        client, japan_token):
    _token, secret = japan_token
    item = created(client, secret).json()
    path = f"/api/v1/events/{item['id']}/"
    replaced = send(client, "PUT", path, secret, event_body(
        title={"nl": "Nieuwe dag"}, summary={}, venue={"city": "Osaka"}))
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["summary"] == ""
    assert replaced.json()["venue"]["city"] == "Osaka"
    cancelled = send(client, "POST", path + "cancel", secret,
                     if_match=replaced["ETag"])
    assert cancelled.status_code == 200, cancelled.content
    public = client.get(path).json()
    assert public["status"] == "cancelled" and public["title"] == "Nieuwe dag"
    page = EventPage.objects.get(translation_key=item["id"])
    moderator = get_user_model().objects.create_user("mod", password="x" * 20)
    page.locked, page.locked_by = True, moderator
    page.save(update_fields=["locked", "locked_by"])
    locked = send(client, "PATCH", path, secret, {"title": {"nl": "Nee"}})
    assert locked.status_code == 403
    page.locked = False
    page.save(update_fields=["locked"])
    gone = send(client, "DELETE", path, secret)
    assert gone.status_code == 200 and gone["ETag"]
    assert gone["Hub-Write-State"] == "unpublished"
    assert client.get(path).status_code == 404
    page = EventPage.objects.get(translation_key=item["id"])
    assert not page.live and page.revisions.count() >= 3


def test_institution_writes_wait_for_review(client, organisations):
    kul = organisations["kul"]
    _token, secret = token_for(kul, scope="drafts")
    response = send(client, "POST", "/api/v1/events/", secret,
                    event_body(title={"nl": "Leuvense dag"}))
    assert response.status_code == 201, response.content
    assert response["Hub-Write-State"] == "in_review"
    page = EventPage.objects.get(external_id="ev-1")
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
    assert client.get(response["Location"]).status_code == 404
    made = send(client, "POST", "/api/v1/expertise/", secret, {
        "external_id": "lab-9", "title": {"nl": "Quantumlab"}, "kind": "research-group",
        "keywords": ["qubits"], "links": [{"title": "Site", "url": "https://q.example"}]})
    assert made.status_code == 201, made.content
    assert made["Hub-Write-State"] == "in_review"
    assert made.json()["title"] == "Quantumlab"
    assert not ExpertisePage.objects.get(external_id="lab-9").live
    # A draft only, on request; and no unpublishing without the publish scope.
    lab = organisations["kul_lab"]
    draft = send(client, "PATCH", f"/api/v1/expertise/{lab.translation_key}/",
                 secret, {"title": {"nl": "Leuven AI-lab"}, "publish": False})
    assert draft.status_code == 200, draft.content
    assert draft["Hub-Write-State"] == "draft"
    lab = ExpertisePage.objects.get(pk=lab.pk)
    assert lab.title == "Leuven AI lab" and lab.has_unpublished_changes
    refused = send(client, "DELETE", f"/api/v1/expertise/{lab.translation_key}/",
                   secret)
    assert refused.status_code == 403


def test_reads_are_unchanged_and_other_types_stay_read_only(client, organisations,
                                                            japan_token):
    _token, secret = japan_token
    assert client.get("/api/v1/events/").status_code == 200
    options = client.options("/api/v1/events/")
    assert "POST" not in options["Access-Control-Allow-Methods"]
    assert send(client, "POST", "/api/v1/institutions/", secret,
                {}).status_code == 405
    assert send(client, "PUT", "/api/v1/events/", secret, {}).status_code == 405


def test_rate_limit_per_token(client, settings, japan_token):
    settings.HUB_WRITE_API_RATE_LIMIT = "2/60"
    _token, secret = japan_token
    answers = [send(client, "PATCH", "/api/v1/events/nope/", secret, {})
               for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert int(answers[2]["Retry-After"]) >= 1
    _other, other_secret = token_for(_token.organisation, name="Other")
    assert send(client, "PATCH", "/api/v1/events/nope/", other_secret,
                {}).status_code == 404


@pytest.mark.parametrize(("fields", "errors", "text"), [
    ({"start": "0001-01-01T00:00:00+14:00"}, {"start"}, "year must be between"),
    ({"end": "9999-12-31T23:30:00-12:00"}, {"end"}, "year must be between"),
    ({"time_zone": "Mars/Base"}, {"time_zone"}, "is not a valid choice"),
    ({"venue": {"country": "XX"}}, {"venue.country", "venue.name"},
     "is not a valid choice"),
    ({"event_type": "seminar"}, {"event_type"},
     "Choose one of: ministerial-mission, education-fair,"),
])
def test_the_pages_own_checks_answer_in_english_by_body_field(
        client, japan_token, fields, errors, text):
    _token, secret = japan_token
    response = send(client, "POST", "/api/v1/events/", secret, event_body(**fields))
    assert response.status_code == 422
    found = response.json()["error"]["fields"]
    assert set(found) == errors
    assert text in " ".join(message for texts in found.values() for message in texts)


def test_each_missing_field_is_named_where_it_is_missing(client, japan_token):
    _token, secret = japan_token
    body = event_body()
    for name in ("event_type", "end", "time_zone"):
        del body[name]
    found = send(client, "POST", "/api/v1/events/", secret, body).json()["error"][
        "fields"]
    assert {name: found.get(name) for name in ("event_type", "end", "time_zone")} == {
        name: [f"'{name}' is a required property"]
        for name in ("event_type", "end", "time_zone")}
