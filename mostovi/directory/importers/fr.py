"""France: regions, départements, communes and the arrondissements of Paris, Lyon, Marseille (INSEE)."""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import CodeScheme, Level
from ..search import fold
from .base import RowError, Unit, mean_point, read_rows, source

FILE_REGIONS = "municipalities/fr_regions.csv"
FILE_DEPARTMENTS = "municipalities/fr_departements.csv"
FILE_COMMUNES = "municipalities/fr_communes.csv"
# The points file's note on Paris, Lyon and Marseille, as one sentence the catalogue translates.
NOTE_ARM = N_("Coordinates: mean of the points of its municipal arrondissements (derived).")
FILE_POINTS = "municipalities/fr_communes_coordinates.csv"
FILE_EPCI = "municipalities/fr_epci.csv"
FILE_EPCI_MEMBERS = "municipalities/fr_epci_members.csv"
SIREN = r"\d{9}"
# BANATIC's legal natures: the full name of each abbreviation used in the groupings' names.
NATURES = {
    "CC": ("CC", N_("Communauté de communes")),
    "CA": ("CA", N_("Communauté d'agglomération")),
    "CU": ("CU", N_("Communauté urbaine")),
    "METRO": ("Métropole", N_("Métropole")),
    "MET69": ("", N_("Métropole de Lyon (territorial authority with special status, art. L3611-1 CGCT)")),
}

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


BANATIC = source(
    "DGCL, BANATIC, composition of the EPCI à fiscalité propre at 1 January 2024 "
    "(via etalab/decoupage-administratif)",
    url="https://github.com/etalab/decoupage-administratif",
    licence="Licence Ouverte 2.0",
)


def load_groupings(data_dir: Path, points: dict[str, tuple]) -> tuple[list[Unit], dict[str, str]]:
    """The EPCI à fiscalité propre and the Métropole de Lyon, and commune INSEE code → grouping ref_key."""
    units, members = [], {}
    natures = {}
    for row in read_rows(
        data_dir, FILE_EPCI, ["siren", "name", "legal_nature", "departement", "population_municipal"]
    ):
        siren = row.text("siren", required=True, pattern=SIREN)
        nature = row.text("legal_nature", required=True)
        if nature not in NATURES:
            raise row.error(_("unknown legal nature “%(value)s”") % {"value": nature})
        natures[siren] = (row, nature)
    member_points: dict[str, list] = {}
    for row in read_rows(data_dir, FILE_EPCI_MEMBERS, ["epci_siren", "commune_insee"]):
        siren = row.text("epci_siren", required=True, pattern=SIREN)
        code = row.text("commune_insee", required=True, pattern=INSEE)
        if siren not in natures:
            raise row.error(
                _("the grouping %(code)s is not in %(file)s") % {"code": siren, "file": FILE_EPCI}
            )
        if code in members:
            raise row.error(_("the commune %(code)s belongs to two groupings") % {"code": code})
        members[code] = f"FR:epci:{siren}"
        lat, lon, *_rest = points.get(code, (None, None))
        member_points.setdefault(siren, []).append((lat, lon))
    for siren, (row, nature) in natures.items():
        name = row.text("name", required=True)
        short, long = NATURES[nature]
        others = []
        if short and name.startswith(short + " "):
            others.append({"lang": "fr", "name": f"{long} {name[len(short) + 1 :]}"})
        lat, lon = mean_point(member_points.get(siren, []))
        fields = {
            "level": Level.GROUPING,
            "country": "FR",
            "code": siren,
            "code_scheme": CodeScheme.SIREN,
            "name": name,
            "name_latin": name,
            "other_names": others,
            "acronym": "" if nature == "MET69" else nature,
            "population": row.integer("population_municipal"),
            "population_year": 2021,
            "latitude": lat,
            "longitude": lon,
            "sources": [BANATIC, POINTS] if lat is not None else [BANATIC],
            "note": "\n".join(
                filter(
                    None,
                    [
                        long,
                        N_("Coordinates: mean of its member communes' points (derived).")
                        if lat is not None
                        else "",
                    ],
                )
            ),
        }
        units.append(Unit(f"FR:epci:{siren}", fields, row.file, row.line))
    return units, members


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


def load_communes(
    data_dir: Path, progress: Callable[[str], None], points: dict, groupings: dict[str, str]
) -> list[Unit]:
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
                fields["note"] = NOTE_ARM if "ARM" in note else N_("Coordinates: derived.")
            elif laposte_name and _comparable(laposte_name) != _comparable(name):
                # Communes merged after 2020 keep the point of the former commune that owned the code.
                fields["unverified"] = N_("coordinates (La Poste 2020 name: %(name)s)") % {
                    "name": laposte_name
                }
        unit = Unit(f"FR:insee:{code}", fields, row.file, row.line, parent_ref=parent)
        unit.grouping_ref = groupings.get(code)
        units.append(unit)
        if count % PROGRESS_EVERY == 0:
            progress(_("  %(file)s: %(count)d rows read…") % {"file": FILE_COMMUNES, "count": count})
    if not units:
        raise RowError(FILE_COMMUNES, 1, _("the file has no rows"))
    return units


def load(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    points = load_points(data_dir)
    groupings, members = load_groupings(data_dir, points)
    communes = load_communes(data_dir, progress, points, members)
    return load_regions(data_dir) + load_departments(data_dir) + groupings + communes


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
