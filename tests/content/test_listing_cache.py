"""The listings' remembered pages (cms/core/listing.py): without the full-page
cache, a repeated listing request neither filters nor loads the catalogue
again, a publish shows at once, and paging still works."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.events.listing import PAGE_SIZE
from tests.factories import make_event, make_expertise

pytestmark = pytest.mark.django_db
EVENTS = "/nl/events/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.HUB_PAGE_CACHE = False


def event_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "events_eventpage" in q["sql"]]


def test_a_repeated_listing_loads_no_event(client, japan):
    make_event(japan, title="Osaka seminar")
    url = f"{EVENTS}?country=JP"
    first = client.get(url)
    assert "Osaka seminar" in first.content.decode()
    with CaptureQueriesContext(connection) as second:
        again = client.get(url)
    assert again.content == first.content
    assert event_queries(second) == []


def test_a_publish_shows_in_the_next_listing(client, japan):
    make_event(japan, title="Kyoto lecture")
    assert "Kyoto lecture" in client.get(EVENTS).content.decode()
    added = make_event(japan, title="Nagoya workshop")  # published
    page = client.get(EVENTS).content.decode()
    assert "Nagoya workshop" in page and "Kyoto lecture" in page
    added.unpublish()
    assert "Nagoya workshop" not in client.get(EVENTS).content.decode()


def test_filters_are_remembered_apart(client, japan):
    make_event(japan, title="Sapporo conference", event_type="conference")
    make_event(japan, title="Sendai webinar", event_type="webinar")
    conferences = client.get(f"{EVENTS}?type=conference").content.decode()
    webinars = client.get(f"{EVENTS}?type=webinar").content.decode()
    assert "Sapporo conference" in conferences and "Sendai webinar" not in conferences
    assert "Sendai webinar" in webinars and "Sapporo conference" not in webinars
    # The notice about an ignored value comes back with the remembered page.
    for _ in range(2):
        answer = client.get(f"{EVENTS}?type=banquet").content.decode()
        assert "“banquet”" in answer


def test_pages_of_a_remembered_listing(client, japan):
    for number in range(PAGE_SIZE + 3):
        make_event(japan, title=f"Session {number:02d}", days_ahead=number + 1)
    for _ in range(2):  # computed, then remembered
        first = client.get(EVENTS).content.decode()
        second = client.get(f"{EVENTS}?page=2").content.decode()
        beyond = client.get(f"{EVENTS}?page=99").content.decode()
        assert "Session 00" in first and "Session 22" not in first
        assert "Session 22" in second and "Session 00" not in second
        assert "Page 2 of 2" in second or "Pagina 2 van 2" in second
        assert beyond == second  # out of range: the last page
        assert 'rel="next"' in first and 'rel="prev"' in second


def test_expertise_listing_is_remembered(client, kul):
    make_expertise(kul, title="Coastal engineering")
    url = "/nl/expertise/"
    first = client.get(url).content.decode()
    assert "Coastal engineering" in first
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).content.decode() == first
    assert [q for q in second if "expertise_expertisepage" in q["sql"]] == []
