"""manage.py schema_state: the schema version a backup's manifest records, and
the two checks `hub.sh restore` makes with it (no topology needed)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db


def schema_state(*args: str, stdin: str | None = None, monkeypatch=None) -> str:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("schema_state", *args, stdout=out)
    return out.getvalue()


def test_prints_the_latest_applied_migration_of_every_app():
    schema = json.loads(schema_state())
    leaves = dict(MigrationLoader(connection).graph.leaf_nodes())
    # The test database is migrated to the end: the code's leaves.
    assert schema == {app: name for app, name in sorted(leaves.items())}
    assert {"wagtailcore", "events", "hub_search"} <= set(schema)


def test_squashed_migrations_are_named_by_their_squash():
    """The database records the migrations a squash replaced; the schema names
    only what the graph knows."""
    loader = MigrationLoader(connection)
    known = set(loader.graph.nodes)
    schema = json.loads(schema_state())
    assert all((app, name) in known for app, name in schema.items())


def test_checks_a_manifest_against_the_database_and_the_code(monkeypatch, tmp_path):
    schema = json.loads(schema_state())
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"schema": schema}))
    assert "the backup's migrations" in schema_state("--check", str(manifest))
    assert "0 newer migrations" in schema_state("--check-code", "-",
                                                stdin=manifest.read_text(),
                                                monkeypatch=monkeypatch)

    # An older backup: the release applies its newer migrations after the restore.
    older = dict(schema, events="0001_initial")
    out = schema_state("--check-code", "-", stdin=json.dumps({"schema": older}),
                       monkeypatch=monkeypatch)
    assert "0 newer migrations" not in out
    with pytest.raises(CommandError, match="does not have the backup's schema"):
        schema_state("--check", "-", stdin=json.dumps({"schema": older}),
                     monkeypatch=monkeypatch)

    newer = dict(schema, events="9999_from_a_newer_release")
    with pytest.raises(CommandError, match="made by a newer release"):
        schema_state("--check-code", "-", stdin=json.dumps({"schema": newer}),
                     monkeypatch=monkeypatch)
    with pytest.raises(CommandError, match="Cannot read the schema"):
        schema_state("--check", "-", stdin="{}", monkeypatch=monkeypatch)
