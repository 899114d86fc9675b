"""Networks and associations of local authorities, ALDA and the Local Democracy Agencies; memberships."""

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ..models import SUBUNIT_LEVELS, CodeScheme, Level, NetworkKind, OrganisationKind
from .base import Membership, RowError, Unit, read_rows, source

FILE_NETWORKS = "networks/networks.csv"
FILE_MEMBERSHIPS = "networks/network_memberships.csv"
FILE_AUTHORITY_MEMBERSHIPS = "networks/authority_memberships.csv"
# The kind of each network, from the `org_type` of networks.csv.
KINDS = {
    "regional network of LGAs": NetworkKind.REGIONAL_NETWORK,
    "regional network (ALDA + Western Balkan LDAs)": NetworkKind.REGIONAL_NETWORK,
    "national LGA": NetworkKind.NATIONAL_ASSOCIATION,
    "sub-national (entity) LGA": NetworkKind.NATIONAL_ASSOCIATION,
    "regional LGA": NetworkKind.NATIONAL_ASSOCIATION,
    "national LGA (French section of CEMR)": NetworkKind.NATIONAL_ASSOCIATION,
    "national network (decentralised cooperation)": NetworkKind.DECENTRALISED_COOPERATION,
    "European federation of LGAs": NetworkKind.EUROPEAN_FEDERATION,
    "European coalition": NetworkKind.EUROPEAN_FEDERATION,
    "world organisation of local governments": NetworkKind.EUROPEAN_FEDERATION,
    "European association (local democracy)": NetworkKind.EUROPEAN_FEDERATION,
    "Local Democracy Agency (ALDA network)": NetworkKind.AGENCY,
}
# `members` of authority_memberships.csv: a ref_key, or every local authority of a country ("all:BG").
_ALL = re.compile(r"all:([A-Z]{2})")
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
    columns = ["id", "acronym", "name_native", "name_en", "org_type", "country", "city", "website", "founded"]
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
        org_type = row.text("org_type", required=True)
        if org_type not in KINDS:
            raise row.error(_("unknown kind of network “%(value)s”") % {"value": org_type})
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
            "kind": OrganisationKind.NETWORK,
            "network_kind": KINDS[org_type],
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
            "checked_on": None,
            "unverified": "",
            "note": row.text("note"),
            "is_demo": False,
        }
        memberships.append(Membership(f"NET:{member}", f"NET:{network}", fields, row.file, row.line))
    return memberships


def load_authority_memberships(data_dir: Path) -> list[Membership]:
    """The memberships of authorities in networks, as their sources state them (one row may be a country)."""
    rows, seen = [], set()
    columns = ["network", "members", "status", "since", "source", "checked_on", "unverified", "note"]
    for row in read_rows(data_dir, FILE_AUTHORITY_MEMBERSHIPS, columns):
        network = row.text("network", required=True, pattern=r"[A-Z][A-Z0-9_]*")
        # A ref_key may hold a name with spaces (BA:name:Banja Luka) or no scheme at all (XK:Prizren).
        members = row.text(
            "members",
            required=True,
            pattern=r"all:[A-Z]{2}|[A-Z]{2}:(?:[a-z]+:\S(?:.*\S)?|[^\s:](?:[^:]*\S)?)",
        )
        if (network, members) in seen:
            raise row.error(
                _("%(member)s is listed twice in %(network)s") % {"member": members, "network": network}
            )
        seen.add((network, members))
        checked = row.text("checked_on", required=True, pattern=r"\d{4}-\d{2}-\d{2}")
        try:
            checked_on = date.fromisoformat(checked)
        except ValueError:
            raise row.error(_("“%(value)s” is not a date") % {"value": checked}) from None
        fields = {
            "status": row.text("status")[:120],
            "since": row.integer("since"),
            "sources": _sources(row.text("source", required=True)),
            "checked_on": checked_on,
            "unverified": row.text("unverified")[:300],
            "note": row.text("note"),
            "is_demo": False,
        }
        rows.append(Membership(members, f"NET:{network}", fields, row.file, row.line))
    return rows


def expand_authority_memberships(rows: list[Membership], units: dict[str, Level]) -> list[Membership]:
    """One membership per authority: "all:BG" gives every authority of Bulgaria that is not a sub-unit.

    `units` maps the ref_key of every known local authority to its level. A row naming one authority
    replaces what a country row says about it (Sarnitsa joined NAMRB in 2015, not in 1999).
    """
    by_key: dict[tuple[str, str], Membership] = {}
    for row in sorted(rows, key=lambda r: not _ALL.fullmatch(r.member_ref)):
        match = _ALL.fullmatch(row.member_ref)
        if match:
            prefix = f"{match.group(1)}:"
            refs = [
                ref
                for ref, level in units.items()
                if ref.startswith(prefix) and level and level not in SUBUNIT_LEVELS
            ]
        else:
            if row.member_ref not in units:
                raise RowError(
                    row.file, row.line, _("%(key)s is not a local authority") % {"key": row.member_ref}
                )
            refs = [row.member_ref]
        for ref in refs:
            by_key[(ref, row.network_ref)] = Membership(ref, row.network_ref, row.fields, row.file, row.line)
    return list(by_key.values())
