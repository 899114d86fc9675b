"""Write the reference units: create what is new, update what changed, leave the rest untouched."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import NetworkMembership, Organisation, OrganisationKind, SearchTerm
from ..services import organisation_prepare, reference_import_record, search_terms_rebuild, search_terms_stale
from . import aliases as alias_file
from . import bg, elections, fr, mk, networks, others, rs, xk
from . import names as name_file
from .base import Membership, RowError, Unit

# Source name (for --only) → (loader, ref_key prefix of what it loads).
SOURCES: dict[str, tuple[Callable, str]] = {
    "fr": (fr.load, "FR:"),
    "bg": (bg.load, "BG:"),
    "rs": (rs.load, "RS:"),
    "mk": (mk.load, "MK:"),
    "al": (others.load_al, "AL:"),
    "ba": (others.load_ba, "BA:"),
    "me": (others.load_me, "ME:"),
    "xk": (xk.load, "XK:"),
    "networks": (networks.load, "NET:"),
}
# Every column the import owns, with the value a unit has when its source says nothing.
DEFAULTS = {
    "kind": OrganisationKind.LOCAL_AUTHORITY,
    "level": "",
    "country": "",
    "code": "",
    "code_scheme": "",
    "name": "",
    "name_latin": "",
    "other_names": [],
    "aliases": [],
    "languages": [],
    "acronym": "",
    "network_kind": "",
    "website": "",
    "admin_area": "",
    "population": None,
    "population_year": None,
    "latitude": None,
    "longitude": None,
    "sources": [],
    "unverified": "",
    "note": "",
    "is_demo": False,
}
COMPARED = [*DEFAULTS, "parent_id", "grouping_id", "sort_key", "is_subunit"]
MEMBERSHIP_FIELDS = ["status", "since", "sources", "checked_on", "unverified", "note", "is_demo"]
BATCH = 1000
PROGRESS_EVERY = 5000
CHANGE_REASON = "reference import"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self) -> str:
        return _("created %(created)d, updated %(updated)d, unchanged %(unchanged)d") % vars(self)


@dataclass
class Result:
    organisations: Counts = field(default_factory=Counts)
    memberships: Counts = field(default_factory=Counts)
    terms: int = 0
    indexed: int = 0
    absent: int = 0


def import_reference_data(
    data_dir: Path, only: list[str] | None = None, out: Callable[[str], None] = print
) -> Result:
    """Check every row of the chosen sources, then write them in one transaction. Raises RowError."""
    names = only or list(SOURCES)
    units: list[Unit] = []
    for name in names:
        loaded = SOURCES[name][0](data_dir, out)
        for file, count in Counter(u.file for u in loaded).items():
            out(_("%(file)s: %(count)d units checked") % {"file": file, "count": count})
        units += loaded
    elections.apply(units, elections.load(data_dir))
    memberships = networks.load_memberships(data_dir) if "networks" in names else []
    if memberships:
        out(
            _("%(file)s: %(count)d memberships checked")
            % {"file": networks.FILE_MEMBERSHIPS, "count": len(memberships)}
        )
    scoped = networks.load_authority_memberships(data_dir) if "networks" in names else []

    with transaction.atomic():
        existing = {o.ref_key: o for o in Organisation.objects.exclude(ref_key="")}
        by_ref: dict[str, Unit] = {}
        for unit in units:
            if unit.ref_key in by_ref:
                raise RowError(
                    unit.file, unit.line, _("the key %(key)s appears twice") % {"key": unit.ref_key}
                )
            by_ref[unit.ref_key] = unit
        known = set(by_ref) | set(existing)
        for unit in units:
            if unit.parent_ref and unit.parent_ref not in known:
                raise RowError(
                    unit.file, unit.line, _("the parent %(key)s does not exist") % {"key": unit.parent_ref}
                )
            if unit.grouping_ref and unit.grouping_ref not in known:
                raise RowError(
                    unit.file,
                    unit.line,
                    _("the grouping %(key)s does not exist") % {"key": unit.grouping_ref},
                )
        levels = {ref: o.level for ref, o in existing.items() if o.kind == OrganisationKind.LOCAL_AUTHORITY}
        levels.update(
            (u.ref_key, u.fields.get("level", ""))
            for u in units
            if u.fields.get("kind", OrganisationKind.LOCAL_AUTHORITY) == OrganisationKind.LOCAL_AUTHORITY
        )
        expanded = networks.expand_authority_memberships(scoped, levels)
        memberships += expanded
        if scoped:
            out(
                _("%(file)s: %(count)d memberships of authorities checked")
                % {"file": networks.FILE_AUTHORITY_MEMBERSHIPS, "count": len(expanded)}
            )
        for membership in memberships:
            for ref in (membership.member_ref, membership.network_ref):
                if ref not in known:
                    raise RowError(
                        membership.file,
                        membership.line,
                        _("%(key)s is not in %(file)s") % {"key": ref, "file": networks.FILE_NETWORKS},
                    )
        aliases = alias_file.load(data_dir, known, strict=only is None)
        strict = only is None
        alias_entries = alias_file.entries(data_dir, known, strict=strict)
        for unit in units:
            unit.fields["aliases"] = alias_entries.get(unit.ref_key, [])
        name_file.apply(
            units,
            name_file.load_names(data_dir, strict=strict),
            name_file.load_languages(data_dir, strict=strict),
            known,
            strict=strict,
        )
        # A partial import from a folder without these files leaves what they gave as it is.
        for file, columns in (
            (alias_file.FILE, ["aliases"]),
            (name_file.FILE_NAMES, ["other_names"]),
            (name_file.FILE_LANGUAGES, ["languages"]),
        ):
            if not (data_dir / file).is_file():
                for unit in units:
                    if unit.ref_key in existing:
                        for column in columns:
                            unit.fields[column] = getattr(existing[unit.ref_key], column)

        result = Result()
        changed = _write_organisations(units, by_ref, existing, result.organisations, out)
        out(_("Organisations: %(counts)s") % {"counts": result.organisations.line()})
        _write_memberships(memberships, result.memberships)
        if memberships:
            out(_("Network memberships: %(counts)s") % {"counts": result.memberships.line()})

        result.terms, result.indexed = _index(changed, existing, aliases)
        out(
            _("Search terms: %(terms)d written for %(count)d organisations")
            % {"terms": result.terms, "count": result.indexed}
        )
        prefixes = tuple(SOURCES[name][1] for name in names)
        result.absent = sum(1 for ref in existing if ref.startswith(prefixes) and ref not in by_ref)
        if result.absent:
            out(
                _("%(count)d organisations of these sources are no longer in the data (left as they are)")
                % {"count": result.absent}
            )
        if (
            result.organisations.created
            or result.organisations.updated
            or result.memberships.created
            or result.memberships.updated
        ):
            reference_import_record(
                data={
                    "sources": names,
                    "organisations": vars(result.organisations),
                    "memberships": vars(result.memberships),
                }
            )
    return result


def _depth(unit: Unit, by_ref: dict[str, Unit]) -> int:
    depth, seen = 0, {unit.ref_key}
    while unit.parent_ref in by_ref:
        unit = by_ref[unit.parent_ref]
        if unit.ref_key in seen:
            raise RowError(
                unit.file, unit.line, _("the parents of %(key)s form a loop") % {"key": unit.ref_key}
            )
        seen.add(unit.ref_key)
        depth += 1
    return depth


def _write_organisations(
    units: list[Unit], by_ref: dict[str, Unit], existing: dict[str, Organisation], counts: Counts, out
) -> list[Organisation]:
    """Parents first, level by level, so that every child knows its parent's id. Returns what was written."""
    now = timezone.now()
    pks = {ref: o.pk for ref, o in existing.items()}
    levels: dict[int, list[Unit]] = {}
    for unit in units:
        levels.setdefault(_depth(unit, by_ref), []).append(unit)
    written, done = [], 0
    for depth in sorted(levels):
        to_create, to_update, changed_fields = [], [], set()
        for unit in levels[depth]:
            values = {
                **DEFAULTS,
                **unit.fields,
                "parent_id": pks[unit.parent_ref] if unit.parent_ref else None,
                "grouping_id": pks[unit.grouping_ref] if unit.grouping_ref else None,
            }
            new = organisation_prepare(Organisation(ref_key=unit.ref_key, **values))
            old = existing.get(unit.ref_key)
            if old is None:
                to_create.append(new)
                continue
            diff = [name for name in COMPARED if getattr(old, name) != getattr(new, name)]
            # Election dates fill what is empty; a date the authority's members recorded stays.
            diff += [
                name
                for name in elections.FIELDS
                if getattr(old, name) is None and getattr(new, name) is not None
            ]
            if not diff:
                counts.unchanged += 1
                continue
            for name in diff:
                setattr(old, name, getattr(new, name))
            old.updated_at = now
            to_update.append(old)
            changed_fields.update(name.removesuffix("_id") for name in diff)
        for start in range(0, len(to_create), PROGRESS_EVERY):
            created = bulk_create_with_history(
                to_create[start : start + PROGRESS_EVERY],
                Organisation,
                batch_size=BATCH,
                default_date=now,
                default_change_reason=CHANGE_REASON,
            )
            for organisation in created:
                pks[organisation.ref_key] = organisation.pk
            written += created
            done += len(created)
            out(_("  organisations written: %(count)d…") % {"count": done})
        if to_update:
            bulk_update_with_history(
                to_update,
                Organisation,
                fields=[*sorted(changed_fields), "updated_at"],
                batch_size=BATCH,
                default_date=now,
                default_change_reason=CHANGE_REASON,
            )
            written += to_update
            done += len(to_update)
        counts.created += len(to_create)
        counts.updated += len(to_update)
    return written


