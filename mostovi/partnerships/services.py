"""Every write to the partnerships: each one atomic, checked by its predicate, and journalled."""

import re
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.core import text
from mostovi.core.services import event_record
from mostovi.directory.models import Organisation, OrganisationKind
from mostovi.projects.documents import ALLOWED as DOCUMENT_TYPES
from mostovi.projects.documents import sniff_upload
from mostovi.themes.models import Theme

from . import permissions
from .exceptions import InvalidInput, NotAllowed, StaleVersion
from .models import Kind, Partnership, PartnershipMember, Status

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\Z")
# Twinnings go back to the post-war years: the same first year as `since_year`.
YEAR_MIN = 1900
NOTE_MAX = 5000
# The fields `partnership_update` may change, in the order the journal lists them.
EDITABLE = (
    "kind",
    "status",
    "signed_on",
    "renewed_on",
    "ends_on",
    "since_year",
    "themes",
    "working_languages",
    "networks",
    "note",
    "authority_ids",
)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def _as_history_user(partnership: Partnership, actor) -> None:
    if getattr(actor, "is_authenticated", False):
        partnership._history_user = actor


# --- checks shared by create and update ---------------------------------------------------------


def _check_kind(kind: str) -> str:
    if kind not in Kind.values:
        raise InvalidInput(
            _("Unknown kind of partnership: %(kind)s.") % {"kind": str(kind)[:40]}, field="kind"
        )
    return kind


def _check_status(status: str) -> str:
    if status not in Status.values:
        raise InvalidInput(_("Unknown status: %(status)s.") % {"status": str(status)[:40]}, field="status")
    return status


def _refused(field: str):
    return lambda message: InvalidInput(message, field=field)


def check_dates(*, signed_on=None, renewed_on=None, ends_on=None) -> None:
    """Dates in range (core.text); renewal and end come on or after the signature."""
    for field, day in (("signed_on", signed_on), ("renewed_on", renewed_on), ("ends_on", ends_on)):
        text.check_dates(day, error=_refused(field), first=YEAR_MIN)
    if signed_on and renewed_on and renewed_on < signed_on:
        raise InvalidInput(_("The renewal date comes before the signature date."), field="renewed_on")
    if signed_on and ends_on and ends_on < signed_on:
        raise InvalidInput(_("The end date comes before the signature date."), field="ends_on")
    if renewed_on and ends_on and ends_on < renewed_on:
        raise InvalidInput(_("The end date comes before the renewal date."), field="ends_on")


def _check_year(year) -> int | None:
    if year in (None, ""):
        return None
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise InvalidInput(_("The year is not a whole number."), field="since_year") from None
    if not 1900 <= year <= timezone.now().year + 1:
        raise InvalidInput(_("The year %(year)d is out of range.") % {"year": year}, field="since_year")
    return year


def _authorities(authority_ids) -> list[Organisation]:
    try:
        ids = list(dict.fromkeys(int(a) for a in authority_ids))
    except (TypeError, ValueError):
        raise InvalidInput(_("A partner authority is not valid."), field="authority_ids") from None
    if len(ids) < 2:
        raise InvalidInput(
            _("A partnership needs at least two different local authorities."), field="authority_ids"
        )
    found = {
        o.pk: o
        for o in Organisation.objects.alive().filter(pk__in=ids, kind=OrganisationKind.LOCAL_AUTHORITY)
    }
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise InvalidInput(
            _("Not a local authority of the directory: %(ids)s.") % {"ids": ", ".join(missing)},
            field="authority_ids",
        )
    return [found[i] for i in ids]


def themes_resolve(themes) -> list[Theme]:
    """Theme rows from slugs (or rows); an unknown slug is refused with its name."""
    slugs = [t.slug if isinstance(t, Theme) else str(t).strip() for t in themes or ()]
    slugs = list(dict.fromkeys(s for s in slugs if s))
    rows = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in rows]
    if unknown:
        raise InvalidInput(
            _("Unknown theme: %(themes)s.") % {"themes": ", ".join(s[:40] for s in unknown)}, field="themes"
        )
    return [rows[s] for s in slugs]


def _languages(values) -> list[str]:
    """Known language codes, canonical ("sr-latn"), without repeats (core.text)."""
    return text.clean_languages(values, error=_refused("working_languages"))


def _networks(ids) -> list[Organisation]:
    ids = list(dict.fromkeys(int(i) for i in ids or ()))
    found = list(Organisation.objects.alive().filter(pk__in=ids, kind=OrganisationKind.NETWORK))
    if len(found) != len(ids):
        raise InvalidInput(_("A supporting network is not in the directory."), field="networks")
    return found


