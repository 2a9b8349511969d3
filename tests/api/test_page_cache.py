"""The full-page cache of anonymous visitors' pages (cms/core/page_cache.py):
what it serves, what invalidates it, what it never stores, and its key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.core import page_cache
from tests.factories import make_event, publish

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
EVENTS = "/nl/events/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Tests run without the page cache (cms/settings/test.py); these turn it on."""
    settings.HUB_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def rename_behind_the_hub(page, title: str) -> None:
    """Change a title in the database only: no publish, no new generation, so
    an answer that still shows the old title came from the cache."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET title = %s WHERE id = %s",
                       [title, page.pk])


def test_second_anonymous_visit_is_a_hit_with_the_same_page(client, japan):
    event = make_event(japan, title="Tokyo fair")
    first = client.get(EVENTS)
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    assert "Tokyo fair" in first.content.decode()
    rename_behind_the_hub(event, "Renamed in SQL")
    second = client.get(EVENTS)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content  # not rendered again
    detail = client.get(event.url)
    assert detail["X-Cache"] == "miss"
    assert "<h1>Renamed in SQL</h1>" in detail.content.decode()
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "nl"


def test_a_publish_invalidates_every_cached_page(client, japan):
    event = make_event(japan, title="Before")
    assert "Before" in client.get(EVENTS).content.decode()
    assert "Before" in client.get(event.url).content.decode()
    event.title = "After"
    publish(event)
    listing = client.get(EVENTS)
    assert listing["X-Cache"] == "miss"
    assert "After" in listing.content.decode()
    assert "Before" not in listing.content.decode()
    detail = client.get(event.url)
    assert detail["X-Cache"] == "miss" and "After" in detail.content.decode()
    event.unpublish()
    assert "After" not in client.get(EVENTS).content.decode()


def test_a_view_restriction_invalidates_the_cache(client, japan):
    event = make_event(japan, title="Embargoed mission")
    assert "Embargoed mission" in client.get(EVENTS).content.decode()
    PageViewRestriction.objects.create(page=event, restriction_type="login")
    listing = client.get(EVENTS)
    assert listing["X-Cache"] == "miss"
    assert "Embargoed mission" not in listing.content.decode()


PUBLISH_IN_ANOTHER_PROCESS = """
import django
django.setup()
from cms.events.models import EventPage
event = EventPage.objects.get(pk={pk})
event.title = "Published elsewhere"
event.save_revision().publish()
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_in_another_process_invalidates_this_processs_cache(client, japan):
    """Another worker (a real second process with its own database connection
    and its own cache) publishes: this process's next answer is new."""
    event = make_event(japan, title="Before")
    assert client.get(EVENTS)["X-Cache"] == "miss"
    assert client.get(EVENTS)["X-Cache"] == "hit"
    db = connection.settings_dict
    url = (f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
           f"/{db['NAME']}")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
           "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-c",
                           PUBLISH_IN_ANOTHER_PROCESS.format(pk=event.pk)],
                          cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    after = client.get(EVENTS)
    assert after["X-Cache"] == "miss"
    assert "Published elsewhere" in after.content.decode()


