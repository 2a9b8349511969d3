import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from cms.events.models import EventType
from plugins.ical_importer.feeds import (
    ImporterUnavailable,
    ics_importer,
    run_due_feeds,
    run_feed,
)
from plugins.ical_importer.fetch import FeedError
from plugins.ical_importer.importer import ImportRunning
from plugins.ical_importer.models import IcsFeed

# Exit codes (docs/ical-import.md), so that cron sees a partial failure:
# 0 everything imported; 1 a feed could not be read (or the organiser is
# unknown, the plugin disabled); 3 imported, but some events were skipped;
# 75 (EX_TEMPFAIL) another import of the same organiser or feed is running.
EXIT_FAILED = 1
EXIT_SKIPPED = 3
EXIT_BUSY = 75


class Command(BaseCommand):
    help = ("Import events from an iCalendar feed (file or URL) for one organiser, "
            "or run the scheduled feeds that are due (see docs/ical-import.md).")

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--ics", metavar="FILE_OR_URL",
                          help="an .ics file or an http(s)/webcal URL")
        what.add_argument("--due", action="store_true",
                          help="run every enabled feed whose interval has passed "
                               "(for cron)")
        what.add_argument("--feed", type=int, metavar="ID",
                          help="run one configured feed now, due or not")
        parser.add_argument("--organiser", metavar="SLUG_OR_PUBLIC_ID",
                            help="institution or representation (with --ics)")
        parser.add_argument("--event-type", default=EventType.OTHER,
                            choices=EventType.values,
                            help="type of events whose CATEGORIES name none "
                                 "(default: %(default)s)")
        parser.add_argument("--dry-run", action="store_true",
                            help="report what would change, save nothing")
        parser.add_argument("--allow-empty", action="store_true",
                            help="a feed without any events cancels all of its "
                                 "imported events (refused otherwise)")

    def handle(self, *args, **options):
        # Reports are read by operators and parsed by scripts: one fixed language.
        with translation.override("en"):
            try:
                importer = ics_importer()
                if options["ics"]:
                    self._import(importer, options)
                elif options["due"]:
                    self._due(options)
                else:
                    self._feed(options)
            except ImportRunning as exc:
                raise CommandError(str(exc), returncode=EXIT_BUSY) from exc
            except (FeedError, ImporterUnavailable) as exc:
                raise CommandError(str(exc), returncode=EXIT_FAILED) from exc

    def _import(self, importer, options) -> None:
        if not options["organiser"]:
            raise CommandError("Give --organiser SLUG_OR_PUBLIC_ID: the institution "
                               "or representation the events belong to.")
        verbosity = options["verbosity"]
        report = importer.run(
            options["ics"], options["organiser"], dry_run=options["dry_run"],
            event_type=options["event_type"], allow_empty=options["allow_empty"],
            progress=lambda items, total: tqdm(
                items, total=total, file=sys.stderr, desc="Importing", unit="event",
                disable=verbosity < 1 or total < 20),
        )
        self.stdout.write(report.summary(verbose=verbosity > 1))
        self._skipped([report])

    @staticmethod
    def _skipped(reports) -> None:
        skipped = sum(len(report.errors) for report in reports if report)
        if skipped:
            raise CommandError(
                f"{skipped} events were skipped (listed above); the others were "
                "imported. Fix them in the feed, or ask its publisher to.",
                returncode=EXIT_SKIPPED)

    def _due(self, options) -> None:
        if options["dry_run"] or options["organiser"]:
            raise CommandError("--due runs the feeds as configured in the admin; "
                               "--dry-run and --organiser work with --ics.")
        results = run_due_feeds()
        if not results:
            self.stdout.write("No feed is due.")
        for result in results:
            self.stdout.write(result.summary(verbose=options["verbosity"] > 1))
        failed = [r for r in results if r.error]
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} due feeds could not "
                               "be read: " + "; ".join(r.feed.name for r in failed),
                               returncode=EXIT_FAILED)
        self._skipped([r.report for r in results])

    def _feed(self, options) -> None:
        feed = IcsFeed.objects.filter(pk=options["feed"]).first()
        if feed is None:
            raise CommandError(f"There is no feed with id {options['feed']}; the "
                               "admin lists them under Settings > iCalendar feeds.")
        result = run_feed(feed, force=True)
        if result is None:
            raise CommandError(f"{feed.name} is being imported by another process; "
                               "try again when it has finished.",
                               returncode=EXIT_BUSY)
        self.stdout.write(result.summary(verbose=options["verbosity"] > 1))
        if result.error:
            raise CommandError(result.error, returncode=EXIT_FAILED)
        self._skipped([result.report])
