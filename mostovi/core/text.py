"""What people write, checked once before it is stored: the table of bounds and the checks every service uses.

Services enforce these rules (forms and API endpoints only show the refusal). Each check raises the
exception class it is given (`error`, the app's own `InvalidInput`) with a translated message, so that a view
maps it to a form error and an endpoint to a 422 as for any other refusal.

- `clean_line`: one line (a title, a name, a place): no control character at all (C0, DEL, C1, and the Unicode
  line and paragraph separators), so that a title never breaks a mail header or a CSV row.
- `clean_text`: a long text: line breaks and tabs are kept (a browser's CR LF becomes LF), every other control
  character is refused (a NUL cannot even be stored in PostgreSQL).
- `check_dates`: days the platform deals with (a slip such as year 1 or 9999 is refused).
- `clean_language` / `clean_languages`: known language codes, in one canonical case (`sr-latn`, as Django).
- `clean_codes`: codes of a closed list (themes…), each known, without repeats.
- `mail_subject`: a header that can never raise `BadHeaderError`, whatever was stored before these rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext as _

# What a check raises: the app's InvalidInput class, or a function building one (with its field, say).
Error = Callable[[str], Exception]

# The bounds, in one place. A service may choose a smaller one for a field (shown in its own message).
LIMITS: dict[str, int] = {
    "line": 300,  # one line: a title, a name, a place, a unit
    "text": 20_000,  # a long text: summary, objectives, findings, a description (about ten pages)
    "codes": 50,  # items in a list of codes (themes, languages, countries)
}
LINE_MAX = LIMITS["line"]
TEXT_MAX = LIMITS["text"]
CODES_MAX = LIMITS["codes"]
# Dates of projects, missions, periods, reviews, partnerships: older twinnings go back to the 1950s.
YEAR_MIN, YEAR_MAX = 1950, 2100

# C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The same, less the line feed and the tab a long text keeps.
_TEXT_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SUBJECT_BREAKS = re.compile(" *[\x00-\x1f\x7f-\x9f\u2028\u2029]+ *")
_LANGUAGE_SHAPE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?\Z")
# Languages Django knows (every interface language among them), and those it does not but partners write in.
KNOWN_LANGUAGES: frozenset[str] = (
    frozenset(LANG_INFO) | {code for code, _name in settings.LANGUAGES} | {"cnr"}
)


def _as_text(value, what: str, error: Error) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise error(_("%(field)s: a text is expected.") % {"field": what})
    return value


def clean_line(value, *, what: str, error: Error, limit: int = LINE_MAX, required: str = "") -> str:
    """One line of text, stripped: no control character (CR, LF, TAB included), `limit` characters at most.

    `what` names the field in the messages (translated, capitalised: "Title"); `required`, when given, is the
    message for an empty value.
    """
    value = _as_text(value, what, error).strip()
    if _CONTROL.search(value):
        raise error(
            _("%(field)s: one line only, without line breaks, tabs or control characters.") % {"field": what}
        )
    if len(value) > limit:
        raise error(_("%(field)s: %(limit)s characters at most.") % {"field": what, "limit": limit})
    if required and not value:
        raise error(required)
    return value


def clean_text(value, *, what: str, error: Error, limit: int | None = TEXT_MAX, required: str = "") -> str:
    """A long text, stripped: line breaks (as LF) and tabs kept, other control characters refused.

    `limit=None` when the caller bounds the length itself (with a message of its own)."""
    value = _as_text(value, what, error).replace("\r\n", "\n").replace("\r", "\n").strip()
    if _TEXT_CONTROL.search(value):
        raise error(_("%(field)s: the text holds control characters; remove them.") % {"field": what})
    if limit is not None and len(value) > limit:
        raise error(_("%(field)s: %(limit)s characters at most.") % {"field": what, "limit": limit})
    if required and not value:
        raise error(required)
    return value


def date_range_message(first: int = YEAR_MIN, last: int = YEAR_MAX) -> str:
    return _("Dates must fall between %(first)s and %(last)s.") % {"first": first, "last": last}


def check_dates(*days: date | None, error: Error, first: int = YEAR_MIN, last: int = YEAR_MAX) -> None:
    """Refuse a date outside the years the platform deals with (a slip, or a year the calendars overflow)."""
    for day in days:
        if day is None:
            continue
        if not isinstance(day, date):
            raise error(_("A date is expected (YYYY-MM-DD)."))
        if not first <= day.year <= last:
            raise error(date_range_message(first, last))


def clean_language(value, *, error: Error) -> str:
    """A known language code ("fr", "sr-latn", "cnr"), in its canonical lower case, or a clear refusal."""
    # Spaces around are forgiven; a line break is not (a code is checked to its very end).
    code = value.strip(" ").lower().replace("_", "-") if isinstance(value, str) else ""
    if not _LANGUAGE_SHAPE.match(code) or code not in KNOWN_LANGUAGES:
        raise error(_("Unknown language code: %(code)s.") % {"code": str(value or "")[:20]})
    return code


def clean_languages(values, *, error: Error) -> list[str]:
    """Known language codes, canonical, without repeats, in the order given (empty items are dropped)."""
    values = _as_list(values, what=_("Languages"), error=error)
    codes = [
        clean_language(value, error=error) for value in values if not isinstance(value, str) or value.strip()
    ]
    return list(dict.fromkeys(codes))


def clean_codes(values, *, known: Iterable[str], what: str, error: Error) -> list[str]:
    """Codes of a closed list (`known`), without repeats, in the order given; an unknown one is named."""
    values = _as_list(values, what=what, error=error)
    known = set(known)
    # Empty items are dropped; anything else that is not a known code (a number, a list…) is named.
    values = [value.strip() if isinstance(value, str) else value for value in values]
    values = [value for value in values if value != ""]
    unknown = [str(value)[:40] for value in values if not isinstance(value, str) or value not in known]
    if unknown:
        raise error(
            _("%(field)s: unknown code %(codes)s.") % {"field": what, "codes": ", ".join(unknown)[:200]}
        )
    return list(dict.fromkeys(values))


def _as_list(values, *, what: str, error: Error) -> list:
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise error(_("%(field)s: a list is expected.") % {"field": what})
    values = list(values)
    if len(values) > CODES_MAX:
        raise error(_("%(field)s: %(limit)s items at most.") % {"field": what, "limit": CODES_MAX})
    return values


def mail_subject(text: str, limit: int = 200) -> str:
    """A mail subject that cannot break its header: each run of control characters becomes one space."""
    return _SUBJECT_BREAKS.sub(" ", str(text)).strip()[:limit]
