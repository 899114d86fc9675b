"""Cells of every spreadsheet and CSV file the platform writes: text people typed never runs as a formula.

A spreadsheet program evaluates a cell that starts with `=`, `+`, `-` or `@` (and some also after a tab or a
carriage return), so a title typed as `=HYPERLINK(…)` would become a live link or a command in a partner's
Excel. Every export passes its values through `safe_cell` (or a whole row through `sanitize_row`): such text
gets a leading apostrophe, the usual mark of "this is text"; control characters, which no reader needs and
which XLSX cannot hold, are removed. Numbers, dates and empty cells are left as they are, so a negative
amount stays a number.
"""

import re
from collections.abc import Iterable

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. XLSX (XML 1.0) refuses most of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as it may be written in a cell: text without control characters and never a formula."""
    if not isinstance(value, str):
        return value
    text = CONTROL_CHARACTERS.sub("", value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def sanitize_row(row: Iterable) -> list:
    """Every value of `row` through `safe_cell`."""
    return [safe_cell(value) for value in row]
