"""Issue 15's third "Done when": a visitor subscribes through the public
listing, confirms from the mail, receives a digest with exactly the new
events of their filter (a cancellation marked), and unsubscribes with one
POST; all of it through a real SMTP server (conftest.py)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client

from cms.subscriptions.models import Subscription
from cms.subscriptions.tasks import send_due_digests
from tests.factories import make_event, publish

from .conftest import body, link_in, subscribe_through

pytestmark = pytest.mark.django_db
ADDRESS = "researcher@example.org"


def published_days_ago(event, days: int) -> None:
    """As if the event had been published ``days`` ago."""
    moment = event.last_published_at - timedelta(days=days)
    type(event).objects.filter(pk=event.pk).update(
        first_published_at=moment, last_published_at=moment)


def a_day_passes(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=subscription.confirmed_at - timedelta(days=1),
        last_digest_at=subscription.last_digest_at - timedelta(days=1))


def test_subscribe_confirm_digest_unsubscribe(client, mailbox, japan, kul):
    seen_before = make_event(japan, "Osaka fair already announced")
    to_cancel = make_event(japan, "Kyoto fair to be cancelled")
    for event in (seen_before, to_cancel):
        published_days_ago(event, 2)

    answer = subscribe_through(client, "/nl/events/?country=JP&type=education-fair",
                               ADDRESS, "daily")
    assert answer.status_code == 200
    [confirmation] = mailbox.to(ADDRESS)
    subscription = Subscription.objects.get()
    assert subscription.filter == {"country": "JP", "type": "education-fair"}
    assert subscription.confirmed_at is None and subscription.language == "nl"

    confirm = link_in(confirmation, "/confirm/")
    assert confirm.startswith("/nl/subscriptions/confirm/")
    assert client.get(confirm).status_code == 200  # a button, not the opt-in
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    make_event(japan, "Tokyo fair just published")
    make_event(japan, "Tokyo webinar", event_type="webinar")  # another type
    make_event(kul, "Leuven fair", venue_country="BE", venue_city="Leuven",
               tz="Europe/Brussels")  # another country
    to_cancel.status = "cancelled"
    publish(to_cancel)
    a_day_passes(subscription)
    send_due_digests.enqueue()

    [_confirmation, digest] = mailbox.to(ADDRESS)
    text, html = body(digest, "plain"), body(digest, "html")
    for part in (text, html):
        assert "Tokyo fair just published" in part
        assert "Kyoto fair to be cancelled" in part
        for other in ("Tokyo webinar", "Leuven fair", "Osaka fair"):
            assert other not in part
    assert "[Geannuleerd] Kyoto fair to be cancelled" in text
    assert "line-through" in html and "<img" not in html
    assert "/nl/" in html and "Tokio" in text  # the zone said in Dutch

    unsubscribe = str(digest["List-Unsubscribe"]).strip().strip("<>")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # on the wire as RFC 2369 has it (folded or not), never encoded
    assert re.search(rb"List-Unsubscribe:\s+<" + re.escape(unsubscribe.encode()) + b">",
                     mailbox.raw[-1])
    one_click = Client(enforce_csrf_checks=True).post(
        urlsplit(unsubscribe).path, "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded")
    assert one_click.status_code == 200
    assert not Subscription.objects.exists()

    make_event(japan, "Tokyo fair after leaving")
    send_due_digests.enqueue()
    assert len(mailbox.to(ADDRESS)) == 2
