"""Names in the other official languages (names.csv) and the languages in official use (languages.csv).

Both files cite a source per row and the day it was checked; a row without that day, or with `unverified`
filled, is shown as unverified. They complete the units of the municipality files before they are written,
so a second import changes nothing.
"""

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from ..models import OrganisationKind
from ..names import STATUSES
from .base import Row, RowError, Unit, read_rows, source

FILE_NAMES = "names.csv"
FILE_LANGUAGES = "languages.csv"
LANG_TAG = r"[a-z]{2,3}(-[A-Z][a-z]{3})?"


def _checked_on(row: Row) -> str:
    value = row.text("checked_on", pattern=r"\d{4}-\d{2}-\d{2}")
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise row.error(_("“%(value)s” is not a date") % {"value": value}) from None
    return value


def _source(row: Row) -> dict:
    cited = row.text("source", required=True)
    if cited.startswith(("http://", "https://")):
        return source(urlsplit(cited).netloc, url=cited, licence="facts")
    return source(cited, licence="facts")


def load_names(data_dir: Path, *, strict: bool = True) -> dict[str, list[dict]]:
    """ref_key → its names in other official languages, with their source (optional file if not strict)."""
    names: dict[str, list[dict]] = {}
    if not strict and not (data_dir / FILE_NAMES).is_file():
        return names
    columns = ["ref_key", "lang", "name", "source", "checked_on", "unverified"]
    for row in read_rows(data_dir, FILE_NAMES, columns):
        entry = {
            "lang": row.text("lang", required=True, pattern=LANG_TAG),
            "name": row.text("name", required=True),
            "source": _source(row),
            "checked_on": _checked_on(row),
        }
        doubt = row.text("unverified")
        if doubt or not entry["checked_on"]:
            entry["unverified"] = doubt or "name"
        ref = row.text("ref_key", required=True)
        if any(e["lang"] == entry["lang"] for e in names.get(ref, [])):
            raise row.error(_("%(key)s has two names in %(lang)s") % {"key": ref, "lang": entry["lang"]})
        names.setdefault(ref, []).append(entry)
    return names


def load_languages(data_dir: Path, *, strict: bool = True) -> dict[str, list[dict]]:
    """ref_key or "all:<country>" → the languages in official use there, with their status and source."""
    languages: dict[str, list[dict]] = {}
    if not strict and not (data_dir / FILE_LANGUAGES).is_file():
        return languages
    columns = ["members", "lang", "status", "majority", "source", "checked_on", "unverified"]
    for row in read_rows(data_dir, FILE_LANGUAGES, columns):
        members = row.text("members", required=True, pattern=r"all:[A-Z]{2}|[A-Z]{2}:.+")
        status = row.text("status", required=True, pattern="|".join(STATUSES))
        entry = {
            "lang": row.text("lang", required=True, pattern=r"[a-z]{2,3}"),
            "status": status,
            "majority": row.text("majority", pattern="yes|no") == "yes",
            "source": _source(row),
            "checked_on": _checked_on(row),
        }
        doubt = row.text("unverified")
        if doubt or not entry["checked_on"]:
            entry["unverified"] = doubt or "status"
        if any(e["lang"] == entry["lang"] for e in languages.get(members, [])):
            raise row.error(_("%(key)s lists %(lang)s twice") % {"key": members, "lang": entry["lang"]})
        languages.setdefault(members, []).append(entry)
    return languages


def apply(
    units: list[Unit],
    names: dict[str, list[dict]],
    languages: dict[str, list[dict]],
    known: set[str],
    *,
    strict: bool,
) -> None:
    """Add the names and languages to the units (an unknown authority is an error in a full import)."""
    if strict:
        for ref in [*names, *(key for key in languages if not key.startswith("all:"))]:
            if ref not in known:
                file = FILE_NAMES if ref in names else FILE_LANGUAGES
                raise RowError(file, 0, _("no organisation has the key %(key)s") % {"key": ref})
    for unit in units:
        fields = unit.fields
        if fields.get("kind", OrganisationKind.LOCAL_AUTHORITY) != OrganisationKind.LOCAL_AUTHORITY:
            continue
        extra = names.get(unit.ref_key, [])
        if extra:
            langs = {e["lang"] for e in extra}
            kept = [e for e in fields.get("other_names", []) if e.get("lang") not in langs or e.get("until")]
            fields["other_names"] = [*kept, *extra]
        by_lang = {e["lang"]: e for e in languages.get(f"all:{fields.get('country', '')}", [])}
        by_lang.update({e["lang"]: e for e in languages.get(unit.ref_key, [])})
        own = languages.get(unit.ref_key, [])
        if by_lang:
            # An authority's own majority row outranks its country's.
            own_majority = any(e["majority"] for e in own)
            fields["languages"] = [
                {**e, "majority": e["majority"] and (not own_majority or e in own)} for e in by_lang.values()
            ]
