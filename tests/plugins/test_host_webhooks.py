"""The webhook receiver of the host-site package (flanders_hub_embed.urls),
end to end: a live hub, its deliveries, and an institution's Django site.

The host site is a Django project of its own, in another process and
directory (no hub code there), served by Django's threaded development
server: a page with the package's events and expertise lists, the receiver
mounted at /flanders-hub/webhook/, CSRF protection on, answers cached for a
day. It reads the hub through ``FlakyHub`` (tests/plugins/
test_host_django_package.py), which records every request it forwards, so
the tests see when the host asks the hub and when it serves its cache.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from django.test import RequestFactory, override_settings
from django.urls import include, path
from flanders_hub_embed import webhooks
from flanders_hub_embed.checks import flanders_hub_settings

from cms.webhooks import signing
from cms.webhooks.models import Delivery, DeliveryStatus, Endpoint
from tests.factories import make_event, make_expertise, make_institution, publish
from tests.plugins.test_host_django_package import LIVE_HUB, FlakyHub
from tests.webhooks.http import post

SECRET = signing.new_secret()  # the endpoint's secret, in the host's settings
CACHE_SECONDS = 24 * 3600  # far longer than any test: only a webhook ends it

HOST_SETTINGS = """
SECRET_KEY = "host-site"
ALLOWED_HOSTS = ["127.0.0.1"]
USE_TZ = True
ROOT_URLCONF = "host_urls"
INSTALLED_APPS = ["flanders_hub_embed"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware",
              "django.middleware.csrf.CsrfViewMiddleware"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",
              "APP_DIRS": True}]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FLANDERS_HUB = {"URL": %(hub)r, "CACHE_SECONDS": %(cache)d, "LANG": "en",
                "WEBHOOK_SECRET": %(secret)r}
"""

HOST_URLS = """
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = engines["django"].from_string(
    "{% load flanders_hub %}"
    "{% flanders_events organiser='ku-leuven' limit=10 %}"
    "{% flanders_expertise institution='ku-leuven' %}")


def home(request):
    return HttpResponse(PAGE.render({}))


urlpatterns = [path("", home),
               path("flanders-hub/", include("flanders_hub_embed.urls"))]
"""

HOST_SERVER = """
import sys
import django
django.setup()
from django.core.management import call_command
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
call_command("check", fail_level="WARNING")
run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def proxy():
    """Between the host site and the hub; its upstream is set by the test
    that starts the live hub."""
    flaky = FlakyHub()
    yield flaky
    flaky.stop()