def _note(value) -> str:
    value = text.clean_text(value, what=_("Note"), error=_refused("note"), limit=None)
    if len(value) > NOTE_MAX:
        raise InvalidInput(
            _("The note is too long (%(max)d characters at most).") % {"max": NOTE_MAX}, field="note"
        )
    return value


# --- writes ---------------------------------------------------------------------------------------


@transaction.atomic
def partnership_create(
    *,
    actor,
    kind: str,
    authority_ids,
    signed_on: date | None = None,
    renewed_on: date | None = None,
    ends_on: date | None = None,
    since_year: int | None = None,
    status: str = Status.UNKNOWN,
    themes=(),
    working_languages=(),
    networks=(),
    note: str = "",
    is_demo: bool = False,
) -> Partnership:
    """Record a partnership between two or more authorities; the actor commits one of them."""
    _check_kind(kind)
    _check_status(status)
    authorities = _authorities(authority_ids)
    _require(
        permissions.can_create_partnership(actor, [a.pk for a in authorities]),
        _("Only an officer or elected member of one of the partner authorities can record this partnership."),
    )
    check_dates(signed_on=signed_on, renewed_on=renewed_on, ends_on=ends_on)
    theme_rows = themes_resolve(themes)
    network_rows = _networks(networks)
    partnership = Partnership(
        kind=kind,
        status=status,
        signed_on=signed_on,
        renewed_on=renewed_on,
        ends_on=ends_on,
        since_year=_check_year(since_year) or (signed_on.year if signed_on else None),
        working_languages=_languages(working_languages),
        note=_note(note),
        is_demo=bool(is_demo),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _as_history_user(partnership, actor)
    partnership.save()
    for authority in authorities:
        PartnershipMember.objects.create(partnership=partnership, authority=authority)
    partnership.themes.set(theme_rows)
    partnership.networks.set(network_rows)
    event_record(
        actor=actor,
        kind="partnership.created",
        target=partnership,
        data={
            "kind": kind,
            "authority_ids": [a.pk for a in authorities],
            "signed_on": _jsonable(signed_on),
            "themes": [t.slug for t in theme_rows],
            "is_demo": bool(is_demo),
        },
    )
    return partnership


def _lock(partnership: Partnership) -> Partnership:
    return (
        Partnership.objects.select_for_update()
        .prefetch_related("members", "themes", "networks")
        .get(pk=partnership.pk)
    )


def _current_values(partnership: Partnership) -> dict:
    return {
        "kind": partnership.kind,
        "status": partnership.status,
        "signed_on": partnership.signed_on,
        "renewed_on": partnership.renewed_on,
        "ends_on": partnership.ends_on,
        "since_year": partnership.since_year,
        "themes": sorted(t.slug for t in partnership.themes.all()),
        "working_languages": list(partnership.working_languages or []),
        "networks": sorted(n.pk for n in partnership.networks.all()),
        "note": partnership.note,
        "authority_ids": sorted(m.authority_id for m in partnership.members.all()),
    }


@transaction.atomic
def partnership_update(*, actor, partnership: Partnership, revision: int, **changes) -> Partnership:
    """Change a partnership; `revision` is the one the editor read (else StaleVersion with both values)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    partnership = _lock(partnership)
    _require(
        permissions.can_edit_partnership(actor, partnership),
        _("Only officers and elected members of a partner authority can edit this partnership."),
    )
    if partnership.deleted_at is not None:
        raise InvalidInput(_("This partnership is deleted: restore it first."))
    before = _current_values(partnership)
    if int(revision) != partnership.revision:
        raise StaleVersion(
            _("Someone saved this partnership after you opened it."),
            current={f: _jsonable(before[f]) for f in changes},
            submitted={f: _jsonable(v) for f, v in changes.items()},
            current_revision=partnership.revision,
            read_revision=int(revision),
        )
    new = dict(before)
    if "kind" in changes:
        new["kind"] = _check_kind(changes["kind"])
    if "status" in changes:
        new["status"] = _check_status(changes["status"])
    for field in ("signed_on", "renewed_on", "ends_on"):
        if field in changes:
            new[field] = changes[field] or None
    if "since_year" in changes:
        new["since_year"] = _check_year(changes["since_year"])
    check_dates(signed_on=new["signed_on"], renewed_on=new["renewed_on"], ends_on=new["ends_on"])
    theme_rows = None
    if "themes" in changes:
        theme_rows = themes_resolve(changes["themes"])
        new["themes"] = sorted(t.slug for t in theme_rows)
    if "working_languages" in changes:
        new["working_languages"] = _languages(changes["working_languages"])
    network_rows = None
    if "networks" in changes:
        network_rows = _networks(changes["networks"])
        new["networks"] = sorted(n.pk for n in network_rows)
    if "note" in changes:
        new["note"] = _note(changes["note"])
    authorities = None
    if "authority_ids" in changes:
        authorities = _authorities(changes["authority_ids"])
        new["authority_ids"] = sorted(a.pk for a in authorities)
        _require(
            actor.is_staff or bool(permissions.editing_authority_ids(actor) & set(new["authority_ids"])),
            _("You cannot remove every authority you act for from the partnership."),
        )
    diff = {f: [_jsonable(before[f]), _jsonable(new[f])] for f in EDITABLE if before[f] != new[f]}
    if not diff:
        return partnership
    for field in (
        "kind",
        "status",
        "signed_on",
        "renewed_on",
        "ends_on",
        "since_year",
        "working_languages",
        "note",
    ):
        setattr(partnership, field, new[field])
    if "signed_on" in diff and new["signed_on"] and "since_year" not in changes:
        partnership.since_year = new["signed_on"].year
    partnership.revision += 1
    _as_history_user(partnership, actor)
    partnership.save()
    if theme_rows is not None and "themes" in diff:
        partnership.themes.set(theme_rows)
    if network_rows is not None and "networks" in diff:
        partnership.networks.set(network_rows)
    if authorities is not None and "authority_ids" in diff:
        keep = set(new["authority_ids"])
        PartnershipMember.objects.filter(partnership=partnership).exclude(authority_id__in=keep).delete()
        for authority in authorities:
            PartnershipMember.objects.get_or_create(partnership=partnership, authority=authority)
    event_record(actor=actor, kind="partnership.updated", target=partnership, data={"changes": diff})
    return partnership


@transaction.atomic
def partnership_delete(*, actor, partnership: Partnership) -> Partnership:
    """Hide a partnership (soft delete): its record and history stay and it can be restored."""
    partnership = _lock(partnership)
    _require(
        permissions.can_edit_partnership(actor, partnership),
        _("Only officers and elected members of a partner authority can delete this partnership."),
    )
    if partnership.deleted_at is not None:
        return partnership
    partnership.deleted_at = timezone.now()
    partnership.revision += 1
    _as_history_user(partnership, actor)
    partnership.save()
    event_record(actor=actor, kind="partnership.deleted", target=partnership)
    return partnership


@transaction.atomic
def partnership_restore(*, actor, partnership: Partnership) -> Partnership:
    partnership = _lock(partnership)
    _require(
        permissions.can_edit_partnership(actor, partnership),
        _("Only officers and elected members of a partner authority can restore this partnership."),
    )
    if partnership.deleted_at is None:
        return partnership
    partnership.deleted_at = None
    partnership.revision += 1
    _as_history_user(partnership, actor)
    partnership.save()
    event_record(actor=actor, kind="partnership.restored", target=partnership)
    return partnership


@transaction.atomic
def partnership_attach_convention(*, actor, partnership: Partnership, file) -> Partnership:
    """Attach the signed convention; the file type is judged from its content, its size is limited."""
    partnership = _lock(partnership)
    _require(
        permissions.can_edit_partnership(actor, partnership),
        _("Only officers and elected members of a partner authority can attach the convention."),
    )
    if partnership.deleted_at is not None:
        raise InvalidInput(_("This partnership is deleted: restore it first."))
    size = getattr(file, "size", None) or 0
    if size <= 0:
        raise InvalidInput(_("The file is empty."), field="file")
    if size > settings.DOCUMENT_MAX_BYTES:
        raise InvalidInput(
            _("The file is too large (%(max)d MB at most).")
            % {"max": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    content_type = sniff_upload(file)
    if content_type not in DOCUMENT_TYPES:
        raise InvalidInput(
            _("This kind of file is not accepted: send a PDF, an office document (DOCX, ODT) or an image."),
            field="file",
        )
    previous = partnership.convention.name if partnership.convention else ""
    partnership.convention.save(
        f"convention-{partnership.pk}{DOCUMENT_TYPES[content_type]}", file, save=False
    )
    partnership.convention_content_type = content_type
    partnership.revision += 1
    _as_history_user(partnership, actor)
    partnership.save()
    event_record(
        actor=actor,
        kind="partnership.convention_attached",
        target=partnership,
        data={"content_type": content_type, "size": size, "replaced": bool(previous)},
    )
    return partnership
