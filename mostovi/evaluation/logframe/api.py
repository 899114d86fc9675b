"""Results framework endpoints (`docs/API.md`), mounted at the API root:

`GET /projects/{id}/indicators`, `POST /projects/{id}/indicators/{indicator_id}/values`,
`POST /projects/{id}/indicators/{indicator_id}/values/{value_id}/submit|approve|return`.
A project the caller may not see answers 404; not allowed 403; a step the status does not allow 409;
invalid input 422.
"""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut, InvalidOut
from mostovi.projects.selectors import project_get_for_page

from ..models import ValueStatus
from . import permissions, selectors, services
from .values import as_text

router = Router(tags=["evaluation"])


class ResultRefOut(Schema):
    id: int
    level: str = Field(description="IATI ResultType: 1 output, 2 outcome, 3 impact.")
    title: str


class BaselineOut(Schema):
    value: str | None = Field(description="A decimal number as text, or the words of a qualitative baseline.")
    date: date | None


class TargetOut(Schema):
    period_start: date
    period_end: date
    value: str


class ValueOut(Schema):
    id: int
    period_start: date
    period_end: date
    value: str = Field(description="A decimal number as text (“12.5”), or the words of a qualitative value.")
    comment: str
    status: str = Field(description="draft, submitted, approved or returned.")
    return_comment: str = Field(description="Why the other partner returned it.")


class IndicatorOut(Schema):
    id: int
    result: ResultRefOut
    title: str
    measure: str = Field(
        description="IATI IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative."
    )
    unit: str
    baseline: BaselineOut
    targets: list[TargetOut]
    values: list[ValueOut]
    reporting_authority_id: int


class ValueIn(Schema):
    period_start: date
    period_end: date
    # bool is named so that `true` reaches the check as itself (not as 1) and is refused.
    value: str | int | float | bool = Field(
        description="A number (or text with “.” before the decimals); words for a qualitative indicator."
    )
    comment: str = Field("", max_length=2000)


class DecisionIn(Schema):
    comment: str = Field("", max_length=2000, description="Required to return a value: why.")


WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: InvalidOut}


def _visible(request, project_id: int):
    project = project_get_for_page(pk=project_id)
    if project is None or not permissions.can_view_logframe(request.user, project):
        raise HttpError(404, _("No project has this id."))
    return project


def _indicator(project, indicator_id: int):
    indicator = selectors.indicator_get(project=project, pk=indicator_id)
    if indicator is None:
        raise HttpError(404, _("This project has no indicator with this id."))
    return indicator


def _value(v) -> dict:
    return {
        "id": v.pk,
        "period_start": v.period_start,
        "period_end": v.period_end,
        "value": as_text(v.value, v.value_text),
        "comment": v.comment,
        "status": v.status,
        "return_comment": v.return_comment,
    }


def _indicator_dict(i) -> dict:
    baseline = as_text(i.baseline_value, i.baseline_text)
    return {
        "id": i.pk,
        "result": {"id": i.result.pk, "level": i.result.level, "title": i.result.title},
        "title": i.title,
        "measure": i.measure,
        "unit": i.unit,
        "baseline": {"value": baseline or None, "date": i.baseline_date},
        "targets": [
            {
                "period_start": t.period_start,
                "period_end": t.period_end,
                "value": as_text(t.value, t.value_text),
            }
            for t in i.targets.all()
        ],
        "values": [_value(v) for v in i.values.all()],
        "reporting_authority_id": i.reporting_partner_id,
    }


@router.get(
    "/projects/{project_id}/indicators",
    response={200: list[IndicatorOut], 404: ErrorOut},
    summary="The indicators of a project's results framework",
    description=(
        "Impact first, then outcomes and outputs; each with its baseline, targets and reported values "
        "(every status). Answers `{count, items}`."
    ),
)
@paginate
def indicators_list(request, project_id: int):
    project = _visible(request, project_id)
    return [_indicator_dict(i) for i in selectors.indicator_list(project=project)]


@router.post(
    "/projects/{project_id}/indicators/{indicator_id}/values",
    response={201: ValueOut, **WRITE_ERRORS},
    summary="Report a value (a draft) for a period",
    description=(
        "Only members (officer, elected, technical) of the indicator's reporting partner. The value must "
        "fit the measure: a number, between 0 and 100 for a percentage; words for a qualitative indicator."
    ),
)
def value_create(request, project_id: int, indicator_id: int, payload: ValueIn):
    user = require_user(request)
    project = _visible(request, project_id)
    indicator = _indicator(project, indicator_id)
    reported = services.value_report(
        actor=user,
        project=project,
        indicator=indicator,
        period_start=payload.period_start,
        period_end=payload.period_end,
        value=payload.value,
        comment=payload.comment,
    )
    return Status(201, _value(reported))


def _step(request, project_id: int, indicator_id: int, value_id: int, to: str, comment: str = ""):
    user = require_user(request)
    project = _visible(request, project_id)
    indicator = _indicator(project, indicator_id)
    reported = selectors.value_get(indicator=indicator, pk=value_id)
    if reported is None:
        raise HttpError(404, _("This indicator has no value with this id."))
    reported = services.value_transition(
        actor=user, project=project, reported=reported, to=to, comment=comment
    )
    return _value(reported)


@router.post(
    "/projects/{project_id}/indicators/{indicator_id}/values/{value_id}/submit",
    response={200: ValueOut, **WRITE_ERRORS},
    summary="Submit a draft or returned value to the other partner",
)
def value_submit(request, project_id: int, indicator_id: int, value_id: int):
    return _step(request, project_id, indicator_id, value_id, ValueStatus.SUBMITTED)


@router.post(
    "/projects/{project_id}/indicators/{indicator_id}/values/{value_id}/approve",
    response={200: ValueOut, **WRITE_ERRORS},
    summary="Approve a submitted value (another partner authority: officer or elected official)",
)
def value_approve(request, project_id: int, indicator_id: int, value_id: int):
    return _step(request, project_id, indicator_id, value_id, ValueStatus.APPROVED)


@router.post(
    "/projects/{project_id}/indicators/{indicator_id}/values/{value_id}/return",
    response={200: ValueOut, **WRITE_ERRORS},
    summary="Return a submitted value with the reason (another partner authority)",
)
def value_return(
    request, project_id: int, indicator_id: int, value_id: int, payload: DecisionIn | None = None
):
    comment = payload.comment if payload else ""
    return _step(request, project_id, indicator_id, value_id, ValueStatus.RETURNED, comment)
