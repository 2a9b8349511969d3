"""Plugins as extensions of the hub: their own URLs (mounted in one place,
404 while disabled), widget types with their own JavaScript, the
registry's per-process cache and how a switch in another process reaches it,
api_item_fields once per page of results. The example plugin
plugins/examples/hub-countdown (installed by requirements-dev.txt) is the
third-party plugin under test; it renders in Chromium in
tests/plugins/test_plugin_extensions_browser.py."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.events.models import EventPage
from plugins import registry
from plugins.extension import WidgetType
from plugins.metadata import PluginMetaError, read_meta
from plugins.models import ImportRun, PluginState
from plugins.signals import api_item_fields, register_widget_types
from plugins.tasks import run_queued_imports
from tests.factories import make_event, make_representation
from tests.plugins.test_widgets import make_admin

SCRIPT = "/embed/v1/widgets.js"
STRINGS = "/plugins/hub_countdown/v1/strings.json"
TYPE_SCRIPT = "/embed/v1/types/flanders-countdown.js"

pytestmark = pytest.mark.django_db


def script_types(client) -> dict:
    text = client.get(SCRIPT).content.decode("utf-8")
    start = text.index("const C=") + len("const C=")
    config, _end = json.JSONDecoder().raw_decode(text[start:])
    return {t["element"]: t for t in config["types"]}


@pytest.fixture
def countdown():
    registry.set_enabled("hub_countdown", True)
    yield
    registry.forget_states()


def test_the_example_plugin_is_installed_with_urls_but_disabled(client):
    meta = registry.installed_plugins()["hub_countdown"]
    assert not meta.builtin and not meta.default_enabled
    assert (meta.urls, meta.url_prefix) == ("hub_countdown.urls",
                                            "plugins/hub_countdown/")
    for url in (STRINGS, TYPE_SCRIPT):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
        assert response["Access-Control-Allow-Origin"] == "*"
    assert "flanders-countdown" not in script_types(client)


def test_enabled_its_url_answers_and_its_widget_type_carries_a_module(client,
                                                                        countdown):
    response = client.get(STRINGS)
    assert response.status_code == 200
    assert response.json()["nl"]["days"] == "Nog {n} dagen"
    assert response["Access-Control-Allow-Origin"] == "*"
    spec = script_types(client)["flanders-countdown"]
    assert spec["script"].startswith(TYPE_SCRIPT + "?v=")
    assert spec["filters"] == ["organiser", "country", "type"]
    own = client.get(spec["script"])
    assert own.status_code == 200
    assert own["Content-Type"].startswith("text/javascript")
    assert own["Access-Control-Allow-Origin"] == "*"
    assert "immutable" in own["Cache-Control"]
    assert b"document.currentScript.hubDefine(" in own.content
    assert client.get(TYPE_SCRIPT, HTTP_IF_NONE_MATCH=own["ETag"]).status_code == 304
    # The built-in types stay in widgets.js itself.
    assert "script" not in script_types(client)["flanders-events"]


def test_disabling_switches_off_url_script_and_type(client, countdown):
    assert client.get(STRINGS).status_code == 200
    registry.set_enabled("hub_countdown", False)
    assert client.get(STRINGS).status_code == 404
    assert client.get(TYPE_SCRIPT).status_code == 404
    assert client.post(STRINGS).status_code == 404  # not a CSRF 403
    assert "flanders-countdown" not in script_types(client)


def test_the_widget_builder_offers_the_plugins_type(client, countdown):
    client.force_login(make_admin())
    html = client.get("/admin/widget-builder/", {"widget": "countdown"}).content.decode()
    assert "&lt;flanders-countdown&gt;" in html
    assert 'name="organiser"' in html


def test_unknown_plugin_paths_are_json_404s(client):
    response = client.get("/plugins/nope/anything")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_script_that_cannot_be_read_leaves_the_type_out(client, tmp_path):
    def broken(sender, **kwargs):
        return [WidgetType(name="gone", element="flanders-gone", title="Gone",
                           script=tmp_path / "missing.js")]

    register_widget_types.connect(broken, dispatch_uid="test_gone")
    try:
        assert "flanders-gone" not in script_types(client)
        assert client.get("/embed/v1/types/flanders-gone.js").status_code == 404
    finally:
        register_widget_types.disconnect(dispatch_uid="test_gone")


@pytest.mark.parametrize("prefix, message", [
    ("admin/", "a path of the hub itself"),
    ("/x/", "must be a path"),
    ("Plugins/x/", "must be a path"),
])
def test_a_plugin_cannot_take_the_hubs_paths(prefix, message):
    class Meta:
        name = version = author = description = "x"
        compatibility = ">=0.1,<1"
        urls = "x.urls"
        url_prefix = prefix

    config = type("Config", (), {"HubPluginMeta": Meta})
    with pytest.raises(PluginMetaError, match=message):
        read_meta(config, "x", "x")


def test_a_switch_in_another_process_reaches_this_one_with_the_generation(client):
    """Another worker switches the plugin: it saves a PluginState (which starts
    a new content generation) and never calls this process's forget_states().
    The next page or API request here reads the generation and drops the
    cached states."""
    assert not registry.is_enabled("hub_countdown")  # cached now
    PluginState.objects.update_or_create(app_label="hub_countdown",
                                         defaults={"enabled": True})
    assert not registry.is_enabled("hub_countdown")  # still the cached answer
    client.get("/api/v1/events/")
    try:
        assert registry.is_enabled("hub_countdown")
        assert client.get(STRINGS).status_code == 200
    finally:
        registry.forget_states()


def test_the_installed_plugins_are_read_once_per_process():
    first = registry.installed_plugins()
    assert registry.installed_plugins() is first
    with pytest.raises(TypeError):
        first["x"] = None  # read-only: callers cannot change the cache


def test_api_item_fields_is_sent_once_per_page_of_results(client, site_tree):
    japan = make_representation()
    for n in range(3):
        make_event(japan, f"Fair {n}", slug=f"fair-{n}", days_ahead=n + 1)
    calls = []

    def counter(sender, pages=(), language="", **kwargs):
        calls.append((sender, len(pages), language))
        return {}

    api_item_fields.connect(counter, dispatch_uid="test_once_per_page")
    registry.set_enabled("hub_csv_export", True)  # its receiver adds a field
    try:
        cache.clear()
        results = client.get("/api/v1/events/", {"page_size": 5,
                                                 "lang": "en"}).json()["results"]
    finally:
        api_item_fields.disconnect(dispatch_uid="test_once_per_page")
        registry.forget_states()
    assert calls == [("events", 3, "en")]
    assert len(results) == 3
    for item in results:
        link = item["extra"]["hub_csv_export"]["organiser_events_csv"]
        assert link == "/export/csv/events?organiser=japan&lang=en"


# --- the hub's own command for every registered importer and exporter ---------

ICS = Path(__file__).resolve().parents[1] / "fixtures" / "ics" / "feed-v1.ics"


def catalogue_plugins(*args) -> str:
    out = io.StringIO()
    call_command("catalogue_plugins", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_every_enabled_importer_and_exporter():
    rows = catalogue_plugins("list").splitlines()
    assert any(r.startswith("importer\tics\thub_ical_importer\t") for r in rows)
    assert not any(r.startswith("exporter\tcsv") for r in rows)  # disabled
    registry.set_enabled("hub_csv_export", True)
    try:
        rows = catalogue_plugins("list").splitlines()
    finally:
        registry.forget_states()
    assert any(r.startswith("exporter\tcsv\thub_csv_export\t") for r in rows)


def test_the_command_runs_the_builtin_importer_and_a_plugins_exporter(site_tree,
                                                                      tmp_path):
    make_representation()
    output = catalogue_plugins("import", "ics", str(ICS), "--organiser", "japan")
    assert "created" in output
    imported = EventPage.objects.filter(live=True).count()
    assert imported > 0
    with pytest.raises(CommandError, match="No exporter 'csv'"):
        catalogue_plugins("export", "csv")
    registry.set_enabled("hub_csv_export", True)
    try:
        target = tmp_path / "events.csv"
        catalogue_plugins("export", "csv", "when=all", "lang=nl", "-o", str(target))
        with pytest.raises(CommandError, match="when"):
            catalogue_plugins("export", "csv", "when=someday")
    finally:
        registry.forget_states()
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == EventPage.objects.filter(
        live=True, locale__language_code="nl").count()
    assert all(row["url"].startswith("http") for row in rows)
    with pytest.raises(CommandError, match="No importer 'nope'"):
        catalogue_plugins("import", "nope", str(ICS), "--organiser", "japan")


def test_the_admin_lists_them_and_queues_an_import_without_running_it(client,
                                                                      site_tree):
    make_representation()
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
    client.force_login(editor)
    assert client.get("/admin/plugins/catalogue/").status_code in (302, 403)
    client.force_login(make_admin())
    html = client.get("/admin/plugins/catalogue/").content.decode()
    assert "hub_ical_importer" in html and "<code>ics</code>" in html
    response = client.post("/admin/plugins/catalogue/", {
        "importer": "ics", "source": str(ICS), "organiser": "japan"}, follow=True)
    assert "The import is queued" in response.content.decode()
    run = ImportRun.objects.get()
    assert run.status == "queued" and run.requested_by == "root"
    assert not EventPage.objects.exists()  # nothing imported in the request
    bad = client.post("/admin/plugins/catalogue/", {"importer": "nope", "source": "x",
                                                    "organiser": "japan"}, follow=True)
    assert "There is no enabled importer nope." in bad.content.decode()
    assert ImportRun.objects.count() == 1
    # The scheduled task (manage.py run_scheduler; immediate backend here) runs it.
    run_queued_imports.enqueue()
    run.refresh_from_db()
    assert run.status == "done" and "created" in run.summary
    assert EventPage.objects.filter(live=True).exists()
    assert "done" in client.get("/admin/plugins/catalogue/").content.decode()
