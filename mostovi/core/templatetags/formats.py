"""`{% load formats %}`: dates, numbers and amounts in the reader's locale (see `mostovi.core.formats`).

`{{ d|ldate }}` 21 Jan 2027 · `{{ d|ldate:"long" }}` 21 January 2027 · `{{ d|ldate:"short" }}` 21/01/2027 ·
`{{ d|ldate:"month" }}` January 2027 · `{{ t|ldatetime }}` 21 Jan 2027, 15:13 · `{{ n|lnumber }}` 1,234,567 ·
`{{ x|ldecimal:2 }}` 1,234.50 · `{{ x|ldecimal:-4 }}` up to 4 decimals ·
`{{ x|lmoney:"EUR" }}` €1,234.50 · `{{ share|lpercent }}` 38% (a fraction), `{{ points|lpercent100 }}` 95%.
An empty value gives "", so `|default:"—"` still works after them.
"""

from decimal import Decimal

from django import template

from mostovi.core import formats

register = template.Library()


@register.filter
def ldate(value, style: str = "medium") -> str:
    return formats.format_date(value, style or "medium")


@register.filter
def ldate_in(value, language: str) -> str:
    """A full date in a given language (documents written in one language whatever the reader's)."""
    return formats.format_date(value, "long", language)


@register.filter
def ldatetime(value, style: str = "medium") -> str:
    return formats.format_datetime(value, style or "medium")


@register.filter
def ltime(value) -> str:
    return formats.format_time(value)


@register.filter
def lnumber(value) -> str:
    return formats.format_number(value)


@register.filter
def ldecimal(value, places=None) -> str:
    return formats.format_decimal(value, None if places in (None, "") else int(places))


@register.filter
def lmoney(value, code: str = "EUR") -> str:
    return formats.format_currency(value, code or "EUR")


@register.filter
def lpercent(value, places=0) -> str:
    return formats.format_percent(value, int(places or 0))


@register.filter
def lpercent100(value) -> str:
    """A percentage given in points (95 for 95 %)."""
    number = formats._as_number(value)
    return "" if number is None else formats.format_percent(Decimal(str(number)) / 100)


@register.filter
def lday_if_iso(value):
    """A value kept as an ISO day in the journal ("2026-07-01") read in the reader's order; anything else
    unchanged (the changes listed under a timeline entry mix dates, names and figures)."""
    return formats.format_iso_day(value)
