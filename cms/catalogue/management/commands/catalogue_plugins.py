"""``manage.py catalogue_plugins list | import NAME SOURCE | export NAME``:
every importer and exporter that an enabled plugin registered (the built-in
iCalendar importer included), listed and run the same way."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils import translation

from cms.api.filters import InvalidParameter
from cms.api.resources import resource
from cms.catalogue.downloads import MAX_ITEMS, export_items
from plugins import catalogue

EXIT_SKIPPED = 3  # imported, but some items were skipped (as import_events)


class Command(BaseCommand):
    help = ("List the importers and exporters of the enabled plugins, run an "
            "importer, or export events with an exporter (docs/plugins.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="importers and exporters, by plugin")
        run = actions.add_parser("import", help="run an importer")
        run.add_argument("name", help="importer name (see list)")
        run.add_argument("source", help="file or URL the importer reads")
        run.add_argument("--organiser", required=True, metavar="SLUG_OR_PUBLIC_ID",
                         help="institution or representation the items belong to")
        run.add_argument("--dry-run", action="store_true",
                         help="report what would change, save nothing")
        out = actions.add_parser("export", help="export events with an exporter")
        out.add_argument("name", help="exporter name (see list)")
        out.add_argument("filters", nargs="*", metavar="PARAM=VALUE",
                         help="filters of /api/v1/events/, e.g. country=JP")
        out.add_argument("--output", "-o", help="file to write (default: stdout)")

    def handle(self, *args, **options) -> None:
        with translation.override("en"):
            getattr(self, f"_{options['action']}")(options)

    def _list(self, options) -> None:
        rows = catalogue.importers() + catalogue.exporters()
        if not rows:
            self.stdout.write("No enabled plugin registers an importer or exporter.")
        for row in rows:
            self.stdout.write(f"{row.kind}\t{row.item.name}\t{row.plugin}\t"
                              f"{row.item.title}")

    def _import(self, options) -> None:
        importer = catalogue.importer(options["name"])
        if importer is None:
            raise CommandError(self._unknown("importer", options["name"],
                                             catalogue.importers()))
        try:
            report = importer.run(options["source"], options["organiser"],
                                  dry_run=options["dry_run"])
        except Exception as error:  # noqa: BLE001 - any importer's failure
            raise CommandError(f"{importer.title}: {error}") from error
        summary = getattr(report, "summary", None)
        self.stdout.write(summary() if callable(summary) else str(report))
        errors = list(getattr(report, "errors", []) or [])
        if errors:
            raise CommandError(f"{len(errors)} items were skipped (listed above).",
                               returncode=EXIT_SKIPPED)

    def _export(self, options) -> None:
        exporter = catalogue.exporter(options["name"])
        if exporter is None:
            raise CommandError(self._unknown("exporter", options["name"],
                                             catalogue.exporters()))
        params = dict(f.partition("=")[::2] for f in options["filters"])
        language = params.pop("lang", "") or "en"
        query = QueryDict(mutable=True)
        query.update(params)
        spec = resource("events")
        try:
            pages = spec.select(query, language).select_related("locale")
            # No request: the items' URLs use HUB_BASE_URL (else the Site).
            chunks = exporter.export(
                export_items(spec, pages[:MAX_ITEMS], None, language), language)
            out = (open(options["output"], "w", encoding="utf-8")  # noqa: SIM115
                   if options["output"] else sys.stdout)
            try:
                for chunk in chunks:
                    out.write(chunk)
            finally:
                if out is not sys.stdout:
                    out.close()
        except InvalidParameter as error:
            raise CommandError(f"{error.param}: {error.message}") from error

    @staticmethod
    def _unknown(kind: str, name: str, known: list) -> str:
        names = ", ".join(r.item.name for r in known) or "none are enabled"
        return f"No {kind} {name!r} (enabled: {names})."
