"""Other names people search by (exonyms, former names, other acronyms): data/reference/aliases.csv."""

from pathlib import Path

from django.utils.translation import gettext as _

from .base import read_rows

FILE = "aliases.csv"


def load(data_dir: Path, known: set[str], *, strict: bool) -> dict[str, list[str]]:
    """ref_key → aliases. An unknown ref_key is an error in a full import, skipped in a partial one."""
    aliases: dict[str, list[str]] = {}
    if not (data_dir / FILE).is_file() and not strict:
        return aliases
    for row in read_rows(data_dir, FILE, ["ref_key", "alias", "lang", "source"]):
        ref = row.text("ref_key", required=True)
        alias = row.text("alias", required=True)
        row.text("source", required=True)
        if ref not in known:
            if strict:
                raise row.error(_("no organisation has the key %(key)s") % {"key": ref})
            continue
        aliases.setdefault(ref, []).append(alias)
    return aliases


def entries(data_dir: Path, known: set[str], *, strict: bool) -> dict[str, list[dict[str, str]]]:
    """ref_key → [{"name", "lang"}], kept on the organisation to show the alias a search matched."""
    result: dict[str, list[dict[str, str]]] = {}
    if not (data_dir / FILE).is_file():
        return result
    for row in read_rows(data_dir, FILE, ["ref_key", "alias", "lang", "source"]):
        ref = row.text("ref_key", required=True)
        if ref in known or strict:
            entry = {"name": row.text("alias", required=True), "lang": row.text("lang")}
            result.setdefault(ref, []).append(entry)
    return result
