"""North Macedonia: 80 municipalities and the City of Skopje above its 10 (census 2021 populations)."""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import CodeScheme, Level
from .base import BALKAN_BOX, RowError, Unit, mean_point, read_rows, source
from .others import DR5HN, LAU

FILE_UNITS = "municipalities/mk_municipalities.csv"
FILE_POPULATION = "municipalities/mk_population.csv"
LAU_CODE = r"MK00\d{3}"
SKOPJE = "MK:city:Skopje"
CENSUS = source(
    "MakStat, Census 2021, table T1001P21 (via vvnikola3/popisna-mapa-cg)",
    url="https://makstat.stat.gov.mk/PXWeb/api/v1/en/MakStat/Popisi/Popis2021/NaselenieSet/T1001P21.px",
    licence="official statistics",
)


def load(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    populations, skopje = {}, None
    columns = ["lau_code", "name_latin", "population", "year", "part_of_city_of_skopje"]
    for row in read_rows(data_dir, FILE_POPULATION, columns):
        code = row.text("lau_code", pattern=LAU_CODE)
        if not code:
            if row.text("name_latin").startswith("Grad Skopje"):
                skopje = (row.integer("population", required=True), row.integer("year", required=True), row)
            continue  # the national total
        in_skopje = row.text("part_of_city_of_skopje", required=True, pattern="yes|no") == "yes"
        populations[code] = (
            row.integer("population", required=True),
            row.integer("year", required=True),
            in_skopje,
            row,
        )
    if skopje is None:
        raise RowError(FILE_POPULATION, 0, _("the row of the City of Skopje is missing"))

    units, skopje_points = [], []
    columns = [
        "lau_code",
        "iso_3166_2",
        "name_latin",
        "name_cyrillic",
        "statistical_region",
        "latitude",
        "longitude",
    ]
    for row in read_rows(data_dir, FILE_UNITS, columns):
        code = row.text("lau_code", required=True, pattern=LAU_CODE)
        if code not in populations:
            raise row.error(
                _("the code %(code)s is not in %(file)s") % {"code": code, "file": FILE_POPULATION}
            )
        population, year, in_skopje, _pop_row = populations.pop(code)
        lat, lon = row.point("latitude", "longitude", BALKAN_BOX)
        iso = row.text("iso_3166_2", pattern=r"MK-\d{3}")
        fields = {
            # The ten municipalities of Skopje are full units of local self-government (80 municipalities
            # and the City of Skopje), inside the City: part of it, not sub-units of it.
            "level": Level.MUNICIPALITY,
            "country": "MK",
            "code": code,
            "code_scheme": CodeScheme.LAU,
            "name": row.text("name_cyrillic", required=True),
            "name_latin": row.text("name_latin", required=True),
            "admin_area": row.text("statistical_region"),
            "population": population,
            "population_year": year,
            "latitude": lat,
            "longitude": lon,
            "sources": [LAU, CENSUS, DR5HN] if lat is not None else [LAU, CENSUS],
            "note": N_("ISO 3166-2: %(code)s") % {"code": iso} if iso else "",
        }
        if in_skopje:
            skopje_points.append((lat, lon))
        units.append(
            Unit(f"MK:lau:{code}", fields, row.file, row.line, parent_ref=SKOPJE if in_skopje else None)
        )
    for _population, _year, _in_skopje, row in populations.values():
        raise row.error(_("no municipality has this code"))

    population, year, row = skopje
    lat, lon = mean_point(skopje_points)
    fields = {
        "level": Level.CITY,
        "country": "MK",
        "name": "Скопје",
        "name_latin": "Skopje",
        "other_names": [{"lang": "mk", "name": "Град Скопје"}, {"lang": "mk-Latn", "name": "Grad Skopje"}],
        "population": population,
        "population_year": year,
        "latitude": lat,
        "longitude": lon,
        "sources": [CENSUS, DR5HN],
        "unverified": N_("coordinates") if lat is not None else "",
        "note": N_(
            "No LAU code (81st local self-government unit). Coordinates: mean of its municipalities' points."
        ),
    }
    units.append(Unit(SKOPJE, fields, row.file, row.line))
    return units
