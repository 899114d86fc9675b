"""Reading and checking the reference CSV files: every bad value names its file, line and reason."""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

MAX_POPULATION = 2_147_483_647
# A generous box around the Western Balkans and Bulgaria: catches swapped or mistyped coordinates.
BALKAN_BOX = (39.0, 47.5, 13.0, 29.0)


class RowError(Exception):
    """A row of a reference file that cannot be imported."""

    def __init__(self, file: str, line: int, reason: str):
        self.file, self.line, self.reason = file, line, reason
        super().__init__(
            _("%(file)s, line %(line)d: %(reason)s") % {"file": file, "line": line, "reason": reason}
        )


@dataclass
class Unit:
    """One organisation as the reference files describe it, before it is written."""

    ref_key: str
    fields: dict[str, Any]
    file: str
    line: int
    parent_ref: str | None = None
    # The French grouping (EPCI) of a commune.
    grouping_ref: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Membership:
    member_ref: str
    network_ref: str
    fields: dict[str, Any]
    file: str
    line: int


class Row(dict):
    """A CSV row that knows where it comes from."""

    file: str
    line: int

    def error(self, reason: str) -> RowError:
        return RowError(self.file, self.line, reason)

    def text(self, column: str, *, required: bool = False, pattern: str | None = None) -> str:
        value = (self.get(column) or "").strip()
        if required and not value:
            raise self.error(_("the column “%(column)s” is empty") % {"column": column})
        if value and pattern and not re.fullmatch(pattern, value):
            raise self.error(
                _("“%(value)s” is not a well-formed %(column)s") % {"value": value, "column": column}
            )
        return value

    def integer(self, column: str, *, required: bool = False) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        if not value.isdigit():
            raise self.error(
                _("%(column)s “%(value)s” is not a whole number") % {"column": column, "value": value}
            )
        number = int(value)
        if number > MAX_POPULATION:
            raise self.error(_("%(column)s %(value)s is too large") % {"column": column, "value": value})
        return number

    def point(
        self, lat_column: str, lon_column: str, box: tuple[float, float, float, float] | None = None
    ) -> tuple[float | None, float | None]:
        lat_text, lon_text = self.text(lat_column), self.text(lon_column)
        if not lat_text and not lon_text:
            return None, None
        if not lat_text or not lon_text:
            raise self.error(_("only one of latitude and longitude is given"))
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            raise self.error(
                _("coordinates “%(lat)s, %(lon)s” are not numbers") % {"lat": lat_text, "lon": lon_text}
            ) from None
        low_lat, high_lat, low_lon, high_lon = box or (-90.0, 90.0, -180.0, 180.0)
        if not (low_lat <= lat <= high_lat and low_lon <= lon <= high_lon):
            raise self.error(
                _("coordinates %(lat)s, %(lon)s are out of range") % {"lat": lat_text, "lon": lon_text}
            )
        return lat, lon


def read_rows(data_dir: Path, name: str, columns: list[str]) -> Iterator[Row]:
    """The rows of `data_dir/name`, each with its line number; the header must hold `columns`."""
    path = data_dir / name
    if not path.is_file():
        raise RowError(name, 0, _("the file is missing"))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise RowError(name, 1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        for values in reader:
            row = Row(values)
            row.file, row.line = name, reader.line_num
            if None in row:
                raise row.error(_("more values than columns"))
            yield row


def source(title: str, *, licence: str, url: str = "", file: str = "") -> dict[str, str]:
    entry = {"title": title}
    if url:
        entry["url"] = url
    if file:
        entry["file"] = file
    entry["licence"] = licence
    return entry


def mean_point(points: list[tuple[float | None, float | None]]) -> tuple[float | None, float | None]:
    known = [(lat, lon) for lat, lon in points if lat is not None and lon is not None]
    if not known:
        return None, None
    return (
        round(sum(p[0] for p in known) / len(known), 6),
        round(sum(p[1] for p in known) / len(known), 6),
    )
