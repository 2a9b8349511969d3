import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from cms.catalogue.importer import (
    FileError,
    ImportRunning,
    import_catalogue,
    load_file,
)
from cms.catalogue.search_queue import deliver_search_queue

# Exit codes (docs/import-format.md): 0 done, 1 the file was refused and
# nothing was written, 75 (EX_TEMPFAIL) another import is running: try later,
# 69 (EX_UNAVAILABLE) imported, but Elasticsearch did not take the changes yet.
EXIT_REFUSED = 1
EXIT_BUSY = 75


class Command(BaseCommand):
    help = ("Import institutions, representations, expertise and events from a "
            "flanders-hub-catalogue JSON file (see docs/import-format.md).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file to import")
        parser.add_argument("--dry-run", action="store_true",
                            help="validate and report, but save nothing")
        parser.add_argument("--locale", default=settings.LANGUAGE_CODE,
                            help="default locale of the records (default: %(default)s)")
        parser.add_argument("--messages", default="en",
                            help="language of the report (default: %(default)s)")

    def handle(self, *args, **options):
        # Reports are read by operators and parsed by scripts: one fixed language.
        with translation.override(options["messages"]):
            self._import(options)

    def _import(self, options) -> None:
        try:
            data = load_file(options["file"])
            report = import_catalogue(
                data, default_locale=options["locale"], dry_run=options["dry_run"],
                progress=lambda items, total: tqdm(
                    items, total=total, file=sys.stderr, desc="Importing",
                    unit="record", disable=options["verbosity"] < 1,
                ),
            )
        except ImportRunning as exc:
            raise CommandError(str(exc), returncode=EXIT_BUSY) from exc
        except FileError as exc:
            raise CommandError(str(exc), returncode=EXIT_REFUSED) from exc
        self.stdout.write(report.summary())
        if not options["dry_run"]:
            # Searchable on Elasticsearch when the command ends (exit 69 if not).
            deliver_search_queue(self.stdout, options["verbosity"])
