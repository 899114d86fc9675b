"""The five interface catalogues are complete, compiled, and cover every message of the code."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from mostovi.core import i18n

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("locale", i18n.CATALOGUE_LOCALES)
def test_catalogue_has_no_untranslated_or_fuzzy_message(locale):
    po = polib.pofile(str(i18n.catalogue_path(locale, base=LOCALE_DIR)))
    assert i18n.incomplete_entries(po) == []


@pytest.mark.parametrize("locale", i18n.CATALOGUE_LOCALES)
def test_compiled_catalogue_matches_its_source(locale):
    path = i18n.catalogue_path(locale, base=LOCALE_DIR)
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    source = polib.pofile(str(path))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid} == {
        (e.msgctxt, e.msgid): e.msgstr for e in source.translated_entries()
    }


def test_serbian_latin_is_the_transliteration_of_serbian_cyrillic():
    cyrillic = polib.pofile(str(i18n.catalogue_path("sr", base=LOCALE_DIR)))
    latin = {
        (e.msgctxt, e.msgid): e for e in polib.pofile(str(i18n.catalogue_path("sr_Latn", base=LOCALE_DIR)))
    }
    for entry in cyrillic.translated_entries():
        assert latin[(entry.msgctxt, entry.msgid)].msgstr == i18n.to_latin(entry.msgstr)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools (xgettext) are not installed")
def test_every_message_in_the_code_is_in_the_catalogues(tmp_path, settings, monkeypatch):
    # Extract from a copy of the code: makemessages writes into any locale/ folder it walks through.
    base = Path(settings.BASE_DIR)
    for folder in ("mostovi", "config"):
        shutil.copytree(
            base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["fr"], domain="django", no_obsolete=True, verbosity=0)
    extracted = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(tmp_path / "locale/fr/LC_MESSAGES/django.po"))
    }
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(i18n.catalogue_path("fr", base=LOCALE_DIR)))}
    assert sorted(extracted - committed, key=str) == [], "run `make messages` and translate the new messages"
