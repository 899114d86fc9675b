"""Load the real partnerships of `data/reference/partnerships/partnerships.csv`, matched to the directory.

Every row is checked first: a malformed row stops the import (file, line, reason) before anything is written.
Each side is then matched to exactly one directory authority — by INSEE code for a French side that has one,
otherwise by its normalised name within its country — or the row is skipped and counted with the reason.
No match is ever invented. A second run changes nothing.
"""

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.directory.importers.base import Row, read_rows
from mostovi.directory.models import Country, Organisation, OrganisationKind, SearchTerm
from mostovi.directory.search import normalise_variants
from mostovi.directory.services import WEIGHT_ALIAS, WEIGHT_NAME

from .models import Kind, Partnership, PartnershipMember, Status

FILE = "partnerships.csv"
COLUMNS = [
    "a_name", "a_country", "a_code", "b_name", "b_country", "b_code", "kind", "since", "source", "licence",
    "b_wikidata", "sources_count", "also_in", "note",
]  # fmt: skip
CHANGE_REASON = "reference import"
REF_KEY_MAX = 120
FLAGS = re.compile(r"\b(verify|CONFLICT)\b")
URL = re.compile(r"https?://[^\s,;()]+")
INSEE = r"\d[0-9AB]\d{3}"
EXAMPLES = 12
# "Crveni Krst City Municipality", "Foča Municipality", "Bor City", "City of Bijeljina" name the authority.
_SUFFIXES = re.compile(r"\s+(city municipality|municipality|city)$", re.IGNORECASE)
_PREFIXES = re.compile(r"^city of\s+", re.IGNORECASE)
_PARENTHESIS = re.compile(r"^(?P<sub>.+?)\s*\((?P<parent>[^()]+)\)$")
_DASHED = re.compile(r"^(?P<parent>.+?)\s+[–—-]\s+(?P<sub>.+)$")


def default_path() -> Path:
    return Path(settings.BASE_DIR) / "data" / "reference" / "partnerships" / FILE


def kind_of(source_kind: str) -> str | None:
    """NAMRB's "twinning/partnership" does not say which; Wikipedia's and Wikidata's "twinning" does."""
    text = source_kind.strip().lower()
    if text.startswith("twinning/partnership"):
        return Kind.UNSPECIFIED
    if text == "twinning" or text.startswith("twinning ("):
        return Kind.TWINNING
    return None


@dataclass
class Side:
    name: str
    country: str
    code: str


@dataclass
class Checked:
    """One row, checked: what it says, before its sides are matched."""

    line: int
    a: Side
    b: Side
    kind: str
    since: int | None
    source: dict
    flags: str
    note: str


@dataclass
class Unmatched:
    line: int
    name: str
    country: str
    reason: str


@dataclass
class Result:
    rows: int = 0
    matched: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)
    homonyms: list[str] = field(default_factory=list)
    merged: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted_kept: int = 0
    absent: int = 0

    def lines(self) -> list[str]:
        out = [
            _("%(file)s: %(rows)d rows, matched %(matched)d, unmatched %(unmatched)d")
            % {"file": FILE, "rows": self.rows, "matched": self.matched, "unmatched": len(self.unmatched)}
        ]
        reasons = Counter(u.reason.split(":")[0] for u in self.unmatched)
        for reason, count in reasons.most_common():
            out.append(f"  {count:4d} × {reason}")
        for item in self.unmatched[:EXAMPLES]:
            out.append(
                _("  line %(line)d: %(name)s (%(country)s) — %(reason)s")
                % {"line": item.line, "name": item.name, "country": item.country, "reason": item.reason}
            )
        if self.homonyms:
            out.append(
                _("%(count)d sides chosen among homonyms (larger population first; marked unverified):")
                % {"count": len(self.homonyms)}
            )
            out += [f"  {h}" for h in self.homonyms[:EXAMPLES]]
        if self.merged:
            out.append(
                _("%(count)d rows name a pair already named by another row (merged into one partnership)")
                % {"count": self.merged}
            )
        out.append(
            _("Partnerships: created %(created)d, updated %(updated)d, unchanged %(unchanged)d")
            % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        )
        if self.deleted_kept:
            out.append(_("%(count)d deleted on the platform: left deleted") % {"count": self.deleted_kept})
        if self.absent:
            out.append(
                _("%(count)d reference partnerships are no longer in the file (left as they are)")
                % {"count": self.absent}
            )
        return out


