"""The iCalendar importer plugin (plugins/ical_importer): hand-written feeds
(tests/fixtures/ics/) imported from files and through a real local HTTP server
into event pages; idempotency, updates and cancellations, malformed input, the
plugin interface, the admin's feed list and the scheduled ``--due`` run."""

import http.server
import io
import shutil
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.events.models import EventPage
from plugins import registry
from plugins.ical_importer.models import IcsFeed, ImportedEvent
from plugins.ical_importer.tasks import import_due_feeds, import_feed
from plugins.signals import register_importers
from tests.factories import make_institution

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ics"
UTC = ZoneInfo("UTC")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def import_events(*args, exit_code: int = 0) -> str:
    """The command's report; ``exit_code`` 3 when events are to be skipped."""
    out = io.StringIO()
    try:
        call_command("import_events", *[str(a) for a in args], stdout=out,
                     stderr=io.StringIO())
    except CommandError as error:
        if exit_code == 0 or error.returncode != exit_code:
            raise
        return out.getvalue()
    assert exit_code == 0, f"expected exit code {exit_code}, got 0"
    return out.getvalue()


def imported(uid: str, instance: str = "") -> EventPage:
    mapping = ImportedEvent.objects.get(uid=uid, instance=instance)
    return EventPage.objects.get(pk=mapping.page_id)


@pytest.fixture
def leuven(site_tree):
    return make_institution(city="Leuven")


# -- a real HTTP server on the loopback interface --------------------------------------
class _FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        state = self.server.state
        if self.path.startswith("/feeds/"):
            return self._send(200, (FIXTURES / self.path[7:]).read_bytes())
        if self.path == "/mutable.ics":
            return self._send(200, state["mutable"])
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/feeds/feed-v1.ics")
            self.end_headers()
            return None
        if self.path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", "50000000")
            self.end_headers()
            return None
        if self.path == "/huge-streamed":  # no Content-Length: read until close
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"BEGIN:VCALENDAR\r\n" + b"X" * 400_000)
            return None
        if self.path == "/slow":
            time.sleep(2.5)
            return self._send(200, (FIXTURES / "feed-v1.ics").read_bytes())
        return self._send(404, b"not found")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def feed_server(settings):
    """Feeds over real HTTP. The importer refuses loopback addresses unless
    allowed, so the test allows them (and one test checks the refusal)."""
    settings.HUB_ICAL_IMPORT = {"allow_private_networks": True, "timeout": 1.0,
                                "max_bytes": 300_000}
    server = _Server(("127.0.0.1", 0), _FeedHandler)
    server.state = {"mutable": (FIXTURES / "feed-v1.ics").read_bytes()}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}",
                          state=server.state)
    server.shutdown()
    server.server_close()


# -- times and zones -------------------------------------------------------------------
def test_tzid_with_vtimezone_keeps_local_time_across_dst(leuven):
    out = import_events("--ics", FIXTURES / "brussels-dst.ics", "--organiser",
                        "ku-leuven")
    assert "KU Leuven international events" in out
    assert "created 3, updated 0" in out
    series = imported("dst-series@kuleuven.example")
    assert series.live and series.get_parent().pk == leuven.pk
    assert series.time_zone == "Europe/Brussels"
    assert series.event_type == "science-diplomacy-seminar"
    # 18:00 in Brussels is 17:00 UTC before the change on 28 March, 16:00 after;
    # the EXDATE removes 23 March.
    assert series.occurrences() == [
        (utc(2027, 3, 16, 17), utc(2027, 3, 16, 18, 30)),
        (utc(2027, 3, 30, 16), utc(2027, 3, 30, 17, 30)),
        (utc(2027, 4, 6, 16), utc(2027, 4, 6, 17, 30)),
    ]
    # A VTIMEZONE with a made-up TZID: its rules, mapped to the IANA zone.
    custom = imported("custom-zone@kuleuven.example")
    assert (custom.start, custom.time_zone) == (utc(2027, 7, 1, 8), "Europe/Brussels")
    # A Windows zone name without VTIMEZONE.
    tokyo = imported("windows-zone@kuleuven.example")
    assert (tokyo.start, tokyo.time_zone) == (utc(2027, 11, 5, 9), "Asia/Tokyo")
    assert tokyo.event_type == "info-session"


