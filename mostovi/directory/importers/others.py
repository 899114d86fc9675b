"""Albania (LAU), Bosnia and Herzegovina (no official codes) and Montenegro (ISO 3166-2)."""

from collections.abc import Callable
from pathlib import Path

import cyrtranslit
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import CodeScheme, Level
from .base import BALKAN_BOX, RowError, Unit, read_rows, source

FILE_AL = "municipalities/al_municipalities.csv"
FILE_AL_COUNTIES = "municipalities/al_counties.csv"
AL_COUNTIES = source(
    "ISO 3166-2:AL, the twelve counties (qarqe) of Albania; Law 115/2014 on the administrative-territorial "
    "division",
    url="https://www.iso.org/obp/ui/#iso:code:3166:AL",
    licence="facts",
)
FILE_BA = "municipalities/ba_municipalities.csv"
FILE_ME = "municipalities/me_municipalities.csv"
FILE_ME_POPULATION = "municipalities/me_population.csv"

DR5HN = source(
    "dr5hn/countries-states-cities-database (seat coordinates)",
    url="https://github.com/dr5hn/countries-states-cities-database",
    licence="ODbL-1.0",
)
LAU = source(
    "Eurostat, Local Administrative Units (LAU) codes and names",
    url="https://ec.europa.eu/eurostat/web/nuts/local-administrative-units",
    licence="Eurostat, reuse with attribution (Commission Decision 2011/833/EU)",
)
BA_BOUNDARIES = source(
    "geoBoundaries ADM2 (via Entiox/Bosnia-and-Herzegovina-Nationality-Visualisation), centroids derived",
    file=FILE_BA,
    licence="ODbL-1.0",
)
BA_POPULATION = source(
    "Census 2013 populations as given by bs.wikipedia “Općine Bosne i Hercegovine”",
    url="https://bs.wikipedia.org/wiki/Op%C4%87ine_Bosne_i_Hercegovine",
    licence="CC BY-SA 4.0",
)
BA_CYRILLIC = source(
    "Serbian Cyrillic form derived from the Latin name, letter for letter (Bosnian, Croatian and Serbian are "
    "official in both entities; Latin and Cyrillic scripts are equal)",
    licence="facts",
)
ME_POPULATION = source(
    "MONSTAT, Census 2023 final results (via vvnikola3/popisna-mapa-cg)",
    file=FILE_ME_POPULATION,
    licence="official statistics",
)


def load_al_counties(data_dir: Path) -> tuple[list[Unit], dict[str, str]]:
    """The twelve qarqe (regional authorities with an indirectly elected council); name → ref_key."""
    units, by_name = [], {}
    for row in read_rows(data_dir, FILE_AL_COUNTIES, ["iso_3166_2", "name", "name_definite"]):
        code = row.text("iso_3166_2", required=True, pattern=r"AL-\d{2}")
        name = row.text("name", required=True)
        fields = {
            "level": Level.REGION,
            "country": "AL",
            "code": code,
            "code_scheme": CodeScheme.ISO_3166_2,
            "name": row.text("name_definite", required=True),
            "name_latin": row.text("name_definite", required=True),
            "other_names": [
                {"lang": "sq", "name": f"Qarku {name}"},
                {"lang": "en", "name": f"{name} County"},
            ],
            "admin_area": name,
            "sources": [AL_COUNTIES],
            "note": N_(
                "County council (këshilli i qarkut), made up of members of its municipalities' councils."
            ),
        }
        ref = f"AL:qark:{code}"
        units.append(Unit(ref, fields, row.file, row.line))
        by_name[name] = ref
    return units, by_name


