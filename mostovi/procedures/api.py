"""Procedure endpoints (`docs/API.md`), mounted at the API root:

`GET /procedures?country=`, `GET /projects/{id}/procedure`, `PATCH /projects/{id}/procedure/{step_id}`.
A project the caller may not see answers 404; a step of another authority 403; invalid input 422.
"""

import datetime

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import MAX_ID, ErrorOut
from mostovi.projects.selectors import project_get_for_page

from . import catalogue, permissions, selectors, services

router = Router(tags=["procedures"])


class StepOut(Schema):
    id: str
    country: str
    title: str = Field(description="In the language asked by Accept-Language (English when not written).")
    why: str = Field(description="One line on why the step exists.")
    stage: str = Field(description="enter, fund, amend or end (the agreement).")
    decided_by: str = Field(description="council, assembly, mayor, government or administration.")
    document: str = Field(description="What the step produces (deliberation, assembly_decision, …).")
    typical_days: int
    mandatory: bool
    phase: str = Field(description="The phase whose gate waits for the step (empty: none).")
    source: str | None = Field(description="The address of the source; null when unverified.")
    unverified: bool = Field(description="True: no source confirms it, to be confirmed with the association.")
    checked_on: datetime.date | None


class BoardStepOut(StepOut):
    status: str = Field(description="todo, done or not_applicable.")
    done_on: datetime.date | None
    document_id: int | None
    reason: str


class ProcedurePartnerOut(Schema):
    authority_id: int
    country: str
    progress: int = Field(description="Percentage of the steps done or not applicable.")
    steps: list[BoardStepOut]


class BoardOut(Schema):
    partners: list[ProcedurePartnerOut]


class StepIn(Schema):
    status: str = Field(description="todo, done or not_applicable.")
    done_on: datetime.date | None = None
    document_id: int | None = Field(None, ge=1, le=MAX_ID)
    reason: str = Field("", max_length=2000)
    authority_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Needed only when the caller acts for several partners."
    )


class CountryQuery(Schema):
    country: str | None = Field(None, max_length=2, description="ISO code (FR, BG, RS, MK, AL, BA, ME, XK).")


def _step(step: catalogue.Step) -> dict:
    return {
        "id": step.id,
        "country": step.country,
        "title": step.title(),
        "why": step.why(),
        "stage": step.stage,
        "decided_by": step.decided_by,
        "document": step.document,
        "typical_days": step.typical_days,
        "mandatory": step.mandatory,
        "phase": step.phase,
        "source": step.source or None,
        "unverified": step.unverified,
        "checked_on": step.checked_on,
    }


@router.get(
    "/procedures",
    response={200: list[StepOut]},
    summary="Each country's procedure steps, in order",
    description="Answers `{count, items}`; `country` keeps one country's steps.",
)
@paginate
def procedures_list(request, filters: Query[CountryQuery]):
    countries = catalogue.load()
    codes = [filters.country.upper()] if filters.country else sorted(countries)
    return [_step(step) for code in codes for step in catalogue.steps_of(code)]


def _visible(request, project_id: int):
    project = project_get_for_page(pk=project_id)
    if project is None or not permissions.can_view_procedure(request.user, project):
        raise HttpError(404, _("No project has this id."))
    return project


def _board(project) -> dict:
    return {
        "partners": [
            {
                "authority_id": column.authority.pk,
                "country": column.authority.country,
                "progress": column.progress,
                "steps": [
                    {
                        **_step(entry.step),
                        "status": entry.status,
                        "done_on": entry.done_on,
                        "document_id": entry.document_id,
                        "reason": entry.reason,
                    }
                    for entry in column.steps
                ],
            }
            for column in selectors.board(project=project)
        ]
    }


@router.get(
    "/projects/{project_id}/procedure",
    response={200: BoardOut, 404: ErrorOut},
    summary="The procedure board of a project: each partner's steps and where it stands",
)
def procedure_board(request, project_id: int):
    return _board(_visible(request, project_id))


