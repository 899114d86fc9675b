"""The funding plan: its versions and the partners' approvals."""

from django.db import transaction
from django.utils.translation import gettext as _

from mostovi.core import approvals, text
from mostovi.directory.models import Organisation
from mostovi.funding.models import (
    BudgetLine,
    FundingPlanApproval,
    FundingPlanVersion,
    FundingSource,
    Instrument,
)
from mostovi.projects.exceptions import GateNotMet, NotAllowed, StaleVersion
from mostovi.projects.models import FINISHED_PHASES, Activity, Phase

from .. import permissions, selectors
from .. import validation as v
from .common import (
    APPROVAL_ERRORS,
    InvalidInput,
    PlanInvalid,
    _as_date,
    _lock,
    _normalise,
    _record,
    _refused,
    _reload,
    _require,
    _submitted,
)


def plan_check_input(*, project, lines: list[dict], sources: list[dict]) -> tuple[list[dict], list[dict]]:
    """Normalised rows, or `PlanInvalid` with every reason."""
    lines, sources = _normalise(lines, sources)
    instrument_ids = {s["instrument_id"] for s in sources if s["instrument_id"]}
    known = set(Instrument.objects.filter(pk__in=instrument_ids).values_list("pk", flat=True))
    activity_ids = {x["activity_id"] for x in lines if x["activity_id"]}
    activities = set(
        Activity.objects.alive()
        .filter(project_id=project.pk, pk__in=activity_ids)
        .values_list("pk", flat=True)
    )
    errors = v.input_errors(
        lines,
        sources,
        partner_ids={p.authority_id for p in project.partners.all()},
        instrument_ids=known,
        activity_ids=activities,
    )
    if errors:
        raise PlanInvalid(errors)
    for item in [*lines, *sources]:
        item["amount"] = v.parse_amount(item["amount"]).quantize(v.CENT)
    for source in sources:
        if source["kind"] not in ("grant", "other"):
            source["instrument_id"] = None
        if source["kind"] not in ("in_kind", "other"):
            source["valuation"] = ""
    return lines, sources


@transaction.atomic
def plan_update(
    *, actor, project, version: int, rate_date, lines: list[dict], sources: list[dict], note: str = ""
) -> FundingPlanVersion:
    """Save the plan as a new immutable version; the approvals of the previous one no longer count.

    `version` is the number the editor read (0 before any): a stale one raises `StaleVersion` carrying
    the saved content (`current`) and the submitted one (`submitted`); nothing is written.
    """
    _lock(project)
    project = _reload(project)
    _require(permissions.can_edit_plan(actor, project), _("Only members of a partner authority can edit."))
    if Phase(project.phase) in FINISHED_PHASES:
        raise InvalidInput(_("A closed or cancelled project does not change any more."))
    current = selectors.plan_current(project=project)
    number = current.number if current else 0
    if version != number:
        error = StaleVersion(
            _("Version %(current)s of the funding plan was saved after the version %(read)s you read.")
            % {"current": number, "read": version},
            current=selectors.plan_content(current),
            submitted=_submitted(rate_date, note, lines, sources),
        )
        error.current_version = number
        raise error
    rate_date = _as_date(rate_date, _("Give the date of the exchange rates (YYYY-MM-DD)."))
    text.check_dates(rate_date, error=_refused)
    note = text.clean_text(note, what=_("Note"), error=_refused)
    lines, sources = plan_check_input(project=project, lines=lines, sources=sources)
    if current is not None:
        same = (
            current.rate_date == rate_date
            and current.note == note
            and [selectors.line_dict(x) for x in current.lines.all()] == lines
            and [selectors.source_dict(x) for x in current.sources.all()] == sources
        )
        if same:
            return current
    new = FundingPlanVersion.objects.create(
        project=project, number=number + 1, rate_date=rate_date, note=note, created_by=actor
    )
    BudgetLine.objects.bulk_create([BudgetLine(plan=new, **x) for x in lines])
    FundingSource.objects.bulk_create([FundingSource(plan=new, **x) for x in sources])
    voided = [a.authority_id for a in current.approvals.all()] if current else []
    _record(actor, "funding_plan.version_created", project, new, version=new.number, voided=voided)
    return new


def _acting_authority(actor, project, authority_id) -> Organisation:
    partners = {p.authority_id: p.authority for p in project.partners.all()}
    if authority_id is not None:
        if authority_id not in partners:
            raise InvalidInput(_("This authority is not a partner of the project."))
        if not permissions.can_approve_plan(actor, project, partners[authority_id]):
            raise NotAllowed(
                _("You cannot decide for %(authority)s.") % {"authority": partners[authority_id]}
            )
        return partners[authority_id]
    mine = [a for a in partners.values() if permissions.can_approve_plan(actor, project, a)]
    if not mine:
        raise NotAllowed(_("You cannot decide for any partner authority of this project."))
    if len(mine) > 1:
        raise InvalidInput(_("You act for several partners: say for which authority you decide."))
    return mine[0]


@transaction.atomic
def plan_approve(*, actor, project, version: int, authority_id: int | None = None) -> FundingPlanApproval:
    """The actor's authority approves the `version` of the plan they read (an elected official, or an
    officer with delegated approval). That version must be the current one (StaleVersion otherwise,
    InvalidInput when none is given). A plan with problems cannot be approved: the reasons come back
    (GateNotMet)."""
    _lock(project)
    project = _reload(project)
    authority = _acting_authority(actor, project, authority_id)
    state = selectors.plan_state(project=project)
    if state.version is None:
        raise GateNotMet([_("The funding plan has not been written yet.")])
    plan = state.version

    def create() -> FundingPlanApproval:
        if state.problems:
            raise GateNotMet(
                [_("A funding plan with problems cannot be approved: fix them first."), *state.problems]
            )
        return FundingPlanApproval.objects.create(plan=plan, authority=authority, approved_by=actor)

    approval, created = approvals.approval_give(
        current=plan.number,
        read=version,
        authority=authority,
        approvals=plan.approvals.all(),
        create=create,
        errors=APPROVAL_ERRORS,
        current_content=selectors.plan_content(plan),
        stale_message=_(
            "A new version %(number)s of the funding plan was saved meanwhile: read it before approving."
        )
        % {"number": plan.number},
    )
    if created and not state.version.rates and state.rates:
        # The first approval keeps the rates the plan is approved with: later rates never change it.
        state.version.rates = selectors.rates_as_json(state.rates)
        state.version.save(update_fields=["rates"])
    if created:
        _record(
            actor,
            "funding_plan.approved",
            project,
            approval,
            version=plan.number,
            authority=authority.pk,
            name=str(authority),
        )
    return approval
