"""Load every real local authority and network from data/reference/ into the directory."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostovi.directory.importers.base import RowError
from mostovi.directory.importers.run import SOURCES, import_reference_data


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the reference local authorities, networks and memberships (a second run changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            default="",
            help=gettext_lazy("Comma-separated sources to import: %(sources)s.")
            % {"sources": ", ".join(SOURCES)},
        )
        parser.add_argument(
            "--data-dir",
            default=str(Path(settings.BASE_DIR) / "data" / "reference"),
            help=gettext_lazy("Folder holding municipalities/, networks/ and aliases.csv."),
        )

    def handle(self, *args, only: str, data_dir: str, **options):
        chosen = [name.strip().lower() for name in only.split(",") if name.strip()]
        unknown = [name for name in chosen if name not in SOURCES]
        if unknown:
            raise CommandError(
                _("Unknown source(s): %(unknown)s (choose from %(sources)s).")
                % {"unknown": ", ".join(unknown), "sources": ", ".join(SOURCES)}
            )
        started = time.perf_counter()
        try:
            result = import_reference_data(Path(data_dir), chosen or None, out=self.stdout.write)
        except RowError as error:
            raise CommandError(_("Nothing was imported. %(error)s") % {"error": error}) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Done in %(seconds).1f s: %(counts)s.")
                % {"seconds": time.perf_counter() - started, "counts": result.organisations.line()}
            )
        )
