"""Joint review endpoints (`docs/API.md`, "Reviews"), mounted at the API root:

`GET|POST /projects/{id}/reviews`, `GET /projects/{id}/reviews/{review_id}`,
`PUT /projects/{id}/reviews/{review_id}/assessments/{authority_id}` (scores),
`POST /projects/{id}/reviews/{review_id}/assessments/{authority_id}/submit`,
`PUT /projects/{id}/reviews/{review_id}/synthesis`,
`POST /projects/{id}/reviews/{review_id}/approvals/{authority_id}`,
`GET|PUT /projects/{id}/review-schedule`.

A partner's scores are absent (`scores: null`, `hidden: true`) for everyone outside that partner until every
partner has submitted. A project the caller may not see answers 404; not allowed 403; a step the status does
not allow 409; invalid input 422 (a body that is not JSON 400).
"""

from datetime import date, datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut
from mostovi.projects.schemas import person_name
from mostovi.projects.selectors import project_get_for_page

from ..logframe.api import InvalidOut
from ..models import Criterion, Review
from . import permissions, services
from . import selectors as review_selectors

router = Router(tags=["reviews"])

READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: InvalidOut}
CRITERIA = "relevance, coherence, effectiveness, efficiency, impact, sustainability"


class ScoreOut(Schema):
    criterion: str = Field(description=f"One of the OECD-DAC criteria: {CRITERIA}.")
    score: int = Field(
        description="1 unsatisfactory, 2 partly satisfactory, 3 satisfactory, 4 highly satisfactory."
    )
    narrative: str


class AssessmentOut(Schema):
    authority_id: int
    authority: str
    language: str
    submitted_at: datetime | None
    hidden: bool = Field(
        description="True while the scores are kept with that partner (the review is scoring)."
    )
    scores: list[ScoreOut] | None = Field(description="Absent (null) while hidden from the caller.")


class SynthesisApprovalOut(Schema):
    authority_id: int
    synthesis_version: int
    approved_by: str
    approved_at: datetime


class PartnerScoresOut(Schema):
    """One partner's six scores in one row (null while hidden from the caller, or not scored yet)."""

    authority_id: int
    hidden: bool
    relevance: int | None
    coherence: int | None
    effectiveness: int | None
    efficiency: int | None
    impact: int | None
    sustainability: int | None


class ReviewOut(Schema):
    id: int
    period_start: date
    period_end: date
    is_final: bool
    summary: str = Field(description="What was done in the period.")
    language: str
    status: str = Field(description="scoring, synthesis or completed.")
    synthesis: str
    synthesis_language: str
    synthesis_version: int
    completed_at: datetime | None
    assessments: list[AssessmentOut]
    approvals: list[SynthesisApprovalOut] = Field(
        description="Approvals of the current version of the synthesis."
    )
    scores: list[PartnerScoresOut] = Field(
        description="One entry per partner authority: its score (1–4) for each criterion, null while hidden."
    )


class ReviewIn(Schema):
    period_start: date
    period_end: date
    summary: str = Field("", max_length=services.MAX_TEXT)
    language: str | None = Field(
        None, description="Language of the summary; the request's language if absent."
    )
    is_final: bool = False


class ScoreIn(Schema):
    # bool is named so that `true` reaches the check as itself (not as 1) and is refused.
    score: int | str | float | bool | None = Field(
        description="An integer from 1 to 4; null removes the score."
    )
    narrative: str = Field("", max_length=services.MAX_NARRATIVE)


class AssessmentIn(Schema):
    scores: dict[str, ScoreIn] = Field(
        description=f"By criterion ({CRITERIA}); the criteria not named keep their saved score."
    )
    language: str | None = None


class SynthesisIn(Schema):
    synthesis: str = Field(max_length=services.MAX_TEXT)
    language: str | None = None
    version: int = Field(
        strict=True,
        description=(
            "The `synthesis_version` the edit started from (0 before any): 409 when someone saved since."
        ),
    )


class ReviewApprovalIn(Schema):
    version: int = Field(
        strict=True,
        description="The `synthesis_version` the caller read: 409 when it is not the current one.",
    )


