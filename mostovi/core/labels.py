"""Labels of codes: what a reader sees in place of a stored code, and the neutral word when a code is unknown.

Every vocabulary keeps one lookup (a TextChoices class, the theme catalogue, the event registry of
`core.events`); pages, e-mails, PDF and DOCX go through it. A code the lookup does not know (an old value, a
typing slip in imported data) reads as `unknown()`, never as the code itself; the tests enumerate every code
of every vocabulary and fail when one lacks a translated label.
"""

from __future__ import annotations

from babel import Locale
from django.db import models
from django.utils.translation import gettext_lazy, pgettext

from mostovi.core.formats import babel_locale


def unknown() -> str:
    """The word shown for a code without a label."""
    return pgettext("a code without a label", "not listed")


def choice_label(choices: type[models.Choices], code) -> str:
    """The translated label of `code` in `choices`: "" for no code, `unknown()` for a code it lacks."""
    if code in (None, ""):
        return ""
    try:
        return str(choices(code).label)
    except ValueError:
        return unknown()


def in_sentence(label: str) -> str:
    """A label as a common noun inside a sentence: "Council decision" → "council decision" (an acronym such
    as "EU programme" keeps its capitals)."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def territory_name(code) -> str:
    """A country or territory (ISO 3166 alpha-2 code) named in the reader's language (CLDR), `unknown()` if
    CLDR does not know the code. Kosovo is "XK" in CLDR as in the platform's data."""
    if code in (None, ""):
        return ""
    name = Locale.parse(babel_locale()).territories.get(str(code).upper())
    return name or unknown()


# Languages CLDR does not name in every interface language.
_MORE_LANGUAGES = {
    "cnr": gettext_lazy("Montenegrin"),
    "rue": gettext_lazy("Rusyn"),
    "rom": gettext_lazy("Romani"),
}


def language_name(tag, language: str | None = None) -> str:
    """A language (BCP 47 tag: "fr", "sr-Latn", "sr-latn") named in the reader's language as written inside
    a sentence (CLDR: "French", "français", "француски"), its script after a comma when the tag names one
    ("српски, латиница"). Use `capfirst` where the name stands alone. `unknown()` for a tag CLDR and the
    platform do not name."""
    if tag in (None, ""):
        return ""
    base, _sep, script = str(tag).replace("_", "-").partition("-")
    base = base.lower()
    locale = Locale.parse(babel_locale(language))
    name = locale.languages.get(base)
    if not name:
        extra = _MORE_LANGUAGES.get(base)
        if extra is None:
            return unknown()
        name = str(extra)
        # The language writes the names of languages in lower case (as CLDR's name of French shows).
        if (locale.languages.get("fr") or "F")[0].islower():
            name = in_sentence(name)
    script = script[:1].upper() + script[1:].lower() if len(script) == 4 else ""
    script_name = locale.scripts.get(script) if script in ("Latn", "Cyrl") else None
    return f"{name}, {script_name}" if script_name else name
