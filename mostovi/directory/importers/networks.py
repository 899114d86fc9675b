"""Networks and associations of local authorities, ALDA and the Local Democracy Agencies; memberships."""

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import CodeScheme, OrganisationKind
from .base import Membership, Unit, read_rows, source

FILE_NETWORKS = "networks/networks.csv"
FILE_MEMBERSHIPS = "networks/network_memberships.csv"
NGO_IDS = {"ALDA"}
NGO_PREFIX = "LDA_"
LICENCE = "facts; no text copied"
# Language of the native name, by country; a few organisations name themselves in another language.
LANGUAGES = {
    "BG": "bg", "RS": "sr", "MK": "mk", "AL": "sq", "BA": "bs", "ME": "cnr", "XK": "sq", "HR": "hr",
    "SI": "sl", "MD": "ro", "RO": "ro", "TR": "tr", "FR": "fr", "BE": "fr", "ES": "fr",
}  # fmt: skip
LANGUAGE_BY_ID = {"ALVRS": ["sr"], "AKM": ["sq", "sr"], "UCLG": ["fr"]}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ACRONYM = re.compile(r"[A-ZА-ЯЁ0-9][A-Za-zА-Яа-яЁё0-9]{1,9}")
_FORMER = re.compile(r"(until|before) (\d{4}):\s*(.+)")


def _sources(urls: str) -> list[dict]:
    return [
        source(urlsplit(u).netloc or u, url=u, licence=LICENCE)
        for u in filter(None, re.split(r"\s*\|\s*", urls))
    ]


def _native_names(row, languages: list[str]) -> list[dict]:
    """The native forms of a network's name: "Name (ACRONYM) / Other name" → one entry per name."""
    names = []
    for index, part in enumerate(p.strip() for p in row.text("name_native").split(" / ")):
        lang = languages[min(index, len(languages) - 1)] if languages else ""
        match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", part)
        main, extra = (match.group(1), match.group(2)) if match else (part, "")
        names.append({"lang": lang, "name": main})
        former = _FORMER.fullmatch(extra)
        if former:
            names.append({"lang": lang, "name": former.group(3), "until": int(former.group(2))})
        elif extra and not _ACRONYM.fullmatch(extra):
            names.append({"lang": lang, "name": extra})
    for entry in names:
        if entry["lang"] in ("sr", "cnr", "bs"):
            entry["lang"] += "-Cyrl" if _CYRILLIC.search(entry["name"]) else "-Latn"
    return names


def load(data_dir: Path, progress: Callable[[str], None]) -> list[Unit]:
    units = []
    check_url = URLValidator()
    columns = ["id", "acronym", "name_native", "name_en", "country", "city", "website", "founded"]
    columns += ["nalas_status", "cemr_status", "sources", "unverified", "note"]
    for row in read_rows(data_dir, FILE_NETWORKS, columns):
        ident = row.text("id", required=True, pattern=r"[A-Z][A-Z0-9_]*")
        name_en = row.text("name_en", required=True)
        country = row.text("country", pattern=r"[A-Z]{2}")
        website = row.text("website")
        if website:
            try:
                check_url(website)
            except ValidationError:
                raise row.error(_("“%(value)s” is not a web address") % {"value": website}) from None
        founded = row.integer("founded")
        languages = LANGUAGE_BY_ID.get(ident) or ([LANGUAGES[country]] if country in LANGUAGES else [])
        native = _native_names(row, languages) if row.text("name_native") else []
        name = native[0]["name"] if native else name_en
        latin = next(
            (n["name"] for n in native if n.get("until") is None and not _CYRILLIC.search(n["name"])), ""
        )
        if not native:
            latin = name_en
        others = [*native[1:], {"lang": "en", "name": name_en}]
        facts = [
            (N_("Seat"), row.text("city")),
            (N_("Founded"), str(founded or "")),
            ("NALAS", row.text("nalas_status")),
            ("CEMR", row.text("cemr_status")),
        ]
        note = "\n".join(
            [row.text("note"), *(f"{label}: {value}" for label, value in facts if value)]
        ).strip()
        fields = {
            "kind": OrganisationKind.NGO
            if ident in NGO_IDS or ident.startswith(NGO_PREFIX)
            else OrganisationKind.NETWORK,
            "country": country,
            "code": ident,
            "code_scheme": CodeScheme.NETWORK,
            "name": name[:255],
            "name_latin": latin[:255],
            "other_names": others,
            "acronym": re.sub(r"\s*\(.*\)", "", row.text("acronym", required=True)).split(" / ")[0].strip(),
            "website": website,
            "sources": _sources(row.text("sources", required=True)),
            "unverified": row.text("unverified"),
            "note": note,
        }
        units.append(Unit(f"NET:{ident}", fields, row.file, row.line))
    return units


def load_memberships(data_dir: Path) -> list[Membership]:
    memberships, seen = [], set()
    for row in read_rows(
        data_dir, FILE_MEMBERSHIPS, ["member", "network", "status", "since", "source", "note"]
    ):
        member = row.text("member", required=True, pattern=r"[A-Z][A-Z0-9_]*")
        network = row.text("network", required=True, pattern=r"[A-Z][A-Z0-9_]*")
        if (member, network) in seen:
            raise row.error(
                _("%(member)s is listed twice in %(network)s") % {"member": member, "network": network}
            )
        seen.add((member, network))
        fields = {
            "status": row.text("status")[:120],
            "since": row.integer("since"),
            "sources": _sources(row.text("source", required=True)),
            "note": row.text("note"),
            "is_demo": False,
        }
        memberships.append(Membership(f"NET:{member}", f"NET:{network}", fields, row.file, row.line))
    return memberships
