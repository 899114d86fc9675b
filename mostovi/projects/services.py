"""Every write to a project. Each service checks its own permission, runs atomically and leaves an event."""

import hashlib
import re
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mostovi.accounts import services as account_services
from mostovi.accounts.models import Invitation, Membership, MembershipStatus, Role, User
from mostovi.core import approvals, codelists, text
from mostovi.core.services import event_record
from mostovi.directory.models import Organisation, OrganisationKind
from mostovi.themes.catalogue import THEMES

from . import lifecycle, permissions
from .documents import ALLOWED, sniff_upload, stored_name
from .exceptions import GateNotMet, InvalidInput, NotAllowed, StaleVersion
from .models import (
    FINISHED_PHASES,
    Activity,
    ActivityStatus,
    Comment,
    Document,
    DocumentCategory,
    DocumentVersion,
    ExpertiseMission,
    MissionAcceptance,
    Participant,
    ParticipantRole,
    Phase,
    ProgrammeApproval,
    ProgrammeVersion,
    Project,
    ProjectPartner,
    ProjectText,
    TextField_,
    Visibility,
)
from .selectors import programme_current, project_get_for_page

# Actions in one programme version (a programme of intervention choices holds a few dozen).
ACTIONS_MAX = 200

# The approval building block raises the projects' own exceptions (409 and 422).
APPROVAL_ERRORS = approvals.ApprovalErrors(stale=StaleVersion, invalid=InvalidInput)


def _record(actor, kind: str, project: Project, target=None, **data: Any) -> None:
    if _acts_provisionally(actor, project):
        # Marked on the timeline, in the API and in the handover pack: one partner invited this person.
        data["provisional"] = True
    event_record(actor=actor, kind=kind, target=target or project, scope=project, data=data)


def _acts_provisionally(actor, project: Project) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return (
        Membership.objects.active()
        .filter(user=actor, status=MembershipStatus.PROVISIONAL, project_scope=project.pk)
        .exists()
    )


def partners_notify(project: Project, kind: str, actor: User | None, **data: Any) -> None:
    from .tasks import notify_partners

    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(
        lambda: notify_partners.enqueue(project_id=project.pk, kind=kind, actor_id=actor_id, data=data)
    )


def _reload(project: Project) -> Project:
    """The project with its relations prefetched (conditions and permissions read them)."""
    return project_get_for_page(pk=project.pk, include_deleted=True)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _lock(project: Project) -> None:
    """Serialise concurrent writes to one project (no-op on SQLite, which serialises writers itself)."""
    Project.objects.select_for_update().filter(pk=project.pk).first()


def _check_language(language: str) -> str:
    """A known language code, canonical ("sr-Latn" is stored "sr-latn")."""
    return text.clean_language(language, error=InvalidInput)


def _line(value, what: str, *, required: str = "", limit: int = text.LINE_MAX) -> str:
    return text.clean_line(value, what=what, error=InvalidInput, required=required, limit=limit)


def _text(value, what: str, *, required: str = "") -> str:
    return text.clean_text(value, what=what, error=InvalidInput, required=required)


def _dates(*days) -> None:
    text.check_dates(*days, error=InvalidInput)


def _locations(values) -> list:
    """Places of the project: a short list of one-line names (or small records of them), bounded."""
    if not isinstance(values, list) or len(values) > text.CODES_MAX:
        raise InvalidInput(_("Locations: a list of %(limit)s places at most.") % {"limit": text.CODES_MAX})

    def clean(value, depth=0):
        if isinstance(value, str):
            return _line(value, _("Locations"))
        if value is None or isinstance(value, bool | int | float):
            return value
        if depth < 2 and isinstance(value, dict) and len(value) <= 20:
            return {_line(str(k), _("Locations"), limit=60): clean(v, depth + 1) for k, v in value.items()}
        if depth < 2 and isinstance(value, list) and len(value) <= 20:
            return [clean(v, depth + 1) for v in value]
        raise InvalidInput(_("Locations: a list of %(limit)s places at most.") % {"limit": text.CODES_MAX})

    return [clean(value) for value in values]


def _authorities(ids: list[int]) -> list[Organisation]:
    ids = list(dict.fromkeys(ids))
    found = {
        o.pk: o
        for o in Organisation.objects.alive().filter(pk__in=ids, kind=OrganisationKind.LOCAL_AUTHORITY)
    }
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise InvalidInput(_("Unknown local authority: %(ids)s.") % {"ids": ", ".join(unknown)})
    return [found[i] for i in ids]


