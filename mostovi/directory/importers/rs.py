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
FILE_POINTS = "municipalities/rs_points_supplement.csv"
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
POINTS = source(
    "dr5hn/countries-states-cities-database, contributions/cities/RS.json (seat points; supplement)",
    url="https://github.com/dr5hn/countries-states-cities-database",
    file=FILE_POINTS,
    licence="ODbL-1.0",
)
CITIES = source(
    "Law on Territorial Organisation of the Republic of Serbia (list of cities), compiled",
    file=FILE_CITIES,
    licence="official facts",
)
NOTE_NO_CODE = N_("No RZS code for the city as a whole.")
NOTE_MEAN = N_("No RZS code for the city as a whole. Coordinates: mean of its city municipalities' points.")
NOTE_SEAT = N_("No RZS code for the city as a whole. Coordinates: the point of the city seat (supplement).")
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


def _points(data_dir: Path, cities: dict) -> dict[str, tuple[float, float, dict]]:
    """ref_key → (latitude, longitude, row) from rs_points_supplement.csv (seat points missing elsewhere)."""
    found = {}
    columns = ["key_type", "key", "latitude", "longitude", "source"]
    for row in read_rows(data_dir, FILE_POINTS, columns):
        key_type, key = row.text("key_type", required=True), row.text("key", required=True)
        if key_type == "city":
            if key not in cities:
                raise row.error(
                    _("the city “%(city)s” is not in %(file)s") % {"city": key, "file": FILE_CITIES}
                )
            if cities[key][1]:
                raise row.error(
                    _("the city “%(city)s” has a row of its own: key it by its code %(code)s")
                    % {"city": key, "code": cities[key][1]}
                )
            ref = f"RS:city:{key}"
        elif key_type == "rzs_code":
            ref = f"RS:rzs:{row.text('key', pattern=RZS)}"
        else:
            raise row.error(_("unknown key type “%(type)s”") % {"type": key_type})
        lat, lon = row.point("latitude", "longitude", BALKAN_BOX)
        if lat is None:
            raise row.error(_("the column “%(column)s” is empty") % {"column": "latitude"})
        row.text("source", required=True)
        if ref in found:
            raise row.error(_("%(key)s is given twice") % {"key": ref})
        found[ref] = (lat, lon, row)
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
    points = _points(data_dir, cities)
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
        ref = f"RS:rzs:{code}"
        supplement = points.pop(ref, None)
        if supplement and lat is not None:
            point_row = supplement[2]
            raise point_row.error(
                _("%(key)s already has a point in %(file)s") % {"key": ref, "file": FILE_UNITS}
            )
        if supplement:
            lat, lon = supplement[0], supplement[1]
        unverified = [
            w for w, known in ((N_("district"), district), (N_("coordinates"), lat is not None)) if known
        ]
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
        if supplement:
            fields["sources"] = [*fields["sources"], POINTS]
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
        ref = f"RS:city:{name}"
        supplement = points.pop(ref, None)
        if supplement:
            lat, lon = supplement[0], supplement[1]
            note = NOTE_SEAT
        else:
            lat, lon = mean_point([(m["latitude"], m["longitude"]) for m in members])
            note = NOTE_MEAN if lat is not None else NOTE_NO_CODE
        districts = Counter(m["admin_area"] for m in members if m["admin_area"])
        district = districts.most_common(1)[0][0] if districts and name != "Beograd" else ""
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
            "sources": [
                CITIES,
                REGISTER,
                *([DR5HN] if district or (lat is not None and not supplement) else []),
                *([POINTS] if supplement else []),
            ],
            "unverified": ", ".join(
                w for w, known in ((N_("district"), district), (N_("coordinates"), lat is not None)) if known
            ),
            "note": note,
        }
        if ref in populations:
            population, year, cited, _pop_row = populations.pop(ref)
            fields.update(population=population, population_year=year, sources=[*fields["sources"], cited])
        units.append(Unit(ref, fields, row.file, row.line))
    for _population, _year, _cited, row in populations.values():
        raise RowError(row.file, row.line, _("no Serbian unit has this key"))
    for _lat, _lon, row in points.values():
        raise RowError(row.file, row.line, _("no Serbian unit has this key"))
    return units
