"""Funding plan endpoints (`docs/API.md`): the current plan of a project, its new versions and approvals,
and the project's transactions.

`GET /projects/{id}/funding-plan`, `PUT /projects/{id}/funding-plan` (with the `version` read; stale → 409
with `current` and `submitted`; invalid → 422 `{detail, errors}`),
`POST /projects/{id}/funding-plan/approvals`, `GET/POST /projects/{id}/transactions`.
A project the caller may not see answers 404.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from mostovi.core.api.auth import require_user
from mostovi.core.api.schemas import ErrorOut, InvalidOut
from mostovi.projects.selectors import project_get_for_page, project_visible_for_page

from . import selectors, services

router = Router(tags=["funding plans"])


# --- schemas ------------------------------------------------------------------------------------


class LineIO(Schema):
    category: str = Field(description="staff, travel, equipment, services, events or other.")
    label: str = Field(max_length=255)
    partner_id: int = Field(description="A partner authority of the project.")
    activity_id: int | None = None
    amount: Decimal = Field(description="In `currency`, two decimals at most, not negative.")
    currency: str = Field("EUR", description="ISO 4217 code.")


class SourceIO(Schema):
    kind: str = Field(description="grant, own_cash, in_kind or other.")
    instrument_id: int | None = Field(None, description="The funding instrument of a grant.")
    partner_id: int = Field(description="Who receives the grant, or brings the contribution.")
    amount: Decimal
    currency: str = "EUR"
    valuation: str = Field("", description="How an in-kind contribution is valued.")


class LineOut(LineIO):
    amount_eur: Decimal | None = Field(description="Converted at the rate used; null without a rate.")


class SourceOut(SourceIO):
    amount_eur: Decimal | None


class RateOut(Schema):
    currency: str
    on: date
    units_per_eur: Decimal
    source: str


class PlanApprovalOut(Schema):
    version: int
    authority_id: int
    authority: str
    approved_by: int
    approved_at: datetime


class TotalsOut(Schema):
    costs_eur: Decimal
    sources_eur: Decimal
    rates: list[RateOut] = Field(description="The rates used: the latest on or before `rate_date`.")
    missing_rates: list[str]


class PlanOut(Schema):
    version: int = Field(description="0 before any plan: send it back with PUT.")
    rate_date: date | None
    note: str
    lines: list[LineOut]
    sources: list[SourceOut]
    totals: TotalsOut | None
    problems: list[str] = Field(description="Why the plan is not balanced (translated); empty when it is.")
    balanced: bool
    approvals: list[PlanApprovalOut]
    missing_approvals: list[int] = Field(description="Partner authorities that have not approved it yet.")


class PlanIn(Schema):
    version: int = Field(ge=0, description="The version read (0 before any).")
    rate_date: date
    note: str = ""
    lines: list[LineIO] = Field(max_length=300)
    sources: list[SourceIO] = Field(max_length=100)


class PlanApprovalIn(Schema):
    authority_id: int | None = Field(None, description="For whom, when the caller acts for several.")
    version: int = Field(
        strict=True, description="The version the caller read: 409 when it is not the current one."
    )


class TransactionIn(Schema):
    type: str = Field(description="IATI TransactionType: 1, 2, 3, 4 or 11.")
    date: date
    amount: Decimal
    currency: str = "EUR"
    provider_id: int | None = None
    receiver_id: int | None = None
    instrument_id: int | None = None
    description: str = Field("", max_length=255)


class TransactionOut(Schema):
    id: int
    type: str
    date: date
    amount: Decimal
    currency: str
    provider_id: int | None
    receiver_id: int | None
    instrument_id: int | None
    description: str


class ConflictOut(Schema):
    detail: str
    current: Any = None
    submitted: Any = None
    current_version: int | None = None
    errors: list[str] | None = None


WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: InvalidOut}


# --- helpers ------------------------------------------------------------------------------------


def _visible(request, project_id: int):
    project = project_visible_for_page(user=request.user, pk=project_id)
    if project is None:
        raise HttpError(404, _("No project has this id."))
    return project


def _plan(project) -> dict:
    state = selectors.plan_state(project=project)
    version = state.version
    if version is None:
        return {
            "version": 0,
            "rate_date": None,
            "note": "",
            "lines": [],
            "sources": [],
            "totals": None,
            "problems": [_("The funding plan has not been written yet.")],
            "balanced": False,
            "approvals": [],
            "missing_approvals": [a.pk for a in state.missing_approvals],
        }
    return {
        "version": version.number,
        "rate_date": version.rate_date,
        "note": version.note,
        "lines": [{**selectors.line_dict(x), "amount_eur": eur} for x, eur in state.lines],
        "sources": [{**selectors.source_dict(x), "amount_eur": eur} for x, eur in state.sources],
        "totals": {
            "costs_eur": state.totals.costs,
            "sources_eur": state.totals.sources,
            "rates": [r.__dict__ for r in state.rates.values()],
            "missing_rates": state.totals.missing_rates,
        },
        "problems": state.problems,
        "balanced": state.balanced,
        "approvals": [
            {
                "version": version.number,
                "authority_id": a.authority_id,
                "authority": str(a.authority),
                "approved_by": a.approved_by_id,
                "approved_at": a.approved_at,
            }
            for a in version.approvals.all()
        ],
        "missing_approvals": [a.pk for a in state.missing_approvals],
    }


def _transaction(t) -> dict:
    return {
        "id": t.pk,
        "type": t.type,
        "date": t.date,
        "amount": t.amount,
        "currency": t.currency,
        "provider_id": t.provider_id,
        "receiver_id": t.receiver_id,
        "instrument_id": t.instrument_id,
        "description": t.description,
    }


# --- endpoints ----------------------------------------------------------------------------------


@router.get(
    "/projects/{project_id}/funding-plan",
    response={200: PlanOut, 404: ErrorOut},
    summary="The current funding plan of a project",
    description=(
        "Costs and sources with their amounts in euros, the rates used (latest on or before "
        "`rate_date`), the problems that keep the plan from being balanced, and the approvals."
    ),
)
def funding_plan_get(request, project_id: int):
    return _plan(_visible(request, project_id))


@router.put(
    "/projects/{project_id}/funding-plan",
    response={200: PlanOut, **WRITE_ERRORS},
    summary="Save a new version of the funding plan",
    description=(
        "Send the `version` read (0 before any). Any change creates a new version and voids the approvals. "
        "An unbalanced plan is saved (a draft; see `problems`). A stale `version` answers 409 with "
        "`current`, `current_version` and `submitted`; invalid input answers 422 with every error."
    ),
)
def funding_plan_put(request, project_id: int, payload: PlanIn):
    user = require_user(request)
    project = _visible(request, project_id)
    services.plan_update(
        actor=user,
        project=project,
        version=payload.version,
        rate_date=payload.rate_date,
        note=payload.note,
        lines=[x.model_dump() for x in payload.lines],
        sources=[x.model_dump() for x in payload.sources],
    )
    return _plan(project_get_for_page(pk=project.pk))


@router.post(
    "/projects/{project_id}/funding-plan/approvals",
    response={200: PlanApprovalOut, 201: PlanApprovalOut, **WRITE_ERRORS},
    summary="Approve the current funding plan for the caller's authority",
    description=(
        "An elected official (or an officer with delegated approval) approves for their partner authority "
        "the `version` they read. A version that is not the current one answers 409 with `current_version` "
        "and changes nothing; no `version` answers 422. A plan with problems answers 409 with them. 201, or "
        "200 when that authority had already approved."
    ),
)
def funding_plan_approve(request, project_id: int, payload: PlanApprovalIn):
    user = require_user(request)
    project = _visible(request, project_id)
    current = selectors.plan_current(project=project)
    before = {a.pk for a in current.approvals.all()} if current else set()
    approval = services.plan_approve(
        actor=user,
        project=project,
        authority_id=payload.authority_id,
        version=payload.version,
    )
    body = {
        "version": approval.plan.number,
        "authority_id": approval.authority_id,
        "authority": str(approval.authority),
        "approved_by": approval.approved_by_id,
        "approved_at": approval.approved_at,
    }
    return Status(200 if approval.pk in before else 201, body)


@router.get(
    "/projects/{project_id}/transactions",
    response={200: list[TransactionOut], 404: ErrorOut},
    summary="The transactions of a project (IATI types)",
)
def transactions_get(request, project_id: int):
    project = _visible(request, project_id)
    return [_transaction(t) for t in selectors.transaction_list(project=project)]


@router.post(
    "/projects/{project_id}/transactions",
    response={201: TransactionOut, **WRITE_ERRORS},
    summary="Record a transaction: commitment, disbursement, expenditure or incoming funds",
)
def transactions_post(request, project_id: int, payload: TransactionIn):
    user = require_user(request)
    project = _visible(request, project_id)
    record = services.transaction_record(
        actor=user,
        project=project,
        type=payload.type,
        date=payload.date,
        amount=payload.amount,
        currency=payload.currency,
        provider_id=payload.provider_id,
        receiver_id=payload.receiver_id,
        instrument_id=payload.instrument_id,
        description=payload.description,
    )
    return Status(201, _transaction(record))