def _write_memberships(memberships: list[Membership], counts: Counts) -> None:
    if not memberships:
        return
    refs = {m.member_ref for m in memberships} | {m.network_ref for m in memberships}
    pks = {}
    refs_list = sorted(refs)
    for start in range(0, len(refs_list), 500):
        pks.update(
            Organisation.objects.filter(ref_key__in=refs_list[start : start + 500]).values_list(
                "ref_key", "pk"
            )
        )
    current = {(m.member_id, m.network_id): m for m in NetworkMembership.objects.all()}
    to_create, to_update, changed_fields = [], [], set()
    for membership in memberships:
        key = (pks[membership.member_ref], pks[membership.network_ref])
        old = current.get(key)
        if old is None:
            to_create.append(NetworkMembership(member_id=key[0], network_id=key[1], **membership.fields))
            continue
        diff = [name for name in MEMBERSHIP_FIELDS if getattr(old, name) != membership.fields[name]]
        if not diff:
            counts.unchanged += 1
            continue
        for name in diff:
            setattr(old, name, membership.fields[name])
        to_update.append(old)
        changed_fields.update(diff)
    if to_create:
        bulk_create_with_history(
            to_create, NetworkMembership, batch_size=BATCH, default_change_reason=CHANGE_REASON
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            NetworkMembership,
            fields=sorted(changed_fields),
            batch_size=BATCH,
            default_change_reason=CHANGE_REASON,
        )
    counts.created, counts.updated = len(to_create), len(to_update)


def _index(
    changed: list[Organisation], existing: dict[str, Organisation], aliases: dict[str, list[str]]
) -> tuple[int, int]:
    """Rebuild the search terms of the organisations written, and of those whose aliases changed."""
    pks = {o.ref_key: o.pk for o in changed} | {ref: o.pk for ref, o in existing.items()}
    by_pk = {pks[ref]: names for ref, names in aliases.items()}
    changed_pks = {o.pk for o in changed}
    # Unchanged organisations that have aliases now, or had some before: are their terms still right?
    had_aliases = set(
        SearchTerm.objects.filter(weight=1, organisation__ref_key__gt="").values_list(
            "organisation_id", flat=True
        )
    )
    candidates = [
        o for o in existing.values() if (o.pk in by_pk or o.pk in had_aliases) and o.pk not in changed_pks
    ]
    to_index = changed + search_terms_stale(candidates, by_pk)
    terms = 0
    for start in range(0, len(to_index), 2000):
        terms += search_terms_rebuild(to_index[start : start + 2000], by_pk)
    return terms, len(to_index)
