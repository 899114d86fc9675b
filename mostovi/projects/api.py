"""Projects endpoints of the public API (`/api/v1/projects`): validate, call a service or selector, answer.

Every write goes through `services`; its exceptions become the API's errors: `NotAllowed` → 403,
`GateNotMet` → 409 with every unmet condition, `StaleVersion` → 409 with what is saved and what was sent,
`InvalidInput` → 422. A project the caller may not see answers 404, exactly like one that does not exist.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import MAX_ID, ErrorOut

from . import lifecycle, services
from .exceptions import InvalidInput, StaleVersion
from .models import (
    ExpertiseMission,
    MissionAcceptance,
    Phase,
    ProgrammeApproval,
    Project,
    TextField_,
)
from .schemas import (
    AcceptanceOut,
    ApprovalIn,
    ApprovalOut,
    CommentIn,
    CommentOut,
    ErrorsOut,
    EventOut,
    GateOut,
    InvitationOut,
    MissionAcceptanceIn,
    MissionIn,
    MissionOut,
    ProgrammeIn,
    ProgrammeOut,
    ProjectCreateIn,
    ProjectInvitationIn,
    ProjectItemOut,
    ProjectOut,
    ProjectPatchIn,
    StaleOut,
    TextIn,
    TextWrittenOut,
    TransitionIn,
    partner_item,
    person_name,
)
from .selectors import (
    mission_acceptances_current,
    partners_missing_programme_approval,
    programme_current,
    project_get_for_page,
    project_list,
    project_text,
    project_timeline,
    project_visible_for_page,
)

router = Router(tags=["projects"])

READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: GateOut | StaleOut, 422: ErrorsOut}


# --- helpers ------------------------------------------------------------------------------------


def _visible_project(request, project_id: int) -> Project:
    """The project with what its detail shows, or 404 when it does not exist or the caller may not see it."""
    project = project_visible_for_page(user=request.user, pk=project_id)
    if project is None:
        raise HttpError(404, _("No project has this id."))
    return project


def _writable_project(request, project_id: int):
    """(user, project) for a write: 401 for an anonymous caller, 404 when the project is not visible."""
    user = require_user(request)
    return user, _visible_project(request, project_id)


def _person(membership) -> dict | None:
    if membership is None:
        return None
    return {
        "membership_id": membership.pk,
        "user_id": membership.user_id,
        "user": person_name(membership.user),
        "role": membership.role,
    }


def _partner(partner, *, detail: bool = False) -> dict:
    item = partner_item(partner)
    if detail:
        item["responsible"] = _person(partner.responsible)
        item["deputy"] = _person(partner.deputy)
    return item


def _texts(project, field: str) -> list[dict]:
    texts = sorted(
        (t for t in project.texts.all() if t.field == field), key=lambda t: (not t.is_original, t.language)
    )
    return [
        {"language": t.language, "text": t.text, "is_original": t.is_original, "revision": t.revision}
        for t in texts
    ]


def _transitions(project) -> list[dict]:
    resuming = Phase(project.phase) == Phase.SUSPENDED
    items = []
    for target in lifecycle.allowed_targets(project):
        # A suspended project resumes without passing the gate again (as `services.project_transition`).
        conditions = (
            [] if resuming and target != Phase.CANCELLED else lifecycle.unmet_conditions(project, target)
        )
        items.append(
            {
                "to": target.value,
                "label": str(target.label),
                "open": not conditions,
                "conditions": [str(c) for c in conditions],
                "needs_reason": target in lifecycle.NEEDS_REASON,
            }
        )
    return items


def _approval(approval, number: int) -> dict:
    return {
        "version": number,
        "authority_id": approval.authority_id,
        "approved_by": approval.approved_by_id,
        "approved_by_name": person_name(approval.approved_by),
        "approved_at": approval.approved_at,
        "council_decision_id": approval.council_decision_id,
    }


def _programme(project) -> dict:
    version = programme_current(project=project)
    if version is None:
        return {
            "version": 0,
            "objectives": "",
            "actions": [],
            "approvals": [],
            "missing_approvals": [p.authority_id for p in project.partners.all()],
            "created_at": None,
            "created_by_name": "",
        }
    content = version.content or {}
    return {
        "version": version.number,
        "objectives": content.get("objectives", ""),
        "actions": content.get("actions", []),
        "approvals": [_approval(a, version.number) for a in version.approvals.all()],
        "missing_approvals": [
            a.pk for a in partners_missing_programme_approval(project=project, version=version)
        ],
        "created_at": version.created_at,
        "created_by_name": person_name(version.created_by),
    }


def _acceptance(acceptance) -> dict:
    return {
        "mission_id": acceptance.mission_id,
        "authority_id": acceptance.authority_id,
        "accepted_by": acceptance.accepted_by_id,
        "accepted_by_name": person_name(acceptance.accepted_by),
        "accepted_at": acceptance.accepted_at,
        "mission_revision": acceptance.mission_revision,
    }


def _mission(mission) -> dict:
    return {
        "id": mission.pk,
        "title": mission.title,
        "terms_of_reference": mission.terms_of_reference,
        "team": mission.team,
        "places": mission.places,
        "starts_on": mission.starts_on,
        "ends_on": mission.ends_on,
        "findings": mission.findings,
        "recommendations": mission.recommendations,
        "revision": mission.revision,
        "acceptances": [_acceptance(a) for a in mission_acceptances_current(mission=mission)],
    }


def _detail(project) -> dict:
    title = project_text(project, TextField_.TITLE)
    summary = project_text(project, TextField_.SUMMARY)
    return {
        "id": project.pk,
        "phase": project.phase,
        "phase_label": str(Phase(project.phase).label),
        "phase_reason": project.phase_reason,
        "resume_phase": project.resume_phase,
        "visibility": project.visibility,
        "title": title.text if title else "",
        "title_language": title.language if title else "",
        "titles": _texts(project, TextField_.TITLE),
        "summary": summary.text if summary else "",
        "summary_language": summary.language if summary else "",
        "summaries": _texts(project, TextField_.SUMMARY),
        "themes": project.themes or [],
        "dac_sectors": project.dac_sectors or [],
        "locations": project.locations or [],
        "working_languages": project.working_languages or [],
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "actual_start": project.actual_start,
        "actual_end": project.actual_end,
        "partners": [_partner(p, detail=True) for p in project.partners.all()],
        "participants": [
            {
                "organisation_id": p.organisation_id,
                "name": p.organisation.name,
                "role": p.role,
                "role_label": p.get_role_display(),
            }
            for p in project.participants.all()
        ],
        "allowed_transitions": _transitions(project),
        "programme": _programme(project),
        "missions": [_mission(m) for m in project.missions.all() if m.deleted_at is None],
        "revision": project.revision,
        "created_at": project.created_at,
        "updated_at": project.updated_at,
    }


def _fresh_detail(project_id: int) -> dict:
    return _detail(project_get_for_page(pk=project_id))


def _mission_of(project, mission_id: int) -> ExpertiseMission:
    mission = next((m for m in project.missions.all() if m.pk == mission_id and m.deleted_at is None), None)
    if mission is None:
        raise HttpError(404, _("This project has no expertise mission with this id."))
    return mission


# --- the projects -------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[ProjectItemOut], 422: ErrorOut},
    summary="List the projects the caller may see",
    description=(
        "Newest change first. Anonymous callers see public projects past identification; members of an "
        "authority also see its projects; network coordinators see the `network` projects of their members. "
        "Answers `{count, items}`."
    ),
)
@paginate
def projects_list(
    request,
    phase: str | None = Query(None, description="Only projects in this phase (identification, funding…)."),
    authority: int | None = Query(
        None, ge=1, le=MAX_ID, description="Only projects with this partner authority (its id)."
    ),
):
    if phase and phase not in Phase.values:
        raise HttpError(
            422,
            _("Unknown phase: %(phase)s. Use one of: %(phases)s.")
            % {"phase": phase[:30], "phases": ", ".join(Phase.values)},
        )
    return project_list(user=request.user, phase=phase or None, authority=authority)


@router.post(
    "",
    response={201: ProjectOut, **WRITE_ERRORS},
    summary="Create a project",
    description=(
        "The caller must act (officer, elected official or technical staff) for one of the partners. The new "
        "project is in phase `identification`, visibility `private`; `title` is in `language` (by default "
        "the request's language)."
    ),
)
def project_create(request, payload: ProjectCreateIn):
    user = require_user(request)
    project = services.project_create(
        actor=user,
        title=payload.title,
        partner_ids=payload.partner_ids,
        language=payload.language or get_language(),
        summary=payload.summary,
        lead_id=payload.lead_id,
    )
    return Status(201, _fresh_detail(project.pk))


@router.get(
    "/{project_id}",
    response={200: ProjectOut, **READ_ERRORS},
    summary="One project",
    description=(
        "With its partners, their responsible people, the expertise missions, the current programme version "
        "and its approvals, and the phases it may move to with the conditions still unmet."
    ),
)
def project_detail(request, project_id: int):
    return _detail(_visible_project(request, project_id))


@router.patch(
    "/{project_id}",
    response={200: ProjectOut, **WRITE_ERRORS},
    summary="Change the project's own fields",
    description=(
        "Send the `revision` read and only the fields to change. When someone saved in between, answers 409 "
        "with `current` (saved values) and `submitted`."
    ),
)
def project_patch(request, project_id: int, payload: ProjectPatchIn):
    user, project = _writable_project(request, project_id)
    changes = payload.model_dump(exclude_unset=True)
    revision = changes.pop("revision")
    for field in ("themes", "dac_sectors", "locations", "working_languages"):
        if field in changes and changes[field] is None:
            changes[field] = []
    if changes.get("visibility", "") is None:
        raise InvalidInput(_("Unknown visibility: %(value)s.") % {"value": "null"})
    services.project_update(actor=user, project=project, revision=revision, **changes)
    return _fresh_detail(project.pk)


@router.put(
    "/{project_id}/texts/{field}/{language}",
    response={200: TextWrittenOut, 201: TextWrittenOut, **WRITE_ERRORS},
    summary="Write the title or summary in one language",
    description=(
        "`field` is `title` or `summary`; `language` a language code (fr, en, bg, sr, sr-latn…). Adds a "
        "translation (201, `revision` 0) or changes the text in that language (200, the `revision` read). "
        "When someone saved that text in between, answers 409 with `current` (their text), "
        "`current_version` (its revision) and `submitted` (yours), and changes nothing."
    ),
)
def project_text_put(request, project_id: int, field: str, language: str, payload: TextIn):
    user, project = _writable_project(request, project_id)
    existed = any(t.field == field and t.language == language for t in project.texts.all())
    text = services.project_text_set(
        actor=user,
        project=project,
        field=field,
        language=language,
        text=payload.text,
        revision=payload.revision,
    )
    body = {
        "field": text.field,
        "language": text.language,
        "text": text.text,
        "is_original": text.is_original,
        "revision": text.revision,
    }
    return Status(200 if existed else 201, body)


@router.post(
    "/{project_id}/transitions",
    response={200: ProjectOut, **WRITE_ERRORS},
    summary="Move the project to another phase",
    description=(
        "Officers and elected officials of a partner move the project. When a gate is not met, answers 409: "
        "`detail` names the first unmet condition, `errors` lists them all. Suspending and cancelling need "
        "a `reason`."
    ),
)
def project_transition(request, project_id: int, payload: TransitionIn):
    user, project = _writable_project(request, project_id)
    services.project_transition(actor=user, project=project, to=payload.to, reason=payload.reason)
    return _fresh_detail(project.pk)


@router.get(
    "/{project_id}/timeline",
    response={200: list[EventOut], **READ_ERRORS},
    summary="The project's journal",
    description="Every recorded event about the project, newest first. Answers `{count, items}`.",
)
@paginate
def project_timeline_list(request, project_id: int):
    project = _visible_project(request, project_id)
    return project_timeline(project=project)


@router.post(
    "/{project_id}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    summary="Post a message in the project's discussion",
    description="Partners and participants discuss; `@email` mentions a person who can see the project.",
)
def comment_create(request, project_id: int, payload: CommentIn):
    user, project = _writable_project(request, project_id)
    comment = services.comment_post(actor=user, project=project, body=payload.body)
    body = {
        "id": comment.pk,
        "author": {"id": user.pk, "name": person_name(user)},
        "body": comment.body,
        "created_at": comment.created_at,
    }
    return Status(201, body)


# --- expertise mission --------------------------------------------------------------------------


@router.post(
    "/{project_id}/expertise-missions",
    response={201: MissionOut, **WRITE_ERRORS},
    summary="Record the expertise mission",
    description=(
        "The prior expertise mission (dates ISO 8601). Its `findings` and `recommendations` are needed "
        "before the joint definition, and every partner must accept its report."
    ),
)
def mission_create(request, project_id: int, payload: MissionIn):
    user, project = _writable_project(request, project_id)
    mission = services.mission_record(actor=user, project=project, **payload.model_dump())
    return Status(201, _mission(mission))


@router.post(
    "/{project_id}/expertise-missions/{mission_id}/acceptances",
    response={200: AcceptanceOut, 201: AcceptanceOut, **WRITE_ERRORS},
    summary="Accept the mission report for the caller's authority",
    description=(
        "An officer or elected official accepts for their partner authority (name it with `authority_id` "
        "when acting for several) the `revision` of the report they read. A revision that is not the "
        "current one answers 409 with `current_version` and changes nothing; no `revision` answers 422. "
        "Answers 201, or 200 when that authority had already accepted this revision."
    ),
)
def mission_acceptance_create(request, project_id: int, mission_id: int, payload: MissionAcceptanceIn):
    user, project = _writable_project(request, project_id)
    mission = _mission_of(project, mission_id)
    before = {a.pk for a in mission.acceptances.all()}
    acceptance = services.mission_accept(
        actor=user,
        project=project,
        mission=mission,
        revision=payload.revision,
        authority_id=payload.authority_id,
    )
    acceptance = MissionAcceptance.objects.select_related("accepted_by").get(pk=acceptance.pk)
    return Status(200 if acceptance.pk in before else 201, _acceptance(acceptance))


# --- programme ----------------------------------------------------------------------------------


@router.put(
    "/{project_id}/programme",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    summary="Write the programme of intervention choices",
    description=(
        "Send the `version` read (0 before any). Any change creates a new version and voids the approvals of "
        "earlier ones. A stale `version` answers 409 with `current` (the saved content), `current_version` "
        "and `submitted`, and changes nothing."
    ),
)
def programme_put(request, project_id: int, payload: ProgrammeIn):
    user, project = _writable_project(request, project_id)
    try:
        services.programme_update(
            actor=user,
            project=project,
            version=payload.version,
            objectives=payload.objectives,
            actions=[a.model_dump() for a in payload.actions],
        )
    except StaleVersion as exc:
        current = programme_current(project=Project.objects.get(pk=project.pk))
        exc.current_version = current.number if current else 0
        raise
    return _programme(project_get_for_page(pk=project.pk))


@router.post(
    "/{project_id}/programme/approvals",
    response={200: ApprovalOut, 201: ApprovalOut, **WRITE_ERRORS},
    summary="Approve the programme version the caller read, for the caller's authority",
    description=(
        "An elected official (or an officer with delegated approval) approves for their partner authority "
        "(name it with `authority_id` when acting for several) the `version` they read, optionally with the "
        "council decision document. A version that is not the current one answers 409 with "
        "`current_version` and changes nothing; no `version` answers 422. Answers 201, or 200 when that "
        "authority had already approved this version."
    ),
)
def programme_approval_create(request, project_id: int, payload: ApprovalIn):
    user, project = _writable_project(request, project_id)
    version = programme_current(project=project)
    before = {a.pk for a in version.approvals.all()} if version else set()
    approval = services.programme_approve(
        actor=user,
        project=project,
        version=payload.version,
        authority_id=payload.authority_id,
        council_decision_id=payload.council_decision_id,
    )
    approval = ProgrammeApproval.objects.select_related("approved_by", "version").get(pk=approval.pk)
    return Status(200 if approval.pk in before else 201, _approval(approval, approval.version.number))


# --- bringing a partner's people in ---------------------------------------------------------------


@router.post(
    "/{project_id}/invitations",
    response={201: InvitationOut, **WRITE_ERRORS},
    summary="Invite a person to act for a partner that has nobody on Mostovi yet",
    description=(
        "An officer or elected official of a partner authority invites a person to act for another partner "
        "of the project that has no confirmed member. Accepting gives a provisional membership: its "
        "acceptances and approvals are recorded and count once the membership is confirmed. An authority "
        "with confirmed members answers 409 (its members invite their colleagues); nobody gives a role "
        "above their own."
    ),
)
def project_invitation_create(request, project_id: int, payload: ProjectInvitationIn):
    user, project = _writable_project(request, project_id)
    invitation = services.project_invitation_create(
        actor=user,
        project=project,
        authority_id=payload.authority_id,
        email=payload.email,
        role=payload.role,
        language=payload.language,
        base_url=request.build_absolute_uri("/"),
    )
    return Status(
        201,
        InvitationOut(
            id=invitation.pk,
            email=invitation.email,
            authority_id=invitation.organisation_id,
            role=invitation.role,
            expires_at=invitation.expires_at.isoformat(),
        ),
    )
