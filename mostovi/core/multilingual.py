"""Which of a text's languages a reader sees: the one rule shared by the authority profiles and the partners'
translations of their texts (`profiles`, `translations`).

A text has an original (in the language it was written in) and translations written by people (each naming
the authority that wrote it, and whether it translates an earlier version of the original). `pick` chooses,
for a reader's language: a current translation (or the original) in that language; else the same text in the
other Serbian script (transliterated, and said to be); else one in the same base language; else the original.
An outdated translation is never chosen: it stays among the alternatives, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import cyrtranslit

# Serbian is one language in two scripts: a reader of one script is served the other one transliterated.
SERBIAN_SCRIPTS = {"sr": "sr-latn", "sr-latn": "sr"}


@dataclass(frozen=True)
class Text:
    """One language of a text, as a reader sees it."""

    language: str
    text: str
    is_original: bool
    by: str = ""  # the authority that wrote a translation (its name)
    outdated: bool = False  # a translation of an earlier version of the original
    transliterated_from: str = ""  # the script it was written in, when shown transliterated
    written_at: datetime | None = None


def transliterate(text: Text, language: str) -> Text:
    """An unsaved copy of a Serbian text in the other script (for reading only)."""
    if language == "sr-latn":
        converted = cyrtranslit.to_latin(text.text, "sr")
    else:
        converted = cyrtranslit.to_cyrillic(text.text, "sr")
    return replace(text, language=language, text=converted, transliterated_from=text.language)


def pick(texts: list[Text], language: str | None) -> Text | None:
    """The text a reader of `language` sees (see the module's docstring); None when there is none."""
    if not texts:
        return None
    original = next((t for t in texts if t.is_original), texts[0])
    current = [t for t in texts if not t.outdated]
    language = (language or "").lower()
    if language:
        for text in current:
            if text.language.lower() == language:
                return text
        other_script = SERBIAN_SCRIPTS.get(language)
        for text in current:
            if other_script and text.language.lower() == other_script:
                return transliterate(text, language)
        base = language.split("-")[0]
        for text in current:
            if text.language.lower().split("-")[0] == base:
                return text
    return original
