"""Subscriptions beyond the main path (test_done_when.py): the confirmation
in each language, the rate limit, bounces, refused input, the cached form,
the manage and unsubscribe pages, and the expiry of unconfirmed ones. Mail
goes through the real SMTP server of conftest.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.operations.scheduler import periodic_jobs
from cms.subscriptions.models import Subscription
from cms.subscriptions.tasks import forget_unconfirmed, send_digest, send_due_digests
from tests.factories import make_event

from .conftest import body, link_in, served_form, subscribe_through

pytestmark = pytest.mark.django_db

# The subject of the confirmation in each language (cms/locale).
SUBJECTS = {"nl": "Bevestig uw abonnement", "fr": "Confirmez votre abonnement",
            "de": "Bestätigen Sie Ihr Abonnement"}


def confirmed(address: str, **fields) -> Subscription:
    """An active subscription whose period has passed."""
    yesterday = timezone.now() - timedelta(days=1, minutes=1)
    return Subscription.objects.create(
        email=address, language="nl", frequency="daily", confirmed_at=yesterday,
        last_digest_at=yesterday, **{"filter": {"country": "JP"}, **fields})


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_confirmation_in_the_language_of_the_page(client, mailbox, japan, language):
    answer = client.post(f"/{language}/subscriptions/",
                         {"email": f"{language}@example.org", "frequency": "weekly",
                          "country": "JP"})
    assert answer.status_code == 200
    assert answer["Content-Language"] == language
    [message] = mailbox.to(f"{language}@example.org")
    assert message["Subject"].strip().startswith(SUBJECTS[language])
    assert message["Content-Language"] == language
    assert f'<html lang="{language}">' in body(message, "html")
    assert link_in(message, "/confirm/").startswith(f"/{language}/subscriptions/")
    assert Subscription.objects.get().language == language


def test_confirmation_mails_to_one_address_are_rate_limited(client, mailbox, site_tree,
                                                           settings):
    settings.HUB_SUBSCRIPTION_CONFIRMATIONS_PER_DAY = 3
    answers = [client.post("/nl/subscriptions/", {
        "email": address, "frequency": "daily", "type": kind})
        for address, kind in [("Many@example.org", "webinar"),
                              ("many@example.org", "conference"),
                              ("many@EXAMPLE.org", "webinar"),
                              ("many@example.org", "alumni-event")]]
    assert [answer.status_code for answer in answers] == [200] * 4
    # the refused one looks exactly like the others: it reveals nothing
    assert answers[3].content == answers[1].content
    assert len(mailbox.messages) == 3
    assert Subscription.objects.count() == 2  # the third asked for the first again
    assert client.post("/nl/subscriptions/", {
        "email": "other@example.org", "frequency": "daily"}).status_code == 200
    assert len(mailbox.to("other@example.org")) == 1


def test_nothing_but_the_confirmation_before_the_opt_in(client, mailbox, japan):
    client.post("/nl/subscriptions/", {"email": "wait@example.org", "country": "JP"})
    Subscription.objects.update(created_at=timezone.now() - timedelta(days=2),
                                last_digest_at=timezone.now() - timedelta(days=8))
    make_event(japan, "Tokyo fair")
    assert send_due_digests.enqueue().return_value == 0
    assert len(mailbox.to("wait@example.org")) == 1


def test_a_permanent_refusal_marks_bounced_and_stops_sending(mailbox, japan):
    subscription = confirmed("gone@refuse.test")
    make_event(japan, "Tokyo fair")
    assert send_due_digests.enqueue().return_value == 1
    subscription.refresh_from_db()
    assert subscription.bounced_at is not None
    assert mailbox.messages == []
    make_event(japan, "Osaka fair")
    Subscription.objects.update(last_digest_at=timezone.now() - timedelta(days=3))
    assert send_due_digests.enqueue().return_value == 0  # not even tried


def test_a_bounced_address_that_subscribes_and_confirms_again_is_taken_back(
        client, mailbox, japan):
    subscription = confirmed("back@example.org", bounced_at=timezone.now())
    client.post("/nl/subscriptions/", {"email": "back@example.org", "country": "JP"})
    [mail] = mailbox.to("back@example.org")
    assert client.post(link_in(mail, "/confirm/")).status_code == 200
    subscription.refresh_from_db()
    assert subscription.bounced_at is None
    assert subscription.last_digest_at > timezone.now() - timedelta(minutes=1)


def test_a_temporary_refusal_is_retried_next_time(mailbox, japan, settings):
    subscription = confirmed("busy@later.test")
    make_event(japan, "Tokyo fair")
    send_due_digests.enqueue()
    refreshed = Subscription.objects.get(pk=subscription.pk)
    assert refreshed.bounced_at is None
    assert refreshed.last_digest_at == subscription.last_digest_at  # not moved on
    assert send_due_digests.enqueue().return_value == 1  # still due


def test_a_digest_queued_twice_goes_out_once(mailbox, japan):
    subscription = confirmed("twice@example.org")
    make_event(japan, "Tokyo fair")
    assert send_digest.enqueue(subscription.pk).return_value == "sent 1"
    assert send_digest.enqueue(subscription.pk).return_value == "not due"
    assert len(mailbox.to("twice@example.org")) == 1


def test_no_digest_when_nothing_matches(mailbox, japan):
    subscription = confirmed("quiet@example.org", filter={"country": "BE"})
    make_event(japan, "Tokyo fair")
    send_due_digests.enqueue()
    assert mailbox.messages == []
    subscription.refresh_from_db()
    assert subscription.last_digest_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.parametrize("fields, problem", [
    ({"email": "not-an-address", "country": "JP"}, "e-mail"),
    ({"email": "a@example.org", "country": "XX"}, "Country"),
    ({"email": "a@example.org", "organiser": "no-such-organisation"}, "Organiser"),
    ({"email": "a@example.org", "frequency": "hourly"}, "daily"),
    ({"email": "a@example.org", "when": "<script>alert(1)</script>"}, "When"),
])
def test_refused_input_gets_a_clear_page(client, mailbox, site_tree, fields, problem):
    answer = client.post("/en/subscriptions/", fields)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert problem in html and "<script>alert" not in html
    assert not Subscription.objects.exists() and mailbox.messages == []


def test_only_post_subscribes(client, site_tree):
    assert client.get("/nl/subscriptions/").status_code == 405


def test_the_cached_listing_holds_no_per_visitor_token(client, mailbox, japan,
                                                       settings):
    settings.HUB_PAGE_CACHE = True
    url = "/nl/events/?country=JP"
    first, second = client.get(url), client.get(url)
    assert second["X-Cache"] == "hit" and second.content == first.content
    html = second.content.decode()
    assert "csrfmiddlewaretoken" not in html and not second.cookies
    assert "subscribe-form" not in client.get("/nl/events/?when=past").content.decode()
    action, hidden = served_form(html)
    assert hidden == {"country": "JP"}
    assert client.post(action, {**hidden, "email": "cached@example.org",
                                "frequency": "weekly"}).status_code == 200
    assert len(mailbox.to("cached@example.org")) == 1


def test_the_search_page_offers_the_form_for_events_filters(client, japan):
    _action, hidden = served_form(client.get(
        "/en/search/?type=event&country=JP&event_type=webinar").content.decode())
    assert hidden == {"country": "JP", "type": "webinar"}
    with_words = client.get("/en/search/?q=fair&type=event&country=JP").content.decode()
    assert served_form(with_words)[1] == {"country": "JP"}
    assert "not the words you searched for" in with_words
    assert "subscribe-form" not in client.get(  # no events filter says "field"
        "/en/search/?field=1").content.decode()
    page = client.get("/en/search/?type=expertise").content.decode()
    assert "subscribe-form" not in page


def test_manage_change_frequency_and_unsubscribe(client, mailbox, japan):
    subscribe_through(client, "/nl/events/?country=JP", "me@example.org")
    [mail] = mailbox.to("me@example.org")
    manage, unsubscribe = link_in(mail, "/manage/"), link_in(mail, "/unsubscribe/")
    page = client.get(manage)
    assert page.status_code == 200 and "Japan" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page[
        "Cache-Control"]
    assert client.post(manage, {"frequency": "daily"}).status_code == 200
    assert Subscription.objects.get().frequency == "daily"
    assert client.post(manage, {"frequency": "yearly"}).status_code == 400
    assert client.get(unsubscribe).status_code == 200  # a button only
    assert Subscription.objects.exists()
    for _twice in range(2):  # idempotent
        assert client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}
                           ).status_code == 200
    assert not Subscription.objects.exists()
    assert client.get(manage).status_code == 404


def test_unconfirmed_subscriptions_expire(site_tree, settings):
    settings.HUB_SUBSCRIPTION_UNCONFIRMED_DAYS = 7
    old = timezone.now() - timedelta(days=8)
    stale = Subscription.objects.create(email="a@example.org", language="nl")
    fresh = Subscription.objects.create(email="b@example.org", language="nl")
    kept = confirmed("c@example.org")
    Subscription.objects.filter(pk__in=[stale.pk, kept.pk]).update(created_at=old)
    assert forget_unconfirmed.enqueue().return_value == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}


def test_the_scheduler_runs_the_digests_and_the_expiry(settings):
    settings.HUB_SUBSCRIPTION_DIGEST_CHECK_SECONDS = 600
    jobs = {job.name: job.interval for job in periodic_jobs()}
    assert jobs["cms.subscriptions.tasks.send_due_digests"] == 600
    assert "cms.subscriptions.tasks.forget_unconfirmed" in jobs
