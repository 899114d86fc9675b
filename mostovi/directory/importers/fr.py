"""France: regions, départements, communes and the arrondissements of Paris, Lyon, Marseille (INSEE)."""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import CodeScheme, Level
from ..search import fold
from .base import RowError, Unit, read_rows, source

FILE_REGIONS = "municipalities/fr_regions.csv"
FILE_DEPARTMENTS = "municipalities/fr_departements.csv"
FILE_COMMUNES = "municipalities/fr_communes.csv"
FILE_POINTS = "municipalities/fr_communes_coordinates.csv"

INSEE = r"(\d{5}|2[AB]\d{3})"
DEPARTMENT = r"(\d{2}|2[AB]|97\d)"
REGION = r"\d{2}"
MAYOTTE = "976"
PROGRESS_EVERY = 5000

COG = source(
    "INSEE, Code officiel géographique 2024 (via etalab/decoupage-administratif)",
    url="https://github.com/etalab/decoupage-administratif",
    licence="Licence Ouverte 2.0",
)
POPULATION = source(
    "INSEE, populations légales 2021 (Mayotte 2017) (via etalab/decoupage-administratif)",
    file=FILE_COMMUNES,
    licence="Licence Ouverte 2.0",
)
POINTS = source(
    "La Poste, Base officielle des codes postaux (2020), commune centroids",
    file=FILE_POINTS,
    licence="ODbL-1.0",
)


def load_regions(data_dir: Path) -> list[Unit]:
    units = []
    for row in read_rows(data_dir, FILE_REGIONS, ["reg_code", "name"]):
        code = row.text("reg_code", required=True, pattern=REGION)
        name = row.text("name", required=True)
        fields = _fields(Level.REGION, code, name, [COG])
        units.append(Unit(f"FR:reg:{code}", fields, row.file, row.line))
    return units


def load_departments(data_dir: Path) -> list[Unit]:
    units = []
    for row in read_rows(data_dir, FILE_DEPARTMENTS, ["dep_code", "reg_code", "name"]):
        code = row.text("dep_code", required=True, pattern=DEPARTMENT)
        region = row.text("reg_code", required=True, pattern=REGION)
        name = row.text("name", required=True)
        fields = _fields(Level.DEPARTMENT, code, name, [COG])
        units.append(Unit(f"FR:dep:{code}", fields, row.file, row.line, parent_ref=f"FR:reg:{region}"))
    return units


def load_points(data_dir: Path) -> dict[str, tuple[float | None, float | None, str, str]]:
    """INSEE code → (latitude, longitude, La Poste name, note)."""
    points = {}
    for row in read_rows(
        data_dir, FILE_POINTS, ["insee_code", "latitude", "longitude", "laposte_name", "note"]
    ):
        code = row.text("insee_code", required=True, pattern=INSEE)
        if code in points:
            raise row.error(_("the code %(code)s appears twice") % {"code": code})
        lat, lon = row.point("latitude", "longitude")
        points[code] = (lat, lon, row.text("laposte_name"), row.text("note"))
    return points


def load_communes(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    points = load_points(data_dir)
    units = []
    columns = ["insee_code", "type", "name", "dep_code", "dep_name", "parent_insee_code"]
    columns.append("population_municipale_2021")
    for count, row in enumerate(read_rows(data_dir, FILE_COMMUNES, columns), start=1):
        code = row.text("insee_code", required=True, pattern=INSEE)
        kind = row.text("type", required=True)
        name = row.text("name", required=True)
        department = row.text("dep_code", required=True, pattern=DEPARTMENT)
        population = row.integer("population_municipale_2021")
        if kind == "COM":
            level, parent = Level.MUNICIPALITY, f"FR:dep:{department}"
        elif kind == "ARM":
            level = Level.CITY_MUNICIPALITY
            parent = "FR:insee:" + row.text("parent_insee_code", required=True, pattern=INSEE)
        else:
            raise row.error(_("unknown commune type “%(type)s”") % {"type": kind})
        fields = _fields(level, code, name, [COG, POPULATION])
        fields.update(
            admin_area=row.text("dep_name", required=True),
            population=population,
            population_year=(2017 if department == MAYOTTE else 2021) if population is not None else None,
        )
        lat, lon, laposte_name, note = points.get(code, (None, None, "", ""))
        if lat is not None:
            fields.update(latitude=lat, longitude=lon)
            fields["sources"] = [COG, POPULATION, POINTS]
            if note.startswith("derived"):
                fields["note"] = N_("Coordinates: %(note)s.") % {"note": note}
            elif laposte_name and _comparable(laposte_name) != _comparable(name):
                # Communes merged after 2020 keep the point of the former commune that owned the code.
                fields["unverified"] = N_("coordinates (La Poste 2020 name: %(name)s)") % {
                    "name": laposte_name
                }
        units.append(Unit(f"FR:insee:{code}", fields, row.file, row.line, parent_ref=parent))
        if count % PROGRESS_EVERY == 0:
            progress(_("  %(file)s: %(count)d rows read…") % {"file": FILE_COMMUNES, "count": count})
    if not units:
        raise RowError(FILE_COMMUNES, 1, _("the file has no rows"))
    return units


def load(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    return load_regions(data_dir) + load_departments(data_dir) + load_communes(data_dir, progress)


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def _comparable(name: str) -> str:
    """A name with La Poste's abbreviations spelt out ("ST JEAN" = "Saint-Jean"), spaces dropped."""
    return "".join(_ABBREVIATIONS.get(word, word) for word in fold(name).split())


def _fields(level: str, code: str, name: str, sources: list[dict]) -> dict:
    return {
        "level": level,
        "country": "FR",
        "code": code,
        "code_scheme": CodeScheme.INSEE,
        "name": name,
        "name_latin": name,
        "sources": sources,
    }
