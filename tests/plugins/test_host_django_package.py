"""The host-site package plugins/django-flanders-hub (module flanders_hub_embed),
against a live hub.

The hub runs as a real HTTP server (pytest-django's ``live_server``, with a
transactional database so that its thread sees the published pages). This
process also plays the institution's Django site: FLANDERS_HUB points at the
hub and templates are rendered with Django's template engine. Apps cannot be
added to a running Wagtail process (its apps' ready() is not re-entrant), so
here the package's templates and tag library are given to the template engine
directly. ``FlakyHub``, a local HTTP server between the two, forwards to the
hub or, on demand, answers 500, answers something that is not JSON, never
answers, or closes its port. A subprocess runs the usual set-up (the app in
INSTALLED_APPS, its system check) in a project of its own that holds no hub
app: the package needs nothing of the hub but its HTTP API.
"""

from __future__ import annotations

import ast
import http.client
import importlib.metadata
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import tomllib
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

import flanders_hub_embed
import pytest
from django.core.cache import cache
from django.template import TemplateSyntaxError, engines
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape
from flanders_hub_embed.blocks import FlandersEventsBlock, FlandersExpertiseBlock
from flanders_hub_embed.checks import flanders_hub_settings
from flanders_hub_embed.rendering import _event
from flanders_hub_embed.texts import TEXTS

from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plugins/django-flanders-hub"
HUB_MODULES = ("cms", "search", "plugins", "themes", "bench", "tests")
HOSTILE_EVENT = 'Study fair <script>alert("event")</script> & more'
HOSTILE_ENTRY = "AI lab <img src=x onerror=alert(1)>"
TOKYO_TAG = ('{% flanders_events organiser="ku-leuven" country="JP" limit=5 '
             'layout="list" lang="en" %}')


# --- the hub behind a switchable proxy ---------------------------------------


class FlakyHub:
    """A local HTTP server in front of the live hub. `mode`: forward (relay to
    the hub), error (500), garbage (200 with HTML), hang (never answers);
    `stop()` closes the port. `seen` records every request and its status."""

    def __init__(self, upstream: str = "") -> None:
        self.upstream = urlsplit(upstream)
        self.mode = "forward"
        self.seen: list[dict] = []
        self.release = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                proxy.answer(self)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        record = {"path": handler.path, "headers": dict(handler.headers),
                  "status": None}
        self.seen.append(record)
        headers = {"Content-Type": "text/html"}
        if self.mode == "hang":
            self.release.wait(60)
            return
        if self.mode == "error":
            status, body = 500, b"<h1>Server Error (500)</h1>"
        elif self.mode == "garbage":
            status, body = 200, b"<html>Down for maintenance</html>"
        else:
            connection = http.client.HTTPConnection(
                self.upstream.hostname, self.upstream.port, timeout=30)
            connection.request("GET", handler.path, headers={
                k: v for k, v in handler.headers.items()
                if k.lower() in ("accept", "if-none-match", "if-modified-since",
                                 "user-agent")})
            response = connection.getresponse()
            status, body = response.status, response.read()
            headers = {k: v for k, v in response.getheaders() if k.lower() in
                       ("content-type", "etag", "last-modified", "cache-control")}
            connection.close()
        record["status"] = status
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- fixtures and helpers ------------------------------------------------------

# Tests with hub content need the live server and a transactional database
# (its thread must see committed pages; serialized_rollback restores what
# migrations created after each flush). The others run without a database.
LIVE_HUB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def host(settings):
    """This process as the institution's site; FLANDERS_HUB points at a closed
    port until a test says otherwise."""
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], Path(flanders_hub_embed.__file__).parent
                      / "templates"]
    engine["OPTIONS"] = {**engine["OPTIONS"], "libraries": {
        "flanders_hub": "flanders_hub_embed.templatetags.flanders_hub"}}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    settings.FLANDERS_HUB = {"URL": closed_port_url(), "TIMEOUT": 3}
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def flaky():
    proxy = FlakyHub()
    yield proxy
    if proxy.server.socket.fileno() != -1:
        proxy.stop()


