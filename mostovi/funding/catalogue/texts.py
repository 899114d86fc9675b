"""The funding catalogue in the reader's language.

The catalogue is written in English (`data/reference/funding/instruments.json`); its texts in the other
interface languages are data too (`data/reference/funding/translations/<language>.json`), loaded with it and
stored on each instrument, rule and call as `translations`:

    {language: {"source": "" or an address, "texts": {field: text}, "of": {field: digest of the English}}}

(rules and calls keep only "texts" and "of"). A translation is shown only while the English text it translates
is unchanged: when staff correct an instrument's English, its digest no longer matches and the reader sees
the English again, marked as such, until the translation is renewed. Serbian Latin readers read the Serbian
translation transliterated. "source" is empty when the platform translated the text, else the address of the
funder's own version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils import translation

from mostovi.core.scripts import to_latin

ORIGINAL = "en"
INSTRUMENT_FIELDS = (
    "name",
    "funder",
    "description",
    "who_may_lead",
    "who_may_partner",
    "amounts",
    "co_financing",
    "periodicity",
    "unverified",
    "required_documents",
)
# The keys of a rule's params whose text a reader sees (sentences of the eligibility check).
PARAM_TEXT_KEYS = ("label", "default_label", "base")
# The field each kind of object translates when none is named.
DEFAULT_FIELD = {"Rule": "text", "Call": "title", "Instrument": "name"}


def digest(value) -> str:
    """A short fingerprint of an English text (or list of texts) that a translation was made from."""
    if isinstance(value, list):
        value = "\n".join(str(item) for item in value)
    return hashlib.sha256((value or "").encode("utf-8")).hexdigest()[:16]


def stored_language(language: str) -> str:
    """The language a translation is stored under: Serbian Latin reads the Serbian (Cyrillic) one."""
    language = (language or ORIGINAL).lower().replace("_", "-")
    return "sr" if language == "sr-latn" else language


@dataclass(frozen=True)
class Shown:
    """What a reader sees of one field: the text, the language it is in, and whether it is a translation."""

    value: str | list
    language: str
    translated: bool
    source: str = ""


def shown(obj, field: str | None = None, language: str | None = None) -> Shown:
    """`obj.field` (instrument, rule or call) in the reader's language when a current translation exists."""
    field = field or DEFAULT_FIELD[type(obj).__name__]
    original = getattr(obj, field)
    reader = (language or translation.get_language() or ORIGINAL).lower()
    if reader == ORIGINAL or not original:
        return Shown(original, ORIGINAL, False)
    entry = (obj.translations or {}).get(stored_language(reader)) or {}
    value = (entry.get("texts") or {}).get(field)
    if not value or (entry.get("of") or {}).get(field) != digest(original):
        return Shown(original, ORIGINAL, False)
    if reader == "sr-latn":
        value = [to_latin(item, "sr") for item in value] if isinstance(value, list) else to_latin(value, "sr")
    return Shown(value, reader, True, entry.get("source", ""))


def param_label(rule, english: str, language: str | None = None) -> str:
    """A text of a rule's params (a precondition, a rate band, a levy's base) in the reader's language.

    Stored by the import as `rule.translations[language]["labels"]` = {English: translation}: keyed by the
    English itself, a corrected English text simply finds no translation."""
    reader = (language or translation.get_language() or ORIGINAL).lower()
    if reader == ORIGINAL or not english:
        return english
    labels = ((rule.translations or {}).get(stored_language(reader)) or {}).get("labels") or {}
    value = labels.get(english)
    if not value:
        return english
    return to_latin(value, "sr") if reader == "sr-latn" else value


def param_labels(params) -> list[str]:
    """Every text of a rule's params that a reader sees (the keys `PARAM_TEXT_KEYS`), in order."""
    found = []
    if isinstance(params, dict):
        for key, value in params.items():
            if key in PARAM_TEXT_KEYS and isinstance(value, str):
                found.append(value)
            else:
                found.extend(param_labels(value))
    elif isinstance(params, list):
        for value in params:
            found.extend(param_labels(value))
    return found


def text(obj, field: str | None = None, language: str | None = None) -> str:
    """The text alone (for sentences, lists and documents written for one reader)."""
    return shown(obj, field, language).value


def translation_source(instrument, language: str | None = None) -> Shown | None:
    """Whether the reader sees this instrument translated, and by whom (None: in English as written)."""
    name = shown(instrument, "name", language)
    description = shown(instrument, "description", language)
    for candidate in (name, description):
        if candidate.translated:
            return candidate
    return None


def entry_for(texts: dict, originals: dict, source: str = "") -> dict:
    """A stored translation entry: the translated texts with the digests of the English they translate."""
    kept = {field: value for field, value in texts.items() if value}
    return {
        **({"source": source} if source else {}),
        "texts": kept,
        "of": {field: digest(originals.get(field)) for field in kept},
    }
