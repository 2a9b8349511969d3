"""The search API names an event's zone as the read API does, in the asked
language, so the search widget says "Tokyo time" like the other widgets and
not the browser's "Japan Standard Time"."""

import pytest

from tests.factories import make_event, make_institution


@pytest.fixture
def fair(site_tree, search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leuven = make_institution("KU Leuven", "ku-leuven")  # Dutch pages
        make_event(leuven, "Beurs in Tokio", tz="Asia/Tokyo")
        make_event(leuven, "Beursdag in Tokio", tz="Asia/Tokyo", all_day=True)


def test_search_results_carry_the_zone_label_of_timed_events(client, fair):
    body = client.get("/api/v1/search/", {"q": "Tokio", "lang": "nl"}).json()
    events = {r["title"]: r for r in body["results"] if r["type"] == "event"}
    timed = events["Beurs in Tokio"]
    assert timed["time_zone"] == "Asia/Tokyo"
    assert "Tokio" in timed["time_zone_label"]  # CLDR's Dutch city name
    assert "Japan" not in timed["time_zone_label"]
    assert "time_zone_label" not in events["Beursdag in Tokio"]  # no zone