@pytest.fixture
def hub(host, live_server, site_tree):
    """The live hub with two universities, a representation, their events and
    expertise; the host site points at it."""
    host.FLANDERS_HUB = {**host.FLANDERS_HUB, "URL": live_server.url}
    leuven = make_institution("KU Leuven", "ku-leuven")
    ghent = make_institution("Universiteit Gent", "ugent")
    japan = make_representation()
    return {
        "url": live_server.url,
        "leuven": leuven,
        "tokyo": make_event(leuven, HOSTILE_EVENT, slug="tokyo-fair"),
        "brazil": make_event(leuven, "Leuven in Brazil", slug="brazil",
                             tz="America/Sao_Paulo", venue_country="BR",
                             venue_city="São Paulo", venue_name="Expo Center"),
        "ghent": make_event(ghent, "Ghent in Tokyo", slug="ghent-tokyo"),
        "mission": make_event(japan, "Mission to Osaka", slug="mission",
                              days_ahead=40, event_type="ministerial-mission"),
        "lab": make_expertise(leuven, HOSTILE_ENTRY, slug="ai-lab", kind="lab"),
        "robotics": make_expertise(ghent, "Ghent robotics", slug="robotics"),
    }


def render(source: str, **context) -> str:
    template = engines["django"].from_string("{% load flanders_hub %}" + source)
    return template.render(context)


def api(hub: dict, resource: str, **params) -> dict:
    with urlopen(f"{hub['url']}/api/v1/{resource}/?{urlencode(params)}",
                 timeout=10) as answer:
        return json.load(answer)


def warnings(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records
                     if r.name == "flanders_hub_embed" and r.levelno >= logging.WARNING)


# --- rendering from the live hub ----------------------------------------------


@LIVE_HUB
def test_events_tag_renders_the_hubs_events_escaped_in_their_time_zone(hub):
    html = render(TOKYO_TAG)
    [event] = api(hub, "events", organiser="ku-leuven", country="JP",
                  lang="en")["results"]
    assert event["time_zone"] == "Asia/Tokyo"
    # Only the selection: KU Leuven's event in Japan.
    assert "Leuven in Brazil" not in html and "Ghent in Tokyo" not in html
    assert "<script>" not in html and escape(HOSTILE_EVENT) in html
    assert f'<a class="flanders-hub__title" href="{escape(event["url"])}">' in html
    # The hub's own line for the time, in the event's zone (10:00 in Tokyo;
    # 02:00 or 03:00 in Brussels, the hub's and host's TIME_ZONE), the
    # offset in datetime.
    when = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert when, html
    assert when[1] == event["start"] and when[1].endswith("+09:00")
    assert when[2] == escape(event["when_text"])
    assert when[2].endswith(", 10:00–13:00 Tokyo time")
    assert 'class="flanders-hub flanders-hub--events flanders-hub--list" lang="en"' in html
    assert '<p class="flanders-hub__where">Tokyo Big Sight, Tokyo, JP</p>' in html

    # Compact, one of the three events in Japan, in the page's language, and
    # a link to all of them on the hub.
    with translation.override("nl"):
        html = render('{% flanders_events country=c limit=1 layout="compact" %}',
                      c="jp")
    assert 'flanders-hub--compact" lang="nl"' in html
    assert html.count('<li class="flanders-hub__item') == 1
    assert "flanders-hub__where" not in html
    assert api(hub, "events", country="JP", lang="nl")["count"] == 3
    assert (f'<a href="{hub["url"]}/nl/events/?country=JP">'
            "Alle 3 resultaten op de Vlaamse academische hub</a>") in html