# --- the project --------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor: User,
    title: str,
    partner_ids: list[int],
    language: str,
    summary: str = "",
    lead_id: int | None = None,
    visibility: str = Visibility.PRIVATE,
    is_demo: bool = False,
) -> Project:
    """Create a project in `identification`, private, with the caller's authority among its partners."""
    title = _line(title, _("Title"), required=_("A title is required."))
    summary = _text(summary, _("Summary"))
    language = _check_language(language)
    authorities = _authorities(partner_ids)
    if not authorities:
        raise InvalidInput(_("Name at least one partner authority."))
    own = {
        m.organisation_id
        for m in Membership.objects.active().filter(user=actor, role__in=permissions.EDITING_ROLES)
    }
    if not own & {a.pk for a in authorities}:
        raise NotAllowed(_("You must act for one of the partner authorities to create this project."))
    lead_id = lead_id or next(a.pk for a in authorities if a.pk in own)
    if lead_id not in {a.pk for a in authorities}:
        raise InvalidInput(_("The lead partner must be one of the partners."))
    if visibility not in Visibility.values:
        raise InvalidInput(_("Unknown visibility: %(value)s.") % {"value": visibility[:20]})
    project = Project.objects.create(created_by=actor, visibility=visibility, is_demo=is_demo)
    # Whoever creates the project is responsible for their own authority until someone else is named.
    creator = {
        m.organisation_id: m
        for m in Membership.objects.active()
        .filter(
            user=actor, role__in=permissions.EDITING_ROLES, organisation_id__in=[a.pk for a in authorities]
        )
        .order_by("started_at", "id")
    }
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(
                project=project, authority=a, is_lead=(a.pk == lead_id), responsible=creator.get(a.pk)
            )
            for a in authorities
        ]
    )
    ProjectText.objects.create(
        project=project,
        field=TextField_.TITLE,
        language=language,
        text=title,
        is_original=True,
        updated_by=actor,
    )
    if summary:
        ProjectText.objects.create(
            project=project,
            field=TextField_.SUMMARY,
            language=language,
            text=summary,
            is_original=True,
            updated_by=actor,
        )
    _record(actor, "project.created", project, title=title, partners=[a.pk for a in authorities])
    partners_notify(project, "project.created", actor)
    return project


PROJECT_FIELDS = {
    "visibility",
    "themes",
    "dac_sectors",
    "locations",
    "working_languages",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
}


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _jsonable_dict(item) -> dict:
    return {k: _jsonable(v) for k, v in item.items()} if isinstance(item, dict) else {"value": str(item)}


@transaction.atomic
def project_update(*, actor: User, project: Project, revision: int, **changes) -> Project:
    """Change the project's own fields; `revision` is the one the editor read (else StaleVersion)."""
    _lock(project)
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    unknown = set(changes) - PROJECT_FIELDS
    if unknown:
        raise InvalidInput(_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))})
    if revision != project.revision:
        raise StaleVersion(
            _("Someone saved this project after you opened it."),
            current={f: _jsonable(getattr(project, f)) for f in changes},
            submitted={f: _jsonable(v) for f, v in changes.items()},
        )
    if "themes" in changes:
        changes["themes"] = text.clean_codes(
            changes["themes"], known=THEMES, what=_("Themes"), error=InvalidInput
        )
    if "working_languages" in changes:
        changes["working_languages"] = text.clean_languages(changes["working_languages"], error=InvalidInput)
    if "locations" in changes:
        changes["locations"] = _locations(changes["locations"])
    _dates(
        *(changes[f] for f in ("planned_start", "planned_end", "actual_start", "actual_end") if f in changes)
    )
    if "dac_sectors" in changes:
        if not isinstance(changes["dac_sectors"], list) or len(changes["dac_sectors"]) > text.CODES_MAX:
            raise InvalidInput(
                _("%(field)s: %(limit)s items at most.")
                % {"field": _("DAC sectors"), "limit": text.CODES_MAX}
            )
        unknown_codes = [c for c in changes["dac_sectors"] if c not in codelists.codes("Sector")]
        if unknown_codes:
            raise InvalidInput(
                _("Unknown DAC sector code: %(codes)s.") % {"codes": ", ".join(map(str, unknown_codes))[:200]}
            )
    if "visibility" in changes and changes["visibility"] not in Visibility.values:
        raise InvalidInput(_("Unknown visibility: %(value)s.") % {"value": str(changes["visibility"])[:20]})
    diff = {}
    for field, value in changes.items():
        old = getattr(project, field)
        if old != value:
            diff[field] = [_jsonable(old), _jsonable(value)]
            setattr(project, field, value)
    if diff:
        if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
            raise InvalidInput(_("The planned end cannot come before the planned start."))
        project.revision += 1
        project.save()
        _record(actor, "project.updated", project, changes=diff)
    return project


