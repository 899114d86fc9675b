"""The shared checks of written text, dates and codes (mostovi/core/text.py)."""

from datetime import date

import pytest
from django.utils import translation

from mostovi.core import text


class Refused(Exception):
    pass


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "value", ["Eau\r\nBcc: x@example.org", "a\nb", "a\tb", "a\x00b", "a\x85b", "a\u2028b"]
)
def test_a_line_refuses_every_control_character(value):
    with pytest.raises(Refused, match="one line only"):
        text.clean_line(value, what="Title", error=Refused)


def test_a_line_is_stripped_and_bounded():
    assert text.clean_line("  Eau  ", what="Title", error=Refused) == "Eau"
    assert text.clean_line("é" * 300, what="Title", error=Refused) == "é" * 300
    with pytest.raises(Refused, match=r"^Title: 300 characters at most\.$"):
        text.clean_line("é" * 301, what="Title", error=Refused)
    with pytest.raises(Refused, match=r"^Say it$"):
        text.clean_line("  ", what="Title", error=Refused, required="Say it")


def test_a_line_must_be_text():
    with pytest.raises(Refused):
        text.clean_line(["a"], what="Title", error=Refused)
    assert text.clean_line(None, what="Title", error=Refused) == ""


def test_a_long_text_keeps_line_breaks_and_tabs_and_refuses_other_controls():
    assert text.clean_text(" a\r\nb\rc\td ", what="Findings", error=Refused) == "a\nb\nc\td"
    for bad in ("a\x00b", "a\x1bb", "a\x9bb"):
        with pytest.raises(Refused, match="control characters"):
            text.clean_text(bad, what="Findings", error=Refused)


def test_a_long_text_is_bounded():
    assert len(text.clean_text("x" * text.TEXT_MAX, what="Findings", error=Refused)) == text.TEXT_MAX
    with pytest.raises(Refused, match=r"^Findings: 20000 characters at most\.$"):
        text.clean_text("x" * (text.TEXT_MAX + 1), what="Findings", error=Refused)


def test_dates_out_of_range_are_refused_with_the_date_range_message():
    text.check_dates(date(1950, 1, 1), date(2100, 12, 31), None, error=Refused)
    for day in (date(1, 1, 1), date(9999, 12, 31), date(1949, 12, 31)):
        with pytest.raises(Refused, match=r"^Dates must fall between 1950 and 2100\.$"):
            text.check_dates(day, error=Refused)
    with pytest.raises(Refused):
        text.check_dates("2020-01-01", error=Refused)


def test_languages_are_known_codes_in_one_case():
    assert text.clean_language("sr-Latn", error=Refused) == "sr-latn"
    assert text.clean_language("FR", error=Refused) == "fr"
    assert text.clean_language("cnr", error=Refused) == "cnr"
    assert text.clean_languages(["sr-Latn", "sr-latn", "fr", ""], error=Refused) == ["sr-latn", "fr"]
    for bad in ("xx", "fr\n", "klingon", "", None, 12, "fr-xxxxxxxxx"):
        with pytest.raises(Refused, match="Unknown language code"):
            text.clean_language(bad, error=Refused)
    with pytest.raises(Refused):
        text.clean_languages("fr", error=Refused)


def test_codes_must_be_known():
    known = {"water-sanitation", "waste"}
    assert text.clean_codes(
        ["waste", "waste", "water-sanitation"], known=known, what="Themes", error=Refused
    ) == [
        "waste",
        "water-sanitation",
    ]
    with pytest.raises(Refused, match=r"^Themes: unknown code anything\.$"):
        text.clean_codes(["waste", "anything"], known=known, what="Themes", error=Refused)
    for bad in ([{"a": 1}], [["waste"]], [None], [12]):
        with pytest.raises(Refused, match="unknown code"):
            text.clean_codes(bad, known=known, what="Themes", error=Refused)
    assert text.clean_codes(["", " waste "], known=known, what="Themes", error=Refused) == ["waste"]
    with pytest.raises(Refused, match="50 items at most"):
        text.clean_codes(["waste"] * 51, known=known, what="Themes", error=Refused)


def test_a_mail_subject_never_carries_a_line_break():
    assert text.mail_subject("[Mostovi] Eau\r\nBcc: x@example.org\x00") == "[Mostovi] Eau Bcc: x@example.org"
    assert len(text.mail_subject("x" * 500)) == 200
