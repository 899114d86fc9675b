"""Display helpers of the directory pages: country labels, transliterations, language names, sources."""

import re

from django import template
from django.utils.translation import get_language, gettext_lazy, trans_real
from django.utils.translation import gettext as _

from mostovi.core.labels import language_name as core_language_name
from mostovi.core.labels import territory_name
from mostovi.core.scripts import transliterate

from .. import names as _names
from ..importers.fr import NOTE_ARM
from ..models import Country
from ..search import _BG, _CYRILLIC, _SR_MK

register = template.Library()

# Serbian Latin keeps its own letters (Niš, Đurđevo); Macedonian official romanisation (Ѓ → Gj, Ќ → Kj).
_SR_DISPLAY = {**_SR_MK, "ѓ": "gj", "ќ": "kj"}
_BG_COUNTRIES = {"BG"}


def latin_transliteration(text: str, hint: str = "") -> str:
    """`text` in Latin script when it is written in Cyrillic ("" otherwise).

    `hint` is a country code or a language tag: Bulgarian uses the Streamlined System (София → Sofia),
    Serbian, Macedonian and the others the Serbian Latin alphabet (Ниш → Niš).
    """
    if not text or not _CYRILLIC.search(text):
        return ""
    hint = (hint or "").split("-")[0]
    if hint.upper() in _BG_COUNTRIES or hint.lower() == "bg":
        return transliterate(re.sub(r"ия\b", "иа", text), _BG).replace("ИА", "IA")
    return transliterate(text, _SR_DISPLAY)


@register.filter
def latin_form(text: str, hint: str = "") -> str:
    return latin_transliteration(text, hint)


@register.filter
def country_label(code: str) -> str:
    try:
        return str(Country(code).label)
    except ValueError:
        return territory_name(code)


@register.filter
def language_name(tag: str) -> str:
    """ "sr-Cyrl" → "Serbian, Cyrillic", in the current language, as written in a sentence."""
    return core_language_name(tag)


# Licences written as English words in the importers (names of licences stay as they are).
_LICENCE_WORDS = {
    "facts": gettext_lazy("facts"),
    "facts; no text copied": gettext_lazy("facts; no text copied"),
    "official facts": gettext_lazy("official facts"),
    "official statistics": gettext_lazy("official statistics"),
    "facts reported by media": gettext_lazy("facts reported by the media"),
    "official public data (repository licence to confirm)": gettext_lazy(
        "official public data (licence of the repository to confirm)"
    ),
    "Eurostat, reuse with attribution (Commission Decision 2011/833/EU)": gettext_lazy(
        "Eurostat, reuse with attribution (Commission Decision 2011/833/EU)"
    ),
}
# Notes stored by older imports, as the sentence that replaced them.
_FORMER_NOTES = [(re.compile(r"Coordinates: derived: unweighted mean of \d+ ARM points\.\Z"), NOTE_ARM)]


@register.filter
def licence_label(text: str) -> str:
    """A source's licence: English words in the reader's language, a licence's name (ODbL-1.0) as it is."""
    return str(_LICENCE_WORDS.get(text, text))


@register.filter
def source_items(sources) -> list[dict]:
    """Sources as a list of {"title", "url", "licence"} whatever their stored shape."""
    items = []
    for entry in sources or []:
        if isinstance(entry, str):
            is_url = entry.startswith(("http://", "https://"))
            items.append({"title": entry, "url": entry if is_url else "", "licence": ""})
        elif isinstance(entry, dict):
            url = entry.get("url") or entry.get("href") or ""
            if not str(url).startswith(("http://", "https://")):
                url = ""
            title = (
                entry.get("title") or entry.get("name") or entry.get("label") or url or entry.get("file", "")
            )
            items.append({"title": title, "url": url, "licence": licence_label(entry.get("licence", ""))})
    return items


@register.filter
def unverified_items(text: str) -> list[str]:
    """The unverified facts ("district, coordinates"), each translated when the catalogue knows it."""
    return [_(part) for part in (p.strip() for p in (text or "").split(",")) if part]


