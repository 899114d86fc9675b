"""The names of an authority in its official languages, the one a reader sees, and its languages in use.

Pure functions of an `Organisation` (no query): lists, search results and the API call them per row.

An authority has its official name (`name`, in its own script, and `name_latin`) and, in `other_names`, its
names in the other languages in official use there (`{"lang": "sr", "name": "Лепосавић", "source": ...}`),
tagged with BCP 47 tags: "sr" is Serbian in Cyrillic, "sr-Latn" in Latin, "cnr-Cyrl" Montenegrin in
Cyrillic, "mk-Latn" the Latin reading of a Macedonian name. A name with "until" is a former name: found by
search, never shown as current.

The name shown follows the reader's language when the authority has a name in it (a Serbian reader sees
"Лепосавић", a reader of Serbian Latin "Leposavić", an Albanian reader "Leposaviq"); otherwise it is the name
in the language of the majority (the `majority` row of `languages`, else the official name), in its
own script.
The other official names stay listed beside it on the authority's page.
"""

from collections.abc import Iterable

import cyrtranslit
from django.utils.translation import gettext_lazy as _

from .search import _CYRILLIC

# Language of the official name (`Organisation.name`), by country.
NAME_LANGUAGES = {
    "FR": "fr",
    "BG": "bg",
    "RS": "sr",
    "MK": "mk",
    "AL": "sq",
    "BA": "bs",
    "ME": "cnr",
    "XK": "sq",
}
# Reader's interface language → the name tags that serve it, best first.
READER_TAGS = {
    "sr": ("sr", "sr-Cyrl", "cnr-Cyrl"),
    "sr-latn": ("sr-Latn", "cnr", "cnr-Latn"),
    "mk": ("mk", "mk-Cyrl"),
    "sq": ("sq",),
    "bg": ("bg",),
    "fr": ("fr",),
    "en": ("en",),
}
# Interface languages written in Cyrillic.
CYRILLIC_READERS = ("sr", "bg", "mk")
# Statuses of a language in an authority, strongest first.
STATUS_OFFICIAL = "official"
STATUS_CO_OFFICIAL = "co_official"
STATUS_IN_OFFICIAL_USE = "in_official_use"
STATUSES = (STATUS_OFFICIAL, STATUS_CO_OFFICIAL, STATUS_IN_OFFICIAL_USE)
STATUS_LABELS = {
    STATUS_OFFICIAL: _("official"),
    STATUS_CO_OFFICIAL: _("co-official"),
    STATUS_IN_OFFICIAL_USE: _("in official use"),
}


def _reader(language: str | None) -> str:
    return (language or "").lower().replace("_", "-")


def is_cyrillic(text: str) -> bool:
    return bool(text and _CYRILLIC.search(text))


def official_names(organisation) -> dict[str, str]:
    """Language tag → current name in that language, the official name first (former names left out)."""
    names: dict[str, str] = {}
    main = NAME_LANGUAGES.get(organisation.country or "", "")
    if organisation.name:
        names[main or "und"] = organisation.name
    if organisation.name_latin and organisation.name_latin != organisation.name and main:
        names.setdefault(f"{main}-Latn", organisation.name_latin)
    for item in organisation.other_names or []:
        if isinstance(item, dict) and item.get("name") and item.get("lang") and not item.get("until"):
            names.setdefault(item["lang"], item["name"])
    return names


def majority_language(organisation) -> str:
    """The language of most inhabitants as the data record it, else the language of the official name."""
    for row in organisation.languages or []:
        if isinstance(row, dict) and row.get("majority") and row.get("lang"):
            return row["lang"]
    return NAME_LANGUAGES.get(organisation.country or "", "")


def _majority_name(organisation, names: dict[str, str]) -> str:
    majority = majority_language(organisation)
    for tag in (majority, f"{majority}-Cyrl", f"{majority}-Latn"):
        if tag and tag in names:
            return names[tag]
    return organisation.name