# --- reading and checking -------------------------------------------------------------------------


def _check(row: Row) -> Checked:
    countries = Country.values
    sides = []
    for prefix in ("a", "b"):
        name = row.text(f"{prefix}_name", required=True)
        country = row.text(f"{prefix}_country", required=True)
        if country not in countries:
            raise row.error(_("unknown country code “%(code)s”") % {"code": country[:10]})
        code = row.text(f"{prefix}_code", pattern=INSEE if country == "FR" else r"[A-Za-z0-9]{1,32}")
        sides.append(Side(name, country, code))
    kind = kind_of(row.text("kind", required=True))
    if kind is None:
        raise row.error(_("unknown kind “%(kind)s”") % {"kind": row.text("kind")[:60]})
    since = row.integer("since")
    if since is not None and not 1800 <= since <= 2100:
        raise row.error(_("the year %(year)d is out of range") % {"year": since})
    row.integer("sources_count")
    source_text = row.text("source", required=True)
    licence = row.text("licence", required=True)
    note = row.text("note")
    url = URL.search(source_text)
    source = {"title": source_text, "licence": licence}
    if url:
        source["url"] = url.group(0)
    for column in ("also_in", "b_wikidata"):
        if row.text(column):
            source[column] = row.text(column)
    if note:
        source["note"] = note
    source["file"] = f"data/reference/partnerships/{FILE}"
    source["line"] = row.line
    flags = "; ".join(part.strip() for part in note.split(";") if FLAGS.search(part))
    return Checked(row.line, sides[0], sides[1], kind, since, source, flags, note)


def read(path: Path) -> list[Checked]:
    """Every row checked; raises RowError (file, line, reason) on the first malformed one."""
    return [_check(row) for row in read_rows(path.parent, path.name, COLUMNS)]


# --- matching -------------------------------------------------------------------------------------


def _name_forms(name: str) -> list[tuple[str, str | None]]:
    """(name, parent) forms to try in order: the sub-unit of a named city, then the name as written."""
    forms: list[tuple[str, str | None]] = []
    match = _PARENTHESIS.match(name) or _DASHED.match(name)
    if match:
        forms.append((match.group("sub").strip(), match.group("parent").strip()))
    forms.append((name, None))
    stripped = _PREFIXES.sub("", _SUFFIXES.sub("", name)).strip()
    if stripped and stripped != name:
        forms.append((stripped, None))
    return forms