@pytest.fixture(scope="module")
def host_site(proxy, tmp_path_factory):
    """The institution's site as a server of its own; yields its address."""
    folder = tmp_path_factory.mktemp("host_site")
    (folder / "host_settings.py").write_text(HOST_SETTINGS % {
        "hub": proxy.url, "cache": CACHE_SECONDS, "secret": SECRET})
    (folder / "host_urls.py").write_text(HOST_URLS)
    (folder / "serve.py").write_text(HOST_SERVER)
    port, log = free_port(), (folder / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "serve.py", str(port)], cwd=folder, stdout=log, stderr=log,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "host_settings",
             "PYTHONPATH": str(folder)})
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (folder / "server.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the host site did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def payload(resource: str | None = "events") -> bytes:
    data = {"resource": resource, "id": "x", "title": "Fair"} if resource else {
        "message": "A test delivery"}
    return json.dumps({"id": str(uuid.uuid4()), "type": "event.updated",
                       "data": data}).encode()


def signed(body: bytes, secret: str = SECRET, now: float | None = None,
           delivery: str | None = None) -> dict[str, str]:
    return signing.signed_headers(secret, body, delivery or str(uuid.uuid4()),
                                  "event.updated", now=now)


def page(host: str) -> str:
    with urlopen(host + "/", timeout=30) as answer:
        return answer.read().decode()


def hub_requests(proxy: FlakyHub) -> list[tuple[str, int, bool]]:
    """(resource, status, conditional?) of what the host asked the hub."""
    return [(urlsplit(seen["path"]).path.split("/")[3], seen["status"],
             "If-None-Match" in seen["headers"]) for seen in proxy.seen]


# --- end to end through a live hub --------------------------------------------------


@LIVE_HUB
def test_the_host_shows_a_change_on_its_first_render_after_the_delivery(
        live_server, site_tree, proxy, host_site, settings):
    proxy.upstream, proxy.seen = urlsplit(live_server.url), []
    settings.HUB_WEBHOOK_ALLOW_LOOPBACK = True
    leuven = make_institution("KU Leuven", "ku-leuven")
    fair = make_event(leuven, "Study fair", slug="fair")
    make_expertise(leuven, "Leuven AI lab", slug="ai-lab")
    endpoint = Endpoint.objects.create(
        organisation=leuven, name="KU Leuven web site", secret=SECRET,
        url=f"{host_site}/flanders-hub/webhook/")

    first = page(host_site)
    assert "Study fair" in first and "Leuven AI lab" in first
    assert page(host_site) == first  # from the host's cache: the hub not asked
    assert hub_requests(proxy) == [("events", 200, False), ("expertise", 200, False)]
    # A delivery that does not verify changes nothing.
    body = payload()
    assert post(f"{host_site}/flanders-hub/webhook/", body,
                signed(body, secret=signing.new_secret()))[0] == 401
    assert page(host_site) == first and len(proxy.seen) == 2

    fair.title = "Study fair in the new hall"
    publish(fair)  # the hub delivers on its task worker (immediate in tests)
    [delivery] = Delivery.objects.filter(endpoint=endpoint)
    assert delivery.event == "event.updated"
    assert delivery.status == DeliveryStatus.DELIVERED
    [attempt] = delivery.attempt_log.all()
    assert (attempt.status_code, json.loads(attempt.response_excerpt)) == (
        200, {"status": "expired", "resources": ["events"]})

    # The first render after the acknowledgement asks the hub again (with
    # the ETag: the expertise list, which the event does not concern, stays
    # cached) and shows the new title, a day before the cache would expire.
    after = page(host_site)
    assert "Study fair in the new hall" in after and "Leuven AI lab" in after
    assert hub_requests(proxy)[2:] == [("events", 200, True)]


# --- the receiver's answers ---------------------------------------------------------


def test_a_verified_delivery_is_acted_on_once(host_site):
    url = f"{host_site}/flanders-hub/webhook/"
    body, delivery = payload("expertise"), str(uuid.uuid4())
    assert post(url, body, signed(body, delivery=delivery)) == (
        200, {"status": "expired", "resources": ["expertise"]})
    # A retry of the same delivery (its answer was lost): nothing to do again.
    assert post(url, body, signed(body, delivery=delivery)) == (
        200, {"status": "duplicate"})
    # A ping, or an event this version does not know: every list.
    ping = payload(None)
    assert post(url, ping, signed(ping)) == (
        200, {"status": "expired", "resources": ["events", "expertise"]})


@pytest.mark.parametrize("case", ["wrong secret", "tampered body", "old timestamp",
                                  "no signature", "no id", "not json", "get"])
def test_a_bad_delivery_is_a_4xx(host_site, case):
    url = f"{host_site}/flanders-hub/webhook/"
    body = payload()
    headers = signed(body)
    if case == "wrong secret":
        headers = signed(body, secret=signing.new_secret())
    elif case == "tampered body":
        body = body.replace(b"Fair", b"Fail")
    elif case == "old timestamp":  # a recorded delivery, played again
        headers = signed(body, now=time.time() - webhooks.TOLERANCE_SECONDS - 1)
    elif case == "no signature":
        del headers[signing.SIGNATURE_HEADER]
    elif case == "no id":
        del headers[signing.ID_HEADER]
    elif case == "not json":
        body = b"<html>"
        headers = signed(body)
    if case == "get":
        with pytest.raises(HTTPError) as refused:
            urlopen(url, timeout=10)
        assert refused.value.code == 405
        return
    status, answer = post(url, body, headers)
    expected = 401 if case in ("wrong secret", "tampered body", "old timestamp") \
        else 400
    assert status == expected and answer["error"], case


# --- in this process: settings, checks, the signature ---------------------------------

urlpatterns = [path("flanders-hub/", include("flanders_hub_embed.urls"))]


def test_without_a_secret_the_receiver_refuses_and_the_check_warns(settings):
    settings.FLANDERS_HUB = {"URL": "https://hub.example"}
    body = payload()
    request = RequestFactory().post(
        "/flanders-hub/webhook/", body, content_type="application/json",
        headers=signed(body))
    assert webhooks.receive(request).status_code == 503
    with override_settings(ROOT_URLCONF=__name__):
        assert [m.id for m in flanders_hub_settings()] == ["flanders_hub_embed.W002"]
        settings.FLANDERS_HUB = {"URL": "https://hub.example", "WEBHOOK_SECRET": SECRET}
        assert flanders_hub_settings() == []
        assert webhooks.receive(request).status_code == 200
    settings.FLANDERS_HUB = {"URL": "https://hub.example", "WEBHOOK_SECRET": 42}
    assert [m.id for m in flanders_hub_settings()] == ["flanders_hub_embed.E001"]


def test_the_package_verifies_exactly_as_the_hub_signs():
    body, now = payload(), time.time()
    headers = signed(body, now=now)
    timestamp, header = (headers[signing.TIMESTAMP_HEADER],
                         headers[signing.SIGNATURE_HEADER])
    other = "v1=" + signing.signature(signing.new_secret(), int(now), body)
    cases = [
        (body, timestamp, header, now),
        (body, timestamp, f"{other}, {header}", now),  # a secret being replaced
        (body + b" ", timestamp, header, now),
        (body, str(int(timestamp) + 1), header, now),
        (body, timestamp, header[3:], now),
        (body, "soon", header, now),
        (body, timestamp, header, now + signing.TOLERANCE_SECONDS + 1),
        (body, timestamp, header, now - signing.TOLERANCE_SECONDS - 1),
    ]
    results = [webhooks.verify(SECRET, *case) for case in cases]
    assert results == [signing.verify(SECRET, *case) for case in cases]
    assert results == [True, True] + [False] * 6
