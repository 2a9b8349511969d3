import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.catalogue.exporter import export_catalogue


class Command(BaseCommand):
    help = ("Export all live institutions, representations, expertise and events, "
            "in all their languages, as a flanders-hub-catalogue JSON file.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="file to write (default: stdout)")
        parser.add_argument("--locale", default=settings.LANGUAGE_CODE,
                            help="default locale of the records (default: %(default)s)")

    def handle(self, *args, **options):
        if options["locale"] not in dict(settings.LANGUAGES):
            raise CommandError(f"Unknown locale '{options['locale']}'; use one of "
                               f"{', '.join(dict(settings.LANGUAGES))}.")
        data = export_catalogue(options["locale"],
                                warn=lambda msg: self.stderr.write(msg))
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8") as handle:
                    handle.write(text)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc}") from exc
            counts = ", ".join(f"{len(data[k])} {k}" for k in
                               ("institutions", "representations", "expertise",
                                "events"))
            self.stdout.write(f"Wrote {counts} to {options['output']}.")
        else:
            self.stdout.write(text, ending="")
