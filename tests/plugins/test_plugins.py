"""The plugin interface: discovery through entry points, metadata and version
checks, enable/disable, extension points, the admin page, and the example CSV
exporter plugin (plugins/examples/hub-csv-export, installed by
requirements-dev.txt)."""

import csv
import io
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from plugins import registry
from plugins.discovery import ENTRY_POINT_GROUP, discover
from plugins.models import PluginState
from plugins.signals import PluginSignal, register_exporters
from tests.factories import make_event

ROOT = Path(__file__).resolve().parents[2]


def fake_plugin(site: Path, name: str, meta: str, module_body: str = "") -> None:
    """An installed distribution with an entry point, as pip would leave it."""
    package = site / name
    package.mkdir()
    (package / "__init__.py").write_text(module_body)
    (package / "apps.py").write_text(textwrap.dedent(f"""
        from django.apps import AppConfig

        class PluginApp(AppConfig):
            name = "{name}"
            {meta}
        """))
    dist = site / f"{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = {name}\n")


GOOD_META = textwrap.indent(textwrap.dedent("""
    class HubPluginMeta:
        name = "Good"
        version = "1.0"
        author = "Test"
        description = "Works."
        compatibility = ">=0.1,<1"
    """), " " * 12)


@pytest.fixture
def plugin_site(tmp_path):
    fake_plugin(tmp_path, "good_plugin", GOOD_META)
    fake_plugin(tmp_path, "broken_plugin", GOOD_META, "raise RuntimeError('boom')\n")
    fake_plugin(tmp_path, "future_plugin", GOOD_META.replace(">=0.1,<1", ">=7"))
    fake_plugin(tmp_path, "anonymous_plugin", "pass")
    return tmp_path


def test_discovery_keeps_good_plugins_and_reports_the_others(plugin_site, monkeypatch,
                                                             caplog):
    monkeypatch.syspath_prepend(str(plugin_site))
    with caplog.at_level(logging.ERROR, logger="plugins.discovery"):
        found = discover()
    assert "good_plugin" in found.apps
    assert "hub_csv_export" in found.apps  # the installed example plugin
    problems = {p.module: p.message for p in found.problems}
    assert set(problems) == {"broken_plugin", "future_plugin", "anonymous_plugin"}
    assert "RuntimeError: boom" in problems["broken_plugin"]
    assert "needs hub >=7" in problems["future_plugin"]
    assert "no HubPluginMeta" in problems["anonymous_plugin"]
    assert "broken_plugin" in caplog.text


def test_the_hub_starts_with_a_broken_plugin_and_says_so(plugin_site):
    """A real start-up (manage.py check) with the broken plugins installed."""
    env = {"PYTHONPATH": str(plugin_site), "DJANGO_SETTINGS_MODULE": "cms.settings.test",
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "hub_plugins.W001" in output
    assert "broken_plugin cannot be imported: RuntimeError: boom" in output
    assert "future_plugin 1.0 needs hub >=7" in output


@pytest.mark.django_db
def test_example_plugin_is_installed_but_disabled_by_default(client):
    plugins = registry.installed_plugins()
    assert plugins["hub_csv_export"].name == "CSV export"
    assert not plugins["hub_csv_export"].builtin
    assert not registry.is_enabled("hub_csv_export")
    response = client.get("/export/csv/events")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.fixture
def csv_enabled(db):
    registry.set_enabled("hub_csv_export", True)
    yield
    registry.forget_states()


def test_csv_export_of_an_event_selection(client, japan, csv_enabled):
    make_event(japan, title="=HYPERLINK(\"http://evil\")", slug="formula",
               venue_country="JP")
    make_event(japan, title="Café in Osaka", slug="cafe", venue_country="JP")
    make_event(japan, title="Elsewhere", venue_country="KR")
    response = client.get("/export/csv/events", {"country": "JP", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="events.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    titles = sorted(row["title"] for row in rows)
    assert titles == ["'=HYPERLINK(\"http://evil\")", "Café in Osaka"]
    assert rows[0]["time_zone"] == "Asia/Tokyo"
    bad = client.get("/export/csv/events", {"from": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["error"]["param"] == "from"
    assert client.get("/export/nope/events").status_code == 404


def test_plugin_api_fields_appear_only_while_enabled(client, japan):
    make_event(japan)
    item = client.get("/api/v1/events/").json()["results"][0]
    assert "extra" not in item
    registry.set_enabled("hub_csv_export", True)
    try:
        cache.clear()
        item = client.get("/api/v1/events/", {"page_size": 5}).json()["results"][0]
    finally:
        registry.forget_states()
    link = item["extra"]["hub_csv_export"]["organiser_events_csv"]
    assert link.startswith("/export/csv/events?organiser=")


@pytest.mark.django_db
def test_a_failing_receiver_is_skipped_and_logged(caplog):
    signal = PluginSignal()

    def broken(sender, **kwargs):
        raise ValueError("broken receiver")

    def fine(sender, **kwargs):
        return ["ok"]

    signal.connect(broken, weak=False)
    signal.connect(fine, weak=False)
    with caplog.at_level(logging.ERROR, logger="plugins.signals"):
        assert signal.collect() == ["ok"]
    assert "broken receiver" in caplog.text


@pytest.mark.django_db
def test_disabled_plugin_receivers_are_not_called():
    assert not [e for e in register_exporters.collect() if e.name == "csv"]
    registry.set_enabled("hub_csv_export", True)
    try:
        assert [e.name for e in register_exporters.collect()] == ["csv"]
    finally:
        registry.forget_states()


@pytest.mark.django_db
def test_admin_plugins_page_switches_plugins(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
    client.force_login(editor)
    assert client.get("/admin/plugins/").status_code in (302, 403)
    client.force_login(admin)
    page = client.get("/admin/plugins/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "CSV export" in html and "Flanders Academic Hub" in html
    response = client.post("/admin/plugins/", {"plugin": "hub_csv_export",
                                               "enabled": "1"}, follow=True)
    assert "CSV export is enabled." in response.content.decode()
    assert PluginState.objects.get(app_label="hub_csv_export").enabled
    assert registry.is_enabled("hub_csv_export")
    missing = client.post("/admin/plugins/", {"plugin": "nope", "enabled": "1"},
                          follow=True)
    assert "There is no installed plugin nope." in missing.content.decode()
    registry.forget_states()
