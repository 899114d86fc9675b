"""IATI codelists shipped in data/iati/codelists (CC BY 4.0, see data/iati/SOURCES.md)."""

import csv
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

CODELISTS = Path(settings.BASE_DIR) / "data" / "iati" / "codelists"


@cache
def _rows(name: str) -> dict[str, dict]:
    with open(CODELISTS / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def codes(name: str, *, active_only: bool = True) -> set[str]:
    return {code for code, row in _rows(name).items() if not active_only or row.get("status") == "active"}


def label(name: str, code: str) -> str:
    """The code's name in French when the interface is French (IATI ships French names), else English."""
    row = _rows(name).get(code)
    if row is None:
        return code
    if translation.get_language() == "fr" and row.get("name_fr"):
        return row["name_fr"]
    return row.get("name_en") or code