class ScheduleIn(Schema):
    interval_months: int = Field(strict=True, description="From 1 to 60.")
    first_review_on: date


class ScheduleOut(Schema):
    interval_months: int
    first_review_on: date
    next_due_on: date | None
    overdue: bool = Field(description="The next review's date is past and no review covers it.")


def _visible(request, project_id: int):
    project = project_get_for_page(pk=project_id)
    if project is None or not permissions.can_view_reviews(request.user, project):
        raise HttpError(404, _("No project has this id."))
    return project


def _review(project, review_id: int):
    review = review_selectors.review_get(project=project, pk=review_id)
    if review is None:
        raise HttpError(404, _("This project has no review with this id."))
    return review


def _authority(review, authority_id: int):
    for assessment in review.assessments.all():
        if assessment.authority_id == authority_id:
            return assessment.authority
    raise HttpError(404, _("This review has no assessment for this authority."))


def _review_dict(review, user) -> dict:
    view = review_selectors.review_view(review=review, user=user)
    return {
        "id": review.pk,
        "period_start": review.period_start,
        "period_end": review.period_end,
        "is_final": review.is_final,
        "summary": review.summary,
        "language": review.language,
        "status": review.status,
        "synthesis": review.synthesis,
        "synthesis_language": review.synthesis_language,
        "synthesis_version": review.synthesis_version,
        "completed_at": review.completed_at,
        "assessments": [
            {
                "authority_id": partner.authority.pk,
                "authority": str(partner.authority),
                "language": partner.assessment.language,
                "submitted_at": partner.assessment.submitted_at,
                "hidden": not partner.visible,
                "scores": [
                    {"criterion": s.criterion, "score": s.score, "narrative": s.narrative}
                    for s in partner.assessment.scores.all()
                ]
                if partner.visible
                else None,
            }
            for partner in view.assessments
        ],
        "scores": [
            {"authority_id": partner.authority.pk, "hidden": not partner.visible}
            | {
                c.value: (partner.by_criterion[c.value].score if c.value in partner.by_criterion else None)
                for c in Criterion
            }
            for partner in view.assessments
        ],
        "approvals": [
            {
                "authority_id": a.authority_id,
                "synthesis_version": a.synthesis_version,
                "approved_by": person_name(a.approved_by),
                "approved_at": a.approved_at,
            }
            for a in view.approvals
        ],
    }


def _fresh(project, review_id: int, user) -> dict:
    return _review_dict(_review(project, review_id), user)


@router.get(
    "/projects/{project_id}/reviews",
    response={200: list[ReviewOut], **READ_ERRORS},
    summary="The joint reviews of a project",
    description="The oldest period first. Answers `{count, items}`.",
)
@paginate
def reviews_list(request, project_id: int):
    project = _visible(request, project_id)
    return [_review_dict(r, request.user) for r in review_selectors.review_list(project=project)]


@router.post(
    "/projects/{project_id}/reviews",
    response={201: ReviewOut, **WRITE_ERRORS},
    summary="Start a joint review of a period",
    description=(
        "Members (officer, elected, technical) of a partner authority. The period must not overlap another "
        "review of the project; a project has at most one final review."
    ),
)
def review_create(request, project_id: int, payload: ReviewIn):
    user = require_user(request)
    project = _visible(request, project_id)
    review = services.review_create(
        actor=user,
        project=project,
        period_start=payload.period_start,
        period_end=payload.period_end,
        summary=payload.summary,
        language=payload.language or get_language(),
        is_final=payload.is_final,
    )
    return Status(201, _fresh(project, review.pk, user))


@router.get(
    "/projects/{project_id}/reviews/{review_id}",
    response={200: ReviewOut, **READ_ERRORS},
    summary="One joint review, with the assessments the caller may see",
)
def review_detail(request, project_id: int, review_id: int):
    project = _visible(request, project_id)
    return _review_dict(_review(project, review_id), request.user)


