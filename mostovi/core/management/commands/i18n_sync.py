"""Extract messages, fill the derived catalogues and compile all five."""

import polib
from django.core.management import call_command
from django.core.management.base import BaseCommand

from mostovi.core import i18n


class Command(BaseCommand):
    help = "makemessages for the five interface languages, fill English and Serbian Latin, compile."

    def add_arguments(self, parser):
        parser.add_argument("--no-extract", action="store_true", help="Only derive and compile.")

    def handle(self, *args, **options):
        if not options["no_extract"]:
            call_command(
                "makemessages",
                locale=i18n.CATALOGUE_LOCALES,
                domain="django",
                ignore=[".venv/*", "staticfiles/*", "var/*", "bench/*", "node_modules/*"],
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )
        english = polib.pofile(str(i18n.catalogue_path("en")))
        changed = i18n.fill_english(english)
        english.save()
        cyrillic = polib.pofile(str(i18n.catalogue_path("sr")))
        latin = polib.pofile(str(i18n.catalogue_path("sr_Latn")))
        changed_latin = i18n.derive_serbian_latin(cyrillic, latin)
        latin.save()
        for locale in i18n.CATALOGUE_LOCALES:
            path = i18n.catalogue_path(locale)
            po = polib.pofile(str(path))
            if po.metadata.get("Language") != locale or po.metadata_is_fuzzy:
                po.metadata["Language"] = locale
                po.metadata["Project-Id-Version"] = "Mostovi"
                po.metadata_is_fuzzy = False
                po.save()
            i18n.compile_catalogue(path)
            missing = i18n.incomplete_entries(polib.pofile(str(path)))
            status = (
                self.style.SUCCESS("complete") if not missing else self.style.WARNING(f"{len(missing)} to do")
            )
            self.stdout.write(f"{locale:8} {status}")
        self.stdout.write(
            f"English entries filled: {changed}; Serbian Latin entries derived: {changed_latin}"
        )
