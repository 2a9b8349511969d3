"""Imports never block editors, and hostile import files get a one-line error
(issue 11: "Imports never block editors", and from "Failures answer in the
right format" the pathological catalogue files and import_events' exit code).

The central test runs a real catalogue import in another thread with its own
PostgreSQL connection, pauses it between two records through the
``record_imported`` signal, and publishes from the admin with a 1 s lock
timeout on the editor's connection."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import querydict_from_html

from cms.catalogue.signals import record_imported
from cms.core.generation import deferred_generation_bump, generation
from cms.core.site_setup import ensure_site_tree
from cms.events.models import EventPage
from cms.institutions.models import RepresentationPage
from cms.institutions.permissions import editor_group_name
from tests.factories import make_event, make_institution, make_representation

REPO = Path(__file__).resolve().parents[2]
ICS_FIXTURES = REPO / "tests" / "fixtures" / "ics"


def catalogue(events: int = 3) -> dict:
    """An institution and ``events`` events of the representation rep-japan."""
    return {
        "format": "flanders-hub-catalogue", "version": 1,
        "institutions": [{"id": "inst-imp", "title": {"nl": "Importhogeschool"},
                          "kind": "university-college", "city": "Brugge"}],
        "events": [{
            "id": f"ev-imp-{n}", "organiser": "rep-japan",
            "title": {"nl": f"Geïmporteerde sessie {n}", "en": f"Imported session {n}"},
            "event_type": "info-session",
            "start": f"2031-03-{n + 1:02d}T10:00:00+09:00",
            "end": f"2031-03-{n + 1:02d}T12:00:00+09:00",
            "time_zone": "Asia/Tokyo", "venue": {"city": "Tokyo", "country": "JP"},
        } for n in range(events)],
    }


def write(tmp_path: Path, data, name: str = "catalogue.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def import_catalogue(path: Path) -> str:
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


# -- an editor publishes while an import is paused between records ------------------
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_admin_publish_succeeds_while_an_import_is_paused(client, tmp_path):
    ensure_site_tree()
    japan = make_representation("Flanders in Japan", "japan")
    RepresentationPage.objects.filter(pk=japan.pk).update(external_id="rep-japan")
    # The events' English titles go below Japan's English page (the import
    # leaves out a language the organiser has no page in: issue 12).
    english = japan.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    seminar = make_event(japan, "Tokyo seminar")
    editor = get_user_model().objects.create_user("japan-editor", "e@example.org", "x")
    editor.groups.add(Group.objects.get(name=editor_group_name(japan)))
    path = write(tmp_path, catalogue())

    paused, resume = threading.Event(), threading.Event()

    def hold(sender, label: str, outcome: str, **kwargs) -> None:
        # After the first event under Japan: that record has committed, and
        # it added a page below the page the editor is about to publish under.
        if label.startswith("events[0]") and not paused.is_set():
            paused.set()
            resume.wait(120)

    outcome: dict = {}

    def run() -> None:
        try:
            outcome["report"] = import_catalogue(path)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcome["error"] = error
        finally:
            connection.close()

    start = generation()
    record_imported.connect(hold, dispatch_uid="test-pause-import")
    importer = threading.Thread(target=run)
    importer.start()
    try:
        assert paused.wait(120), f"the import never reached events[0]: {outcome}"
        before = generation()
        assert before == start  # two records committed, the row untouched
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        client.force_login(editor)
        url = f"/admin/pages/{seminar.pk}/edit/"
        data = querydict_from_html(client.get(url).content.decode(),
                                   form_id="page-edit-form")
        data["title"] = "Tokyo seminar (moved to May)"
        data["action-publish"] = "1"
        response = client.post(url, data)
        assert response.status_code == 302, response.content[:2000]
        page = EventPage.objects.get(pk=seminar.pk)
        assert page.live and page.title == "Tokyo seminar (moved to May)"
        # The editor's publish started a new generation at once.
        after_publish = generation()
        assert after_publish > before

        # A second import of the same file is refused at once, not queued.
        with pytest.raises(CommandError, match="Another catalogue import is "
                                               "running") as refused:
            import_catalogue(path)
        assert refused.value.returncode == 75
    finally:
        resume.set()
        importer.join(120)
        record_imported.disconnect(dispatch_uid="test-pause-import")
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert "error" not in outcome, outcome.get("error")
    assert "created 4, updated 0, unchanged 0, rejected 0" in outcome["report"]
    assert generation() > after_publish  # bumped once the import was done
    # Run again once the first is done: the same pages, no "slug in use".
    again = import_catalogue(path)
    assert "created 0, updated 0, unchanged 4, rejected 0" in again
    assert EventPage.objects.filter(external_id__startswith="ev-imp-").count() == 6


# -- the generation is bumped once, after the import ----------------------------------
def generation_writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if "hub_api_contentgeneration" in q["sql"].lower()
            and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


@pytest.mark.django_db
def test_a_catalogue_import_bumps_the_generation_once_at_the_end(site_tree, tmp_path):
    make_representation("Flanders in Japan", "japan")
    RepresentationPage.objects.filter(slug="japan").update(external_id="rep-japan")
    generation()
    path = write(tmp_path, catalogue(events=5))
    with CaptureQueriesContext(connection) as queries:
        assert "created 6," in import_catalogue(path)
    writes = generation_writes(queries.captured_queries)
    assert len(writes) == 1, writes  # 11 pages were published
    last_write = max(i for i, q in enumerate(queries.captured_queries)
                     if q["sql"] in writes)
    assert not any(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
                   and "wagtailcore_page" in q["sql"]
                   for q in queries.captured_queries[last_write:])


@pytest.mark.django_db
def test_an_ical_import_bumps_the_generation_once_at_the_end(site_tree):
    make_institution(city="Leuven")
    generation()
    with CaptureQueriesContext(connection) as queries:
        call_command("import_events", "--ics", ICS_FIXTURES / "feed-v1.ics",
                     "--organiser", "ku-leuven", stdout=io.StringIO())
    assert EventPage.objects.count() == 3
    assert len(generation_writes(queries.captured_queries)) == 1


@pytest.mark.django_db
def test_deferred_bumps_only_in_their_own_block(site_tree):
    japan = make_representation()
    first = generation()
    with deferred_generation_bump():
        make_event(japan, "One")
        with deferred_generation_bump():  # nested: still one bump, at the end
            make_event(japan, "Two")
        assert generation() == first
    second = generation()
    assert second > first
    with deferred_generation_bump():
        pass  # nothing changed: no bump
    assert generation() == second
    make_event(japan, "Three")  # outside a block: at once
    assert generation() > second


# -- hostile catalogue files ------------------------------------------------------------
ENVELOPE = '{"format": "flanders-hub-catalogue", "version": 1, '
DEEP = 100_000


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), [
    (ENVELOPE + '"events": ' + "[" * DEEP + "]" * DEEP + "}", "nested too deeply"),
    (ENVELOPE + '"events": [' + '{"a":' * DEEP + "1" + "}" * DEEP + "]}",
     "nested too deeply"),
    (ENVELOPE + '"events": ' + "[" * 40 + "]" * 40 + "}", "nested too deeply"),
    ("[" + ENVELOPE + '"events": []}]', "expected a JSON object"),
    (ENVELOPE + '"version": 1, "events": []}', 'the key "version" twice'),
    (ENVELOPE + '"events": [{"id": "a", "id": "b"}]}', 'the key "id" twice'),
    (ENVELOPE + '"events": [NaN]}', "NaN is not a JSON number"),
    (ENVELOPE + '"events": [' + "9" * 5000 + "]}", "cannot carry"),
    (ENVELOPE.encode("utf-16"), "UTF-16"),
    (ENVELOPE.encode() + b'"events": [{"title": {"nl": "Caf\xe9"}}]}',
     "is not UTF-8 text: byte 0xE9"),
])
def test_a_pathological_catalogue_file_gets_a_one_line_error(tmp_path, content,
                                                             message):
    path = tmp_path / "hostile.json"
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    pages = Page.objects.count()
    with pytest.raises(CommandError) as error:
        import_catalogue(path)
    text = str(error.value)
    assert message in text and "\n" not in text
    assert error.value.returncode == 1
    assert Page.objects.count() == pages  # nothing half-written


@pytest.mark.django_db
def test_a_huge_catalogue_file_is_refused_before_it_is_read(tmp_path, settings):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: 3 GiB on paper, no disk used
        handle.write(ENVELOPE.encode())
        handle.truncate(3 * 1024 ** 3)
    with pytest.raises(CommandError, match=r"is 3,221,225,472 bytes, more than the "
                                           r"limit of 268,435,456\. Split it"):
        import_catalogue(huge)
    # A smaller limit, a real file a byte over it.
    settings.HUB_CATALOGUE_IMPORT_MAX_BYTES = 1000
    path = write(tmp_path, {**catalogue(0), "padding": "x" * 1000})
    with pytest.raises(CommandError, match="HUB_CATALOGUE_IMPORT_MAX_BYTES"):
        import_catalogue(path)


def _subprocess_env() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": url, "PYTHONPATH": str(REPO)}


def manage(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "manage.py"), *map(str, args)],
                          cwd=REPO, env=_subprocess_env(), capture_output=True,
                          text=True, timeout=300)


@pytest.mark.django_db
def test_manage_py_exits_with_one_line_for_a_deeply_nested_file(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(ENVELOPE + '"events": ' + "[" * DEEP + "]" * DEEP + "}")
    done = manage("import_catalogue", path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [f"CommandError: {path} is nested too deeply (a catalogue file "
                     "needs at most 20 levels). Export the catalogue as JSON (see "
                     "docs/import-format.md)."]


# -- import_events tells cron about skipped events -------------------------------------
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_events_exits_3_when_it_skipped_events():
    ensure_site_tree()
    make_institution(city="Leuven")
    done = manage("import_events", "--ics", ICS_FIXTURES / "malformed.ics",
                  "--organiser", "ku-leuven")
    assert done.returncode == 3, done.stderr
    assert "created 1," in done.stdout and "skipped 8" in done.stdout
    assert "CommandError: 8 events were skipped (listed above)" in done.stderr
    # A clean feed: 0.
    done = manage("import_events", "--ics", ICS_FIXTURES / "feed-v1.ics",
                  "--organiser", "ku-leuven")
    assert done.returncode == 0, done.stderr
    assert "created 3," in done.stdout