def test_each_feed_keeps_its_own_definition_of_a_custom_tzid(leuven, tmp_path):
    """Outlook names every custom zone "Customized Time Zone"; icalendar caches
    zones per TZID for the process, which must not leak between feeds."""
    for offset, uid in (("+0100", "plus-one"), ("+0900", "plus-nine")):
        feed = tmp_path / f"{uid}.ics"
        feed.write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\n"
            "TZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000"
            f"\r\nTZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nEND:STANDARD\r\n"
            f"END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Talk\r\n"
            'LOCATION:Leuven\r\nDTSTART;TZID="Customized Time Zone":20270115T100000'
            "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        import_events("--ics", feed, "--organiser", "ku-leuven")
    assert imported("plus-one").start == utc(2027, 1, 15, 9)
    assert imported("plus-nine").start == utc(2027, 1, 15, 1)


def test_utc_and_floating_times(leuven, japan):
    import_events("--ics", FIXTURES / "utc-floating.ics", "--organiser", "japan")
    webinar = imported("utc@hub.example")
    assert webinar.start == utc(2027, 5, 10, 8)
    assert webinar.time_zone == "Asia/Tokyo"  # shown in the organiser's zone
    assert webinar.attendance_mode == "online"
    assert webinar.online_url == "https://meet.example.org/funding"
    # Floating 10:00 is 10:00 in the organiser's zone; no LOCATION: its city.
    breakfast = imported("floating@hub.example")
    assert breakfast.start == utc(2027, 5, 11, 1)
    assert (breakfast.venue_city, breakfast.venue_country.code) == ("Tokyo", "JP")
    # An institution has no zone of its own: the hub's (Europe/Brussels).
    import_events("--ics", FIXTURES / "utc-floating.ics", "--organiser", "ku-leuven")
    mapping = ImportedEvent.objects.get(uid="floating@hub.example",
                                        organiser=leuven.pk)
    assert EventPage.objects.get(pk=mapping.page_id).start == utc(2027, 5, 11, 8)
    # The feed's X-WR-TIMEZONE comes first.
    import_events("--ics", FIXTURES / "floating-wr-timezone.ics", "--organiser",
                  "ku-leuven")
    new_york = imported("floating-ny@hub.example")
    assert new_york.time_zone == "America/New_York"
    assert new_york.start == utc(2027, 5, 11, 14)
    assert new_york.end == utc(2027, 5, 11, 17)


def test_all_day_and_multi_day_events(leuven):
    import_events("--ics", FIXTURES / "all-day.ics", "--organiser", "ku-leuven")

    def days(page):
        return page.local_start.date().isoformat(), page.local_end.date().isoformat()

    one = imported("one-day@hub.example")
    assert one.all_day and days(one) == ("2027-05-04", "2027-05-04")
    assert not one.is_multi_day
    fair = imported("fair@hub.example")  # DTEND 4 June is exclusive
    assert fair.all_day and days(fair) == ("2027-06-01", "2027-06-03")
    assert fair.is_multi_day and fair.event_type == "education-fair"
    assert days(imported("no-end@hub.example")) == ("2027-06-10", "2027-06-10")
    conference = imported("conference@hub.example")
    assert not conference.all_day and conference.is_multi_day
    assert conference.start == utc(2027, 9, 1, 7)
    assert conference.end == utc(2027, 9, 3, 15)
    weekly = imported("weekly-allday@hub.example")
    assert [s.astimezone(weekly.tz).date().isoformat() for s, _e in
            weekly.occurrences()] == ["2027-07-05", "2027-07-19", "2027-07-26"]


