"""Follow-up actions and lessons learned (`docs/API.md`), mounted at the API root:

`GET/POST /projects/{id}/follow-up-actions`, `GET/PATCH/DELETE /projects/{id}/follow-up-actions/{action_id}`,
`POST /projects/{id}/follow-up-actions/{action_id}/status`, `GET /authorities/{id}/follow-up-actions`,
`GET /lessons`. A project the caller may not see answers 404; not allowed 403; a step the status does not
allow 409; invalid input 422.
"""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.auth import require_user
from mostovi.core.api.pagination import LimitOffsetPagination
from mostovi.core.api.schemas import ErrorOut
from mostovi.directory.models import Organisation
from mostovi.projects.selectors import project_get_for_page, project_text

from ..lessons import selectors as lesson_selectors
from ..logframe.api import WRITE_ERRORS
from ..models import OPEN_ACTION_STATUSES, ActionStatus
from . import permissions, services
from . import selectors as action_selectors

router = Router(tags=["follow-up actions"])
MAX_ID = 2**63 - 1


class OwnerOut(Schema):
    membership_id: int | None = Field(description="Null when the holder left and nobody took over.")
    name: str
    role: str
    authority_id: int
    authority: str


class FollowUpActionOut(Schema):
    id: int
    project_id: int
    review_id: int | None = Field(description="The review whose recommendation the action follows.")
    title: str
    description: str
    language: str
    owner: OwnerOut
    due_on: date
    status: str = Field(description="open, in_progress, done, handed_over or cancelled.")
    overdue: bool = Field(description="Open or in progress and due before today.")
    evidence: str
    completed_at: datetime | None


class FollowUpActionIn(Schema):
    title: str = Field(max_length=300)
    description: str = Field("", max_length=10_000)
    owner_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        strict=True,
        description="An active membership of a partner authority: a role, not a name.",
    )
    due_on: date
    language: str = Field(max_length=10, description="Language of the title and description (fr, sr-latn…).")
    review_id: int | None = Field(None, ge=1, le=MAX_ID, strict=True)


class ActionPatch(Schema):
    title: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=10_000)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID, strict=True)
    due_on: date | None = None


class StatusIn(Schema):
    to: str = Field(description="in_progress, done, handed_over, cancelled, or open (reopens a done action).")
    evidence: str = Field("", max_length=10_000, description="Required for done.")
    reason: str = Field("", max_length=10_000, description="Required for cancelled.")
    handed_to: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        strict=True,
        description="Required for handed_over: the membership that carries it on.",
    )


class LessonOut(Schema):
    id: int
    project_id: int
    project_title: str
    review_id: int | None
    authority_id: int
    authority: str
    at_closing: bool
    title: str
    text: str
    language: str
    created_at: datetime


def _visible(request, project_id: int):
    project = project_get_for_page(pk=project_id)
    if project is None or not permissions.can_view_actions(request.user, project):
        raise HttpError(404, _("No project has this id."))
    return project


def _action(project, action_id: int):
    action = action_selectors.action_get(project=project, pk=action_id)
    if action is None:
        raise HttpError(404, _("This project has no follow-up action with this id."))
    return action


def _action_dict(a, today: date) -> dict:
    owner = a.owner
    return {
        "id": a.pk,
        "project_id": a.project_id,
        "review_id": a.review_id,
        "title": a.title,
        "description": a.description,
        "language": a.language,
        "owner": {
            "membership_id": owner.pk if owner else None,
            "name": str(owner.user) if owner else "",
            "role": owner.role if owner else "",
            "authority_id": a.owner_authority_id,
            "authority": str(a.owner_authority),
        },
        "due_on": a.due_on,
        "status": a.status,
        "overdue": a.status in OPEN_ACTION_STATUSES and a.due_on < today,
        "evidence": a.evidence,
        "completed_at": a.completed_at,
    }


def _fresh(project, action_id: int) -> dict:
    return _action_dict(_action(project, action_id), timezone.localdate())


@router.get(
    "/projects/{project_id}/follow-up-actions",
    response={200: list[FollowUpActionOut], 404: ErrorOut, 422: ErrorOut},
    summary="The follow-up actions of a project",
    description="By due date. Filters: `status`, `authority` (owner authority id), `overdue`. "
    "Answers `{count, items}`.",
)
@paginate(LimitOffsetPagination)
def actions_list(
    request,
    project_id: int,
    status: ActionStatus | None = None,
    authority: int | None = Query(None, ge=1, le=MAX_ID),
    overdue: bool | None = None,
):
    project = _visible(request, project_id)
    today = timezone.localdate()
    actions = action_selectors.project_actions(
        project=project, status=status, authority_id=authority, overdue=overdue, today=today
    )
    return [_action_dict(a, today) for a in actions]


