"""The expertise mission: its report and the partners' acceptances."""

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.accounts.models import User
from mostovi.core import approvals

from .. import permissions
from ..exceptions import InvalidInput, NotAllowed, StaleVersion
from ..models import (
    ExpertiseMission,
    MissionAcceptance,
    Project,
)
from .common import APPROVAL_ERRORS, _dates, _line, _record, _reload, _require, _text, partners_notify
from .project import _jsonable

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
