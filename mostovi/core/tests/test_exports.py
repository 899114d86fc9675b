"""The one rule for spreadsheet and CSV cells: typed text never runs as a formula, control characters go."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from mostovi.core.exports import safe_cell, sanitize_row


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
        ("+33 4 72 10 30 30", "'+33 4 72 10 30 30"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Part de l'eau perdue", "Part de l'eau perdue"),
        ("a = b", "a = b"),
        ("Esc\x1b and VT\x0b and NUL\x00 gone", "Esc and VT and NUL gone"),
        ("\x1b=1+1", "'=1+1"),
        ("lines\nkept", "lines\nkept"),
    ],
)
def test_text_is_neutralised(typed, written):
    assert safe_cell(typed) == written


def test_numbers_dates_and_empty_cells_stay_as_they_are():
    assert sanitize_row([-5, Decimal("-12.50"), -0.5, date(2027, 1, 1), None, ""]) == [
        -5,
        Decimal("-12.50"),
        -0.5,
        date(2027, 1, 1),
        None,
        "",
    ]


def test_a_csv_row_carries_no_formula():
    out = io.StringIO()
    csv.writer(out).writerow(sanitize_row(["=cmd|' /C calc'!A0", 3]))
    assert out.getvalue() == "'=cmd|' /C calc'!A0,3\r\n"
