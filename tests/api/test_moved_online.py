"""A moved-online event is reported as it is now held, in the read API and
the search API alike, as on its page and in its JSON-LD (issue 14): online,
its link and no trace of the old venue."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from tests.factories import make_event, make_institution

JOIN = "https://meet.example.org/fair"
VENUE = {"venue_name": "Tokyo Big Sight", "venue_address": "3-11-1 Ariake",
         "venue_city": "Tokyo", "venue_country": "JP",
         "latitude": Decimal("35.63"), "longitude": Decimal("139.79")}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_moved_online_event_is_online_without_its_old_venue(client, japan):
    moved = make_event(japan, title="Moved fair", status="moved-online",
                       attendance_mode="offline", online_url=JOIN, **VENUE)
    make_event(japan, title="Held fair", slug="held-fair", **VENUE)
    items = {i["title"]: i for i in
             client.get("/api/v1/events/").json()["results"]}
    item = items["Moved fair"]
    assert item["attendance_mode"] == "online"
    assert item["online_url"] == JOIN
    assert set(item["venue"]) == {"name", "address", "city", "country",
                                  "latitude", "longitude"}
    assert all(value is None for value in item["venue"].values())
    assert "Tokyo Big Sight" not in str(item)
    detail = client.get(f"/api/v1/events/{moved.public_id}/").json()
    assert detail["attendance_mode"] == "online"
    assert detail["venue"]["name"] is None and detail["online_url"] == JOIN
    # A scheduled event keeps its venue.
    held = items["Held fair"]
    assert held["attendance_mode"] == "offline"
    assert held["venue"]["name"] == "Tokyo Big Sight"
    assert held["venue"]["latitude"] == pytest.approx(35.63)


@pytest.fixture
def search_events(site_tree, search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leuven = make_institution("KU Leuven", "ku-leuven")
        make_event(leuven, "Beurs verhuisd", status="moved-online",
                   online_url=JOIN, **VENUE)
        make_event(leuven, "Beurs ter plaatse", **VENUE)


def test_search_hit_of_moved_online_event_has_no_place(client, search_events):
    body = client.get("/api/v1/search/", {"q": "Beurs", "lang": "nl"}).json()
    hits = {r["title"]: r for r in body["results"] if r["type"] == "event"}
    moved, held = hits["Beurs verhuisd"], hits["Beurs ter plaatse"]
    assert moved["status"] == "moved-online"
    assert "place" not in moved and "location" not in moved
    assert held["place"] and held["location"]
