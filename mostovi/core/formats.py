"""Dates, times, numbers and amounts for people, in the reader's locale: the one place that formats them.

Pages (template filters of `{% load formats %}`), e-mails, PDF and DOCX call these functions; nothing else
formats a date or a number meant for a reader (machine formats stay ISO: `datetime="…"` attributes, CSV, API).

The active Django language picks a Babel (CLDR) locale. English is British English: day, month, year,
never the US order. Corrections CLDR lacks, each checked against the language's own rules:

- Serbian writes the month of a full date in the genitive ("21. јануара 2027", CLDR gives the nominative
  "јануар"); a month with its year alone keeps the nominative ("јануар 2027").
- Serbian closes a year with a dot, Bulgarian and Macedonian with the abbreviation "г.". A date is often the
  last word of a translated sentence that brings its own full stop, so these marks are left out ("2027", never
  "2027.." or "2027 г..").
- Bulgarian month names are lower case (as CLDR has them; kept so whatever the data).
- Times are on the 24-hour clock in every language (CLDR gives Albanian a 12-hour clock with "m.d.", which
  official Albanian usage does not follow).
- Macedonian months do not decline: "21 јануари 2027" is right as CLDR gives it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.utils import timezone, translation

# Django language code → Babel locale.
LOCALES: dict[str, str] = {
    "fr": "fr_FR",
    "en": "en_GB",
    "bg": "bg_BG",
    "sr": "sr_Cyrl_RS",
    "sr-latn": "sr_Latn_RS",
    "mk": "mk_MK",
    "sq": "sq_AL",
}
DATE_STYLES = ("short", "medium", "long", "month", "month_short", "year")
# Parts of a date that label a chart's columns, never the end of a sentence: "month_abbr" is the month's
# stand-alone abbreviation, as the language writes it, full stop included ("juil.", "Sept", "јун", "korr"),
# never one that two months share.
LABEL_STYLES = ("month_abbr",)

# Serbian month names: nominative (as CLDR gives them) → genitive (inside a full date).
_SERBIAN_GENITIVE: dict[str, str] = {
    "јануар": "јануара",
    "фебруар": "фебруара",
    "март": "марта",
    "април": "априла",
    "мај": "маја",
    "јун": "јуна",
    "јул": "јула",
    "август": "августа",
    "септембар": "септембра",
    "октобар": "октобра",
    "новембар": "новембра",
    "децембар": "децембра",
    "januar": "januara",
    "februar": "februara",
    "mart": "marta",
    "april": "aprila",
    "maj": "maja",
    "jun": "juna",
    "jul": "jula",
    "avgust": "avgusta",
    "septembar": "septembra",
    "oktobar": "oktobra",
    "novembar": "novembra",
    "decembar": "decembra",
}
_SERBIAN_MONTH = re.compile(r"\b(" + "|".join(_SERBIAN_GENITIVE) + r")\b")
# The mark closing a year: Serbian's dot, Bulgarian's and Macedonian's "г." (after a space, often narrow).
_YEAR_MARK = {
    "sr": re.compile(r"(\d{4})\.(?!\d)"),
    "bg": re.compile(r"(\d{4})[\s\u202f\u00a0]?г\.?"),
    "mk": re.compile(r"(\d{4})[\s\u202f\u00a0]?г\.?"),
}


def babel_locale(language: str | None = None) -> str:
    """The Babel locale of a Django language code (the active language when None)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    if language in LOCALES:
        return LOCALES[language]
    base = language.split("-")[0]
    if base == "sr" and "lat" in language:
        return LOCALES["sr-latn"]
    return LOCALES.get(base, LOCALES["en"])


def _family(locale: str) -> str:
    return locale.split("_")[0]


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _as_datetime(value) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


def _correct(text: str, locale: str, *, genitive: bool) -> str:
    family = _family(locale)
    if family == "sr" and genitive:
        text = _SERBIAN_MONTH.sub(lambda m: _SERBIAN_GENITIVE[m.group(1)], text)
    if family == "bg":
        text = text.lower()
    mark = _YEAR_MARK.get(family)
    if mark:
        text = mark.sub(r"\1", text)
    return text


