"""Exchange rates, and the plans that follow a corrected rate."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from mostovi.core.services import event_record
from mostovi.funding.models import (
    BudgetLine,
    ExchangeRate,
    FundingPlanVersion,
    FundingSource,
)
from mostovi.projects.models import Project

from .. import permissions, selectors
from .. import validation as v
from .common import MAX_IMPORT_LINES, MAX_RATE_UNITS, PlanInvalid, _record, _require

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
            permissions.can_enter_rates(actor),
            _(
                "Only staff enter shared exchange rates: enter the rates of your plan from the plan's page, "
                "for that project only."
            ),
        )
    else:
        _require(
            permissions.can_enter_rates(actor, project),
            _("Only members of a partner authority of this project can enter the rates of its plan."),
        )


def _plans_affected(currencies: set[str], since: date, project) -> dict:
    """The current plans that convert one of `currencies` (only `project`'s for its own rates), locked,
    each with the rates it is computed with before the change."""
    candidates = selectors.plans_converting(currencies, since, project=project)
    if not candidates:
        return {}
    list(Project.objects.select_for_update().filter(pk__in=[p.project_id for p in candidates]).order_by("pk"))
    plans = selectors.plans_converting(currencies, since, project=project)
    return {plan: selectors.version_rates(plan) for plan in plans}


def _version_reopen(*, actor, plan: FundingPlanVersion) -> FundingPlanVersion:
    """A copy of `plan` as a new version, to be approved again at the rates now entered."""
    new = FundingPlanVersion.objects.create(
        project=plan.project,
        number=plan.number + 1,
        rate_date=plan.rate_date,
        note=plan.note,
        created_by=actor,
    )
    BudgetLine.objects.bulk_create([BudgetLine(plan=new, **selectors.line_dict(x)) for x in plan.lines.all()])
    FundingSource.objects.bulk_create(
        [FundingSource(plan=new, **selectors.source_dict(x)) for x in plan.sources.all()]
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
        new_rates = selectors.rates_on(
            selectors.version_currencies(plan), plan.rate_date, project=plan.project
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
        if selectors.rates_kept(plan) is not None:
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
