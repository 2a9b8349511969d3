"""Oversized and malformed input gets a clear 4xx (JSON in the API), never a
500 or a traceback: API and feed parameters, the search page, oEmbed, the
widget files, admin forms, request bodies, Host headers and import files.
(Deeply nested import files are tests/security/test_imports.py.)"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from cms.events.models import EventPage

pytestmark = pytest.mark.django_db

LONG = "x" * 20_000
NUL = "a\x00b"

API_QUERIES = [
    ("/api/v1/events/", {"page": "99999999999999999999999999"}),
    ("/api/v1/events/", {"page": "-1"}),
    ("/api/v1/events/", {"page": "1e3"}),
    ("/api/v1/events/", {"page_size": "0"}),
    ("/api/v1/events/", {"page_size": "100000000000"}),
    ("/api/v1/events/", {"page_size": "½"}),
    ("/api/v1/events/", {"lang": "xx"}),
    ("/api/v1/events/", {"lang": LONG}),
    ("/api/v1/events/", {"nonsense": "1"}),
    ("/api/v1/events/", {"from": "2024-13-45"}),
    ("/api/v1/events/", {"to": "yesterday"}),
    ("/api/v1/events/", {"from": "9999999-01-01"}),
    ("/api/v1/events/", {"when": "maybe"}),
    ("/api/v1/events/", {"country": "ZZZ"}),
    ("/api/v1/events/", {"organiser": LONG}),
    ("/api/v1/events/", {"type": NUL}),
    ("/api/v1/events/", {"near": "abc"}),
    ("/api/v1/events/", {"near": "91,181"}),
    ("/api/v1/events/", {"near": "50.8,4.3", "km": "1e309"}),
    ("/api/v1/events/", {"near": "50.8,4.3", "km": "-5"}),
    ("/api/v1/events/", {"near": "nan,nan"}),
    ("/api/v1/expertise/", {"discipline": "9.9.9.9"}),
    ("/api/v1/expertise/", {"keyword": LONG}),
    ("/api/v1/events/not-a-uuid/", {}),
    ("/api/v1/events/00000000-0000-0000-0000-000000000000/", {}),
    ("/api/v1/disciplines/" + "9" * 500 + "/", {}),
    ("/api/v1/search/", {"q": LONG}),
    ("/api/v1/search/", {"q": "x", "page": "0"}),
    ("/api/v1/search/", {"q": "x", "type": "everything"}),
    ("/api/v1/search/", {"q": NUL}),
    ("/api/v1/search/suggest/", {"q": LONG}),
    ("/api/v1/nothing-here/", {}),
    ("/feeds/events.rss", {"lang": "xx"}),
    ("/feeds/events.ics", {"from": "2024-02-30"}),
    ("/feeds/events.atom", {"country": "ZZZ"}),
    ("/feeds/expertise.rss", {"institution": LONG}),
    ("/feeds/events.ics", {"unknown": "1"}),
    ("/oembed", {"url": "http://testserver/" + "a" * 5000}),
    ("/oembed", {"url": "http://testserver/nl/x", "maxwidth": "9" * 400}),
    ("/oembed", {"url": "http://[::1"}),
    ("/oembed", {"url": f"http://testserver/nl/{NUL}/"}),
    ("/embed/v1/theme.css", {"organiser": LONG}),
    ("/embed/v1/theme.css", {"colour": "red"}),
]


def test_bad_parameters_get_a_json_4xx(client, site_tree):
    wrong = []
    for path, params in API_QUERIES:
        response = client.get(path, params)
        if not (400 <= response.status_code < 500
                and response["Content-Type"].startswith("application/json")):
            wrong.append((path, params, response.status_code, response.content[:200]))
            continue
        error = response.json()["error"]
        if not (error["code"] and error["message"]):
            wrong.append((path, params, error))
    assert not wrong, "\n".join(map(str, wrong))


def test_invalid_utf8_and_huge_query_strings(client, site_tree):
    """Undecodable bytes become U+FFFD (a query like any other); NUL bytes,
    overlong values and thousands of parameters are refused; none fails."""
    for query in ("q=%ff%fe%fd", "lang=%c0%af", "page=%00", "q=" + "%e2%80%ae" * 2000,
                  "&".join(f"p{i}=1" for i in range(5000))):
        for path in ("/api/v1/events/", "/api/v1/search/"):
            response = client.get(f"{path}?{query}")
            assert response.status_code in (200, 400), (path, query[:40])
            body = response.json()
            assert ("error" in body) == (response.status_code == 400), (path, query[:40])
    for query in ("lang=%c0%af", "page=%00", "q=" + "%e2%80%ae" * 2000):
        assert client.get(f"/api/v1/events/?{query}").status_code == 400, query[:40]


def test_the_search_page_never_fails(client, site_tree):
    for params in ({"q": LONG}, {"q": NUL}, {"q": "x", "page": "abc"},
                   {"q": "x", "page": "-3"}, {"q": "x", "type": "bogus"},
                   {"q": "x", "sort": "bogus"}, {"q": "x", "near": "a,b"},
                   {"q": "x", "when": LONG}, {"q": "x", "page_size": "100000000"}):
        assert client.get("/nl/search/", params).status_code in (200, 400), params


def test_listing_pages_with_garbage_filters(client, site_tree):
    for path in ("/nl/events/", "/nl/expertise/"):
        for params in ({"page": "99999999999999999999"}, {"page": "x"},
                       {"country": LONG}, {"from": "2024-99-99"}, {"discipline": NUL}):
            assert client.get(path, params).status_code < 500, (path, params)


def _event_form(client, event):
    url = f"/admin/pages/{event.pk}/edit/"
    return url, querydict_from_html(client.get(url).content.decode(),
                                    form_id="page-edit-form")


BAD_FORM_VALUES = [
    ("title", LONG), ("start", "garbage"), ("end", "2020-01-01 10:00"),
    ("time_zone", "Mars/Olympus"), ("time_zone", LONG),
    ("recurrence_rule", "FREQ=SECONDLY;COUNT=999999999"), ("recurrence_rule", LONG),
    ("recurrence_rule", "FREQ=DAILY;UNTIL=99999999T999999Z"),
    ("recurrence_exceptions", "not a date\n2020-02-30"), ("latitude", "NaN"),
    ("latitude", "1e309"), ("longitude", "-181"), ("registration_url", "javascript:alert(1)"),
    ("online_url", "http://" + "a" * 5000 + ".example"), ("venue_country", "ZZ"),
    ("summary", LONG), ("slug", "../../etc"), ("event_type", "nonsense"),
]


def test_admin_forms_refuse_bad_values_with_a_message(client, organisations, user_in):
    client.force_login(user_in(username="root", superuser=True))
    event = organisations["japan_event"]
    url, form = _event_form(client, event)
    for field, value in BAD_FORM_VALUES:
        data = form.copy()
        data[field] = value
        data["action-publish"] = "1"
        response = client.post(url, data)
        assert response.status_code == 200, (field, response.status_code)  # the form again
        assert b"error" in response.content.lower(), field
        page = EventPage.objects.get(pk=event.pk)
        assert page.title == "Tokyo seminar" and not page.has_unpublished_changes, field


def test_oversized_request_bodies_are_refused(client, organisations, user_in):
    client.force_login(user_in(username="root", superuser=True))
    event = organisations["japan_event"]
    url, data = _event_form(client, event)
    data["body"] = "x" * 3_000_000
    response = client.post(url, data)
    assert response.status_code == 400
    assert Page.objects.get(pk=event.pk).title == "Tokyo seminar"
    fields = {f"f{i}": "1" for i in range(20_000)}
    assert client.post(url, fields).status_code == 400


@override_settings(ALLOWED_HOSTS=["hub.example.org"])
def test_foreign_host_headers_are_refused(client, site_tree):
    for path in ("/nl/", "/api/v1/events/", "/feeds/events.rss", "/admin/login/"):
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400, path
        assert b"Traceback" not in response.content
    assert client.get("/nl/", HTTP_HOST="hub.example.org").status_code == 200


IMPORT_FILES = [
    b"",
    b"not json at all",
    b"\xff\xfe\x00garbage",
    b"[1, 2, 3]",
    b'{"format": "something-else", "version": 1}',
    b'{"format": "flanders-hub-catalogue", "version": 99}',
    b'{"format": "flanders-hub-catalogue", "version": 1, "events": "many"}',
    b'{"format": "flanders-hub-catalogue", "version": 1, "events": [1e400]}',
]


def test_malformed_catalogue_files_get_a_one_line_error(tmp_path, site_tree):
    for content in IMPORT_FILES:
        path = tmp_path / "catalogue.json"
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_catalogue", str(path), stdout=out, stderr=err)
        except CommandError as error:
            message = str(error)
            assert message and "\n" not in message.strip(), content[:40]
            assert "Traceback" not in message, content[:40]
        else:  # a well-formed envelope with bad records: rejected, reported
            assert "Traceback" not in out.getvalue() + err.getvalue(), content[:40]
        assert not EventPage.objects.exists()


def test_malformed_records_are_rejected_one_by_one(tmp_path, organisations):
    start = (timezone.now() + timedelta(days=10)).isoformat()
    bad = [
        {"id": "e1", "title": {"nl": ["a list"]}, "organiser": "x"},
        {"id": "e2", "title": {"nl": LONG}, "organiser": "ku-leuven"},
        {"id": "e3", "title": {"nl": "Bad start"}, "organiser": "ku-leuven",
         "event_type": "webinar", "start": "tomorrow", "end": start,
         "time_zone": "Europe/Brussels"},
        {"id": "e4", "title": {"nl": "Bad zone"}, "organiser": "ku-leuven",
         "event_type": "webinar", "start": start, "end": start, "time_zone": "Mars/Base"},
        {"id": "e5" * 200, "title": {"nl": "Long id"}, "organiser": "ku-leuven"},
        {"id": "e6", "title": {"nl": "NaN place"}, "organiser": "ku-leuven",
         "event_type": "webinar", "start": start, "end": start,
         "time_zone": "Europe/Brussels", "venue": {"latitude": "NaN"}},
    ]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"format": "flanders-hub-catalogue", "version": 1,
                                "events": bad}), encoding="utf-8")
    out = io.StringIO()
    try:
        call_command("import_catalogue", str(path), stdout=out, stderr=io.StringIO())
    except CommandError as error:  # exit status for rejected records
        assert "Traceback" not in str(error)
    report = out.getvalue()
    assert "Traceback" not in report
    for record in ("e1", "e2", "e3", "e4", "e6"):
        assert f"id={record}" in report, (record, report)
    assert EventPage.objects.count() == 3  # the fixture's own events only


def test_malformed_icalendar_files_are_clear_errors(tmp_path, organisations):
    for content in (b"", b"\x00\x01\x02" * 1000, b"BEGIN:VCALENDAR\r\n" * 3,
                    b"BEGIN:VEVENT\r\nDTSTART:garbage\r\nEND:VEVENT\r\n"):
        path = tmp_path / "feed.ics"
        path.write_bytes(content)
        try:
            call_command("import_events", "--ics", str(path), "--organiser", "ku-leuven",
                         stdout=io.StringIO(), stderr=io.StringIO())
        except (CommandError, SystemExit) as error:
            assert "Traceback" not in str(error), content[:40]
        assert EventPage.objects.count() == 3, content[:40]