# Notes the importers store already filled in: each is read back as its message and its values.
_NOTE_TEMPLATES = [
    "ISO 3166-2: %(code)s",
    "Code in the Serbian register (RZS): %(code)s",
]


def _template_pattern(message: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", message)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(regex + r"\Z")


_NOTE_PATTERNS = [(_template_pattern(m), m) for m in _NOTE_TEMPLATES]


def _known(message: str, language: str) -> bool:
    # Only a message of the catalogue has a translation; the private catalogue is the one way to ask.
    return language.startswith("en") or message in trans_real.translation(language)._catalog


def _note_line(line: str, language: str) -> str:
    for pattern, sentence in _FORMER_NOTES:
        if pattern.match(line):
            line = sentence
    if _known(line, language):
        return _(line)
    for pattern, message in _NOTE_PATTERNS:
        found = pattern.match(line)
        if found and _known(message, language):
            return _(message) % found.groupdict()
    return ""


@register.filter
def translated(text: str) -> str:
    """A stored English note marked for translation by the importer, in the reader's language, line by line.
    English data the catalogue does not hold (an import file's own words) is not shown to a reader of another
    language."""
    if not text:
        return ""
    language = get_language() or "en"
    return "\n".join(filter(None, (_note_line(line.strip(), language) for line in str(text).splitlines())))


@register.filter
def name_lang(country: str) -> str:
    return _names.NAME_LANGUAGES.get(country or "", "")


@register.filter
def page_window(paginator, number: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and a few around the current one; None marks a gap."""
    last = paginator.num_pages
    shown = sorted({1, last, *range(max(1, number - around), min(last, number + around) + 1)})
    window: list[int | None] = []
    for page in shown:
        if window and page - window[-1] > 1:
            window.append(None)
        window.append(page)
    return window


@register.filter
def org_name(organisation) -> str:
    """The name of `organisation` a reader of the current language sees (directory.names.display_name)."""
    if organisation is None:
        return ""
    return _names.display_name(organisation, get_language())


@register.filter
def org_latin(organisation) -> str:
    """The Latin reading of the name shown, when that name is Cyrillic ("" otherwise)."""
    if organisation is None:
        return ""
    return _names.latin_reading(organisation, get_language())


@register.filter
def org_other_names(organisation) -> list[dict[str, str]]:
    """The authority's other current official names, beside the one shown."""
    return _names.other_official_names(organisation, get_language())


@register.filter
def org_name_lang(organisation) -> str:
    """The language tag of the name shown (for its lang attribute)."""
    shown = org_name(organisation)
    for tag, name in _names.official_names(organisation).items():
        if name == shown:
            return "" if tag == "und" else tag
    return _names.NAME_LANGUAGES.get(organisation.country or "", "")


@register.filter
def lookup(mapping, key):
    return (mapping or {}).get(key, "")


@register.filter
def language_status(status: str) -> str:
    """ "co_official" → "co-official", translated; the code itself when unknown."""
    label = _names.STATUS_LABELS.get(status)
    return str(label) if label is not None else status


@register.filter
def iso_date(value: str):
    """A stored ISO day ("2026-12-07") as a date, for the date filter (the text itself when malformed)."""
    from datetime import date

    from django.utils.formats import date_format

    try:
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return value


@register.filter
def source_item(entry) -> dict:
    """One source as {"title", "url", "licence"} whatever its stored shape."""
    items = source_items([entry])
    return items[0] if items else {"title": "", "url": "", "licence": ""}


@register.filter
def org_short(organisation) -> str:
    """One name for a compact list: the name shown to a Cyrillic reader, its Latin reading for a Latin one."""
    if organisation is None:
        return ""
    language = get_language()
    if (language or "").lower() in _names.CYRILLIC_READERS:
        return _names.display_name(organisation, language)
    return _names.latin_reading(organisation, language) or _names.display_name(organisation, language)
