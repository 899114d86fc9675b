"""Message catalogues: the seven interface languages and how the derived ones are made.

French, Bulgarian, Serbian Cyrillic, Macedonian and Albanian are translated by people. English is the
source language of the messages, so its catalogue copies each message. Serbian Latin is the
transliteration of Serbian Cyrillic, so the two scripts never drift apart.
"""

from pathlib import Path

import cyrtranslit
import polib
from django.conf import settings

CATALOGUE_LOCALES = ["fr", "en", "bg", "sr", "sr_Latn", "mk", "sq"]
TRANSLATED_BY_PEOPLE = ["fr", "bg", "sr", "mk", "sq"]
DOMAINS = ["django"]


def catalogue_path(locale: str, domain: str = "django", base: Path | None = None) -> Path:
    base = base or Path(settings.LOCALE_PATHS[0])
    return base / locale / "LC_MESSAGES" / f"{domain}.po"


def to_latin(text: str) -> str:
    return cyrtranslit.to_latin(text, "sr")


def fill_english(po: polib.POFile) -> int:
    changed = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            wanted = {0: entry.msgid, 1: entry.msgid_plural}
            if entry.msgstr_plural != wanted:
                entry.msgstr_plural = wanted
                changed += 1
        elif entry.msgstr != entry.msgid:
            entry.msgstr = entry.msgid
            changed += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return changed


def derive_serbian_latin(cyrillic: polib.POFile, latin: polib.POFile) -> int:
    """Copy every Serbian Cyrillic translation into the Latin catalogue, transliterated."""
    source = {(e.msgctxt, e.msgid): e for e in cyrillic if not e.obsolete}
    changed = 0
    for entry in latin:
        if entry.obsolete:
            continue
        origin = source.get((entry.msgctxt, entry.msgid))
        if origin is None:
            continue
        if entry.msgid_plural:
            wanted = {k: to_latin(v) for k, v in origin.msgstr_plural.items()}
            if entry.msgstr_plural != wanted:
                entry.msgstr_plural = wanted
                changed += 1
        else:
            wanted = to_latin(origin.msgstr)
            if entry.msgstr != wanted:
                entry.msgstr = wanted
                changed += 1
        fuzzy = "fuzzy" in origin.flags
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return changed


def incomplete_entries(po: polib.POFile) -> list[str]:
    """Messages of a catalogue that are untranslated or fuzzy."""
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        label = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {label!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"untranslated: {label!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {label!r}")
    return problems


def compile_catalogue(path: Path) -> None:
    po = polib.pofile(str(path))
    po.save_as_mofile(str(path.with_suffix(".mo")))