@router.post(
    "/projects/{project_id}/follow-up-actions",
    response={201: FollowUpActionOut, **WRITE_ERRORS},
    summary="Add a follow-up action",
    description="Members of a partner authority. The owner is an active membership of a partner authority "
    "(its authority owns the action); without one the answer is 422 “Name the role that owns this action.”",
)
def action_create(request, project_id: int, payload: FollowUpActionIn):
    user = require_user(request)
    project = _visible(request, project_id)
    action = services.action_create(actor=user, project=project, **payload.dict())
    return Status(201, _fresh(project, action.pk))


@router.get(
    "/projects/{project_id}/follow-up-actions/{action_id}",
    response={200: FollowUpActionOut, 404: ErrorOut},
    summary="One follow-up action",
)
def action_detail(request, project_id: int, action_id: int):
    project = _visible(request, project_id)
    return _fresh(project, action_id)


@router.patch(
    "/projects/{project_id}/follow-up-actions/{action_id}",
    response={200: FollowUpActionOut, **WRITE_ERRORS},
    summary="Change the title, description, due date or owner of an action",
    description="Fields left out stay as they are.",
)
def action_update(request, project_id: int, action_id: int, payload: ActionPatch):
    user = require_user(request)
    project = _visible(request, project_id)
    action = _action(project, action_id)
    services.action_update(actor=user, action=action, **payload.dict(exclude_unset=True))
    return _fresh(project, action_id)


@router.delete(
    "/projects/{project_id}/follow-up-actions/{action_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete an action (kept in the database and the timeline)",
)
def action_delete(request, project_id: int, action_id: int):
    user = require_user(request)
    project = _visible(request, project_id)
    services.action_delete(actor=user, action=_action(project, action_id))
    return Status(204, None)


@router.post(
    "/projects/{project_id}/follow-up-actions/{action_id}/status",
    response={200: FollowUpActionOut, **WRITE_ERRORS},
    summary="Move an action on",
    description="The owner or a member of a partner authority. open → in_progress → done (with `evidence`); "
    "open or in_progress → handed_over (with `handed_to`) or cancelled (with `reason`); done → open. "
    "A step the status does not allow answers 409.",
)
def action_status(request, project_id: int, action_id: int, payload: StatusIn):
    user = require_user(request)
    project = _visible(request, project_id)
    action = _action(project, action_id)
    services.action_transition(
        actor=user,
        action=action,
        to=payload.to,
        evidence=payload.evidence,
        reason=payload.reason,
        handed_to_id=payload.handed_to,
    )
    return _fresh(project, action_id)


@router.get(
    "/authorities/{authority_id}/follow-up-actions",
    response={200: list[FollowUpActionOut], 404: ErrorOut, 422: ErrorOut},
    summary="The open actions an authority owns across its live projects",
    description="Open and in-progress actions of the projects the caller may see, by due date; "
    "`overdue=true` keeps the overdue ones, `overdue=false` the others. Answers `{count, items}`.",
)
@paginate(LimitOffsetPagination)
def authority_actions(request, authority_id: int, overdue: bool | None = None):
    if authority_id > MAX_ID:
        raise HttpError(422, _("A number in the request is out of range."))
    authority = get_object_or_404(Organisation, pk=authority_id)
    today = timezone.localdate()
    actions = action_selectors.authority_actions(
        user=request.user, authority=authority, overdue=overdue, today=today
    )
    return [_action_dict(a, today) for a in actions]


@router.get(
    "/lessons",
    response={200: list[LessonOut], 422: ErrorOut},
    summary="Search the lessons learned",
    description="Lessons of the projects the caller may see and, for network coordinators, of the projects "
    "of their networks' members. `q` matches the start of words in any script, with or without accents. "
    "Answers `{count, items}`.",
    tags=["lessons learned"],
)
@paginate(LimitOffsetPagination)
def lessons(
    request,
    q: str = Query("", max_length=200),
    language: str | None = Query(None, max_length=10),
    theme: str | None = Query(None, max_length=60),
    project: int | None = Query(None, ge=1, le=MAX_ID),
):
    found = lesson_selectors.lessons_search(
        user=request.user, q=q, language=language, theme=theme, project_id=project
    )
    rows = []
    for lesson in found:
        title = project_text(lesson.project, "title")
        rows.append(
            {
                "id": lesson.pk,
                "project_id": lesson.project_id,
                "project_title": title.text if title else "",
                "review_id": lesson.review_id,
                "authority_id": lesson.authority_id,
                "authority": str(lesson.authority),
                "at_closing": lesson.at_closing,
                "title": lesson.title,
                "text": lesson.text,
                "language": lesson.language,
                "created_at": lesson.created_at,
            }
        )
    return rows
