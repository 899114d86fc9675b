"""Kosovo*: the 38 municipalities, imported once (never as Serbian units)."""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import Level
from .base import BALKAN_BOX, Unit, read_rows, source

FILE_UNITS = "municipalities/xk_municipalities.csv"
FILE_POPULATION = "municipalities/xk_population.csv"

NAMES = source(
    "Municipality names and districts, compiled (to verify against the Kosovo Agency of Statistics)",
    file=FILE_UNITS,
    licence="facts",
)
NAME_PROVENANCE = {"source": NAMES, "checked_on": "", "unverified": "name"}
DR5HN = source(
    "dr5hn/countries-states-cities-database (coordinates)",
    url="https://github.com/dr5hn/countries-states-cities-database",
    licence="ODbL-1.0",
)


def load(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    populations = {}
    for row in read_rows(data_dir, FILE_POPULATION, ["name_sq", "population", "year", "source"]):
        name = row.text("name_sq", required=True)
        if name.endswith("(total)"):
            continue
        cited = source(
            N_("ASK census 2024, preliminary (%(source)s)") % {"source": row.text("source", required=True)},
            licence="facts reported by media",
        )
        populations[name] = (
            row.integer("population", required=True),
            row.integer("year", required=True),
            cited,
            row,
        )

    units = []
    columns = [
        "name_sq",
        "name_sr_latin",
        "name_sr_cyrillic",
        "district_sq",
        "serbian_rzs_code",
        "latitude",
        "longitude",
    ]
    for row in read_rows(data_dir, FILE_UNITS, columns):
        name = row.text("name_sq", required=True)
        lat, lon = row.point("latitude", "longitude", BALKAN_BOX)
        rzs = row.text("serbian_rzs_code", pattern=r"9\d{4}")
        unverified = [N_("names"), N_("district")]
        sources = [NAMES, DR5HN] if lat is not None else [NAMES]
        population = year = None
        if name in populations:
            population, year, cited, _pop_row = populations.pop(name)
            sources.append(cited)
            unverified.append(N_("population (preliminary)"))
        fields = {
            "level": Level.MUNICIPALITY,
            "country": "XK",
            "name": name,
            "name_latin": name,
            # Albanian and Serbian are official in every municipality (Law on the Use of Languages);
            # languages.csv says which is the majority's.
            "other_names": [
                {"lang": "sq", "name": name, **NAME_PROVENANCE},
                {"lang": "sr", "name": row.text("name_sr_cyrillic", required=True), **NAME_PROVENANCE},
                {"lang": "sr-Latn", "name": row.text("name_sr_latin", required=True), **NAME_PROVENANCE},
            ],
            "admin_area": row.text("district_sq", required=True),
            "population": population,
            "population_year": year,
            "latitude": lat,
            "longitude": lon,
            "sources": sources,
            "unverified": ", ".join(unverified),
            "note": N_("Code in the Serbian register (RZS): %(code)s") % {"code": rzs} if rzs else "",
        }
        units.append(Unit(f"XK:{name}", fields, row.file, row.line))
    for _population, _year, _cited, row in populations.values():
        raise row.error(_("no municipality is named so"))
    return units
