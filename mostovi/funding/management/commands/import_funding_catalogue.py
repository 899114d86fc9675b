"""Load the funding catalogue from data/reference/funding/instruments.json (all or nothing; idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostovi.funding.catalogue_import import DEFAULT_PATH, CatalogueError, import_catalogue, read


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the funding instruments with their rules, calls and sources (a second run changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(DEFAULT_PATH), help=gettext_lazy("The catalogue JSON file.")
        )

    def handle(self, *args, file: str, **options):
        try:
            summary = import_catalogue(read(file))
        except CatalogueError as exc:
            raise CommandError(
                _("The catalogue was not imported (nothing was written):") + "\n- " + "\n- ".join(exc.errors)
            ) from exc
        self.stdout.write(
            _("Funding instruments: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % summary
        )
        for language, slug in summary["stale"]:
            self.stderr.write(
                _("The %(language)s translation of “%(slug)s” translates an older English text: not loaded.")
                % {"language": language, "slug": slug}
            )
