"""The read API's cold path (a server-cache miss) runs a bounded number of SQL
queries, whatever the items hold: the organisers, participants and
disciplines of a page of results are loaded at once, not per item."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.core.generation import bump_generation
from cms.institutions.models import Discipline
from tests.factories import (
    make_event,
    make_institution,
    make_representation,
    publish,
    translate,
)

pytestmark = pytest.mark.django_db
COLD_LIST_QUERIES = 10  # docs/api.md, docs/benchmarks.md


@pytest.fixture
def varied_events(site_tree):
    """Ten events under two kinds of organiser: with 0-3 participating
    institutions, 0-3 disciplines (sub-fields and fields), in English, in Dutch
    only (the English list falls back to it) or in both; one recurring, one
    online."""
    japan = make_representation()
    kul = make_institution()
    ugent = make_institution(title="Ghent University", slug="ugent")
    vub = make_institution(title="VUB", slug="vub")
    codes = list(Discipline.objects.order_by("code").values_list("code", flat=True))
    events = []
    for n in range(10):
        organiser = japan if n % 2 else kul
        extra = {}
        if n == 3:
            extra = {"recurrence_rule": "FREQ=WEEKLY;COUNT=4"}
        if n == 4:
            extra = {"attendance_mode": "online",
                     "online_url": "https://meet.example/x"}
        event = make_event(organiser, title=f"Event {n}", slug=f"event-{n}",
                           days_ahead=5 + n, live=False, **extra)
        event.participating_institutions.set([kul, ugent, vub][: n % 4])
        event.disciplines.set(Discipline.objects.filter(
            code__in=codes[n: n + n % 4]))
        publish(event)
        if n % 3 == 0:
            translate(event, "en", f"Event {n} (en)")
        events.append(event)
    return events


def start_a_generation() -> None:
    """What a publish does to the answer cache: every key misses. (The site's
    root paths and the plugin states stay cached, as in a running server.)"""
    bump_generation()


def cold_list(client, **params):
    start_a_generation()
    return client.get("/api/v1/events/", {"lang": "en", "page_size": 10, **params})


@pytest.fixture
def warm_server(client, varied_events):
    """A server that has answered before: Wagtail's site root paths cached."""
    cache.clear()
    client.get("/api/v1/events/", {"lang": "nl"})
    return varied_events


def test_the_cold_events_list_takes_at_most_ten_queries(
        client, warm_server, django_assert_max_num_queries):
    varied_events = warm_server
    with django_assert_max_num_queries(COLD_LIST_QUERIES):
        answer = cold_list(client)
    assert answer.status_code == 200, answer.content
    results = answer.json()["results"]
    assert len(results) == 10
    by_title = {item["title"]: item for item in results}
    # the fallback: English where it exists, else Dutch
    assert "Event 0 (en)" in by_title and "Event 1" in by_title
    assert by_title["Event 0 (en)"]["lang"] == "en"
    assert by_title["Event 1"]["lang"] == "nl"
    # what was loaded at once is the same as item by item
    for n, event in enumerate(varied_events):
        item = next(i for i in results if i["id"] == event.public_id)
        assert item["organiser"]["title"] == ("Flanders in Japan" if n % 2
                                              else "KU Leuven")
        assert item["organiser_type"] == ("representation" if n % 2 else "institution")
        organiser = Page.objects.get(translation_key=item["organiser"]["id"],
                                     locale__language_code=item["lang"])
        assert item["organiser"]["url"].endswith(organiser.url)
        participants = sorted(p["slug"] for p in item["participating_institutions"])
        assert participants == sorted(
            p.slug for p in event.participating_institutions.all())
        expected = [(d.code, d.parent.code if d.parent_id else None)
                    for d in event.disciplines.select_related("parent")]
        assert [(d["code"], d["parent"]) for d in item["disciplines"]] == expected
    assert any(i["recurrence"] for i in results)


def test_the_query_count_does_not_grow_with_the_page(client, warm_server,
                                                      django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as two:
        cold_list(client, page_size=2)
    with django_assert_max_num_queries(len(two)):
        assert len(cold_list(client).json()["results"]) == 10


def test_the_cold_detail_takes_few_queries(client, warm_server,
                                           django_assert_max_num_queries):
    event = warm_server[2]
    start_a_generation()
    with django_assert_max_num_queries(8):
        answer = client.get(f"/api/v1/events/{event.public_id}/", {"lang": "en"})
    assert answer.status_code == 200
    assert len(answer.json()["participating_institutions"]) == 2