def display_name(organisation, language: str | None) -> str:
    """The name a reader of `language` sees (see the module's docstring)."""
    reader = _reader(language)
    names = official_names(organisation)
    for tag in READER_TAGS.get(reader, (reader,)):
        if tag in names:
            return names[tag]
    if reader == "sr-latn":
        # A Serbian name known in Cyrillic only: its Latin form is the same name, letter for letter.
        for tag in ("sr", "sr-Cyrl"):
            if tag in names:
                return cyrtranslit.to_latin(names[tag], "sr")
    return _majority_name(organisation, names)


def latin_reading(organisation, language: str | None) -> str:
    """The Latin form of the name shown to a reader of a Latin-script `language` ("" when not needed)."""
    if _reader(language) in CYRILLIC_READERS:
        return ""
    shown = display_name(organisation, language)
    if not is_cyrillic(shown):
        return ""
    names = official_names(organisation)
    for tag, name in names.items():
        if name == shown:
            latin = names.get(f"{tag.split('-')[0]}-Latn")
            if latin:
                return latin
    if organisation.name == shown and organisation.name_latin and organisation.name_latin != shown:
        return organisation.name_latin
    hint = "bg" if organisation.country == "BG" else "sr"
    from .templatetags.directory_tags import latin_transliteration

    return latin_transliteration(shown, hint)


def label(organisation, language: str | None) -> str:
    """The name shown to `language`, its Latin reading in brackets for a Latin reader ("Ниш (Niš)")."""
    shown = display_name(organisation, language)
    if _reader(language) in CYRILLIC_READERS:
        return shown
    latin = latin_reading(organisation, language)
    return f"{shown} ({latin})" if latin and latin != shown else shown


def other_official_names(organisation, language: str | None) -> list[dict[str, str]]:
    """The current names other than the one shown, as [{"lang", "name"}] (for the authority's page)."""
    shown = display_name(organisation, language)
    return [
        {"lang": tag, "name": name}
        for tag, name in official_names(organisation).items()
        if name != shown and not tag.endswith("-Latn")
    ]


def authority_languages(organisation) -> set[str]:
    """Codes of the languages in official use in the authority ("sq", "sr", "tr"), whatever their status."""
    return {row["lang"] for row in organisation.languages or [] if isinstance(row, dict) and row.get("lang")}


def authority_languages_bulk(organisations: Iterable) -> dict[int, set[str]]:
    """Organisation id → its languages in official use (no query: `languages` is a column)."""
    return {organisation.pk: authority_languages(organisation) for organisation in organisations}


def shared_languages(first, second) -> set[str]:
    """Languages in official use at both ends (what a suggestion may call a shared language)."""
    return authority_languages(first) & authority_languages(second)


def matched_alias(organisation, variants: list[str], *, cyrillic: bool = False, shown=()) -> str:
    """The name a search matched (one of the folded `variants` starts it) when none of the names the reader
    is `shown` does: another official name, a name in another language, or an alias ("Sofia" beside
    "Столична", "Ulcinj" beside "Ulqin" for an Albanian reader). Without `shown`, the official names count
    as shown. A name in the script of the query comes first (`cyrillic`: the query was typed in Cyrillic).
    """
    from .search import normalise_variants

    def matches(name: str) -> bool:
        return any(v.startswith(q) for v in normalise_variants(name) for q in variants)

    official = [organisation.name, organisation.name_latin, organisation.acronym]
    other = [i.get("name", "") for i in organisation.other_names or [] if isinstance(i, dict)]
    aliases = [a.get("name", "") if isinstance(a, dict) else str(a) for a in organisation.aliases or []]
    seen = [name for name in shown if name] or [*official, *other]
    if any(matches(name) for name in seen if name):
        return ""
    found = [name for name in dict.fromkeys([*official, *other, *aliases]) if name and matches(name)]
    found.sort(key=lambda name: is_cyrillic(name) != cyrillic)
    return found[0] if found else ""
