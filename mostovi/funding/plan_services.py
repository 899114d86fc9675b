"""Every write about funding plans, exchange rates, transactions and the calendar.

Each service checks its own permission, runs atomically and leaves an event on the project's timeline.
The errors are the projects' ones: `NotAllowed` (403), `GateNotMet` (409), `StaleVersion` (409, with what is
saved and what was sent), `InvalidInput` (422, always listing its reasons in `errors`: the plan's clients read
them line by line); `PlanInvalid` is an `InvalidInput` listing every error.
"""

import csv
import hashlib
import io
import secrets
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from mostovi.core import approvals, text
from mostovi.core.services import event_record
from mostovi.directory.models import Organisation
from mostovi.projects import exceptions as project_errors
from mostovi.projects.exceptions import GateNotMet, NotAllowed, StaleVersion
from mostovi.projects.models import FINISHED_PHASES, Activity, Phase, Project
from mostovi.projects.selectors import project_get_for_page

from . import plan_permissions, plan_selectors
from . import plan_validation as v
from .models import (
    BudgetLine,
    CalendarToken,
    ExchangeRate,
    FundingPlanApproval,
    FundingPlanVersion,
    FundingSource,
    Instrument,
    Transaction,
    TransactionType,
)

MAX_RATE_UNITS = Decimal("1000000000")
MAX_IMPORT_LINES = 5000
MAX_REMINDER_DAYS = 90
# Budget lines, and funding sources, in one version of a plan.
MAX_ROWS = 500


class InvalidInput(project_errors.InvalidInput):
    """The input cannot be saved (422); the API lists the reason in `errors` too."""

    lists_reasons = True


# The approval building block raises the projects' exceptions (409 and 422).
APPROVAL_ERRORS = approvals.ApprovalErrors(stale=StaleVersion, invalid=InvalidInput)