@transaction.atomic
def project_text_set(
    *, actor: User, project: Project, field: str, language: str, text: str, revision: int
) -> ProjectText:
    """Write the title or summary in one language (a translation when another language is the original).

    `revision` is the one the writer started from: 0 when there was no text in that language yet. When
    someone saved that text in between, StaleVersion carries the saved text (`current`), its revision
    (`current_version`) and the writer's own text (`submitted`); nothing is written.
    """
    _lock(project)  # two first translations into one language at once: the second one is stale, not a 500
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if field not in TextField_.values:
        raise InvalidInput(_("Unknown text field: %(field)s.") % {"field": field[:20]})
    language = _check_language(language)
    if field == TextField_.TITLE:
        text = _line(text, _("Title"), required=_("A title is required."))
    else:
        text = _text(text, _("Summary"))
    existing = (
        ProjectText.objects.select_for_update()
        .filter(project=project, field=field, language=language)
        .first()
    )
    saved = existing.revision if existing is not None else 0
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise InvalidInput(_("Send the revision of the text you started from (0 for a new text)."))
    if revision != saved:
        error = StaleVersion(
            _("Someone saved this text after you opened it."),
            current=existing.text if existing is not None else "",
            submitted=text,
        )
        error.current_version = saved
        raise error
    if existing is None:
        has_original = ProjectText.objects.filter(project=project, field=field, is_original=True).exists()
        created = ProjectText.objects.create(
            project=project,
            field=field,
            language=language,
            text=text,
            is_original=not has_original,
            updated_by=actor,
        )
        _record(actor, "project.text_added", project, field=field, language=language, new=text)
        return created
    if existing.text != text:
        old = existing.text
        existing.text = text
        existing.revision += 1
        existing.updated_by = actor
        existing.save()
        _record(actor, "project.text_changed", project, field=field, language=language, old=old, new=text)
    return existing


@transaction.atomic
def partner_add(*, actor: User, project: Project, authority_id: int) -> ProjectPartner:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if Phase(project.phase) not in (Phase.IDENTIFICATION, Phase.EXPERTISE_MISSION):
        raise InvalidInput(_("Partners can only be added before the joint definition of the programme."))
    [authority] = _authorities([authority_id])
    partner, created = ProjectPartner.objects.get_or_create(project=project, authority=authority)
    if created:
        _record(actor, "project.partner_added", project, authority=authority.pk, name=str(authority))
        partners_notify(project, "project.partner_added", actor, authority=authority.pk)
    return partner


@transaction.atomic
def partner_set_roles(
    *, actor: User, project: Project, authority_id: int, responsible_id: int | None, deputy_id: int | None
) -> ProjectPartner:
    """Name the responsible person and the deputy of a partner: memberships of that very authority."""
    project = _reload(project)
    partner = next((p for p in project.partners.all() if p.authority_id == authority_id), None)
    if partner is None:
        raise InvalidInput(_("This authority is not a partner of the project."))
    _require(
        authority_id in permissions.acting_authorities(actor, project),
        _("Only members of %(authority)s can name its responsible people.")
        % {"authority": partner.authority},
    )
    memberships = {
        m.pk: m
        for m in Membership.objects.active().filter(
            organisation_id=authority_id, pk__in=[i for i in (responsible_id, deputy_id) if i]
        )
    }
    for membership_id in (responsible_id, deputy_id):
        if membership_id and membership_id not in memberships:
            raise InvalidInput(
                _("The person named must be an active member of %(authority)s.")
                % {"authority": partner.authority}
            )
    if responsible_id and responsible_id == deputy_id:
        raise InvalidInput(_("The deputy must be another person than the responsible."))
    old = [partner.responsible_id, partner.deputy_id]
    partner.responsible_id, partner.deputy_id = responsible_id, deputy_id
    partner.save()
    _record(
        actor, "project.roles_set", project, authority=authority_id, old=old, new=[responsible_id, deputy_id]
    )
    return partner