def test_event_states_and_the_fallback_for_hubs_without_when_text(host):
    """The hub's when_text, status label and notice are shown as text; an
    older hub's answer without them still gets a time with its zone."""
    raw = {"title": "Fair", "url": "https://hub.example/en/fair/",
           "start": "2027-05-04T10:00:00+09:00", "end": "2027-05-04T13:00:00+09:00",
           "time_zone": "Asia/Tokyo", "attendance_mode": "offline",
           "venue": {"name": "Big Sight", "city": "Tokyo"}}
    old = _event({**raw, "status": "cancelled"}, "en")
    cancelled = _event({**raw, "status": "cancelled", "status_label": "Cancelled!",
                        "when_text": "Tue, 4 May 2027, 10:00–13:00 Tokyo time <b>",
                        "status_notice": "This event is cancelled."}, "en")
    online = _event({**raw, "status": "moved-online", "when_text": "x",
                     "status_notice": "This event has moved online."}, "en")

    def html(item: dict) -> str:
        return render_to_string("flanders_hub_embed/events.html", {
            "items": [item], "layout": "list", "lang": "en", "texts": TEXTS["en"]})

    page = html(cancelled)
    assert ('<del><time datetime="2027-05-04T10:00:00+09:00">Tue, 4 May 2027, '
            "10:00–13:00 Tokyo time &lt;b&gt;</time></del>") in page
    assert '<strong class="flanders-hub__status">Cancelled!</strong>' in page
    assert '<p class="flanders-hub__notice">This event is cancelled.</p>' in page
    page = html(old)
    assert "10:00</time> – <time" in page and "(Asia/Tokyo)" in page
    assert "flanders-hub__notice" not in page
    page = html(online)
    assert "Big Sight" not in page and "This event has moved online." in page


@LIVE_HUB
def test_expertise_tag_and_the_wagtail_blocks(hub):
    html = render('{% flanders_expertise institution=inst layout="cards" lang="nl" %}',
                  inst="ku-leuven")
    [entry] = api(hub, "expertise", institution="ku-leuven", lang="nl")["results"]
    assert "Ghent robotics" not in html
    assert "<img" not in html and escape(HOSTILE_ENTRY) in html
    assert f'href="{escape(entry["url"])}"' in html
    assert '<article class="flanders-hub__card">' in html
    assert '<span class="flanders-hub__kind">Lab</span>' in html
    assert "KU Leuven" in html and "Machine learning for health." in html

    # The blocks render through the same code as the tags.
    block = FlandersExpertiseBlock()
    value = block.to_python({"institution": "ku-leuven", "layout": "cards",
                             "lang": "nl"})
    assert block.render(value) == html
    events = FlandersEventsBlock()
    assert list(events.child_blocks)[:3] == ["organiser", "institution",
                                             "representation"]
    assert list(events.child_blocks)[-4:] == ["limit", "layout", "lang", "theme"]
    value = events.to_python({"organiser": "ku-leuven", "country": "JP", "limit": 5,
                              "layout": "list", "lang": "en"})
    assert events.render(value) == render(TOKYO_TAG)
    assert "Study fair &lt;script&gt;" in events.render(value)


@LIVE_HUB
def test_editor_mistakes_drop_a_value_or_give_the_link(hub, caplog):
    caplog.set_level(logging.WARNING, logger="flanders_hub_embed")
    html = render('{% flanders_events organiser="ku-leuven" country="Japan" '
                  'limit="lots" layout="grid" lang="xx" theme="a b" '
                  'from="tomorrow" %}')
    # Every bad value ignored: KU Leuven's events in every country, defaults.
    assert "Leuven in Brazil" in html and "Study fair" in html
    assert "flanders-hub--list" in html
    for name in ("country", "limit", "layout", "lang", "theme", "from"):
        assert f"ignoring {name}=" in warnings(caplog)
    # A filter the hub does not know: its 400 is logged, the link shown.
    html = render('{% flanders_events organiser="no-such-university" lang="en" %}')
    assert (f'<a class="flanders-hub-fallback" href="{hub["url"]}/en/events/'
            '?organiser=no-such-university">Events are available on the Flanders '
            'Academic Hub</a>') in html
    assert "HTTP 400: No organiser 'no-such-university'." in warnings(caplog)