def test_rdate_and_changed_occurrences_become_pages_of_their_own(leuven):
    out = import_events("--ics", FIXTURES / "rdate-override.ics", "--organiser",
                        "ku-leuven")
    assert "created 5," in out
    main = imported("rdate@hub.example")
    assert (main.start, main.end) == (utc(2027, 9, 15, 12), utc(2027, 9, 15, 14))
    assert not main.is_recurring
    extra = imported("rdate@hub.example", "rdate:20270922T120000Z")
    assert (extra.start, extra.end) == (utc(2027, 9, 22, 12), utc(2027, 9, 22, 14))
    assert extra.title == main.title and extra.slug != main.slug
    assert imported("rdate@hub.example", "rdate:20271006T080000Z").start == utc(
        2027, 10, 6, 8)
    # The RDATE that repeats DTSTART gives no second page.
    assert ImportedEvent.objects.filter(uid="rdate@hub.example").count() == 3
    series = imported("series@hub.example")
    assert [s for s, _e in series.occurrences()] == [utc(2027, 10, 4, 8),
                                                    utc(2027, 10, 18, 8)]
    moved = imported("series@hub.example", "recurrence-id:20271011T080000Z")
    assert moved.title == "Dutch for researchers (afternoon)"
    assert moved.start == utc(2027, 10, 11, 13)
    assert moved.venue_name == "Antwerp"  # taken from the series


# -- text ------------------------------------------------------------------------------
def test_folded_lines_and_non_ascii_text(leuven, client):
    out = import_events("--ics", FIXTURES / "unicode-folded.ics", "--organiser",
                        "ku-leuven")
    assert "Événements – イベント" in out
    page = imported("unicode@hub.example")
    assert page.title == "Journée d'études: Über Forschung in Flandern – 日本語セミナー"
    assert page.venue_name == "Université de Liège, Salle Ü"
    # Folds inside multi-byte characters, escaped \, \; and \n all read back.
    assert "flamande, avec des intervenants de l'Université de Gand" in page.summary
    assert "Überblick über die Forschung; Fragen und Antworten." in page.summary
    assert "日本語の説明：フランダースの大学と研究について紹介します。" in page.summary
    assert page.slug.startswith("journee-detudes-uber-forschung")
    html = client.get(page.url).content.decode()
    assert "日本語セミナー" in html and "Salle Ü" in html


def test_html_and_script_from_a_feed_never_run_on_the_page(leuven, client):
    import_events("--ics", FIXTURES / "hostile.ics", "--organiser", "ku-leuven")
    page = imported("hostile@hub.example")
    assert page.title == "Open day bold & more"
    assert page.venue_name == "Aula Magna"
    for stored in (page.title, page.summary, page.body, page.venue_name):
        assert "<script" not in stored and "onerror" not in stored
        assert "javascript:" not in stored and "onclick" not in stored
    assert '<a href="https://ok.example/">programme</a>' in page.body
    html = client.get(page.url).content.decode()
    assert "alert(" not in html and "onerror" not in html
    assert "javascript:" not in html
    plain = imported("alt-desc@hub.example")
    assert plain.summary == "When a < b and c > d, the talk starts. Second line."
    assert "<iframe" not in plain.body
    assert '<a href="https://hub.example/talk">talk</a>' in plain.body
    html = client.get(plain.url).content.decode()
    assert "When a &lt; b and c &gt; d" in html and "evil.example" not in html


# -- idempotency, updates, cancellations -----------------------------------------------
def test_reimport_update_removal_and_cancellation(leuven, tmp_path):
    feed = tmp_path / "feed.ics"
    shutil.copy(FIXTURES / "feed-v1.ics", feed)
    args = ("--ics", feed, "--organiser", "ku-leuven")
    assert "created 3, updated 0, unchanged 0, cancelled 0" in import_events(*args)
    alumni = imported("alumni@hub.example")
    revisions = alumni.revisions.count()

    second = import_events(*args)
    assert "created 0, updated 0, unchanged 3, cancelled 0, skipped 0" in second
    assert imported("alumni@hub.example").revisions.count() == revisions

    shutil.copy(FIXTURES / "feed-v2.ics", feed)
    out = import_events(*args)
    assert "created 1, updated 1, unchanged 0, cancelled 2" in out
    assert "no longer in the feed" in out
    updated = imported("alumni@hub.example")
    assert updated.pk == alumni.pk and updated.live
    assert updated.title == "Alumni reception (new time)"
    assert updated.start == utc(2027, 10, 20, 17)
    mapping = ImportedEvent.objects.get(uid="alumni@hub.example")
    assert (mapping.sequence, mapping.last_modified) == (1, utc(2027, 2, 1))
    removed = imported("info@hub.example")
    assert removed.status == "cancelled" and removed.live
    assert ImportedEvent.objects.get(uid="info@hub.example").removed_at is not None
    assert imported("seminar@hub.example").status == "cancelled"
    webinar = imported("webinar@hub.example")
    assert webinar.event_type == "webinar" and webinar.attendance_mode == "online"
    assert webinar.online_url == "https://meet.example.org/flanders"
    assert EventPage.objects.count() == 4  # nothing is ever deleted
    assert "created 0, updated 0, unchanged 3, cancelled 0" in import_events(*args)

    # The first version again: the removed event is back, the webinar is gone.
    shutil.copy(FIXTURES / "feed-v1.ics", feed)
    out = import_events(*args)
    assert "created 0, updated 3, unchanged 0, cancelled 1" in out
    assert imported("info@hub.example").status == "scheduled"
    assert imported("seminar@hub.example").status == "scheduled"
    assert imported("webinar@hub.example").status == "cancelled"