def _date_text(day: date, style: str, locale: str) -> str:
    if style == "short":
        # The locale's numeric order with a four-digit year (CLDR's short style has two).
        return _correct(babel_dates.format_skeleton("yMd", day, locale=locale), locale, genitive=False)
    if style == "month":
        return _correct(babel_dates.format_skeleton("yMMMM", day, locale=locale), locale, genitive=False)
    if style == "month_short":
        return _correct(babel_dates.format_skeleton("yMMM", day, locale=locale), locale, genitive=False)
    if style == "month_abbr":
        return _correct(babel_dates.format_date(day, "LLL", locale=locale), locale, genitive=False)
    if style == "year":
        return _correct(babel_dates.format_skeleton("y", day, locale=locale), locale, genitive=False)
    if style not in ("medium", "long"):
        style = "medium"
    return _correct(babel_dates.format_date(day, style, locale=locale), locale, genitive=True)


def format_date(value, style: str = "medium", language: str | None = None) -> str:
    """A day for a reader: `short` (21/01/2027), `medium` (21 Jan 2027), `long` (21 January 2027), `month`
    (January 2027), `month_short` (Jan 2027), `year` (2027) or, to label a chart's column, `month_abbr`
    (Jan), in the given language or the active one. A datetime is first put in the local time zone; None or
    an empty value gives ""."""
    day = _as_date(value)
    if day is None:
        return "" if value in (None, "") else str(value)
    return _date_text(day, style, babel_locale(language))


def format_time(value, language: str | None = None) -> str:
    """An hour and minute on the 24-hour clock (15:13)."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    return babel_dates.format_time(moment, "HH:mm", locale=babel_locale(language))


def format_datetime(value, style: str = "medium", language: str | None = None) -> str:
    """A moment for a reader: the day in `style` (see `format_date`) and the local time, joined as the locale
    joins them (21 Jan 2027, 15:13)."""
    moment = _as_datetime(value)
    if moment is None:
        return "" if value in (None, "") else str(value)
    locale = babel_locale(language)
    day = _date_text(moment.date(), style, locale)
    hour = babel_dates.format_time(moment, "HH:mm", locale=locale)
    pattern = babel_dates.get_datetime_format("long" if style == "month" else style, locale=locale)
    return pattern.replace("{1}", day).replace("{0}", hour)


def _as_number(value):
    if value in (None, ""):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value, language: str | None = None) -> str:
    """A whole number with the locale's grouping (1 234 567 in French, 1,234,567 in English)."""
    number = _as_number(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    return babel_numbers.format_decimal(number, format="#,##0", locale=babel_locale(language))


def format_decimal(value, places: int | None = None, language: str | None = None) -> str:
    """A number with the locale's separators: exactly `places` decimals when given, at most `-places` when it
    is negative (as many as the number has), otherwise at most three."""
    number = _as_number(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    locale = babel_locale(language)
    if places is None:
        return babel_numbers.format_decimal(number, locale=locale)
    digit = "0" if places > 0 else "#"
    pattern = "#,##0" + ("." + digit * abs(places) if places else "")
    return babel_numbers.format_decimal(number, format=pattern, locale=locale, decimal_quantization=True)


def format_currency(amount, code: str = "EUR", language: str | None = None) -> str:
    """An amount in a currency (ISO 4217 code), as the locale writes it (1 234 567,50 €, €1,234,567.50)."""
    number = _as_number(amount)
    if number is None:
        return "" if amount in (None, "") else str(amount)
    return babel_numbers.format_currency(number, (code or "EUR").upper(), locale=babel_locale(language))


def format_percent(value, places: int = 0, language: str | None = None) -> str:
    """A share given as a fraction (0.375) written as a percentage (38 %, 38%)."""
    number = _as_number(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    locale = babel_locale(language)
    # The locale's own pattern (its spacing around the sign: French "38 %"), with `places` decimals.
    pattern = Locale.parse(locale).percent_formats[None].pattern
    if places > 0:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * places, 1)
    return babel_numbers.format_percent(number, format=pattern, locale=locale, decimal_quantization=True)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_iso_day(value, style: str = "medium"):
    """A day kept as ISO text in the journal or a JSON field ("2026-07-01"), or a `date`, in the reader's
    order; any other value unchanged (the values shown under an event mix dates, names and figures)."""
    if (isinstance(value, str) and ISO_DAY.fullmatch(value)) or type(value) is date:
        return format_date(value, style)
    return value
