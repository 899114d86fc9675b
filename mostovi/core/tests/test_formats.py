"""Dates and numbers in each interface language: exact outputs of `core.formats` and its template filters."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from mostovi.core import formats

DAY = date(2027, 1, 21)
MOMENT = datetime(2026, 12, 7, 14, 13, tzinfo=ZoneInfo("UTC"))  # 15:13 in Paris


@pytest.mark.parametrize(
    ("language", "long", "medium", "short", "month"),
    [
        ("fr", "21 janvier 2027", "21 janv. 2027", "21/01/2027", "janvier 2027"),
        ("en", "21 January 2027", "21 Jan 2027", "21/01/2027", "January 2027"),
        ("bg", "21 януари 2027", "21.01.2027", "21.01.2027", "януари 2027"),
        ("sr", "21. јануара 2027", "21. 1. 2027", "21. 1. 2027", "јануар 2027"),
        ("sr-latn", "21. januara 2027", "21. 1. 2027", "21. 1. 2027", "januar 2027"),
        ("mk", "21 јануари 2027", "21 јан. 2027", "21.1.2027", "јануари 2027"),
        ("sq", "21 janar 2027", "21 jan 2027", "21.1.2027", "janar 2027"),
    ],
)
def test_a_day_in_each_language(language, long, medium, short, month):
    assert formats.format_date(DAY, "long", language) == long
    assert formats.format_date(DAY, "medium", language) == medium
    assert formats.format_date(DAY, "short", language) == short
    assert formats.format_date(DAY, "month", language) == month


def test_serbian_months_are_genitive_in_a_full_date_all_year():
    genitive = ["јануара", "фебруара", "марта", "априла", "маја", "јуна"]
    genitive += ["јула", "августа", "септембра", "октобра", "новембра", "децембра"]
    days = [formats.format_date(date(2027, m, 3), "long", "sr") for m in range(1, 13)]
    assert days == [f"3. {name} 2027" for name in genitive]
    assert formats.format_date(date(2027, 8, 3), "long", "sr-latn") == "3. avgusta 2027"


def test_no_year_mark_that_would_double_a_sentence_full_stop():
    for language in formats.LOCALES:
        for style in formats.DATE_STYLES:
            text = formats.format_date(DAY, style, language)
            assert not text.endswith("."), (language, style, text)
            assert "г." not in text


def test_bulgarian_months_are_lower_case():
    months = [formats.format_date(date(2027, m, 1), "long", "bg").split()[1] for m in range(1, 13)]
    assert all(m == m.lower() for m in months)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "7 déc. 2026, 15:13"),
        ("en", "7 Dec 2026, 15:13"),
        ("bg", "7.12.2026, 15:13"),
        ("sr", "7. 12. 2026 15:13"),
        ("sr-latn", "7. 12. 2026 15:13"),
        ("mk", "7 дек. 2026, 15:13"),
        ("sq", "7 dhj 2026, 15:13"),
    ],
)
def test_a_moment_in_local_time_on_the_24_hour_clock(language, expected):
    assert formats.format_datetime(MOMENT, language=language) == expected


@pytest.mark.parametrize(
    ("language", "money", "number", "decimal", "percent"),
    [
        ("fr", "1\u202f234\u202f567,50\xa0€", "1\u202f234\u202f567", "1\u202f234\u202f567,50", "37,5\xa0%"),
        ("en", "€1,234,567.50", "1,234,567", "1,234,567.50", "37.5%"),
        ("bg", "1\xa0234\xa0567,50\xa0€", "1\xa0234\xa0567", "1\xa0234\xa0567,50", "37,5%"),
        ("sr", "1.234.567,50\xa0€", "1.234.567", "1.234.567,50", "37,5%"),
        ("sr-latn", "1.234.567,50\xa0€", "1.234.567", "1.234.567,50", "37,5%"),
        ("mk", "1.234.567,50\xa0€", "1.234.567", "1.234.567,50", "37,5\xa0%"),
        ("sq", "1\xa0234\xa0567,50\xa0€", "1\xa0234\xa0567", "1\xa0234\xa0567,50", "37,5%"),
    ],
)
def test_numbers_and_amounts_in_each_language(language, money, number, decimal, percent):
    assert formats.format_currency(Decimal("1234567.5"), "EUR", language) == money
    assert formats.format_number(1234567, language) == number
    assert formats.format_decimal(Decimal("1234567.5"), 2, language) == decimal
    assert formats.format_percent(Decimal("0.375"), 1, language) == percent


def test_decimals_up_to_a_bound_keep_only_those_the_number_has():
    assert formats.format_decimal(Decimal("117.2"), -6, "en") == "117.2"
    assert formats.format_decimal(Decimal("117.123456"), -6, "en") == "117.123456"
    assert formats.format_decimal(Decimal("41"), -4, "fr") == "41"


def test_empty_values_give_an_empty_text():
    assert formats.format_date(None) == ""
    assert formats.format_datetime("") == ""
    assert formats.format_number(None) == ""


def test_the_active_language_is_used_and_an_unknown_one_falls_back_to_british_english():
    with translation.override("bg"):
        assert formats.format_date(DAY, "long") == "21 януари 2027"
    with translation.override("de"):
        assert formats.format_date(DAY, "short") == "21/01/2027"


def test_template_filters():
    template = Template(
        '{% load formats %}{{ d|ldate }}|{{ d|ldate:"long" }}|{{ m|ldatetime }}|{{ n|lnumber }}|'
        '{{ x|lmoney:"EUR" }}|{{ x|ldecimal:2 }}|{{ none|ldate|default:"—" }}|{{ d|ldate_in:"sr" }}'
    )
    context = Context({"d": DAY, "m": MOMENT, "n": 1234567, "x": Decimal("1234567.5"), "none": None})
    with translation.override("en"):
        assert template.render(context) == (
            "21 Jan 2027|21 January 2027|7 Dec 2026, 15:13|1,234,567|€1,234,567.50|1,234,567.50|—|"
            "21. јануара 2027"
        )


def test_a_percentage_in_points_keeps_the_locale_spacing():
    template = Template("{% load formats %}{{ p|lpercent100 }}")
    with translation.override("fr"):
        assert template.render(Context({"p": 95})) == "95\xa0%"
    with translation.override("en"):
        assert template.render(Context({"p": 95})) == "95%"


@pytest.mark.parametrize(
    ("language", "june", "july", "months"),
    [
        ("fr", "juin", "juil.", "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
        ("en", "Jun", "Jul", "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec"),
        ("bg", "юни", "юли", "яну фев март апр май юни юли авг сеп окт ное дек"),
        ("sr", "јун", "јул", "јан феб мар апр мај јун јул авг сеп окт нов дец"),
        ("sr-latn", "jun", "jul", "jan feb mar apr maj jun jul avg sep okt nov dec"),
        ("mk", "јун.", "јул.", "јан. фев. мар. апр. мај јун. јул. авг. сеп. окт. ное. дек."),
        ("sq", "qer", "korr", "jan shk mar pri maj qer korr gush sht tet nën dhj"),
    ],
)
def test_a_chart_column_reads_its_month_unambiguously(language, june, july, months):
    labels = [formats.format_date(date(2026, m, 1), "month_abbr", language) for m in range(1, 13)]
    assert (labels[5], labels[6]) == (june, july)
    assert " ".join(labels) == months
    assert len(set(labels)) == 12
    assert formats.format_date(date(2026, 7, 1), "year", language) == "2026"