def test_unknown_attribute_names_are_template_syntax_errors(host):
    with pytest.raises(TemplateSyntaxError, match="unknown attribute 'organizer'"):
        render('{% flanders_events organizer="ku-leuven" %}')
    with pytest.raises(TemplateSyntaxError, match="unknown attribute 'type'"):
        render('{% flanders_expertise type="lab" %}')
    with pytest.raises(TemplateSyntaxError, match="name=value attributes only"):
        render('{% flanders_events "ku-leuven" %}')


def test_widget_mode_wraps_the_output_in_the_widget_element(host):
    url = host.FLANDERS_HUB["URL"]  # down: the element wraps the link
    host.FLANDERS_HUB = {**host.FLANDERS_HUB, "WIDGET": True, "THEME": "kuleuven"}
    html = render(TOKYO_TAG + "{% flanders_widgets_script %}")
    assert html.startswith(
        f'<flanders-events hub="{url}" lang="en" limit="5" layout="list" '
        'theme="kuleuven" country="JP" organiser="ku-leuven"><div class="flanders-hub '
        'flanders-hub--events flanders-hub--unavailable" lang="en" '
        'data-theme="kuleuven">')
    assert html.endswith(f'</flanders-events><script src="{url}/embed/v1/widgets.js" '
                         'defer></script>')
    host.FLANDERS_HUB = {**host.FLANDERS_HUB, "WIDGET": False}
    assert "<flanders-events" not in render(TOKYO_TAG)


# --- caching and revalidation --------------------------------------------------


@LIVE_HUB
def test_answers_are_cached_then_revalidated_with_etags(hub, flaky):
    flaky.upstream = urlsplit(hub["url"])
    hub_settings = {"URL": flaky.url, "CACHE_SECONDS": 300}
    with override_settings(FLANDERS_HUB=hub_settings):
        first = render(TOKYO_TAG)
        assert render(TOKYO_TAG) == first
    assert [r["status"] for r in flaky.seen] == [200]  # the second from the cache
    assert flaky.seen[0]["headers"]["User-Agent"] == "django-flanders-hub/1.1.0"

    with override_settings(FLANDERS_HUB={**hub_settings, "CACHE_SECONDS": 0}):
        assert render(TOKYO_TAG) == first
        revalidation = flaky.seen[1]
        assert revalidation["status"] == 304
        assert revalidation["headers"]["If-None-Match"]
        assert revalidation["headers"]["If-Modified-Since"]

        make_event(hub["leuven"], "Alumni evening Tokyo", slug="alumni-tokyo",
                   days_ahead=35)
        changed = render(TOKYO_TAG)
    assert flaky.seen[2]["status"] == 200
    assert "Alumni evening Tokyo" in changed and "Study fair" in changed


# --- the hub down -----------------------------------------------------------------


@LIVE_HUB
def test_last_good_content_when_the_hub_fails(hub, caplog):
    """After a good answer the hub closes its port, answers 500, answers
    HTML, or never answers: the page shows the last good content, in time."""
    caplog.set_level(logging.WARNING, logger="flanders_hub_embed")
    for failure in ("closed port", "error", "garbage", "hang"):
        cache.clear()
        caplog.clear()
        proxy = FlakyHub(hub["url"])
        with override_settings(FLANDERS_HUB={"URL": proxy.url, "CACHE_SECONDS": 0,
                                             "TIMEOUT": 1}):
            good = render(TOKYO_TAG)
            assert "Study fair" in good, failure
            if failure == "closed port":
                proxy.stop()
            else:
                proxy.mode = failure
            started = time.monotonic()
            assert render(TOKYO_TAG) == good, failure
            assert time.monotonic() - started < 2.5, failure
        if failure != "closed port":
            proxy.stop()
        assert len(proxy.seen) == (1 if failure == "closed port" else 2), failure
        assert "Flanders hub unavailable" in warnings(caplog), failure
        assert "the last good content" in warnings(caplog), failure


