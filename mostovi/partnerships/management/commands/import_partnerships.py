"""Load the real partnerships (data/reference/partnerships/partnerships.csv); a second run changes nothing."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostovi.directory.importers.base import RowError
from mostovi.partnerships.importers import default_path, import_partnerships


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the reference partnerships, matched to the directory's authorities "
        "(unmatched rows are counted)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(default_path()), help=gettext_lazy("The CSV file to load."))

    def handle(self, *args, file: str, **options):
        started = time.perf_counter()
        try:
            result = import_partnerships(file, out=self.stdout.write)
        except RowError as error:
            raise CommandError(_("Nothing was imported. %(error)s") % {"error": error}) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Done in %(seconds).1f s: %(matched)d partnerships matched, %(unmatched)d rows unmatched.")
                % {
                    "seconds": time.perf_counter() - started,
                    "matched": result.matched,
                    "unmatched": len(result.unmatched),
                }
            )
        )