def test_conditional_get_and_head(client, japan):
    make_event(japan, title="Tokyo fair")
    first = client.get(EVENTS)
    etag = first["ETag"]
    not_modified = client.get(EVENTS, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    weak = client.get(EVENTS, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    assert client.get(EVENTS, headers={"If-None-Match": '"other"'}).status_code == 200
    head = client.head(EVENTS)
    assert head.status_code == 200 and head["X-Cache"] == "hit"
    assert head["ETag"] == etag and head.content == b""


def test_a_head_miss_is_not_stored(client, japan):
    make_event(japan)
    assert client.head(EVENTS)["X-Cache"] == "skip"
    assert client.get(EVENTS)["X-Cache"] == "miss"


def test_logged_in_editors_never_get_or_fill_the_cache(client, japan, django_user_model):
    event = make_event(japan, title="Public title")
    client.get(event.url)  # cached for anonymous visitors
    # (the heading is rendered on every view; fragments such as the <title>
    # and the listing's cards are cached per generation for everyone)
    rename_behind_the_hub(event, "Fresh title")
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "x")
    client.force_login(editor)
    answer = client.get(event.url)
    assert "X-Cache" not in answer
    assert "<h1>Fresh title</h1>" in answer.content.decode()
    client.logout()
    assert "<h1>Public title</h1>" in client.get(event.url).content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_requests_with_the_hubs_cookies_bypass_the_cache(client, japan, cookie):
    make_event(japan)
    client.get(EVENTS)
    client.cookies[cookie] = "something"
    assert "X-Cache" not in client.get(EVENTS)


def test_basic_auth_bypasses_the_cache(client, japan):
    make_event(japan)
    client.get(EVENTS)
    answer = client.get(EVENTS, headers={"Authorization": "Basic ZWQ6eA=="})
    assert "X-Cache" not in answer


def test_not_found_is_never_stored(client, site_tree):
    for _ in range(2):
        answer = client.get("/nl/no-such-page/")
        assert answer.status_code == 404
        assert answer["X-Cache"] == "skip"


def test_the_search_page_and_unprefixed_paths_are_not_cached(client, japan):
    make_event(japan)
    for path in ("/nl/search/?q=fair", "/", "/api/v1/events/", "/feeds/events.rss"):
        client.get(path)
        assert "X-Cache" not in client.get(path), path


def test_the_setting_turns_it_off(client, japan, settings):
    settings.HUB_PAGE_CACHE = False
    event = make_event(japan, title="Before")
    client.get(event.url)
    rename_behind_the_hub(event, "After")
    answer = client.get(event.url)
    assert "X-Cache" not in answer
    assert "<h1>After</h1>" in answer.content.decode()


def test_the_theme_gallery_is_cached(client, site_tree):
    assert client.get("/nl/themes/")["X-Cache"] == "miss"
    assert client.get("/nl/themes/")["X-Cache"] == "hit"


def test_the_key_normalises_the_query_order_but_not_its_content(client, japan):
    make_event(japan, event_type="webinar", online_url="https://x.example/",
               attendance_mode="online")
    assert client.get(f"{EVENTS}?type=webinar&country=JP")["X-Cache"] == "miss"
    assert client.get(f"{EVENTS}?country=JP&type=webinar")["X-Cache"] == "hit"
    assert client.get(f"{EVENTS}?country=JP&type=webinar&page=1")["X-Cache"] == "miss"
    assert client.get(f"{EVENTS}?country=JP")["X-Cache"] == "miss"


# -- unit checks of what may be stored ------------------------------------------
@pytest.fixture
def get_request():
    return RequestFactory().get(EVENTS)


def _response(**headers) -> HttpResponse:
    response = HttpResponse("<p>page</p>")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def test_storable_answers(get_request):
    assert page_cache.storable(get_request, _response())
    assert page_cache.storable(get_request, _response(Vary="Cookie, Accept-Encoding"))


@pytest.mark.parametrize("response", [
    HttpResponse("gone", status=410),
    HttpResponse(status=301),
    _response(Vary="Accept-Language"),
    _response(Vary="*"),
    _response(Cache_Control="private, max-age=60"),
    _response(Cache_Control="no-store"),
    _response(Cache_Control="no-cache"),
], ids=["410", "redirect", "vary-language", "vary-star", "private", "no-store",
        "no-cache"])
def test_unstorable_answers(get_request, response):
    assert not page_cache.storable(get_request, response)


def test_an_answer_that_sets_a_cookie_is_not_stored(get_request):
    response = _response()
    response.set_cookie("csrftoken", "per-visitor")
    assert not page_cache.storable(get_request, response)


def test_a_preview_is_never_stored(get_request):
    get_request.is_preview = True
    assert not page_cache.storable(get_request, _response())


def test_the_key_holds_scheme_host_path_query_language_and_generation(settings):
    settings.ALLOWED_HOSTS = ["hub.example", "other.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    factory = RequestFactory()

    def key(path="/en/events/", host="hub.example", generation=1, **headers):
        request = factory.get(path, HTTP_HOST=host, **headers)
        return page_cache.page_key(request, path[1:3], generation)

    base = key()
    assert key("/en/events/?a=1&b=2") == key("/en/events/?b=2&a=1")
    assert len({
        base,
        key(HTTP_X_FORWARDED_PROTO="https"),
        key(host="other.example"),
        key("/nl/events/"),
        key("/en/events/?a=1"),
        key("/en/events/?a=1;b=2"),
        key(generation=2),
    }) == 7


def test_routes_to_pages_are_cached_under_the_generation(client, japan, settings):
    """Without the page cache, an anonymous visit reuses the route a previous
    one found (fewer queries); a new slug is a new generation: the old path
    is gone at once."""
    settings.HUB_PAGE_CACHE = False
    event = make_event(japan, title="Routed")
    with CaptureQueriesContext(connection) as first:
        assert client.get(event.url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert "<h1>Routed</h1>" in client.get(event.url).content.decode()
    assert len(second) <= len(first) - 3
    old_url = event.url
    event.slug = "moved-fair"
    publish(event)
    assert client.get(old_url).status_code == 404
    assert "<h1>Routed</h1>" in client.get(event.url).content.decode()
    event.unpublish()
    assert client.get(event.url).status_code == 404