def test_a_broken_or_empty_feed_cancels_nothing(leuven, tmp_path):
    feed = tmp_path / "feed.ics"
    shutil.copy(FIXTURES / "feed-v1.ics", feed)
    args = ("--ics", feed, "--organiser", "ku-leuven")
    import_events(*args)
    # One event became unreadable: it is skipped, not cancelled.
    text = (FIXTURES / "feed-v1.ics").read_text()
    feed.write_text(text.replace("DTSTART;TZID=Europe/Brussels:20271021T140000",
                                 "DTSTART;TZID=Europe/Brussels:2027-10-21"))
    out = import_events(*args, exit_code=3)
    assert "unchanged 2, cancelled 0, skipped 1" in out
    assert "UID 'info@hub.example'" in out and "2027-10-21" in out
    assert imported("info@hub.example").status == "scheduled"
    # A cut-off download: an error, nothing changes.
    feed.write_bytes((FIXTURES / "truncated.ics").read_bytes())
    with pytest.raises(CommandError, match="ends before END:VCALENDAR"):
        import_events(*args)
    # A calendar without events cancels nothing unless asked to.
    feed.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    assert "were not cancelled" in import_events(*args, exit_code=3)
    assert not EventPage.objects.filter(status="cancelled").exists()
    assert "cancelled 3" in import_events(*args, "--allow-empty")


def test_malformed_events_are_skipped_with_their_reason(leuven):
    out = import_events("--ics", FIXTURES / "malformed.ics", "--organiser",
                        "ku-leuven", exit_code=3)
    assert "created 1," in out and "skipped 8" in out
    for reason in ("no DTSTART", "Got: '2027-13-45'", "no UID",
                   "is before DTSTART", "'Mars/Olympus_Mons'",
                   "THIS LINE IS NOT AN ICALENDAR CONTENT LINE",
                   "daily, weekly, monthly or yearly", "CLASS:PRIVATE"):
        assert reason in out
    assert list(EventPage.objects.values_list("title", flat=True)) == [
        "The one good event"]
    # Damage outside the events: each event is read on its own.
    out = import_events("--ics", FIXTURES / "damaged.ics", "--organiser", "ku-leuven",
                        exit_code=3)
    assert "created 2," in out and "BEGIN and END lines do not match" in out
    assert "read one by one" in out


@pytest.mark.parametrize(("name", "message"), [
    ("does-not-exist.ics", "no such file"),
    ("truncated.ics", "ends before END:VCALENDAR"),
    ("not-a-feed.html", "is a web page, not an iCalendar feed"),
])
def test_an_unreadable_feed_is_a_clear_error(leuven, name, message):
    with pytest.raises(CommandError, match=message) as error:
        import_events("--ics", FIXTURES / name, "--organiser", "ku-leuven")
    assert error.value.returncode == 1  # manage.py exits with it
    assert not EventPage.objects.exists()


def test_dry_run_reports_and_saves_nothing(leuven):
    out = import_events("--ics", FIXTURES / "feed-v1.ics", "--organiser",
                        "ku-leuven", "--dry-run")
    assert "Dry run, nothing was saved. Would have: created 3" in out
    assert not EventPage.objects.exists() and not ImportedEvent.objects.exists()


