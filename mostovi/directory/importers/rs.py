"""Serbia (without Kosovo*): municipalities, cities and city municipalities of the RZS register."""

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import CodeScheme, Level
from .base import BALKAN_BOX, RowError, Unit, mean_point, read_rows, source

FILE_UNITS = "municipalities/rs_municipalities.csv"
FILE_FLAGS = "municipalities/rs_municipalities_flags.csv"
FILE_CITIES = "municipalities/rs_cities.csv"
FILE_POPULATION = "municipalities/rs_population.csv"
RZS = r"[789]\d{4}"

REGISTER = source(
    "RZS, Administrativno-teritorijalna podela (codes and names)",
    url="https://www.stat.gov.rs/",
    licence="official facts",
)
DR5HN = source(
    "dr5hn/countries-states-cities-database (seat coordinates, district; matched by name)",
    url="https://github.com/dr5hn/countries-states-cities-database",
    licence="ODbL-1.0",
)
CITIES = source(
    "Law on Territorial Organisation of the Republic of Serbia (list of cities), compiled",
    file=FILE_CITIES,
    licence="official facts",
)
LEVELS = {"opstina": Level.MUNICIPALITY, "grad": Level.CITY, "gradska_opstina": Level.CITY_MUNICIPALITY}


def _populations(data_dir: Path) -> dict[str, tuple[int, int, dict]]:
    """ref_key → (population, year, source) from rs_population.csv (RZS census 2022 figures)."""
    found = {}
    for row in read_rows(data_dir, FILE_POPULATION, ["key_type", "key", "population", "year", "source"]):
        key_type, key = row.text("key_type", required=True), row.text("key", required=True)
        if key_type == "country":  # the national total (a placeholder without a figure)
            continue
        if key_type == "city":
            ref = f"RS:city:{key}"
        elif key_type == "rzs_code":
            ref = f"RS:rzs:{row.text('key', pattern=RZS)}"
        else:
            raise row.error(_("unknown key type “%(type)s”") % {"type": key_type})
        population = row.integer("population", required=True)
        year = row.integer("year", required=True)
        found[ref] = (
            population,
            year,
            source(row.text("source", required=True), licence="official facts"),
            row,
        )
    return found


def load(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    flags = {}
    for row in read_rows(data_dir, FILE_FLAGS, ["rzs_code", "is_kosovo", "unit_role", "lsg_unit_latin"]):
        code = row.text("rzs_code", required=True, pattern=RZS)
        kosovo = row.text("is_kosovo", required=True, pattern="[01]") == "1"
        role = row.text("unit_role", required=True)
        if kosovo != code.startswith("9"):
            raise row.error(_("is_kosovo does not match the code %(code)s") % {"code": code})
        if not kosovo and role not in LEVELS:
            raise row.error(_("unknown unit role “%(role)s”") % {"role": role})
        flags[code] = (kosovo, role, row.text("lsg_unit_latin"), row)

    cities = {}
    for row in read_rows(data_dir, FILE_CITIES, ["name_latin", "name_cyrillic", "rzs_code_city"]):
        name = row.text("name_latin", required=True)
        cities[name] = (row.text("name_cyrillic", required=True), row.text("rzs_code_city", pattern=RZS), row)

    populations = _populations(data_dir)
    units, children = [], {}
    columns = [
        "rzs_code",
        "name_latin",
        "name_cyrillic",
        "district_name_guess",
        "seat_latitude",
        "seat_longitude",
    ]
    for row in read_rows(data_dir, FILE_UNITS, columns):
        code = row.text("rzs_code", required=True, pattern=RZS)
        if code not in flags:
            raise row.error(_("the code %(code)s is not in %(file)s") % {"code": code, "file": FILE_FLAGS})
        kosovo, role, city_name, _flag_row = flags.pop(code)
        if kosovo:  # Kosovo* municipalities are imported once, from xk_municipalities.csv
            continue
        lat, lon = row.point("seat_latitude", "seat_longitude", BALKAN_BOX)
        district = row.text("district_name_guess")
        unverified = [
            w for w, known in ((N_("district"), district), (N_("coordinates"), lat is not None)) if known
        ]
        ref = f"RS:rzs:{code}"
        fields = {
            "level": LEVELS[role],
            "country": "RS",
            "code": code,
            "code_scheme": CodeScheme.RZS,
            "name": row.text("name_cyrillic", required=True),
            "name_latin": row.text("name_latin", required=True),
            "admin_area": district,
            "latitude": lat,
            "longitude": lon,
            "sources": [REGISTER, DR5HN] if unverified else [REGISTER],
            "unverified": ", ".join(unverified),
        }
        parent = None
        if role == "gradska_opstina":
            if city_name not in cities:
                raise row.error(
                    _("the city “%(city)s” is not in %(file)s") % {"city": city_name, "file": FILE_CITIES}
                )
            city_code = cities[city_name][1]
            parent = f"RS:rzs:{city_code}" if city_code else f"RS:city:{city_name}"
            children.setdefault(city_name, []).append(fields)
        if ref in populations:
            population, year, cited, _pop_row = populations.pop(ref)
            fields.update(population=population, population_year=year, sources=[*fields["sources"], cited])
        units.append(Unit(ref, fields, row.file, row.line, parent_ref=parent))
    for _kosovo, _role, _city, row in flags.values():
        raise row.error(_("the code is not in %(file)s") % {"file": FILE_UNITS})

    # Cities whose city municipalities are rows but which have no row of their own (Beograd, Niš, …).
    for name, (cyrillic, city_code, row) in cities.items():
        if city_code:
            continue
        members = children.get(name)
        if not members:
            raise row.error(
                _("the city “%(city)s” has neither a code nor city municipalities") % {"city": name}
            )
        lat, lon = mean_point([(m["latitude"], m["longitude"]) for m in members])
        districts = Counter(m["admin_area"] for m in members if m["admin_area"])
        district = districts.most_common(1)[0][0] if districts and name != "Beograd" else ""
        ref = f"RS:city:{name}"
        fields = {
            "level": Level.CITY,
            "country": "RS",
            "code_scheme": CodeScheme.RZS,
            "name": cyrillic,
            "name_latin": name,
            "other_names": [
                {"lang": "sr-Latn", "name": f"Grad {name}"},
                {"lang": "sr-Cyrl", "name": f"Град {cyrillic}"},
            ],
            "admin_area": district,
            "latitude": lat,
            "longitude": lon,
            "sources": [CITIES, REGISTER, DR5HN] if lat is not None else [CITIES, REGISTER],
            "unverified": ", ".join(
                w for w, known in ((N_("district"), district), (N_("coordinates"), lat is not None)) if known
            ),
            "note": N_(
                "No RZS code for the city as a whole. Coordinates: mean of its city municipalities' points."
            )
            if lat is not None
            else N_("No RZS code for the city as a whole."),
        }
        if ref in populations:
            population, year, cited, _pop_row = populations.pop(ref)
            fields.update(population=population, population_year=year, sources=[*fields["sources"], cited])
        units.append(Unit(ref, fields, row.file, row.line))
    for _population, _year, _cited, row in populations.values():
        raise RowError(row.file, row.line, _("no Serbian unit has this key"))
    return units
