"""Bulgaria: the 265 municipalities (obshtini), NSI codes, populations of 31 Dec 2013."""

from collections.abc import Callable
from pathlib import Path

from ..models import CodeScheme, Level
from .base import BALKAN_BOX, Unit, read_rows, source

FILE = "municipalities/bg_municipalities.csv"
SOURCES = [
    source(
        "NSI EKATTE classifier and population estimates 31.12.2013 (via yurukov/Bulgaria-geocoding)",
        file=FILE,
        licence="official public data (repository licence to confirm)",
    )
]


def load(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    units = []
    columns = ["nsi_code", "name_bg", "name_latin", "province_bg", "centre_latitude", "centre_longitude"]
    columns.append("population_2013_sum_of_settlements")
    for row in read_rows(data_dir, FILE, columns):
        code = row.text("nsi_code", required=True, pattern=r"[A-Z]{3}\d{2}")
        lat, lon = row.point("centre_latitude", "centre_longitude", BALKAN_BOX)
        population = row.integer("population_2013_sum_of_settlements", required=True)
        fields = {
            "level": Level.MUNICIPALITY,
            "country": "BG",
            "code": code,
            "code_scheme": CodeScheme.NSI,
            "name": row.text("name_bg", required=True),
            "name_latin": row.text("name_latin", required=True),
            "admin_area": row.text("province_bg", required=True),
            "population": population,
            "population_year": 2013,
            "latitude": lat,
            "longitude": lon,
            "sources": SOURCES,
        }
        units.append(Unit(f"BG:nsi:{code}", fields, row.file, row.line))
    return units