@router.patch(
    "/projects/{project_id}/procedure/{step_id}",
    response={200: BoardOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record where the caller's own authority stands on one of its steps",
    description=(
        "Members (officer, elected, technical) of a partner, for their authority's steps only. `done` needs "
        "`done_on` (not in the future) and may name the project document the step produced; "
        "`not_applicable` needs a `reason` and is refused for a step the law requires. Answers the board."
    ),
)
def procedure_step_update(request, project_id: int, step_id: str, payload: StepIn):
    user = require_user(request)
    project = _visible(request, project_id)
    services.procedure_step_update(
        actor=user,
        project=project,
        step_id=step_id[:80],
        status=payload.status,
        done_on=payload.done_on,
        document_id=payload.document_id,
        reason=payload.reason,
        authority_id=payload.authority_id,
    )
    return _board(_visible(request, project_id))


class GenerateIn(Schema):
    kind: str = Field(description="convention, council_decision, mission_terms, mission_report or amendment.")
    languages: list[str] = Field(
        default_factory=list,
        max_length=3,
        description="fr, sr, sr-latn, bg, en; empty: the partners' languages (one for a council decision).",
    )
    format: str = Field("docx", description="docx or pdf.")
    authority_id: int | None = Field(None, ge=1, le=MAX_ID, description="The side of a council decision.")


class GeneratedOut(Schema):
    document_id: int
    version: int
    url: str = Field(description="The file, downloadable with the same credentials.")


@router.post(
    "/projects/{project_id}/documents/generate",
    response={201: GeneratedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Write a document from the project's data (DOCX or PDF) and keep it as a project document",
    description=(
        "The convention in parallel columns (the partners' languages by default); a council decision for "
        "the caller's own authority (`authority_id`), in its language; the mission's terms of reference and "
        "report template; an amendment once the convention is signed by every partner (409 before). A "
        "second generation of the same kind adds a version to the same document."
    ),
)
def document_generate(request, project_id: int, payload: GenerateIn):
    user = require_user(request)
    project = _visible(request, project_id)
    document, version = services.document_generate(
        actor=user,
        project=project,
        kind=payload.kind,
        languages=payload.languages,
        format=payload.format,
        authority_id=payload.authority_id,
    )
    url = f"/api/v1/projects/{project.pk}/documents/{document.pk}/versions/{version.number}/file"
    return Status(201, {"document_id": document.pk, "version": version.number, "url": url})


@router.get(
    "/projects/{project_id}/documents/{document_id}/versions/{number}/file",
    response={200: None, 404: ErrorOut},
    summary="The file of one version of a project document",
)
def document_file(request, project_id: int, document_id: int, number: int):
    project = _visible(request, project_id)
    version = selectors.document_version(project=project, document_id=document_id, number=number)
    if version is None:
        raise HttpError(404, _("This project has no such document version."))
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type=version.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


class ApproveIn(Schema):
    version: int | None = Field(None, description="The version of the convention the approver read.")
    authority_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only when approving for several.")


class ConventionOut(Schema):
    document_id: int
    version: int
    approved_by: list[int] = Field(description="Partners that approved this version.")
    missing: list[int] = Field(description="Partners that have not approved it yet.")
    signed_document_id: int | None


def _convention(project) -> dict:
    state = selectors.convention_state(project=project)
    if state is None:
        raise HttpError(404, _("The convention has not been written yet."))
    return {
        "document_id": state.document.pk,
        "version": state.version,
        "approved_by": [a.authority_id for a in state.approvals],
        "missing": [a.pk for a in state.missing],
        "signed_document_id": state.signed_id,
    }


@router.get(
    "/projects/{project_id}/convention",
    response={200: ConventionOut, 404: ErrorOut},
    summary="The generated convention: its current version, who approved it, who has not, the signed scan",
)
def convention_get(request, project_id: int):
    return _convention(_visible(request, project_id))


@router.post(
    "/projects/{project_id}/convention/approve",
    response={200: ConventionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Approve the version of the convention the caller read, for its authority",
    description=(
        "An elected official, or an officer with delegation, of a partner. `version` is required "
        "(422 without it); a version that is no longer the current one answers 409 with "
        "`current_version`. A new writing of the convention is a new version that every partner "
        "approves again."
    ),
)
def convention_approve(request, project_id: int, payload: ApproveIn):
    user = require_user(request)
    project = _visible(request, project_id)
    services.convention_approve(
        actor=user, project=project, version=payload.version, authority_id=payload.authority_id
    )
    return _convention(_visible(request, project_id))