class PlanInvalid(InvalidInput):
    """The input cannot be saved; `errors` lists every reason (each names its line)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(self.errors[0] if self.errors else "")


def _record(actor, kind: str, project, target, **data) -> None:
    event_record(actor=actor, kind=kind, target=target, scope=project, data=data)


def _lock(project) -> None:
    Project.objects.select_for_update().filter(pk=project.pk).first()


def _reload(project) -> Project:
    return project_get_for_page(pk=project.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _as_date(value, message: str) -> date:
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value or "")) if value else None
    if parsed is None:
        raise InvalidInput(message)
    return parsed


def _int_or_none(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a valid id: named as an error by the validation


def _refused(message: str) -> PlanInvalid:
    return PlanInvalid([message])


def _label(value, number: int) -> str:
    what = _("Budget line %(number)s, label") % {"number": number}
    return text.clean_line(value, what=what, error=_refused, limit=255)


def _valuation(value, number: int) -> str:
    what = _("Funding source %(number)s, valuation") % {"number": number}
    return text.clean_text(value, what=what, error=_refused)


def _normalise(lines: list[dict], sources: list[dict]) -> tuple[list[dict], list[dict]]:
    """The rows as the validation reads them (ids as ints, currencies upper-case, texts checked)."""
    for rows in (lines, sources):
        if not isinstance(rows, list) or len(rows) > MAX_ROWS or not all(isinstance(x, dict) for x in rows):
            raise PlanInvalid([_("A plan holds %(max)s rows at most of each kind.") % {"max": MAX_ROWS}])
    clean_lines = [
        {
            "category": str(x.get("category") or ""),
            "label": _label(x.get("label"), number),
            "partner_id": _int_or_none(x.get("partner_id")),
            "activity_id": _int_or_none(x.get("activity_id")),
            "amount": x.get("amount"),
            "currency": str(x.get("currency") or "EUR").strip().upper()[:3],
        }
        for number, x in enumerate(lines, start=1)
    ]
    clean_sources = [
        {
            "kind": str(x.get("kind") or ""),
            "instrument_id": _int_or_none(x.get("instrument_id")),
            "partner_id": _int_or_none(x.get("partner_id")),
            "amount": x.get("amount"),
            "currency": str(x.get("currency") or "EUR").strip().upper()[:3],
            "valuation": _valuation(x.get("valuation"), number),
        }
        for number, x in enumerate(sources, start=1)
    ]
    return clean_lines, clean_sources


def _submitted(rate_date, note, lines, sources) -> dict:
    def plain(item: dict) -> dict:
        return {k: (str(x) if isinstance(x, Decimal | date) else x) for k, x in item.items()}

    return {
        "rate_date": rate_date.isoformat() if isinstance(rate_date, date) else str(rate_date or ""),
        "note": note or "",
        "lines": [plain(x) for x in lines],
        "sources": [plain(x) for x in sources],
    }


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
    _require(
        plan_permissions.can_edit_plan(actor, project), _("Only members of a partner authority can edit.")
    )
    if Phase(project.phase) in FINISHED_PHASES:
        raise InvalidInput(_("A closed or cancelled project does not change any more."))
    current = plan_selectors.plan_current(project=project)
    number = current.number if current else 0
    if version != number:
        error = StaleVersion(
            _("Version %(current)s of the funding plan was saved after the version %(read)s you read.")
            % {"current": number, "read": version},
            current=plan_selectors.plan_content(current),
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
            and [plan_selectors.line_dict(x) for x in current.lines.all()] == lines
            and [plan_selectors.source_dict(x) for x in current.sources.all()] == sources
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
        if not plan_permissions.can_approve_plan(actor, project, partners[authority_id]):
            raise NotAllowed(
                _("You cannot decide for %(authority)s.") % {"authority": partners[authority_id]}
            )
        return partners[authority_id]
    mine = [a for a in partners.values() if plan_permissions.can_approve_plan(actor, project, a)]
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
    state = plan_selectors.plan_state(project=project)
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
        current_content=plan_selectors.plan_content(plan),
        stale_message=_(
            "A new version %(number)s of the funding plan was saved meanwhile: read it before approving."
        )
        % {"number": plan.number},
    )
    if created and not state.version.rates and state.rates:
        # The first approval keeps the rates the plan is approved with: later rates never change it.
        state.version.rates = plan_selectors.rates_as_json(state.rates)
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


# --- exchange rates -----------------------------------------------------------------------------


def _check_rate(currency, on, units, *, currencies) -> tuple[str, date, Decimal, list[str]]:
    errors = []
    code = str(currency or "").strip().upper()
    if code == "EUR":
        errors.append(_("the euro needs no exchange rate"))
    elif code not in currencies:
        errors.append(_("unknown currency “%(code)s”") % {"code": str(currency or "")[:10]})
    day = on if isinstance(on, date) else (parse_date(str(on or "").strip()) if on else None)
    if day is None:
        errors.append(_("the date must be written YYYY-MM-DD"))
    amount = units if isinstance(units, Decimal) else v.parse_amount(units)
    if amount is None:
        errors.append(_("the rate is not a number"))
    elif amount <= 0 or amount > MAX_RATE_UNITS:
        errors.append(_("the rate must be a positive number of units for one euro"))
    return code, day, amount, errors


def _store_rate(actor, code, day, amount, source, project) -> ExchangeRate:
    rate = ExchangeRate.objects.filter(currency=code, on=day, project=project).first()
    if rate is None:
        rate = ExchangeRate(currency=code, on=day, project=project)
    rate.units_per_eur = amount
    rate.source = (source or "").strip()[:255]
    rate.entered_by = actor
    rate._history_user = actor
    rate.save()
    return rate


def _may_enter_rates(actor, project) -> None:
    if project is None:
        _require(
            plan_permissions.can_enter_rates(actor),
            _(
                "Only staff enter shared exchange rates: enter the rates of your plan from the plan's page, "
                "for that project only."
            ),
        )
    else:
        _require(
            plan_permissions.can_enter_rates(actor, project),
            _("Only members of a partner authority of this project can enter the rates of its plan."),
        )


def _plans_affected(currencies: set[str], since: date, project) -> dict:
    """The current plans that convert one of `currencies` (only `project`'s for its own rates), locked,
    each with the rates it is computed with before the change."""
    candidates = plan_selectors.plans_converting(currencies, since, project=project)
    if not candidates:
        return {}
    list(Project.objects.select_for_update().filter(pk__in=[p.project_id for p in candidates]).order_by("pk"))
    plans = plan_selectors.plans_converting(currencies, since, project=project)
    return {plan: plan_selectors.version_rates(plan) for plan in plans}


def _version_reopen(*, actor, plan: FundingPlanVersion) -> FundingPlanVersion:
    """A copy of `plan` as a new version, to be approved again at the rates now entered."""
    new = FundingPlanVersion.objects.create(
        project=plan.project,
        number=plan.number + 1,
        rate_date=plan.rate_date,
        note=plan.note,
        created_by=actor,
    )
    BudgetLine.objects.bulk_create(
        [BudgetLine(plan=new, **plan_selectors.line_dict(x)) for x in plan.lines.all()]
    )
    FundingSource.objects.bulk_create(
        [FundingSource(plan=new, **plan_selectors.source_dict(x)) for x in plan.sources.all()]
    )
    voided = [a.authority_id for a in plan.approvals.all()]
    _record(
        actor,
        "funding_plan.version_created",
        plan.project,
        new,
        version=new.number,
        voided=voided,
        reason="exchange_rate",
    )
    return new


def _plans_follow_rates(actor, before: dict) -> None:
    """Tell each plan's timeline which of its rates changed; an approved plan never changes silently: it keeps
    the rates it was approved with and a new version, at the new rates, is opened for approval."""
    for plan, old_rates in before.items():
        new_rates = plan_selectors.rates_on(
            plan_selectors.version_currencies(plan), plan.rate_date, project=plan.project
        )
        changes = []
        for code in sorted(set(old_rates) | set(new_rates)):
            old, new = old_rates.get(code), new_rates.get(code)
            if (old and old.units_per_eur) != (new and new.units_per_eur):
                changes.append(
                    {
                        "currency": code,
                        "old": _plain(old.units_per_eur) if old else None,
                        "new": _plain(new.units_per_eur) if new else None,
                    }
                )
        if not changes:
            continue
        reopened = None
        if plan_selectors.rates_kept(plan) is not None:
            reopened = _version_reopen(actor=actor, plan=plan).number
        _record(
            actor,
            "funding_plan.rates_changed",
            plan.project,
            plan,
            version=plan.number,
            changes=changes,
            reopened=reopened,
        )


def _plain(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


@transaction.atomic
def exchange_rate_set(*, actor, currency: str, on, units_per_eur, source: str, project=None) -> ExchangeRate:
    """Enter (or correct) the rate of a currency on a day, with where it comes from: a shared rate (staff), or
    a rate of `project`'s own plan (its partners). The plans it changes are told, and an approved one gets a
    new version to approve."""
    _may_enter_rates(actor, project)
    code, day, amount, errors = _check_rate(currency, on, units_per_eur, currencies=v.known_currencies())
    if not (source or "").strip():
        errors.append(_("say where the rate comes from"))
    if errors:
        raise PlanInvalid([_("Exchange rate: %(reason)s.") % {"reason": e} for e in errors])
    before = _plans_affected({code}, day, project)
    rate = _store_rate(actor, code, day, amount, source, project)
    event_record(
        actor=actor,
        kind="funding.exchange_rate_set",
        target=rate,
        scope=project or rate,
        data={"currency": code, "on": day.isoformat(), "units_per_eur": str(amount), "source": rate.source},
    )
    _plans_follow_rates(actor, before)
    return rate


@transaction.atomic
def exchange_rates_import(*, actor, text: str, project=None) -> int:
    """Import rates from CSV (`currency,date,units_per_eur,source`, with that header): all or nothing,
    every error named by its line. Shared rates (staff), or rates of `project`'s plan (its partners).
    Returns the number of rates stored."""
    _may_enter_rates(actor, project)
    reader = csv.reader(io.StringIO((text or "").lstrip("\ufeff")))
    rows = list(reader)
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if header[:3] != ["currency", "date", "units_per_eur"]:
        raise PlanInvalid([_("Line 1: the header must be currency,date,units_per_eur,source.")])
    if len(rows) - 1 > MAX_IMPORT_LINES:
        raise PlanInvalid([_("At most %(max)s rates at once.") % {"max": MAX_IMPORT_LINES}])
    currencies = v.known_currencies()
    errors, parsed, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            errors.append(_("Line %(line)s: three columns at least are needed.") % {"line": number})
            continue
        code, day, amount, problems = _check_rate(row[0], row[1], row[2].strip(), currencies=currencies)
        source = row[3] if len(row) > 3 else ""
        if not problems and not source.strip():
            problems.append(_("say where the rate comes from"))
        if not problems and (code, day) in seen:
            problems.append(
                _("the rate of %(currency)s on this day is already on line %(other)s")
                % {"currency": code, "other": seen[(code, day)]}
            )
        for problem in problems:
            errors.append(_("Line %(line)s: %(reason)s.") % {"line": number, "reason": problem})
        if not problems:
            seen[(code, day)] = number
            parsed.append((code, day, amount, source))
    if errors:
        raise PlanInvalid(errors)
    if not parsed:
        raise PlanInvalid([_("The file holds no rate.")])
    before = _plans_affected({p[0] for p in parsed}, min(p[1] for p in parsed), project)
    stored = [_store_rate(actor, code, day, amount, source, project) for code, day, amount, source in parsed]
    target = project or stored[0]
    event_record(
        actor=actor,
        kind="funding.exchange_rates_imported",
        target=target,
        scope=project or target,
        data={"count": len(parsed), "currencies": sorted({p[0] for p in parsed})},
    )
    _plans_follow_rates(actor, before)
    return len(parsed)


# --- transactions -------------------------------------------------------------------------------


@transaction.atomic
def transaction_record(
    *,
    actor,
    project,
    type: str,
    date,
    amount,
    currency: str,
    provider_id: int | None = None,
    receiver_id: int | None = None,
    instrument_id: int | None = None,
    description: str = "",
) -> Transaction:
    """Record money committed, received or spent (IATI transaction types)."""
    project = _reload(project)
    _require(
        plan_permissions.can_record_transaction(actor, project),
        _("Only members of a partner authority can edit."),
    )
    errors = []
    if str(type) not in TransactionType.values:
        errors.append(_("Unknown kind of transaction."))
    day = _as_date(date, _("Give the date of the transaction (YYYY-MM-DD)."))
    text.check_dates(day, error=_refused)
    description = text.clean_line(description, what=_("Description"), error=_refused, limit=255)
    value = amount if isinstance(amount, Decimal) else v.parse_amount(amount)
    reason = v.amount_error(value)
    if reason:
        errors.append(_("Amount: %(reason)s.") % {"reason": reason})
    code = str(currency or "").strip().upper()
    if code not in v.known_currencies():
        errors.append(_("Unknown currency “%(code)s”.") % {"code": str(currency or "")[:10]})
    organisations = {i for i in (provider_id, receiver_id) if i}
    found = set(Organisation.objects.alive().filter(pk__in=organisations).values_list("pk", flat=True))
    if organisations - found:
        errors.append(_("The provider or the receiver is not in the directory."))
    if instrument_id and not Instrument.objects.filter(pk=instrument_id).exists():
        errors.append(_("Unknown funding instrument."))
    if errors:
        raise PlanInvalid(errors)
    record = Transaction.objects.create(
        project=project,
        type=str(type),
        date=day,
        amount=value.quantize(v.CENT),
        currency=code,
        provider_id=provider_id or None,
        receiver_id=receiver_id or None,
        instrument_id=instrument_id or None,
        description=description,
        created_by=actor,
    )
    _record(
        actor,
        "funding.transaction_recorded",
        project,
        record,
        type=record.type,
        amount=str(record.amount),
        currency=record.currency,
        date=record.date.isoformat(),
    )
    return record


# --- the calendar -------------------------------------------------------------------------------


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _revoked_digest() -> str:
    # Not hexadecimal: no token ever hashes to it.
    return f"off-{secrets.token_hex(30)}"


def calendar_token_regenerate(*, actor) -> str:
    """A new private feed address for the actor (the previous one stops working). Returns the raw token,
    shown once: only its digest is stored."""
    _require(actor.is_authenticated, _("Sign in first."))
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        token, _created = CalendarToken.objects.update_or_create(
            user=actor, defaults={"token_digest": _digest(raw)}
        )
        event_record(actor=actor, kind="calendar.token_regenerated", target=token)
    return raw


@transaction.atomic
def calendar_token_revoke(*, actor) -> None:
    token = CalendarToken.objects.filter(user=actor).first()
    if token is not None and not token.token_digest.startswith("off-"):
        token.token_digest = _revoked_digest()
        token.save(update_fields=["token_digest"])
        event_record(actor=actor, kind="calendar.token_revoked", target=token)


@transaction.atomic
def calendar_reminders_set(*, actor, days: int) -> CalendarToken:
    """E-mail reminders `days` before each deadline (0: none)."""
    _require(actor.is_authenticated, _("Sign in first."))
    if not isinstance(days, int) or days < 0 or days > MAX_REMINDER_DAYS:
        raise InvalidInput(
            _("Reminders are sent between 0 and %(max)s days before a deadline.") % {"max": MAX_REMINDER_DAYS}
        )
    token, created = CalendarToken.objects.get_or_create(
        user=actor, defaults={"token_digest": _revoked_digest(), "reminder_days": days}
    )
    if not created and token.reminder_days != days:
        token.reminder_days = days
        token.save(update_fields=["reminder_days"])
    event_record(actor=actor, kind="calendar.reminders_set", target=token, data={"days": days})
    return token