@transaction.atomic
def participant_add(*, actor: User, project: Project, organisation_id: int, role: str) -> Participant:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if role not in ParticipantRole.values:
        raise InvalidInput(_("Unknown IATI role: %(role)s.") % {"role": role[:10]})
    organisation = Organisation.objects.alive().filter(pk=organisation_id).first()
    if organisation is None:
        raise InvalidInput(_("Unknown organisation: %(ids)s.") % {"ids": organisation_id})
    participant, created = Participant.objects.get_or_create(
        project=project, organisation=organisation, role=role
    )
    if created:
        _record(actor, "project.participant_added", project, organisation=organisation.pk, role=role)
    return participant


# --- lifecycle ----------------------------------------------------------------------------------


@transaction.atomic
def project_transition(*, actor: User, project: Project, to: str, reason: str = "") -> Project:
    """The one function that changes a project's phase."""
    _lock(project)
    project = _reload(project)
    _require(
        permissions.can_transition_project(actor, project),
        _("Only officers and elected officials of a partner authority can move the project."),
    )
    try:
        target = Phase(to)
    except ValueError:
        raise InvalidInput(_("Unknown phase: %(phase)s.") % {"phase": str(to)[:30]}) from None
    current = Phase(project.phase)
    if target == current:
        raise GateNotMet([_("The project is already in this phase.")])
    if target not in lifecycle.allowed_targets(project):
        reasons = []
        for phase in [*lifecycle.skipped_gates(project, target), target]:
            reasons += lifecycle.unmet_conditions(project, phase)
        if current in FINISHED_PHASES:
            reasons.insert(0, _("A closed or cancelled project does not change phase any more."))
        elif current == Phase.SUSPENDED:
            reasons.insert(
                0,
                _("A suspended project resumes to the phase it left: %(phase)s.")
                % {"phase": Phase(project.resume_phase).label},
            )
        reasons.append(
            _("The project cannot go from %(current)s to %(target)s directly.")
            % {"current": current.label, "target": target.label}
        )
        raise GateNotMet(reasons)
    reason = _text(reason, _("Reason"))
    if target in lifecycle.NEEDS_REASON and not reason:
        raise InvalidInput(_("Give the reason for this decision."))
    if current != Phase.SUSPENDED or target == Phase.CANCELLED:
        reasons = lifecycle.unmet_conditions(project, target)
        if reasons:
            raise GateNotMet(reasons)
    if project.published_at is None and target in lifecycle.ORDER and target != Phase.IDENTIFICATION:
        project.published_at = timezone.now()
    project.resume_phase = current if target == Phase.SUSPENDED else ""
    project.phase_reason = reason if target in lifecycle.NEEDS_REASON else ""
    project.phase = target
    project.revision += 1
    project.save()
    _record(actor, "project.phase_changed", project, old=current, new=target, reason=project.phase_reason)
    partners_notify(project, "project.phase_changed", actor, old=current, new=target)
    return project


@transaction.atomic
def project_delete(*, actor: User, project: Project) -> Project:
    """Soft delete: hidden everywhere, restorable by an officer of a partner."""
    project = _reload(project)
    _require(
        permissions.can_restore_project(actor, project), _("Only officers of a partner authority can delete.")
    )
    if project.deleted_at is None:
        project.deleted_at = timezone.now()
        project.save(update_fields=["deleted_at"])
        _record(actor, "project.deleted", project)
    return project


@transaction.atomic
def project_restore(*, actor: User, project: Project) -> Project:
    project = _reload(project)
    _require(
        permissions.can_restore_project(actor, project),
        _("Only officers of a partner authority can restore."),
    )
    if project.deleted_at is not None:
        project.deleted_at = None
        project.save(update_fields=["deleted_at"])
        _record(actor, "project.restored", project)
    return project


# --- expertise mission --------------------------------------------------------------------------

MISSION_FIELDS = (
    "title",
    "terms_of_reference",
    "team",
    "places",
    "starts_on",
    "ends_on",
    "findings",
    "recommendations",
)


def _mission_labels() -> dict[str, str]:
    return {
        "terms_of_reference": _("Terms of reference"),
        "team": _("Team"),
        "places": _("Places"),
        "findings": _("Findings"),
        "recommendations": _("Recommendations"),
    }