@router.put(
    "/projects/{project_id}/reviews/{review_id}/assessments/{authority_id}",
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Save some or all of a partner's scores (1 to 4, with a narrative)",
    description=(
        "Members (officer, elected, technical) of that partner authority, while the review is scoring and "
        "the assessment not submitted. A score outside 1–4, or not an integer, is refused (422)."
    ),
)
def assessment_save(request, project_id: int, review_id: int, authority_id: int, payload: AssessmentIn):
    user = require_user(request)
    project = _visible(request, project_id)
    review = _review(project, review_id)
    services.assessment_save(
        actor=user,
        review=review,
        authority=_authority(review, authority_id),
        scores={c: {"score": s.score, "narrative": s.narrative} for c, s in payload.scores.items()},
        language=payload.language or get_language(),
    )
    return _fresh(project, review_id, user)


@router.post(
    "/projects/{project_id}/reviews/{review_id}/assessments/{authority_id}/submit",
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Submit a partner's complete assessment",
    description=(
        "Every criterion must be scored. When every partner has submitted, the review moves to synthesis."
    ),
)
def assessment_submit(request, project_id: int, review_id: int, authority_id: int):
    user = require_user(request)
    project = _visible(request, project_id)
    review = _review(project, review_id)
    services.assessment_submit(actor=user, review=review, authority=_authority(review, authority_id))
    return _fresh(project, review_id, user)


@router.put(
    "/projects/{project_id}/reviews/{review_id}/synthesis",
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Write or correct the joint synthesis",
    description=(
        "In synthesis only. Send the `version` the edit started from: when someone saved in between, answers "
        "409 with `current`, `current_version` and `submitted` and changes nothing. Each change raises "
        "`synthesis_version`: earlier approvals no longer count."
    ),
)
def synthesis_update(request, project_id: int, review_id: int, payload: SynthesisIn):
    user = require_user(request)
    project = _visible(request, project_id)
    services.review_synthesis_update(
        actor=user,
        review=_review(project, review_id),
        synthesis=payload.synthesis,
        language=payload.language or get_language(),
        version=payload.version,
    )
    return _fresh(project, review_id, user)


@router.post(
    "/projects/{project_id}/reviews/{review_id}/approvals/{authority_id}",
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Approve the current synthesis for a partner authority",
    description=(
        "An officer or elected official of that authority approves the `version` of the synthesis they "
        "read. A version that is not the current one answers 409 with `current_version` and changes "
        "nothing; no `version` answers 422. When every partner has approved the current version, the "
        "review is completed and its report stored among the project's documents (A07)."
    ),
)
def review_approve(request, project_id: int, review_id: int, authority_id: int, payload: ReviewApprovalIn):
    user = require_user(request)
    project = _visible(request, project_id)
    review = _review(project, review_id)
    services.review_approve(
        actor=user, review=review, authority=_authority(review, authority_id), version=payload.version
    )
    return _fresh(project, review_id, user)


def _schedule_dict(project) -> dict | None:
    schedule = review_selectors.review_schedule_get(project=project)
    if schedule is None:
        return None
    due = review_selectors.review_next_due(
        schedule=schedule,
        reviews=list(Review.objects.alive().filter(project=project).only("period_end", "deleted_at")),
    )
    return {
        "interval_months": schedule.interval_months,
        "first_review_on": schedule.first_review_on,
        "next_due_on": due.due_on if due else None,
        "overdue": bool(due and due.overdue),
    }


@router.get(
    "/projects/{project_id}/review-schedule",
    response={200: ScheduleOut, **READ_ERRORS},
    summary="How often the partners review the project, and the next review due",
)
def schedule_get(request, project_id: int):
    project = _visible(request, project_id)
    schedule = _schedule_dict(project)
    if schedule is None:
        raise HttpError(404, _("This project has no review schedule yet."))
    return schedule


@router.put(
    "/projects/{project_id}/review-schedule",
    response={200: ScheduleOut, **WRITE_ERRORS},
    summary="Set how often the partners review the project",
)
def schedule_set(request, project_id: int, payload: ScheduleIn):
    user = require_user(request)
    project = _visible(request, project_id)
    services.review_schedule_set(
        actor=user,
        project=project,
        interval_months=payload.interval_months,
        first_review_on=payload.first_review_on,
    )
    return _schedule_dict(project)