def test_organiser_by_public_id_and_clear_errors(leuven, capsys):
    out = import_events("--ics", FIXTURES / "all-day.ics", "--organiser",
                        leuven.translation_key, "--event-type", "conference", "-v", "2")
    assert "created event #1 UID 'one-day@hub.example'" in out
    assert imported("one-day@hub.example").event_type == "conference"
    with pytest.raises(CommandError, match="No institution or representation"):
        import_events("--ics", FIXTURES / "all-day.ics", "--organiser", "nowhere")
    with pytest.raises(CommandError, match="Give --organiser"):
        import_events("--ics", FIXTURES / "all-day.ics")


def test_long_feeds_show_progress(leuven, tmp_path, capsys):
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:many-{n}@hub.example\r\nSUMMARY:Talk {n}\r\n"
        f"DTSTART:202710{n + 1:02d}T080000Z\r\nLOCATION:Leuven\r\nEND:VEVENT\r\n"
        for n in range(25))
    feed = tmp_path / "many.ics"
    feed.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
    assert "created 25," in import_events("--ics", feed, "--organiser", "ku-leuven")
    assert "Importing" in capsys.readouterr().err


# -- URLs ------------------------------------------------------------------------------
def test_import_from_a_url(leuven, feed_server):
    url = f"{feed_server.url}/feeds/brussels-dst.ics"
    assert "created 3," in import_events("--ics", url, "--organiser", "ku-leuven")
    assert ImportedEvent.objects.filter(source=url).count() == 3
    out = import_events("--ics", f"{feed_server.url}/redirect", "--organiser",
                        "ku-leuven")
    assert "created 3," in out


@pytest.mark.parametrize(("path", "message"), [
    ("/nothing-here.ics", "answered HTTP 404"),
    ("/huge-declared", "more than the limit of 300000"),
    ("/huge-streamed", "sent more than 300000 bytes"),
    ("/slow", "did not answer within 1 seconds"),
])
def test_url_failures_are_clear_errors(leuven, feed_server, path, message):
    with pytest.raises(CommandError, match=message):
        import_events("--ics", feed_server.url + path, "--organiser", "ku-leuven")


def test_urls_must_be_public_http(leuven, feed_server, settings):
    with pytest.raises(CommandError, match="only http"):
        import_events("--ics", "ftp://example.org/feed.ics", "--organiser",
                      "ku-leuven")
    settings.HUB_ICAL_IMPORT = {"timeout": 1.0}  # the default: no private networks
    with pytest.raises(CommandError, match="private or local address"):
        import_events("--ics", f"{feed_server.url}/feeds/feed-v1.ics",
                      "--organiser", "ku-leuven")


# -- the plugin interface --------------------------------------------------------------
def test_the_importer_is_a_builtin_plugin_that_can_be_switched_off(leuven):
    meta = registry.installed_plugins()["hub_ical_importer"]
    assert meta.builtin and meta.default_enabled
    assert "ics" in [importer.name for importer in register_importers.collect()]
    registry.set_enabled("hub_ical_importer", False)
    try:
        assert "ics" not in [i.name for i in register_importers.collect()]
        with pytest.raises(CommandError, match="disabled.*Settings > Plugins"):
            import_events("--ics", FIXTURES / "feed-v1.ics", "--organiser",
                          "ku-leuven")
    finally:
        registry.set_enabled("hub_ical_importer", True)
        registry.forget_states()
    assert not EventPage.objects.exists()