class AuthorityMatcher:
    """Resolves names to directory authorities with the search terms, read once for the whole file."""

    def __init__(self, sides: list[Side]):
        wanted: set[str] = set()
        for side in sides:
            for name, parent in _name_forms(side.name):
                wanted.update(normalise_variants(name))
                if parent:
                    wanted.update(normalise_variants(parent))
                    wanted.update(normalise_variants(_SUFFIXES.sub("", parent)))
        countries = sorted({s.country for s in sides})
        self.by_term: dict[str, dict[int, int]] = defaultdict(dict)
        terms = sorted(wanted)
        for start in range(0, len(terms), 500):
            chunk = terms[start : start + 500]
            for term, weight, org_id in SearchTerm.objects.filter(
                term__in=chunk,
                weight__in=(WEIGHT_NAME, WEIGHT_ALIAS),
                organisation__kind=OrganisationKind.LOCAL_AUTHORITY,
                organisation__deleted_at__isnull=True,
                organisation__country__in=countries,
            ).values_list("term", "weight", "organisation_id"):
                best = self.by_term[term].get(org_id, 99)
                self.by_term[term][org_id] = min(best, weight)
        ids = {org_id for found in self.by_term.values() for org_id in found}
        codes = [f"FR:insee:{s.code}" for s in sides if s.country == "FR" and s.code]
        fields = [
            "id",
            "ref_key",
            "name",
            "name_latin",
            "country",
            "level",
            "parent_id",
            "is_subunit",
            "population",
        ]
        self.orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=ids).only(*fields)}
        self.by_ref = {
            o.ref_key: o
            for o in Organisation.objects.alive()
            .filter(ref_key__in=codes, kind=OrganisationKind.LOCAL_AUTHORITY)
            .only(*fields)
        }

    def _candidates(self, name: str, country: str) -> list[tuple[int, Organisation]]:
        found: dict[int, int] = {}
        for variant in normalise_variants(name):
            for org_id, weight in self.by_term.get(variant, {}).items():
                found[org_id] = min(found.get(org_id, 99), weight)
        return sorted(
            ((w, self.orgs[i]) for i, w in found.items() if self.orgs[i].country == country),
            key=lambda item: (item[0], item[1].is_subunit, -(item[1].population or 0), item[1].pk),
        )

    def match(self, side: Side) -> tuple[Organisation | None, str, int]:
        """(authority, reason when none, number of homonyms it was chosen among).

        Order: a sub-unit of the named city; the name as written; the name without "Municipality", "City";
        last, when the named city is not in the directory, an authority of that name that is part of nothing.
        """
        if side.country == "FR" and side.code:
            org = self.by_ref.get(f"FR:insee:{side.code}")
            if org is None:
                return None, _("INSEE code not in the directory: %(code)s") % {"code": side.code}, 0
            return org, "", 1
        fallback = None
        for name, parent in _name_forms(side.name):
            if parent:
                parents = self._candidates(parent, side.country) or self._candidates(
                    _SUFFIXES.sub("", parent), side.country
                )
                parent_ids = {org.pk for _w, org in parents}
                subs = [(w, o) for w, o in self._candidates(name, side.country) if o.parent_id in parent_ids]
                if subs:
                    return self._pick(subs)
                if not parents:
                    fallback = [
                        (w, o) for w, o in self._candidates(name, side.country) if o.parent_id is None
                    ]
                continue
            candidates = self._candidates(name, side.country)
            if candidates:
                return self._pick(candidates)
        if fallback:
            return self._pick(fallback)
        return None, _("no authority of this name in the country"), 0

    @staticmethod
    def _pick(candidates) -> tuple[Organisation | None, str, int]:
        """The first candidate, unless another of the same rank and level makes it a guess.

        Candidates that rank level on name and tier but differ in level (a region and a département of the
        same name) are settled by population; the number of them is returned so that the choice is flagged.
        """
        weight, first = candidates[0]
        level_with = [o for w, o in candidates if w == weight and o.is_subunit == first.is_subunit]
        same_level = [o for o in level_with if o.level == first.level]
        if len(same_level) > 1:
            return (
                None,
                _("ambiguous: %(count)d authorities of this name: %(keys)s")
                % {"count": len(same_level), "keys": ", ".join(_authority_key(o) for o in same_level[:4])},
                0,
            )
        return first, "", len(level_with)


def _authority_key(org: Organisation) -> str:
    return org.ref_key or f"id:{org.pk}"


def pair_key(orgs) -> str:
    """A stable key from the partners' own keys, whatever the order of the row."""
    key = "~".join(sorted(_authority_key(o) for o in orgs))
    if len(key) > REF_KEY_MAX:
        key = "sha1:" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    return key


# --- writing --------------------------------------------------------------------------------------


@dataclass
class Planned:
    ref_key: str
    kind: str
    since: int | None
    note: str
    sources: list[dict]
    flags: list[str]
    members: dict[int, str]  # authority id → name as the source wrote it


