"""manage.py schema_state: the database's schema version, for backups.

The schema version is, for every app, the latest migration applied (the leaf
of the applied part of the migration graph). ``scripts/production/hub.sh
backup`` writes it into the backup's manifest; ``hub.sh restore`` checks it
twice (docs/operations.md, "Backup and restore"):

- ``--check-code MANIFEST`` before anything is touched: every migration the
  backup has must be known to this release (a backup of a newer release would
  leave tables this code does not understand);
- ``--check MANIFEST`` after ``pg_restore``: the restored database has exactly
  the manifest's migrations (the dump was restored whole).

MANIFEST is a path, or ``-`` for standard input (the backup may sit in a
directory only root can read). Exit status 1 with the reason when a check fails.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

Node = tuple[str, str]

# Apps this hub installed once and no longer does (their tables stay, unused,
# and django_migrations still lists their migrations): neither part of the
# schema nor a sign that a backup comes from a newer release.
REMOVED_APPS = {"admin", "wagtailembeds", "wagtailforms"}


def current(nodes) -> set[Node]:
    return {node for node in nodes if node[0] not in REMOVED_APPS}


def leaves(nodes: set[Node], loader: MigrationLoader) -> dict[str, str | list[str]]:
    """The latest of ``nodes`` per app: those no other node of the same app
    depends on (a list where an app has two, before a merge migration).
    Migrations a squashed one replaces are left out: the database records
    them, but the graph knows only the squashed one (applied with them)."""
    replaced = {key for migration in loader.replacements.values()
                for key in migration.replaces}
    nodes = nodes - replaced
    parents: set[Node] = set()
    for node in nodes:
        graph_node = loader.graph.node_map.get(node)
        if graph_node is not None:
            parents |= {p.key for p in graph_node.parents if p.key[0] == node[0]}
    found: dict[str, list[str]] = {}
    for app, name in sorted(nodes - parents):
        found.setdefault(app, []).append(name)
    return {app: names[0] if len(names) == 1 else names
            for app, names in sorted(found.items())}


def as_set(schema: dict) -> set[Node]:
    return {(app, name) for app, names in schema.items()
            for name in ([names] if isinstance(names, str) else names)}


class Command(BaseCommand):
    help = ("Print the latest applied migration of every app as JSON, or check a "
            "backup manifest's schema against this release or this database.")

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--check", metavar="MANIFEST",
                           help="the database must have exactly the manifest's "
                                "migrations ('-': read it from standard input)")
        group.add_argument("--check-code", metavar="MANIFEST",
                           help="every migration in the manifest must be known to "
                                "this release")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, check: str | None, check_code: str | None,
               database: str, **options) -> None:
        loader = MigrationLoader(connections[database], ignore_no_migrations=True)
        if check_code:
            self.check_code(self.manifest_schema(check_code), loader)
            return
        applied = leaves(current(loader.applied_migrations), loader)
        if check:
            self.check_database(self.manifest_schema(check), applied)
            return
        self.stdout.write(json.dumps(applied, indent=2, sort_keys=True))

    @staticmethod
    def manifest_schema(source: str) -> dict:
        try:
            if source == "-":
                manifest = json.load(sys.stdin)
            else:
                with open(source, encoding="utf-8") as handle:
                    manifest = json.load(handle)
            schema = manifest["schema"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read the schema from the manifest {source} "
                               f"({error}); is it a backup's manifest.json?") from error
        if not isinstance(schema, dict):
            raise CommandError("The manifest's schema is not an object of "
                               "app: migration.")
        return schema

    def check_code(self, schema: dict, loader: MigrationLoader) -> None:
        unknown = sorted(current(as_set(schema)) - set(loader.graph.nodes))
        if unknown:
            names = ", ".join(f"{app} {name}" for app, name in unknown[:5])
            raise CommandError(
                f"The backup has migrations this release does not know ({names}): it "
                "was made by a newer release. Restore it with that release (its "
                "version is in the manifest) or a newer one.")
        # What `migrate` will apply after the restore: the release is newer.
        known = set()
        for node in current(as_set(schema)):  # an app's leaf and its predecessors
            known |= {n for n in loader.graph.forwards_plan(node) if n[0] == node[0]}
        pending = sorted(set(loader.graph.nodes) - known)
        self.stdout.write(f"schema: every migration of the backup is known to this "
                          f"release; {len(pending)} newer migrations will be applied "
                          f"after the restore")

    def check_database(self, schema: dict, applied: dict) -> None:
        expected, found = current(as_set(schema)), as_set(applied)
        if expected != found:
            missing = sorted(expected - found)
            extra = sorted(found - expected)
            raise CommandError(
                "The restored database does not have the backup's schema (missing "
                f"{missing[:5]}, unexpected {extra[:5]}): the dump was not restored "
                "whole. Restore again; keep the backup until a restore succeeds.")
        self.stdout.write(f"schema: the database has the backup's migrations "
                          f"({len(found)} apps)")
