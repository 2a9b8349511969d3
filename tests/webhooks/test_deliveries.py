"""Webhook deliveries to a real receiver on 127.0.0.1: signed events for the
life of an event and of an expertise entry, filters, retries of a down
endpoint by the periodic task, and the refusal of private addresses.

Tasks run at once (the test settings' ImmediateBackend): a delivery is
attempted when its transaction commits, which
``django_capture_on_commit_callbacks(execute=True)`` plays here."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import override

from cms.webhooks import signing
from cms.webhooks.delivery import address_problem, url_problem
from cms.webhooks.models import Delivery, Endpoint
from cms.webhooks.tasks import retry_due_webhooks
from plugins.signals import register_periodic_tasks
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def japan(site_tree):
    return make_representation()


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the deliveries) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def endpoint_for(organisation, receiver, **fields) -> Endpoint:
    return Endpoint.objects.create(organisation=organisation, name="Site",
                                   url=receiver.url, **fields)


def test_an_events_life_is_delivered_signed(japan, receiver, commits):
    endpoint = endpoint_for(japan, receiver)
    with commits():
        event = make_event(japan, "Tokyo fair")
    with commits():
        event.title = "Tokyo fair 2027"
        publish(event)
    with commits():
        event.status = "cancelled"
        publish(event)
    with commits():
        event.unpublish()

    assert receiver.events() == ["event.published", "event.updated",
                                 "event.cancelled", "event.unpublished"]
    for item in receiver.received:
        assert item.verifies(endpoint.secret)
        assert not item.verifies("whsec_another")
        payload = item.payload
        assert payload["id"] == item.headers[signing.ID_HEADER]
        assert payload["type"] == item.event
        assert payload["created_at"].endswith("Z")
        data = payload["data"]
        assert data["resource"] == "events" and data["id"] == event.public_id
        assert data["language"] == "nl"
        assert data["url"] == (f"http://testserver/api/v1/events/{event.public_id}"
                               "/?lang=nl")
    published, updated, cancelled, unpublished = (i.payload["data"]
                                                  for i in receiver.received)
    assert published["title"] == "Tokyo fair" and updated["title"] == "Tokyo fair 2027"
    assert published["page_url"].startswith("http://testserver/nl/")
    assert (updated["status"], cancelled["status"]) == ("scheduled", "cancelled")
    assert unpublished["page_url"] is None
    assert set(Delivery.objects.values_list("status", "attempts")) == {
        ("delivered", 1)}


def test_expertise_changes_and_deletion_are_delivered(site_tree, receiver, commits):
    kul = make_institution()
    endpoint = endpoint_for(kul, receiver, event_types=[
        "expertise.published", "expertise.updated", "expertise.unpublished"])
    with commits():
        lab = make_expertise(kul, "Leuven AI lab")
        make_event(kul, "Leuven fair")  # not an event this endpoint wants
    with commits():
        lab.summary = "Now also robotics."
        publish(lab)
    with commits():
        lab.delete()
    assert receiver.events() == ["expertise.published", "expertise.updated",
                                 "expertise.unpublished"]
    assert all(item.verifies(endpoint.secret) for item in receiver.received)
    gone = receiver.received[-1].payload["data"]
    assert gone["title"] == "Leuven AI lab" and gone["page_url"] is None
    assert gone["status"] is None and gone["resource"] == "expertise"


def test_a_filter_leaves_out_what_it_does_not_select(japan, receiver, commits):
    endpoint_for(japan, receiver, query="country=BE&type=education-fair")
    with commits():
        make_event(japan, "Tokyo fair")  # in JP
        brussels = make_event(japan, "Brussels fair", venue_country="BE",
                              venue_city="Brussels")
    with commits():
        brussels.unpublish()  # matched by its last published state
    assert [(i.event, i.payload["data"]["title"]) for i in receiver.received] == [
        ("event.published", "Brussels fair"), ("event.unpublished", "Brussels fair")]


def test_a_down_endpoint_gets_the_delivery_when_it_is_back(japan, receiver, commits):
    endpoint = endpoint_for(japan, receiver)
    receiver.status = 503
    receiver.answer_body = "maintenance <b>tonight</b>"
    with commits():
        make_event(japan, "Tokyo fair")
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    scheduled = [job for _receiver, jobs in register_periodic_tasks.send_to_enabled(None)
                 for job in jobs]
    assert (retry_due_webhooks, 60.0) in scheduled  # run_scheduler's clock
    receiver.down()
    time.sleep(1.1)  # the schedule's first step is one second
    assert retry_due_webhooks.call() == 1
    receiver.up()
    receiver.status = 200
    assert retry_due_webhooks.call() == 0  # not due yet
    time.sleep(1.1)
    assert retry_due_webhooks.call() == 1

    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 3
    log = list(delivery.attempt_log.order_by("at"))
    assert [a.status_code for a in log] == [503, None, 200]
    assert log[0].response_excerpt == "maintenance <b>tonight</b>"
    assert "refused" in log[1].error.lower()
    ids = {item.headers[signing.ID_HEADER] for item in receiver.received}
    assert ids == {str(delivery.pk)}  # the same delivery each time
    assert all(item.verifies(endpoint.secret) for item in receiver.received)


def test_a_delivery_fails_after_its_schedule(japan, receiver, commits, settings):
    settings.HUB_WEBHOOK_RETRY_SCHEDULE = [0]
    endpoint_for(japan, receiver)
    receiver.status = 500
    with commits():
        make_event(japan, "Tokyo fair")
    assert retry_due_webhooks.call() == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed", 2, "HTTP 500")
    assert delivery.next_attempt_at is None
    assert retry_due_webhooks.call() == 0


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook",
    "https://169.254.169.254/latest", "https://[::1]/hook", "https://192.168.0.1/",
    "https://[fe80::1]/", "https://0.0.0.0/", "https://100.64.0.1/"])
def test_private_and_loopback_addresses_are_refused(url, settings):
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = False
    assert url_problem(url) is None
    with override("en"):  # the admin user's language
        assert "private or local address" in address_problem(url)


def test_plain_http_needs_the_test_setting(settings):
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = False
    assert url_problem("http://hub.example.org/hook") is not None
    assert url_problem("https://user:pw@hub.example.org/hook") is not None
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = True
    assert url_problem("http://127.0.0.1:8080/hook") is None
    assert address_problem("http://127.0.0.1:8080/hook") is None
    assert address_problem("https://10.1.2.3/") is not None  # loopback only


def test_delivery_time_refuses_a_loopback_receiver(japan, receiver, commits,
                                                   settings):
    """Saved while allowed (or DNS changed since): checked again at delivery."""
    Endpoint.objects.create(organisation=japan, name="Site",
                            url=f"https://localhost:{receiver.port}/hook")
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = False
    with commits():
        make_event(japan, "Tokyo fair")
    attempt = Delivery.objects.get().attempt_log.get()
    assert "private or local address" in attempt.error
    assert receiver.received == []


def test_a_scheduled_publication_is_announced_when_it_goes_live(japan, receiver,
                                                                  commits):
    endpoint_for(japan, receiver)
    event = make_event(japan, "Later fair", live=False)
    event.go_live_at = timezone.now() + timedelta(seconds=1)
    with commits():
        event.save_revision().publish()
    assert receiver.received == []
    time.sleep(1.1)
    with commits():
        call_command("publish_scheduled")
    assert receiver.events() == ["event.published"]