def load_al(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    units, counties = load_al_counties(data_dir)
    for row in read_rows(
        data_dir, FILE_AL, ["lau_code", "name", "qark_county", "seat_latitude", "seat_longitude"]
    ):
        code = row.text("lau_code", required=True, pattern=r"AL\d{3}")
        name = row.text("name", required=True)
        lat, lon = row.point("seat_latitude", "seat_longitude", BALKAN_BOX)
        fields = {
            "level": Level.MUNICIPALITY,
            "country": "AL",
            "code": code,
            "code_scheme": CodeScheme.LAU,
            "name": name,
            "name_latin": name,
            "admin_area": row.text("qark_county", required=True),
            "latitude": lat,
            "longitude": lon,
            "sources": [LAU, DR5HN] if lat is not None else [LAU],
        }
        county = fields["admin_area"]
        if county not in counties:
            raise row.error(
                _("the county “%(name)s” is not in %(file)s") % {"name": county, "file": FILE_AL_COUNTIES}
            )
        units.append(Unit(f"AL:lau:{code}", fields, row.file, row.line, parent_ref=counties[county]))
    return units


def ba_cyrillic_name(name: str) -> dict:
    """The Serbian Cyrillic name of a municipality of Bosnia and Herzegovina, derived from its Latin name.

    Serbian Latin and Cyrillic correspond letter for letter (lj, nj, dž are single letters in every name of
    the file), so the form is exact; a double name of the file ("Bosanski Novi/Novi") is kept whole and marked
    unverified, the Serbian official name being possibly only one of its parts. names.csv may replace it.
    """
    entry = {"lang": "sr", "name": cyrtranslit.to_cyrillic(name, "sr"), "source": BA_CYRILLIC}
    if "/" in name:
        entry["unverified"] = N_("name")
    return entry


def load_ba(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    units = []
    columns = ["name", "centroid_latitude", "centroid_longitude", "population_2013"]
    for row in read_rows(data_dir, FILE_BA, columns):
        name = row.text("name", required=True)
        lat, lon = row.point("centroid_latitude", "centroid_longitude", BALKAN_BOX)
        population = row.integer("population_2013", required=True)
        fields = {
            "level": Level.MUNICIPALITY,
            "country": "BA",
            "name": name,
            "name_latin": name,
            "other_names": [ba_cyrillic_name(name)],
            "population": population,
            "population_year": 2013,
            "latitude": lat,
            "longitude": lon,
            "sources": [BA_BOUNDARIES, BA_POPULATION],
            "note": N_("Coordinates: centroid of the largest polygon of the unit (derived)."),
        }
        units.append(Unit(f"BA:name:{name}", fields, row.file, row.line))
    return units


def load_me(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    populations = {}
    for row in read_rows(data_dir, FILE_ME_POPULATION, ["iso_3166_2", "population", "year"]):
        code = row.text("iso_3166_2", required=True)
        if code == "ME":  # the national total
            continue
        row.text("iso_3166_2", pattern=r"ME-\d{2}")
        populations[code] = (
            row.integer("population", required=True),
            row.integer("year", required=True),
            row,
        )
    units = []
    columns = ["iso_3166_2", "name_latin", "name_cyrillic", "type", "latitude", "longitude"]
    for row in read_rows(data_dir, FILE_ME, columns):
        code = row.text("iso_3166_2", required=True, pattern=r"ME-\d{2}")
        name = row.text("name_latin", required=True)
        lat, lon = row.point("latitude", "longitude", BALKAN_BOX)
        population, year, _row = populations.pop(code, (None, None, None))
        fields = {
            "level": Level.MUNICIPALITY,
            "country": "ME",
            "code": code,
            "code_scheme": CodeScheme.ISO_3166_2,
            "name": name,
            "name_latin": name,
            "other_names": [{"lang": "cnr-Cyrl", "name": row.text("name_cyrillic", required=True)}],
            "population": population,
            "population_year": year,
            "latitude": lat,
            "longitude": lon,
            "sources": [DR5HN, ME_POPULATION] if population is not None else [DR5HN],
            "note": row.text("type"),
        }
        units.append(Unit(f"ME:iso:{code}", fields, row.file, row.line))
    for code, (_population, _year, row) in populations.items():
        raise RowError(row.file, row.line, _("no municipality has the code %(code)s") % {"code": code})
    return units