def _plan(rows: list[Checked], result: Result) -> dict[str, Planned]:
    matcher = AuthorityMatcher([side for row in rows for side in (row.a, row.b)])
    planned: dict[str, Planned] = {}
    for row in rows:
        matched = []
        for side in (row.a, row.b):
            org, reason, rivals = matcher.match(side)
            if org is None:
                result.unmatched.append(Unmatched(row.line, side.name, side.country, reason))
                break
            if rivals > 1:
                result.homonyms.append(
                    _("line %(line)d: %(name)s (%(country)s) → %(key)s among %(count)d")
                    % {
                        "line": row.line,
                        "name": side.name,
                        "country": side.country,
                        "key": _authority_key(org),
                        "count": rivals,
                    }
                )
            matched.append((org, side, rivals))
        else:
            if matched[0][0].pk == matched[1][0].pk:
                result.unmatched.append(
                    Unmatched(row.line, row.a.name, row.a.country, _("both sides are the same authority"))
                )
                continue
            result.matched += 1
            flags = [row.flags] if row.flags else []
            flags += [
                _("%(name)s chosen among %(count)d homonyms") % {"name": side.name, "count": rivals}
                for _org, side, rivals in matched
                if rivals > 1
            ]
            key = pair_key([m[0] for m in matched])
            if key in planned:
                result.merged += 1
                plan = planned[key]
                plan.sources.append(row.source)
                plan.flags += [f for f in flags if f not in plan.flags]
                if plan.kind != row.kind:
                    # One source says twinning, the other does not say: keep what both support.
                    plan.kind = Kind.UNSPECIFIED
                if row.note and row.note not in plan.note:
                    plan.note = f"{plan.note}\n{row.note}".strip()
                continue
            planned[key] = Planned(
                ref_key=key,
                kind=row.kind,
                since=row.since,
                note=row.note,
                sources=[row.source],
                flags=flags,
                members={org.pk: side.name for org, side, _r in matched},
            )
    return planned


def _unverified(flags: list[str]) -> str:
    text = "; ".join(flags)
    return text if len(text) <= 500 else text[:499] + "…"


def import_partnerships(path: Path | None = None, out: Callable[[str], None] = print) -> Result:
    """Check every row, match the sides, then write in one transaction. Raises RowError on a malformed row."""
    path = Path(path) if path else default_path()
    rows = read(path)
    result = Result(rows=len(rows))
    with transaction.atomic():
        planned = _plan(rows, result)
        existing = {p.ref_key: p for p in Partnership.objects.exclude(ref_key="").prefetch_related("members")}
        for key, plan in planned.items():
            partnership = existing.get(key)
            unverified = _unverified(plan.flags)
            if partnership is None:
                partnership = Partnership(
                    kind=plan.kind,
                    status=Status.UNKNOWN,
                    since_year=plan.since,
                    note=plan.note,
                    sources=plan.sources,
                    unverified=unverified,
                    ref_key=key,
                )
                partnership._change_reason = CHANGE_REASON
                partnership.save()
                PartnershipMember.objects.bulk_create(
                    [
                        PartnershipMember(partnership=partnership, authority_id=org_id, source_name=name)
                        for org_id, name in plan.members.items()
                    ]
                )
                event_record(
                    actor=None,
                    kind="partnership.imported",
                    target=partnership,
                    data={"ref_key": key, "authority_ids": sorted(plan.members)},
                )
                result.created += 1
                continue
            if partnership.deleted_at is not None:
                result.deleted_kept += 1
                continue
            # The import owns the sources and their flags, and the names the source wrote; the kind, status,
            # dates and note may have been corrected by the partners since and are left as they are.
            changed = {}
            if partnership.sources != plan.sources:
                changed["sources"] = True
                partnership.sources = plan.sources
            if partnership.unverified != unverified:
                changed["unverified"] = [partnership.unverified, unverified]
                partnership.unverified = unverified
            members = {m.authority_id: m for m in partnership.members.all()}
            for org_id, name in plan.members.items():
                member = members.get(org_id)
                if member is None:
                    PartnershipMember.objects.create(
                        partnership=partnership, authority_id=org_id, source_name=name
                    )
                    changed.setdefault("members", []).append(org_id)
                elif member.source_name != name:
                    member.source_name = name
                    member.save(update_fields=["source_name"])
                    changed.setdefault("source_names", []).append(org_id)
            if changed:
                partnership.revision += 1
                partnership._change_reason = CHANGE_REASON
                partnership.save()
                event_record(
                    actor=None,
                    kind="partnership.reimported",
                    target=partnership,
                    data={"changed": sorted(changed)},
                )
                result.updated += 1
            else:
                result.unchanged += 1
        result.absent = sum(
            1
            for key, p in existing.items()
            if key not in planned and not p.is_demo and p.created_by_id is None
        )
    for line in result.lines():
        out(line)
    return result
