"""The public read API /api/v1/: resources, filters, languages, pagination,
errors, caching, CORS and rate limiting."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from cms.api.filters import InvalidParameter, filter_events
from cms.institutions.models import Discipline
from cms.scholarships.models import ScholarshipPage
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    publish,
    translate,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def get(client, path: str, **params):
    return client.get(f"{API}{path}", params)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def assert_error(response, status: int, code: str, param: str | None = None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    if param:
        assert error["param"] == param


# -- resources ---------------------------------------------------------------
def test_event_list_and_detail(client, japan):
    event = make_event(japan, languages=["en"])
    data = get(client, "/events/").json()
    assert data["count"] == 1 and data["next"] is None and data["previous"] is None
    item = data["results"][0]
    assert item["id"] == event.public_id
    assert item["slug"] == event.slug
    assert item["url"].endswith("/nl/representations/japan/study-in-flanders-fair/")
    assert item["time_zone"] == "Asia/Tokyo"
    assert item["start"].endswith("+09:00")
    assert item["organiser"]["id"] == japan.public_id
    assert item["all_day"] is False and item["recurrence"] is None
    detail = get(client, f"/events/{event.public_id}/").json()
    assert detail["title"] == event.title


def test_recurring_event_has_recurrence_info(client, japan):
    make_event(japan, title="Weekly seminar", recurrence_rule="FREQ=WEEKLY;COUNT=4")
    item = get(client, "/events/").json()["results"][0]
    assert item["recurrence"]["rule"] == "FREQ=WEEKLY;COUNT=4"
    assert item["recurrence"]["last_end"]


def test_expertise_institution_representation_lists(client, kul, japan):
    entry = make_expertise(kul)
    expertise = get(client, "/expertise/").json()["results"]
    assert [e["id"] for e in expertise] == [entry.public_id]
    assert expertise[0]["institution"]["slug"] == "ku-leuven"
    assert titles(get(client, "/institutions/")) == ["KU Leuven"]
    reps = get(client, "/representations/").json()["results"]
    assert reps[0]["country"] == "JP" and reps[0]["time_zone"] == "Asia/Tokyo"
    assert get(client, f"/institutions/{kul.public_id}/").json()["slug"] == "ku-leuven"
    assert get(client, f"/expertise/{entry.public_id}/").status_code == 200
    assert get(client, "/scholarships/").json()["count"] == 0


def test_disciplines(client, site_tree):
    data = get(client, "/disciplines/", lang="fr").json()
    assert data["count"] == Discipline.objects.count()
    top = get(client, "/disciplines/1/").json()
    assert top["parent"] is None and top["children"]
    assert get(client, "/disciplines/1-2/").json()["parent"] == "1"
    assert_error(get(client, "/disciplines/99/"), 404, "not_found")


def test_drafts_are_not_listed(client, japan):
    make_event(japan, title="Draft").unpublish()
    assert get(client, "/events/").json()["count"] == 0


# -- filters -----------------------------------------------------------------
def test_event_filters(client, kul, japan):
    vub = make_institution(title="VUB", slug="vub")
    physics = Discipline.objects.get(code="1.3")
    fair = make_event(japan, title="Fair", audience=["students"], languages=["en"])
    fair.disciplines.set([physics])
    publish(fair)
    make_event(kul, title="Webinar", event_type="webinar", venue_country="BE",
               venue_city="Leuven", audience=["researchers"], languages=["nl"],
               status="cancelled")
    joint = make_event(japan, title="Joint", days_ahead=60)
    joint.participating_institutions.set([vub])
    publish(joint)
    make_event(japan, title="Old", days_ahead=-60)

    assert titles(get(client, "/events/", organiser="japan")) == ["Fair", "Joint"]
    assert titles(get(client, "/events/", organiser=kul.public_id)) == ["Webinar"]
    assert titles(get(client, "/events/", representation="japan")) == ["Fair", "Joint"]
    assert titles(get(client, "/events/", institution="vub")) == ["Joint"]
    assert titles(get(client, "/events/", country="be")) == ["Webinar"]
    assert titles(get(client, "/events/", type="webinar")) == ["Webinar"]
    assert titles(get(client, "/events/", audience="students")) == ["Fair"]
    assert titles(get(client, "/events/", language="nl")) == ["Webinar"]
    assert titles(get(client, "/events/", status="cancelled")) == ["Webinar"]
    assert titles(get(client, "/events/", discipline="1")) == ["Fair"]  # sub-field
    assert titles(get(client, "/events/", when="past")) == ["Old"]
    assert titles(get(client, "/events/", when="all", sort="title")) == [
        "Fair", "Joint", "Old", "Webinar"]
    assert titles(get(client, "/events/", sort="-start"))[0] == "Joint"
    day = (fair.start + timedelta(days=10)).date().isoformat()
    assert titles(get(client, "/events/", to=day)) == ["Fair", "Webinar"]
    assert titles(get(client, "/events/", **{"from": day})) == ["Joint"]


def test_near_filter(client, japan):
    make_event(japan, title="Tokyo", latitude="35.6300", longitude="139.7940")
    make_event(japan, title="Osaka", days_ahead=31, latitude="34.6937", longitude="135.5023")
    make_event(japan, title="Nowhere")
    assert titles(get(client, "/events/", near="35.68,139.76", radius_km="50")) == [
        "Tokyo"]
    osaka = get(client, "/events/", near="35.68,139.76", radius_km="600").json()
    assert [e["title"] for e in osaka["results"]] == ["Tokyo", "Osaka"]
    assert osaka["results"][1]["distance_km"] == pytest.approx(400, abs=20)


def test_expertise_filters(client, kul):
    ugent = make_institution(title="Ghent University", slug="ugent")
    entry = make_expertise(kul, title="AI lab")
    entry.disciplines.set([Discipline.objects.get(code="1.2")])
    publish(entry)
    make_expertise(ugent, title="Bio group", kind="research-group")
    assert titles(get(client, "/expertise/", institution="ugent")) == ["Bio group"]
    assert titles(get(client, "/expertise/", discipline="1")) == ["AI lab"]
    assert titles(get(client, "/expertise/", kind="lab")) == ["AI lab"]


def test_filter_events_function_is_reusable(japan):
    make_event(japan, title="Fair")
    assert [e.title for e in filter_events({"organiser": "japan"}, "en")] == ["Fair"]
    with pytest.raises(InvalidParameter) as error:
        filter_events({"from": "yesterday"}, "en")
    assert error.value.param == "from" and error.value.code == "invalid_date"


# -- languages ---------------------------------------------------------------
def test_lang_fallback(client, japan):
    event = make_event(japan, title="Beurs")
    translate(event, "en", "Fair")
    assert titles(get(client, "/events/", lang="en")) == ["Fair"]
    assert titles(get(client, "/events/", lang="nl")) == ["Beurs"]
    data = get(client, "/events/", lang="fr").json()  # fr missing -> en
    assert data["count"] == 1
    assert data["results"][0]["title"] == "Fair" and data["results"][0]["lang"] == "en"
    assert get(client, f"/events/{event.public_id}/", lang="de").json()["lang"] == "en"
    only_nl = make_event(japan, title="Alleen nl")
    assert get(client, f"/events/{only_nl.public_id}/", lang="fr").json()[
        "lang"] == "nl"


# -- pagination --------------------------------------------------------------
def test_pagination(client, japan):
    for n in range(5):
        make_event(japan, title=f"Event {n}", days_ahead=10 + n)
    first = get(client, "/events/", page_size="2").json()
    assert first["count"] == 5 and first["num_pages"] == 3
    assert [e["title"] for e in first["results"]] == ["Event 0", "Event 1"]
    assert "page=2" in first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    assert [e["title"] for e in second["results"]] == ["Event 2", "Event 3"]
    assert "page=1" in second["previous"]
    assert_error(get(client, "/events/", page_size="101"), 400, "too_large",
                 "page_size")
    assert get(client, "/events/", page_size="100").status_code == 200


# -- errors ------------------------------------------------------------------
@pytest.mark.parametrize(("params", "code", "param"), [
    ({"colour": "red"}, "unknown_parameter", "colour"),
    ({"from": "2026-13-40"}, "invalid_date", "from"),
    ({"to": "tomorrow"}, "invalid_date", "to"),
    ({"from": "2026-05-02", "to": "2026-05-01"}, "invalid_range", "from"),
    ({"page": "0"}, "invalid_integer", "page"),
    ({"page": "abc"}, "invalid_integer", "page"),
    ({"page": "9"}, "invalid_page", "page"),
    ({"page_size": "-1"}, "invalid_integer", "page_size"),
    ({"lang": "es"}, "invalid_language", "lang"),
    ({"when": "soon"}, "invalid_choice", "when"),
    ({"type": "party"}, "invalid_choice", "type"),
    ({"organiser": "nobody"}, "unknown_value", "organiser"),
    ({"discipline": "9.9"}, "unknown_value", "discipline"),
    ({"country": "Japan"}, "invalid_country", "country"),
    ({"near": "north"}, "invalid_point", "near"),
    ({"near": "95,0"}, "invalid_point", "near"),
    ({"near": "0,0", "radius_km": "0"}, "invalid_radius", "radius_km"),
    ({"radius_km": "5"}, "missing_parameter", "near"),
    ({"sort": "random"}, "invalid_choice", "sort"),
    ({"discipline": "1.2\x00"}, "invalid_parameter", "discipline"),
    ({"organiser": "\x00"}, "invalid_parameter", "organiser"),
])
def test_bad_input_is_a_json_400(client, site_tree, params, code, param):
    assert_error(get(client, "/events/", **params), 400, code, param)


@pytest.mark.parametrize("path", ["/api/v1/scholarships/", "/api/v1/search/",
                                  "/en/events/", "/en/search/", "/en/expertise/"])
def test_nul_characters_are_refused_by_the_api_and_dropped_by_pages(
        client, site_tree, path):
    response = client.get(path, {"discipline": "1\x00", "q": "x\x00"})
    if path.startswith("/api/"):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_parameter"
    else:  # the page answers as if the NULs were not there
        assert response.status_code in (200, 400)
        assert "\x00" not in response.content.decode()
        plain = client.get(path, {"discipline": "1", "q": "x"})
        assert response.status_code == plain.status_code


def test_not_found_and_bad_ids(client, site_tree):
    assert_error(get(client, "/events/not-a-uuid/"), 400, "invalid_id", "id")
    assert_error(get(client, "/events/7b0c6a52-5bd1-4c8e-9a1e-3c8e1f1d2a3b/"), 404,
                 "not_found")
    assert_error(get(client, "/nothing/here/"), 404, "not_found")
    assert_error(client.get("/api/elsewhere"), 404, "not_found")


def test_write_methods_are_refused(client, site_tree):
    # Types without a write API (events and expertise have one, with a token:
    # tests/api/test_write_api.py).
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{API}/institutions/")
        assert_error(response, 405, "method_not_allowed")
        assert "GET" in response["Allow"]
    assert_error(client.post(f"{API}/events/"), 401, "unauthorized")


# -- caching -----------------------------------------------------------------
def test_etag_and_last_modified_give_304(client, japan):
    make_event(japan)
    first = get(client, "/events/")
    assert first["Cache-Control"].startswith("public, max-age=")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(f"{API}/events/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag
    since = client.get(f"{API}/events/", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = client.get(f"{API}/events/", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200


def test_publishing_invalidates_the_cache(client, japan):
    event = make_event(japan, title="Before")
    first = get(client, "/events/")
    assert titles(first) == ["Before"]
    event.title = "After"
    publish(event)
    after = client.get(f"{API}/events/", headers={"If-None-Match": first["ETag"]})
    assert titles(after) == ["After"]
    event.unpublish()
    assert get(client, "/events/").json()["count"] == 0
    make_event(japan, title="New")
    assert titles(get(client, "/events/")) == ["New"]
    event.delete()
    assert titles(get(client, "/events/")) == ["New"]


def test_a_change_made_by_another_server_process_is_seen_at_once(client, japan):
    """The generation is shared through the database: a publish handled by
    another worker (simulated by writing the page and the generation row
    behind this process's back, as SQL) invalidates this process's cache."""
    event = make_event(japan, title="Before")
    assert titles(get(client, "/events/")) == ["Before"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET title = %s WHERE id = %s",
                       ["After", event.pk])
        cursor.execute("UPDATE hub_api_contentgeneration SET value = value + 1")
    assert titles(get(client, "/events/")) == ["After"]


def test_query_order_does_not_matter_for_the_cache(client, japan):
    make_event(japan)
    one = get(client, "/events/", when="upcoming", lang="en")
    two = client.get(f"{API}/events/?lang=en&when=upcoming")
    assert one["ETag"] == two["ETag"]


# -- CORS and rate limiting ---------------------------------------------------
def test_cors(client, site_tree):
    response = client.get(f"{API}/institutions/", headers={"Origin": "https://x.be"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"{API}/events/", headers={
        "Origin": "https://x.be", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert get(client, "/nope/")["Access-Control-Allow-Origin"] == "*"


@override_settings(HUB_API_RATE_LIMIT="3/60")
def test_rate_limit(client, site_tree):
    for _ in range(3):
        assert get(client, "/institutions/").status_code == 200
    response = get(client, "/institutions/")
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 61
    other_client = client.get(f"{API}/institutions/", REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200


# -- docs --------------------------------------------------------------------
def test_openapi_and_docs(client, site_tree):
    document = client.get(f"{API}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/events/" in document["paths"]
    names = {p["name"] for p in document["paths"]["/events/"]["get"]["parameters"]}
    assert {"organiser", "near", "from", "to", "lang", "page_size"} <= names
    html = client.get(f"{API}/docs/")
    assert html.status_code == 200 and b"/events/" in html.content
    assert b"<script" not in html.content


def test_wagtail_api_v2_pages(client, japan):
    make_event(japan)
    response = client.get("/api/v2/pages/")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] >= 1


def test_scholarships(client, site_tree):
    def add(title, days, code):
        page = ScholarshipPage(
            title=title, slug=title.lower(), locale=site_tree["home"].locale,
            eligibility="<p>Master <b>students</b></p>", link="https://example.org",
            deadline=timezone.now() + timedelta(days=days))
        site_tree["scholarships"].add_child(instance=page)
        page.disciplines.set([Discipline.objects.get(code=code)])
        return publish(page)

    add("Open", 30, "1.2")
    add("Closed", -30, "5.1")
    assert titles(get(client, "/scholarships/")) == ["Closed", "Open"]
    assert titles(get(client, "/scholarships/", status="open")) == ["Open"]
    assert titles(get(client, "/scholarships/", discipline="1")) == ["Open"]
    item = get(client, "/scholarships/", status="open").json()["results"][0]
    assert item["eligibility"] == {"html": "<p>Master <b>students</b></p>",
                                   "text": "Master students"}


def test_text_is_data_not_escaped(client, japan):
    make_event(japan, title='Fair <script>alert("x")</script> & more', slug="fair")
    item = get(client, "/events/").json()["results"][0]
    assert item["title"] == 'Fair <script>alert("x")</script> & more'


def test_docs_refuse_writes(client, site_tree):
    assert_error(client.post(f"{API}/docs/"), 405, "method_not_allowed")