@pytest.mark.parametrize("failure", ["closed port", "error", "garbage", "hang"])
def test_link_to_the_hub_when_nothing_was_cached(host, flaky, caplog, failure):
    caplog.set_level(logging.WARNING, logger="flanders_hub_embed")
    url = closed_port_url() if failure == "closed port" else flaky.url
    flaky.mode = failure
    host.FLANDERS_HUB = {"URL": url, "TIMEOUT": 1}
    started = time.monotonic()
    with translation.override("de"):  # no lang: the page's language
        html = render('{% flanders_events organiser="ku-leuven" country="JP" %}')
    assert time.monotonic() - started < 2.5
    assert html == (
        '<div class="flanders-hub flanders-hub--events flanders-hub--unavailable" '
        'lang="de">\n<p class="flanders-hub__fallback"><a class="flanders-hub-fallback" '
        f'href="{url}/de/events/?country=JP&amp;organiser=ku-leuven">Die '
        "Veranstaltungen finden Sie im Akademischen Hub Flandern</a></p>\n</div>\n")
    assert "a link to the hub" in warnings(caplog)


def test_a_hanging_hub_costs_one_timeout_not_one_per_page(host, flaky):
    flaky.mode = "hang"
    host.FLANDERS_HUB = {"URL": flaky.url, "TIMEOUT": 1, "RETRY_SECONDS": 60}
    started = time.monotonic()
    render(TOKYO_TAG)
    assert 0.9 < time.monotonic() - started < 2.5  # waited for TIMEOUT
    started = time.monotonic()
    html = render('{% flanders_expertise institution="ku-leuven" lang="en" %}')
    assert time.monotonic() - started < 0.5  # the hub is left alone for a while
    assert len(flaky.seen) == 1
    assert f'href="{flaky.url}/en/expertise/?institution=ku-leuven"' in html
    assert "Research expertise is available on the Flanders Academic Hub" in html


def test_no_hub_address_renders_nothing_and_fails_the_check(host):
    assert flanders_hub_settings() == []
    host.FLANDERS_HUB = {"URL": "javascript:alert(1)"}
    assert render(TOKYO_TAG) == ""
    [error] = flanders_hub_settings()
    assert error.id == "flanders_hub_embed.E001"
    assert "must be the hub's http(s) address" in error.msg
    host.FLANDERS_HUB = {"URL": "https://hub.example", "CACHE_SECONDS": "soon"}
    assert [e.id for e in flanders_hub_settings()] == ["flanders_hub_embed.E001"]
    assert render(TOKYO_TAG) == ""
    # A misspelt optional key is only a warning: the lists still render.
    host.FLANDERS_HUB = {"URL": closed_port_url(), "CACHE_SECOND": 60}
    assert [e.id for e in flanders_hub_settings()] == ["flanders_hub_embed.W001"]
    assert "flanders-hub-fallback" in render(TOKYO_TAG)


# --- a package of its own ---------------------------------------------------------


HOST_SETTINGS = """
SECRET_KEY = "host-site"
USE_TZ = True
STATIC_URL = "/static/"
TIME_ZONE = "America/New_York"
INSTALLED_APPS = ["flanders_hub_embed"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",
              "APP_DIRS": True}]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FLANDERS_HUB = {"URL": %r, "TIMEOUT": 5, "LANG": "en"}
"""