# -- scheduled feeds and the admin -----------------------------------------------------
def test_due_feeds_run_on_schedule(leuven, japan, feed_server):
    due = IcsFeed.objects.create(name="KU Leuven", organiser=leuven,
                                 url=f"{feed_server.url}/mutable.ics")
    recent = IcsFeed.objects.create(name="Recent", organiser=japan, interval=60,
                                    url=f"{feed_server.url}/feeds/all-day.ics",
                                    last_run_at=timezone.now())
    off = IcsFeed.objects.create(name="Off", organiser=japan, enabled=False,
                                 url=f"{feed_server.url}/feeds/all-day.ics")
    broken = IcsFeed.objects.create(name="Broken", organiser=japan,
                                    url=f"{feed_server.url}/gone.ics")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 due feeds could not be read"):
        call_command("import_events", "--due", stdout=out)
    assert "KU Leuven: " in out.getvalue() and "created 3," in out.getvalue()
    for feed in (due, recent, off, broken):
        feed.refresh_from_db()
    assert (due.last_status, due.last_summary[:9]) == ("ok", "created 3")
    assert broken.last_status == "failed" and "HTTP 404" in broken.last_errors
    assert off.last_run_at is None and recent.last_run_at < due.last_run_at
    assert import_events("--due").strip() == "No feed is due."

    # Six hours later the feed is due again; its events left the feed.
    feed_server.state["mutable"] = (FIXTURES / "feed-v2.ics").read_bytes()
    IcsFeed.objects.filter(pk=due.pk).update(
        last_run_at=timezone.now() - timedelta(hours=6, minutes=1))
    broken.delete()
    assert "created 1, updated 1, unchanged 0, cancelled 2" in import_events("--due")
    assert ImportedEvent.objects.filter(source=due.source_key).count() == 4

    # The same through django-tasks (the admin's "Run now"; a worker's schedule).
    result = import_feed.enqueue(due.pk)
    assert len(result.return_value["report"]["unchanged"]) == 3
    assert import_due_feeds.enqueue().return_value == []


def test_admin_feed_list_add_and_run(client, leuven, feed_server):
    IcsFeed.objects.create(name="Ghent University agenda", organiser=leuven,
                           url="https://www.ugent.be/agenda.ics", enabled=False)
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    page = client.get("/admin/ics-feeds/")
    assert page.status_code == 200
    assert "Ghent University agenda" in page.content.decode()
    assert client.get("/admin/ics-feeds/new/").status_code == 200
    form = {"name": "KU Leuven events", "url": f"{feed_server.url}/feeds/feed-v1.ics",
            "organiser": leuven.pk, "event_type": "other", "interval": 360,
            "enabled": "on"}
    bad = client.post("/admin/ics-feeds/new/", {**form, "url": "ftp://x.example/a"})
    assert bad.status_code == 200 and not IcsFeed.objects.filter(
        name="KU Leuven events").exists()
    index = leuven.get_parent()
    not_an_organiser = client.post("/admin/ics-feeds/new/", {**form,
                                                            "organiser": index.pk})
    assert "organiser" in not_an_organiser.context["form"].errors
    assert client.post("/admin/ics-feeds/new/", form).status_code == 302
    feed = IcsFeed.objects.get(name="KU Leuven events")
    assert client.get(f"/admin/ics-feeds/edit/{feed.pk}/").status_code == 200
    assert client.get(f"/admin/ics-feeds/run/{feed.pk}/").status_code == 200
    # "Run now" never fetches in the request (tests/security/test_fetching.py):
    # with the immediate task backend, the next scheduled run takes the feed.
    assert client.post(f"/admin/ics-feeds/run/{feed.pk}/").status_code == 302
    feed.refresh_from_db()
    assert feed.last_status == "" and feed.run_requested_at is not None
    run_page = client.get(f"/admin/ics-feeds/run/{feed.pk}/").content.decode()
    assert "Uitvoering gevraagd" in run_page  # "Run requested" (the admin is in nl)
    assert "created 3" in import_events("--due")
    feed.refresh_from_db()
    assert feed.last_status == "ok" and feed.last_summary.startswith("created 3")
    assert feed.run_requested_at is None and feed.claimed_at is None
    assert "/admin/ics-feeds/" in client.get("/admin/").content.decode()  # menu
    registry.set_enabled("hub_ical_importer", False)
    try:
        assert client.get("/admin/ics-feeds/", follow=True).status_code == 404
        assert "/admin/ics-feeds/" not in client.get("/admin/").content.decode()
    finally:
        registry.set_enabled("hub_ical_importer", True)
        registry.forget_states()


def test_feeds_need_the_feed_permission(client, leuven):
    editor = get_user_model().objects.create_user("editor", "e@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/ics-feeds/").status_code in (302, 403)
    feed = IcsFeed.objects.create(name="x", organiser=leuven,
                                  url="https://example.org/a.ics")
    assert client.post(f"/admin/ics-feeds/run/{feed.pk}/").status_code in (302, 403)
    feed.refresh_from_db()
    assert feed.last_run_at is None
