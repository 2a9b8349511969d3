"""Honest event states (issue 14 point 2): a cancelled event says so at the top,
strikes its date and offers no calendar download (its .ics says CANCELLED);
postponed and rescheduled look different from it and give the new date;
moved online shows the link, not the old venue; the API, the JSON-LD, the
feeds and the oEmbed card tell the same."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.core import timefmt
from tests.factories import make_event

pytestmark = pytest.mark.django_db

JOIN = "https://example.org/join-the-session"


def page(client, event) -> str:
    response = client.get(event.url)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>',
                        html, re.S)
    found = [json.loads(b) for b in blocks]
    return next(d for d in found if d.get("@type") == "Event")


def api_event(client, event, lang="en") -> dict:
    response = client.get(f"/api/v1/events/{event.translation_key}/", {"lang": lang})
    assert response.status_code == 200
    return response.json()


def test_cancelled_page(client, japan):
    event = make_event(japan, title="Cancelled fair", status="cancelled",
                       registration_url="https://example.org/register")
    html = page(client, event)
    notice = timefmt.status_notice(event, "nl")
    assert notice
    # the notice is at the top: right under the title, before the facts
    assert html.index("<h1>") < html.index(notice) < html.index('class="facts"')
    assert 'class="event-notice event-notice--cancelled"' in html
    # the date is struck through, with the status said to screen readers
    when = event.when_text("nl")
    struck = re.search(r'<span class="visually-hidden">([^<]+): </span><del><time[^>]*>'
                       r"([^<]+)</time></del>", html)
    assert struck and struck[2] == when
    assert struck[1] == timefmt.status_label(event, "nl")
    # nothing invites to come: no calendar download, no registration, no
    # "your time"
    assert f"/events/{event.translation_key}.ics" not in html
    assert "example.org/register" not in html
    assert "visitor-time" not in html


def test_scheduled_page_offers_the_calendar(client, japan):
    event = make_event(japan, title="Normal fair")
    html = page(client, event)
    assert f"/events/{event.translation_key}.ics" in html
    assert "event-notice" not in html and "<del>" not in html


def test_cancelled_ics_says_cancelled(client, japan):
    event = make_event(japan, title="Cancelled fair", status="cancelled")
    body = client.get(f"/events/{event.translation_key}.ics").content.decode()
    assert "STATUS:CANCELLED" in body


def test_postponed_and_rescheduled_are_distinct_from_cancelled(client, japan):
    postponed = make_event(japan, title="Postponed fair", status="postponed")
    html = page(client, postponed)
    assert 'class="event-notice event-notice--postponed"' in html
    assert timefmt.status_notice(postponed, "en") == (
        "This event is postponed; the new date will be announced.")
    assert "<del>" not in html and "event-notice--cancelled" not in html

    previous = postponed.start
    rescheduled = make_event(japan, title="Rescheduled fair", status="rescheduled",
                             days_ahead=60, previous_start=previous)
    html = page(client, rescheduled)
    assert 'class="event-notice event-notice--rescheduled"' in html
    notice = timefmt.status_notice(rescheduled, "en")
    new = timefmt.format_moment(rescheduled.start, "Asia/Tokyo", "en")
    old = timefmt.format_moment(previous, "Asia/Tokyo", "en")
    assert notice == f"Rescheduled from {old} to {new}."
    assert timefmt.status_notice(rescheduled, "nl") in html
    assert f"/events/{rescheduled.translation_key}.ics" in html
    # without the old date the notice still gives the new one
    rescheduled.previous_start = None
    assert timefmt.status_notice(rescheduled, "en") == f"Rescheduled to {new}."


def test_listing_cards_show_states(client, japan, site_tree):
    make_event(japan, title="Cancelled fair", status="cancelled")
    make_event(japan, title="Postponed fair", status="postponed")
    html = client.get(site_tree["events"].url).content.decode()
    assert "event-card--cancelled" in html and "event-card--postponed" in html
    cancelled = html[html.index("event-card--cancelled"):]
    cancelled = cancelled[:cancelled.index("</article>")]
    assert "<del><time" in cancelled


def test_moved_online_shows_the_link_not_the_venue(client, japan):
    event = make_event(japan, title="Now online", status="moved-online",
                       online_url=JOIN, venue_name="Tokyo Big Sight")
    html = page(client, event)
    assert JOIN in html
    assert "Tokyo Big Sight" not in html
    assert 'class="event-notice event-notice--moved-online"' in html
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": JOIN}
    _kind, facts = event.oembed_card()
    assert "Tokyo Big Sight" not in facts and "Online" in facts


def test_json_ld_status_and_previous_start(client, japan):
    cancelled = make_event(japan, title="Cancelled fair", status="cancelled")
    assert json_ld(page(client, cancelled))["eventStatus"] == (
        "https://schema.org/EventCancelled")
    previous = timezone.now() + timedelta(days=5)
    rescheduled = make_event(japan, title="Rescheduled fair", status="rescheduled",
                             previous_start=previous)
    data = json_ld(page(client, rescheduled))
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == previous.astimezone(rescheduled.tz).isoformat()
    postponed = make_event(japan, title="Postponed fair", status="postponed")
    data = json_ld(page(client, postponed))
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["previousStartDate"] == postponed.local_start.isoformat()


def test_api_fields(client, japan):
    event = make_event(japan, title="Cancelled fair", status="cancelled")
    data = api_event(client, event, "en")
    assert data["when_text"] == event.when_text("en")
    assert data["when_text"].endswith("Tokyo time")
    assert data["time_zone_label"] == "Tokyo time"
    assert data["status_label"] == "Cancelled"
    assert data["status_notice"] == "This event is cancelled."
    assert data["previous_start"] is None
    nl = api_event(client, event, "nl")
    assert nl["status_label"] == "Geannuleerd"
    assert "Tokio" in nl["when_text"] and nl["when_text"] != data["when_text"]

    scheduled = make_event(japan, title="Plain fair")
    data = api_event(client, scheduled, "en")
    assert data["status_label"] == "Scheduled" and data["status_notice"] is None
    listed = client.get("/api/v1/events/", {"lang": "en"}).json()["results"]
    assert {row["status_notice"] for row in listed} == {
        None, "This event is cancelled."}


def test_all_day_api_has_no_zone_label(client, japan):
    event = make_event(japan, title="Open day", all_day=True)
    data = api_event(client, event, "en")
    assert data["time_zone_label"] == ""
    assert "time" not in data["when_text"] and ":" not in data["when_text"]


def test_feed_item_says_the_state(client, japan):
    make_event(japan, title="Cancelled fair", status="cancelled")
    body = client.get("/feeds/events.rss", {"lang": "en"}).content.decode()
    assert "This event is cancelled." in body
    assert "Tokyo time" in body and "(Asia/Tokyo)" not in body