HOST_SCRIPT = """
import json, sys
import django
django.setup()
from django.core.checks import run_checks
from django.template import engines
from flanders_hub_embed.blocks import FlandersEventsBlock
tag = engines["django"].from_string(
    '{% load flanders_hub %}{% flanders_events organiser="ku-leuven" country="JP" %}')
block = FlandersEventsBlock()
value = block.to_python({"organiser": "ku-leuven", "country": "JP", "layout": "list"})
print(json.dumps({"tag": tag.render({}), "block": block.render(value),
                  "checks": [m.id for m in run_checks()],
                  "modules": sorted(sys.modules)}))
"""


@LIVE_HUB
def test_the_package_runs_on_a_site_without_the_hub(hub, tmp_path):
    """A Django project of its own, in another directory, in another process:
    the hub's code is not importable there and is never imported."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "host_settings",
           "PYTHONPATH": str(tmp_path)}

    def host_site(hub_url: str) -> dict:
        (tmp_path / "host_settings.py").write_text(HOST_SETTINGS % hub_url)
        result = subprocess.run([sys.executable, "-c", HOST_SCRIPT], cwd=tmp_path,
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    output = host_site(hub["url"])
    loaded = [m for m in output["modules"] if m.split(".")[0] in HUB_MODULES]
    assert loaded == []
    assert output["checks"] == []
    for html in (output["tag"], output["block"]):
        assert "Study fair &lt;script&gt;" in html
        assert "10:00–13:00 Tokyo time</time>" in html
    # A wrong address: the system check says so, the page still renders.
    output = host_site("hub.example")
    assert output["checks"] == ["flanders_hub_embed.E001"]
    assert output["tag"] == output["block"] == ""
    # The hub's own modules really are out of reach there.
    probe = subprocess.run([sys.executable, "-c", "import cms"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=60)
    assert probe.returncode != 0


def test_the_package_imports_only_django_wagtail_and_the_standard_library():
    allowed = {"django", "wagtail", "flanders_hub_embed", "__future__"}
    sources = sorted((PACKAGE / "flanders_hub_embed").rglob("*.py"))
    assert len(sources) >= 8
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in sys.stdlib_module_names, (path, name)


def test_the_package_is_versioned_documented_and_builds_a_wheel(tmp_path):
    project = tomllib.loads((PACKAGE / "pyproject.toml").read_text())["project"]
    assert project["name"] == "django-flanders-hub"
    assert project["version"] == flanders_hub_embed.__version__ == "1.1.0"
    assert importlib.metadata.version("django-flanders-hub") == "1.1.0"
    assert project["dependencies"] == ["Django>=4.2"]
    assert "wagtail" in project["optional-dependencies"]
    readme = (PACKAGE / "README.md").read_text()
    for needle in ("pip install", "FLANDERS_HUB", "{% flanders_events",
                   "{% flanders_expertise", "FlandersEventsBlock", "CACHE_SECONDS",
                   "last good"):
        assert needle in readme, needle
    assert "## 1.1.0" in (PACKAGE / "CHANGELOG.md").read_text()
    assert "plugins/django-flanders-hub/README.md" in (
        ROOT / "docs/plugins.md").read_text()

    # Built from a copy: setuptools writes build/ next to the sources.
    source = shutil.copytree(PACKAGE, tmp_path / "source", ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
         "--disable-pip-version-check", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("django_flanders_hub-1.1.0-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    metadata = archive.read("django_flanders_hub-1.1.0.dist-info/METADATA").decode()
    assert "Requires-Dist: Django>=4.2" in metadata
    assert "Provides-Extra: wagtail" in metadata
    for name in ("flanders_hub_embed/templatetags/flanders_hub.py",
                 "flanders_hub_embed/blocks.py",
                 "flanders_hub_embed/webhooks.py", "flanders_hub_embed/urls.py",
                 "flanders_hub_embed/templates/flanders_hub_embed/events.html",
                 "flanders_hub_embed/templates/flanders_hub_embed/fallback.html",
                 "flanders_hub_embed/static/flanders_hub_embed/flanders-hub.css"):
        assert name in names, name