def _clean_mission(values: dict) -> dict:
    """The mission's fields as given, bounded: a one-line title, long texts, dates in range."""
    cleaned = dict(values)
    if "title" in values:
        cleaned["title"] = _line(values["title"], _("Title"), limit=255)
    for name, label in _mission_labels().items():
        if name in values:
            cleaned[name] = _text(values[name], label)
    _dates(values.get("starts_on"), values.get("ends_on"))
    return cleaned


def _validate_mission(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise InvalidInput(_("A title is required."))
    if not values.get("starts_on") or not values.get("ends_on"):
        raise InvalidInput(_("The mission needs its start and end dates."))
    if values["ends_on"] < values["starts_on"]:
        raise InvalidInput(_("The mission cannot end before it starts."))


@transaction.atomic
def mission_record(*, actor: User, project: Project, **values) -> ExpertiseMission:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    values = _clean_mission({k: v for k, v in values.items() if k in MISSION_FIELDS})
    _validate_mission(values)
    mission = ExpertiseMission.objects.create(project=project, created_by=actor, **values)
    _record(actor, "mission.recorded", project, target=mission, mission=mission.pk, title=mission.title)
    partners_notify(project, "mission.recorded", actor, mission=mission.pk)
    return mission


@transaction.atomic
def mission_update(*, actor: User, mission: ExpertiseMission, revision: int, **values) -> ExpertiseMission:
    """Edit the mission; a change to it voids the acceptances of its report."""
    mission = ExpertiseMission.objects.select_for_update().get(pk=mission.pk)
    project = _reload(mission.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    values = {k: v for k, v in values.items() if k in MISSION_FIELDS}
    if revision != mission.revision:
        raise StaleVersion(
            _("Someone saved this mission after you opened it."),
            current={k: _jsonable(getattr(mission, k)) for k in values},
            submitted={k: _jsonable(v) for k, v in values.items()},
        )
    values = _clean_mission(values)
    merged = {k: getattr(mission, k) for k in MISSION_FIELDS} | values
    _validate_mission(merged)
    diff = {
        k: [_jsonable(getattr(mission, k)), _jsonable(v)]
        for k, v in values.items()
        if getattr(mission, k) != v
    }
    if diff:
        for k, v in values.items():
            setattr(mission, k, v)
        mission.revision += 1
        mission.save()
        _record(actor, "mission.updated", project, target=mission, mission=mission.pk, changes=diff)
    return mission


@transaction.atomic
def mission_accept(
    *,
    actor: User,
    project: Project,
    mission: ExpertiseMission,
    revision: int,
    authority_id: int | None = None,
):
    """The actor's authority accepts the mission report in the `revision` they read (it must be the current
    one: StaleVersion otherwise, and InvalidInput when none is given)."""
    project = _reload(project)
    authority_id = _acting_authority(actor, project, authority_id, check=permissions.can_accept_mission)
    authority = next(p.authority for p in project.partners.all() if p.authority_id == authority_id)
    # Read afresh and locked: the revision checked is the one the acceptance is written for.
    mission = (
        ExpertiseMission.objects.select_for_update().filter(pk=mission.pk, project_id=project.pk).first()
    )
    if mission is None or mission.deleted_at is not None:
        raise InvalidInput(_("This mission does not belong to the project."))
    acceptance, created = approvals.approval_give(
        current=mission.revision,
        read=revision,
        authority=authority,
        approvals=mission.acceptances.filter(mission_revision=mission.revision),
        create=lambda: MissionAcceptance.objects.create(
            mission=mission, authority=authority, mission_revision=mission.revision, accepted_by=actor
        ),
        errors=APPROVAL_ERRORS,
        current_content={f: _jsonable(getattr(mission, f)) for f in MISSION_FIELDS},
        stale_message=_(
            "The mission report was changed (revision %(number)s) after the revision %(read)s you read: "
            "read it before accepting."
        )
        % {"number": mission.revision, "read": revision},
    )
    if created:
        _record(
            actor,
            "mission.accepted",
            project,
            target=mission,
            mission=mission.pk,
            authority=authority.pk,
            name=str(authority),
        )
        partners_notify(project, "mission.accepted", actor, authority=authority.pk)
    return acceptance


def _acting_authority(actor, project, authority_id, *, check) -> int:
    """The partner authority the actor acts for: the one named, or their only one."""
    partners = {p.authority_id: p.authority for p in project.partners.all()}
    if authority_id is not None:
        if authority_id not in partners:
            raise InvalidInput(_("This authority is not a partner of the project."))
        if not check(actor, project, partners[authority_id]):
            raise NotAllowed(
                _("You cannot decide for %(authority)s.") % {"authority": partners[authority_id]}
            )
        return authority_id
    mine = [a for a in partners if check(actor, project, partners[a])]
    if not mine:
        raise NotAllowed(_("You cannot decide for any partner authority of this project."))
    if len(mine) > 1:
        raise InvalidInput(_("You act for several partners: say for which authority you decide."))
    return mine[0]


# --- programme ----------------------------------------------------------------------------------

ACTION_FIELDS = ("title", "partner_id", "description", "starts_on", "ends_on", "expected_results")


def _action_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(_("A date is expected (YYYY-MM-DD).")) from None
    _dates(value)
    return value


def _clean_actions(project: Project, actions: list[dict]) -> list[dict]:
    partner_ids = {p.authority_id for p in project.partners.all()}
    if not isinstance(actions, list) or len(actions) > ACTIONS_MAX:
        raise InvalidInput(_("A programme holds %(limit)s actions at most.") % {"limit": ACTIONS_MAX})
    cleaned = []
    for number, action in enumerate(actions, start=1):
        if not isinstance(action, dict):
            raise InvalidInput(_("Action %(number)s needs a title.") % {"number": number})
        title = _line(action.get("title"), _("Title"))
        if not title:
            raise InvalidInput(_("Action %(number)s needs a title.") % {"number": number})
        partner_id = action.get("partner_id")
        if partner_id not in partner_ids:
            raise InvalidInput(
                _("Action %(number)s: the responsible partner must be one of the project's partners.")
                % {"number": number}
            )
        item = {"title": title, "partner_id": partner_id}
        item["description"] = _text(action.get("description"), _("Description"))
        item["expected_results"] = _text(action.get("expected_results"), _("Expected results"))
        for key in ("starts_on", "ends_on"):
            value = _action_date(action.get(key))
            item[key] = _jsonable(value) if value else None
        if item["starts_on"] and item["ends_on"] and item["ends_on"] < item["starts_on"]:
            raise InvalidInput(_("Action %(number)s ends before it starts.") % {"number": number})
        cleaned.append(item)
    return cleaned


@transaction.atomic
def programme_update(
    *, actor: User, project: Project, version: int, actions: list[dict], objectives: str = ""
) -> ProgrammeVersion:
    """Save the intervention choices as a new version; earlier approvals no longer count."""
    _lock(project)
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if Phase(project.phase) in FINISHED_PHASES:
        raise InvalidInput(_("A closed or cancelled project does not change any more."))
    current = programme_current(project=project)
    current_number = current.number if current else 0
    if version != current_number:
        # Checked before the content: whoever saved first wins, and the late text is handed back whole.
        raise StaleVersion(
            _("Version %(current)s of the programme was saved after the version %(read)s you read.")
            % {"current": current_number, "read": version},
            current=current.content if current else None,
            submitted={"objectives": objectives or "", "actions": [_jsonable_dict(a) for a in actions]},
        )
    content = {"objectives": _text(objectives, _("Objectives")), "actions": _clean_actions(project, actions)}
    if current is not None and current.content == content:
        return current
    new = ProgrammeVersion.objects.create(
        project=project, number=current_number + 1, content=content, created_by=actor
    )
    voided = [a.authority_id for a in current.approvals.all()] if current else []
    _record(actor, "programme.version_created", project, target=new, version=new.number, voided=voided)
    partners_notify(project, "programme.version_created", actor, version=new.number)
    return new


@transaction.atomic
def programme_approve(
    *,
    actor: User,
    project: Project,
    version: int,
    authority_id: int | None = None,
    council_decision_id: int | None = None,
) -> ProgrammeApproval:
    """Record that the actor's authority approves the programme `version` they read (it must be the current
    one: StaleVersion otherwise, and InvalidInput when none is given)."""
    _lock(project)
    project = _reload(project)
    authority_id = _acting_authority(actor, project, authority_id, check=permissions.can_approve_programme)
    authority = next(p.authority for p in project.partners.all() if p.authority_id == authority_id)
    programme = programme_current(project=project)
    if programme is None:
        raise GateNotMet([_("The programme of intervention choices has not been written yet.")])
    decision = None
    if council_decision_id is not None:
        decision = next((d for d in project.documents.all() if d.pk == council_decision_id), None)
        if decision is None:
            raise InvalidInput(_("This document does not belong to the project."))
    approval, created = approvals.approval_give(
        current=programme.number,
        read=version,
        authority=authority,
        approvals=programme.approvals.all(),
        create=lambda: ProgrammeApproval.objects.create(
            version=programme, authority=authority, approved_by=actor, council_decision=decision
        ),
        errors=APPROVAL_ERRORS,
        current_content=programme.content,
        stale_message=_(
            "A new version %(number)s of the programme was saved meanwhile: read it before approving."
        )
        % {"number": programme.number},
    )
    if created:
        _record(
            actor,
            "programme.approved",
            project,
            target=approval,
            version=programme.number,
            authority=authority.pk,
            name=str(authority),
        )
        partners_notify(
            project, "programme.approved", actor, version=programme.number, authority=authority.pk
        )
    return approval


# --- activities, documents, discussion ----------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: User,
    project: Project,
    title: str,
    partner_id: int,
    starts_on=None,
    ends_on=None,
    is_milestone: bool = False,
    status: str = ActivityStatus.PLANNED,
) -> Activity:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if partner_id not in {p.authority_id for p in project.partners.all()}:
        raise InvalidInput(_("The responsible partner must be one of the project's partners."))
    title = _line(title, _("Title"), required=_("A title is required."), limit=255)
    _dates(starts_on, ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput(_("The activity cannot end before it starts."))
    if status not in ActivityStatus.values:
        raise InvalidInput(_("Unknown status: %(status)s.") % {"status": status[:20]})
    activity = Activity.objects.create(
        project=project,
        title=title,
        partner_id=partner_id,
        starts_on=starts_on,
        ends_on=ends_on,
        is_milestone=is_milestone,
        status=status,
        created_by=actor,
    )
    _record(actor, "activity.created", project, target=activity, title=activity.title)
    return activity


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> Activity:
    project = _reload(activity.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if activity.deleted_at is None:
        activity.deleted_at = timezone.now()
        activity.save(update_fields=["deleted_at"])
        _record(actor, "activity.deleted", project, target=activity, title=activity.title)
    return activity


@transaction.atomic
def activity_restore(*, actor: User, activity: Activity) -> Activity:
    project = _reload(activity.project)
    _require(
        permissions.can_restore_project(actor, project),
        _("Only officers of a partner authority can restore."),
    )
    if activity.deleted_at is not None:
        activity.deleted_at = None
        activity.save(update_fields=["deleted_at"])
        _record(actor, "activity.restored", project, target=activity, title=activity.title)
    return activity


def _store_version(*, actor, document: Document, uploaded) -> DocumentVersion:
    max_bytes = settings.DOCUMENT_MAX_BYTES
    if uploaded.size > max_bytes:
        raise InvalidInput(
            _("The file is too large: %(size)s MB at most.") % {"size": max_bytes // (1024 * 1024)}
        )
    content_type = sniff_upload(uploaded)
    if content_type not in ALLOWED:
        raise InvalidInput(
            _("This kind of file is not accepted: PDF, Word, Excel, OpenDocument, PNG or JPEG only.")
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    name = stored_name(uploaded.name, content_type)
    version = DocumentVersion(
        document=document,
        number=number,
        filename=name,
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    version.file.save(name, uploaded, save=False)
    version.save()
    return version


@transaction.atomic
def document_upload(
    *,
    actor: User,
    project: Project,
    category: str,
    title: str,
    language: str,
    uploaded,
    signatures: dict | None = None,
) -> Document:
    project = _reload(project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if category not in DocumentCategory.values:
        raise InvalidInput(_("Unknown document kind: %(kind)s.") % {"kind": category[:10]})
    _check_language(language)
    partner_ids = {str(p.authority_id) for p in project.partners.all()}
    signatures = {str(k): _jsonable(v) for k, v in (signatures or {}).items() if v}
    if set(signatures) - partner_ids:
        raise InvalidInput(_("Signatures can only be those of the project's partners."))
    document = Document.objects.create(
        project=project,
        category=category,
        title=(title or "").strip()[:255] or uploaded.name[:255],
        language=language,
        signatures=signatures,
        uploaded_by=actor,
    )
    version = _store_version(actor=actor, document=document, uploaded=uploaded)
    _record(
        actor,
        "document.uploaded",
        project,
        target=document,
        title=document.title,
        category=category,
        version=version.number,
    )
    return document


@transaction.atomic
def document_add_version(*, actor: User, document: Document, uploaded) -> DocumentVersion:
    project = _reload(document.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    version = _store_version(actor=actor, document=document, uploaded=uploaded)
    _record(
        actor,
        "document.version_added",
        project,
        target=document,
        title=document.title,
        version=version.number,
    )
    return version


@transaction.atomic
def document_delete(*, actor: User, document: Document) -> Document:
    project = _reload(document.project)
    _require(permissions.can_edit_project(actor, project), _("Only members of a partner authority can edit."))
    if document.deleted_at is None:
        document.deleted_at = timezone.now()
        document.save(update_fields=["deleted_at"])
        _record(actor, "document.deleted", project, target=document, title=document.title)
    return document


MENTION = re.compile(r"@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


@transaction.atomic
def comment_post(*, actor: User, project: Project, body: str) -> Comment:
    project = _reload(project)
    _require(
        permissions.can_comment_project(actor, project),
        _("Only the project's partners and participants can discuss."),
    )
    body = text.clean_text(body, what=_("Message"), error=InvalidInput, limit=10_000)
    if not body:
        raise InvalidInput(_("The message is empty."))
    comment = Comment.objects.create(project=project, author=actor, body=body)
    emails = {m.lower() for m in MENTION.findall(body)}
    mentioned = [u for u in User.objects.filter(email__in=emails) if permissions.can_view_project(u, project)]
    comment.mentions.set(mentioned)
    _record(actor, "comment.posted", project, target=comment, comment=comment.pk)
    partners_notify(project, "comment.posted", actor, comment=comment.pk, mentions=[u.pk for u in mentioned])
    return comment


@transaction.atomic
def notifications_mark_read(*, actor: User, notification_id: int | None = None) -> int:
    """Mark the actor's unread notifications (or only one) as read; returns how many changed.

    Reading one's own notifications is not a project event: nothing is journaled.
    """
    from .models import Notification

    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


# --- bringing a partner's people in ---------------------------------------------------------------


def _expected_of(project: Project, authority) -> str:
    """What the project waits for from `authority` now (untranslated: the e-mail is written in its reader's
    language)."""
    from .selectors import (
        mission_current,
        partners_missing_mission_acceptance,
        partners_missing_programme_approval,
    )

    mission = mission_current(project=project)
    if mission is not None and authority in partners_missing_mission_acceptance(
        project=project, mission=mission
    ):
        return gettext_noop("accept the expertise mission report.")
    programme = programme_current(project=project)
    if programme is not None and authority in partners_missing_programme_approval(
        project=project, version=programme
    ):
        return gettext_noop("approve the programme of intervention choices.")
    return ""


def _project_title(project: Project, language: str) -> str:
    from .selectors import project_text

    text = project_text(project, TextField_.TITLE, language)
    return text.text if text else f"#{project.pk}"


@transaction.atomic
def project_invitation_create(
    *, actor: User, project: Project, authority_id: int, email: str, role: str, language: str, base_url: str
) -> Invitation:
    """A member (officer or elected official) of a partner authority invites a person to act, provisionally,
    for another partner of the same project that has no confirmed member yet."""
    project = _reload(project)
    partners = {p.authority_id: p.authority for p in project.partners.all()}
    if not isinstance(authority_id, int) or authority_id not in partners:
        raise InvalidInput(_("This authority is not a partner of the project."))
    authority = partners[authority_id]
    inviting = [
        m
        for m in Membership.objects.confirmed()
        .filter(user=actor, organisation_id__in=partners, role__in=(Role.ELECTED, Role.OFFICER))
        .select_related("organisation")
        .order_by("role")  # elected first: the highest role the actor may give from
        if m.organisation_id != authority_id
    ]
    if not inviting:
        raise NotAllowed(
            _("Only an officer or elected official of another partner authority invites a partner's people.")
        )
    return account_services.invitation_create_for_partner(
        actor=actor,
        inviting_membership=inviting[0],
        organisation=authority,
        email=email,
        role=role,
        language=language,
        project_id=project.pk,
        project_title=_project_title(project, language),
        expected=_expected_of(project, authority),
        base_url=base_url,
    )
