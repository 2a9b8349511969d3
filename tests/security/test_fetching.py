"""The iCalendar importer's fetching cannot hang and cannot be steered inside
(issue 11, "Fetching that cannot hang"), proven against real misbehaving
servers on the loopback interface (tests/security/servers.py): slow headers,
slow body, silence, endless redirects, a huge body, IPv6 literals, TLS to a
loopback name; "Run now" in the admin and a run killed mid-fetch. Loopback is
allowed by the test's settings (``allowed_networks``). Address notations and
redirects into the hub's network are probed in test_ssrf.py."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from cms.core.site_setup import ensure_site_tree
from plugins.ical_importer.feeds import run_due_feeds
from plugins.ical_importer.fetch import FeedError, fetch_url
from plugins.ical_importer.models import IcsFeed, ImportedEvent
from plugins.ical_importer.tasks import import_due_feeds
from tests.factories import make_institution

from .servers import FeedServer, self_signed_certificate, tls_server_context

REPO = Path(__file__).resolve().parents[2]
# Every deadline small; the per-operation timeout larger than the server's
# drip (0.5 s), so only the header and total deadlines can stop a slow server.
LIMITS = {"timeout": 5, "connect_timeout": 2, "header_timeout": 2,
          "total_timeout": 3, "max_bytes": 300_000,
          "allowed_networks": ["127.0.0.1/32", "::1/128"]}


@pytest.fixture(scope="session")
def plain():
    server = FeedServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def ipv6():
    server = FeedServer("::1")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    return self_signed_certificate(tmp_path_factory.mktemp("tls"), "localhost")


@pytest.fixture(scope="session")
def tls(certificate):
    server = FeedServer("127.0.0.1", tls=tls_server_context(*certificate),
                        name="localhost")
    yield server
    server.stop()


@pytest.fixture
def limits(settings):
    settings.HUB_ICAL_IMPORT = dict(LIMITS)
    return settings.HUB_ICAL_IMPORT


def timed_fetch(url: str) -> tuple[float, str]:
    """Seconds taken and the error message ("" when the feed was read)."""
    started = time.monotonic()
    try:
        fetch_url(url)
    except FeedError as error:
        return time.monotonic() - started, str(error)
    return time.monotonic() - started, ""


# -- deadlines -----------------------------------------------------------------------
@pytest.mark.parametrize(("path", "deadline", "message"), [
    ("/slow-headers", "header_timeout",
     "did not answer within 2 seconds (no complete response headers)"),
    ("/silent", "header_timeout",
     "did not answer within 2 seconds (no complete response headers)"),
    ("/slow-body", "total_timeout", "did not finish within 3 seconds"),
])
def test_a_slow_server_is_abandoned_within_its_deadline(plain, limits, path,
                                                        deadline, message):
    plain.reset()
    elapsed, error = timed_fetch(plain.url(path))
    assert message in error
    assert elapsed < 2 * limits[deadline], f"{path} held the fetch {elapsed:.1f} s"
    assert plain.seen.paths == [path]


def test_endless_redirects_stop(plain, limits):
    plain.reset()
    elapsed, error = timed_fetch(plain.url("/redirect/0"))
    assert "redirects more than 5 times" in error
    assert plain.seen.paths == [f"/redirect/{n}" for n in range(6)]


def test_a_huge_body_is_cut_off_at_the_size_limit(plain, limits):
    plain.reset()
    elapsed, error = timed_fetch(plain.url("/huge"))
    assert "sent more than 300000 bytes" in error
    assert elapsed < limits["total_timeout"]


# -- addresses ---------------------------------------------------------------------
def test_an_ipv6_literal_with_a_port(ipv6, limits, settings):
    ipv6.reset()
    assert ipv6.url().startswith("http://[::1]:")
    assert b"Fetched event" in fetch_url(ipv6.url()).data
    assert ipv6.seen.paths == ["/feed.ics"]
    # Without ::1 among the allowed networks it is an internal address.
    settings.HUB_ICAL_IMPORT = {**LIMITS, "allowed_networks": ["127.0.0.1/32"]}
    ipv6.reset()
    with pytest.raises(FeedError, match="resolves to ::1, a private or local"):
        fetch_url(ipv6.url())
    assert ipv6.seen.connections == 0


def test_tls_starts_only_after_the_address_check(tls, certificate, limits, settings):
    """A refused address never sees a connection, let alone a ClientHello; an
    allowed one gets SNI and certificate checks for the name in the URL."""
    cert, _key = certificate
    settings.HUB_ICAL_IMPORT = {**LIMITS, "allowed_networks": [], "ca_file": cert}
    for scheme in ("https", "webcal"):
        tls.reset()
        with pytest.raises(FeedError, match="localhost resolves to .*, a private "
                                            "or local address"):
            fetch_url(tls.url(scheme=scheme))
        assert (tls.seen.connections, tls.seen.first_bytes) == (0, [])

    settings.HUB_ICAL_IMPORT = {**LIMITS, "ca_file": cert}
    for scheme in ("https", "webcal"):
        tls.reset()
        assert b"Fetched event" in fetch_url(tls.url(scheme=scheme)).data
        assert tls.seen.first_bytes == [0x16]  # a TLS handshake record
        assert tls.seen.server_names == ["localhost"]
    # The certificate names localhost: by address it does not verify.
    tls.reset()
    with pytest.raises(FeedError, match="TLS certificate or handshake failed"):
        fetch_url(f"https://127.0.0.1:{tls.port}/feed.ics")
    # Nor does it without the extra CA.
    settings.HUB_ICAL_IMPORT = dict(LIMITS)
    with pytest.raises(FeedError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch_url(tls.url())


# -- the command, the scheduled task and the admin ---------------------------------
@pytest.mark.django_db
def test_the_command_and_the_scheduled_task_abandon_a_slow_header_feed(
        site_tree, plain, limits):
    feed = IcsFeed.objects.create(name="Slow", organiser=make_institution(),
                                  url=plain.url("/slow-headers"))
    started = time.monotonic()
    with pytest.raises(CommandError, match="1 of 1 due feeds could not be read") as error:
        call_command("import_events", "--due", stdout=io.StringIO())
    assert time.monotonic() - started < 2 * limits["header_timeout"]
    assert error.value.returncode == 1
    feed.refresh_from_db()
    assert feed.last_status == "failed" and feed.claimed_at is None
    assert "no complete response headers" in feed.last_errors

    IcsFeed.objects.filter(pk=feed.pk).update(
        last_run_at=timezone.now() - timedelta(days=1))
    started = time.monotonic()
    result = import_due_feeds.enqueue()
    assert time.monotonic() - started < 2 * limits["header_timeout"]
    [run] = result.return_value
    assert "no complete response headers" in run["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("backend", [
    "django_tasks.backends.immediate.ImmediateBackend",  # base and test settings
    "django_tasks_db.DatabaseBackend",  # dev and production settings
])
def test_run_now_returns_before_the_fetch_starts(
        client, site_tree, plain, limits, settings, backend,
        django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": backend}}
    feed = IcsFeed.objects.create(name="Slow", organiser=make_institution(),
                                  url=plain.url("/slow-headers"), interval=10080,
                                  last_run_at=timezone.now())  # not due
    operator = get_user_model().objects.create_superuser("operator", "op@example.org",
                                                         "pw")
    profile = UserProfile.get_for_user(operator)
    profile.preferred_language = "en"  # the messages below are English
    profile.save()
    client.force_login(operator)
    plain.reset()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/ics-feeds/run/{feed.pk}/", follow=True)
    assert response.status_code == 200
    assert plain.seen.connections == 0  # nothing fetched, nothing started
    feed.refresh_from_db()
    assert feed.run_requested_at is not None and feed.last_status == ""
    messages = [str(m) for m in response.context["messages"]]
    if backend.startswith("django_tasks_db"):
        [queued] = DBTaskResult.objects.filter(task_path__endswith=".import_feed")
        assert queued.args_kwargs["args"] == [feed.pk]
        assert queued.status == "READY"  # for the worker
        assert messages == ["Slow will be imported in the background in a moment."]
    else:
        assert messages == [
            "Slow will be imported by the next scheduled run of the feeds."]

    # The request makes the feed due for the next scheduled run, whatever its
    # interval; that run takes it and clears the request.
    IcsFeed.objects.filter(pk=feed.pk).update(url=plain.url("/feed.ics"))
    assert "created 1," in run_due_feeds()[0].summary()
    feed.refresh_from_db()
    assert feed.run_requested_at is None and feed.last_status == "ok"


# A worker killed mid-run: a real process, killed with SIGKILL while it fetches.
WORKER = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.HUB_ICAL_IMPORT = json.loads(sys.argv[2])
call_command("import_events", "--feed", sys.argv[1])
"""


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return (f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:"
            f"{db['PORT']}/{db['NAME']}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_feed_whose_run_died_is_released_after_the_claim_timeout(plain, settings):
    ensure_site_tree()
    feed = IcsFeed.objects.create(name="Once slow", organiser=make_institution(),
                                  url=plain.url("/slow-once"),
                                  last_run_at=timezone.now() - timedelta(days=1))
    plain.reset()
    worker_limits = {**LIMITS, "total_timeout": 120, "timeout": 120}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
           "DATABASE_URL": _database_url(), "PYTHONPATH": str(REPO)}
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(feed.pk), json.dumps(worker_limits)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while "/slow-once" not in plain.seen.paths:
            assert worker.poll() is None, worker.communicate()
            assert time.monotonic() < deadline, "the worker never fetched"
            time.sleep(0.2)
    finally:
        worker.kill()
        worker.wait()
    feed.refresh_from_db()
    assert feed.claimed_at is not None and feed.last_status == ""

    settings.HUB_ICAL_IMPORT = {**LIMITS, "claim_timeout": 6}
    assert feed.is_running() and run_due_feeds() == []  # the claim still holds
    release = feed.claimed_at + timedelta(seconds=6.5)
    time.sleep(max(0.0, (release - timezone.now()).total_seconds()))
    out = io.StringIO()
    call_command("import_events", "--due", stdout=out)
    assert "Once slow: " in out.getvalue() and "created 1," in out.getvalue()
    feed.refresh_from_db()
    assert feed.last_status == "ok" and feed.claimed_at is None
    assert ImportedEvent.objects.filter(source=feed.source_key).count() == 1
