"""Input checks every evaluation service shares (titles, long texts, languages, dates, periods): the
translated refusal is `InvalidInput`."""

from datetime import date

from django.utils.translation import gettext as _

from mostovi.core import text

from .exceptions import InvalidInput

MAX_TITLE = 300
# Dates of periods, reviews and due dates: a typing slip ("0202", "9999") is refused rather than kept.
YEAR_MIN, YEAR_MAX = 1990, 2100


def check_title(title: str, *, missing: str = "") -> str:
    """A title, stripped: required (`missing` says so in the words of the record), 300 characters at most."""
    title = text.clean_line(title, what=_("Title"), error=InvalidInput, limit=10 * MAX_TITLE)
    if not title:
        raise InvalidInput(missing or _("A title is required."))
    if len(title) > MAX_TITLE:
        raise InvalidInput(_("The title is too long (300 characters at most)."))
    return title


def check_text(value, what: str, limit: int | None = text.TEXT_MAX) -> str:
    """A long text of the evaluation (core.text.clean_text: line breaks kept, control characters refused)."""
    return text.clean_text(value, what=what, error=InvalidInput, limit=limit)


def check_language(language) -> str:
    """A known language code such as "fr" or "sr-latn" (of the content written), canonical, or a refusal."""
    return text.clean_language(language, error=InvalidInput)


def check_dates(*days: date) -> None:
    """Refuse a date outside the years the platform deals with (a slip, or a year the calendars overflow)."""
    text.check_dates(*days, error=InvalidInput, first=YEAR_MIN, last=YEAR_MAX)


def check_period(start: date, end: date) -> None:
    """Both ends given, within the years the platform deals with, in order."""
    if start is None or end is None:
        raise InvalidInput(_("Give the start and the end of the period."))
    check_dates(start, end)
    if end < start:
        raise InvalidInput(_("The period ends before it starts."))
