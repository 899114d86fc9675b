"""Reads about funding plans: the current version, its totals in euros, its problems, the gate condition,
planned against actual, and the deadlines calendar."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership
from mostovi.core import approvals
from mostovi.directory.models import Organisation, OrganisationKind
from mostovi.projects.models import FINISHED_PHASES, Activity
from mostovi.projects.selectors import project_list_visible_to, project_text

from ..catalogue.facts import PlanFacts
from ..catalogue.limits import plan_limits
from ..catalogue.texts import text as catalogue_text
from ..eapd import EAPD_CLOSES, EAPD_OPENS
from ..models import (
    BudgetLine,
    CalendarToken,
    Call,
    ExchangeRate,
    FundingPlanApproval,
    FundingPlanVersion,
    FundingSource,
    Instrument,
    Transaction,
    TransactionType,
)
from . import validation as v

# --- the plan -----------------------------------------------------------------------------------


def _plan_queryset():
    return FundingPlanVersion.objects.select_related("created_by").prefetch_related(
        Prefetch("lines", queryset=BudgetLine.objects.select_related("partner", "activity").order_by("id")),
        Prefetch(
            "sources", queryset=FundingSource.objects.select_related("partner", "instrument").order_by("id")
        ),
        Prefetch(
            "approvals",
            queryset=FundingPlanApproval.objects.select_related("authority", "approved_by").order_by("id"),
        ),
    )


def plan_current(*, project) -> FundingPlanVersion | None:
    """The latest version of the project's plan, with its lines, sources and approvals."""
    return _plan_queryset().filter(project_id=project.pk).order_by("-number").first()


def plan_get(*, project, number: int) -> FundingPlanVersion | None:
    return _plan_queryset().filter(project_id=project.pk, number=number).first()


def plan_number(*, project) -> int:
    latest = FundingPlanVersion.objects.filter(project_id=project.pk).order_by("-number").first()
    return latest.number if latest else 0


def line_dict(line) -> dict:
    return {
        "category": line.category,
        "label": line.label,
        "partner_id": line.partner_id,
        "activity_id": line.activity_id,
        "amount": line.amount,
        "currency": line.currency,
    }


def source_dict(source) -> dict:
    return {
        "kind": source.kind,
        "instrument_id": source.instrument_id,
        "partner_id": source.partner_id,
        "amount": source.amount,
        "currency": source.currency,
        "valuation": source.valuation,
    }


def _jsonable(item: dict) -> dict:
    return {k: (str(x) if isinstance(x, Decimal | date) else x) for k, x in item.items()}


def plan_content(version) -> dict | None:
    """A version as plain JSON (what a conflict hands back, what the API shows)."""
    if version is None:
        return None
    return {
        "version": version.number,
        "rate_date": version.rate_date.isoformat(),
        "note": version.note,
        "lines": [_jsonable(line_dict(x)) for x in version.lines.all()],
        "sources": [_jsonable(source_dict(x)) for x in version.sources.all()],
    }


# --- rates --------------------------------------------------------------------------------------


def _rate_scope(project) -> Q:
    """The rates a project's plan reads: the shared ones and those its partners entered for it."""
    shared = Q(project__isnull=True)
    return shared | Q(project_id=project.pk) if project is not None else shared


def rates_on(currencies, on: date, *, project=None) -> dict[str, v.Rate]:
    """For each currency, the latest rate entered on or before `on` (one query): a shared rate, or one the
    partners of `project` entered for it (which wins on the same day)."""
    wanted = sorted({c for c in currencies if c and c != "EUR"})
    if not wanted:
        return {}
    rates: dict[str, v.Rate] = {}
    rows = ExchangeRate.objects.filter(_rate_scope(project), currency__in=wanted, on__lte=on).order_by(
        "currency", "-on", F("project_id").asc(nulls_last=True)
    )
    for row in rows:
        if row.currency not in rates:
            rates[row.currency] = v.Rate(row.currency, row.on, row.units_per_eur, row.source)
    return rates


def rates_as_json(rates: dict[str, v.Rate]) -> dict:
    """Rates as a version keeps them (`FundingPlanVersion.rates`)."""
    return {
        code: {"on": rate.on.isoformat(), "units_per_eur": str(rate.units_per_eur), "source": rate.source}
        for code, rate in sorted(rates.items())
    }


def rates_kept(version) -> dict[str, v.Rate] | None:
    """The rates an approved version keeps, or None while no partner has approved it (its amounts then
    follow the rates entered)."""
    if not version.approvals.all():
        return None
    return {
        code: v.Rate(code, date.fromisoformat(x["on"]), Decimal(x["units_per_eur"]), x.get("source", ""))
        for code, x in (version.rates or {}).items()
    }


def version_currencies(version) -> set[str]:
    return {x.currency for x in [*version.lines.all(), *version.sources.all()]} - {"EUR"}


def version_rates(version) -> dict[str, v.Rate]:
    """The rates a version's euros are computed with: those it was approved with, else the current ones."""
    kept = rates_kept(version)
    if kept is not None:
        return kept
    return rates_on(version_currencies(version), version.rate_date, project=version.project)


def plans_converting(currencies, since: date, *, project=None) -> list[FundingPlanVersion]:
    """The current plan version of each live project that converts one of `currencies` at rates of
    `since` or later (only `project`'s, when given), with its lines, sources and approvals."""
    latest = (
        FundingPlanVersion.objects.filter(project_id=OuterRef("project_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    ids = (
        FundingPlanVersion.objects.filter(number=Subquery(latest), rate_date__gte=since)
        .filter(Q(lines__currency__in=currencies) | Q(sources__currency__in=currencies))
        .exclude(project__phase__in=FINISHED_PHASES)
        .exclude(project__deleted_at__isnull=False)
    )
    if project is not None:
        ids = ids.filter(project_id=project.pk)
    return list(
        _plan_queryset().select_related("project").filter(pk__in=ids.values("pk")).order_by("project_id")
    )


def exchange_rate_list(*, project=None, limit: int = 50) -> list[ExchangeRate]:
    """The latest shared rates, and those of `project` when given."""
    rates = ExchangeRate.objects.filter(_rate_scope(project)).order_by("-on", "currency")
    return list(rates[:limit])


# --- the rules of the instruments ----------------------------------------------------------------


def limits_for(instrument_ids, project) -> dict[int, dict]:
    ids = {i for i in instrument_ids if i}
    if not ids:
        return {}
    instruments = Instrument.objects.filter(pk__in=ids).prefetch_related("rules")
    return {i.pk: plan_limits(i, project) for i in instruments}


# --- the state of a plan ------------------------------------------------------------------------


@dataclass
class PlanState:
    version: FundingPlanVersion | None
    totals: v.Totals | None = None
    rates: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    missing_approvals: list = field(default_factory=list)  # authorities
    lines: list = field(default_factory=list)  # (line, eur)
    sources: list = field(default_factory=list)  # (source, eur)

    @property
    def balanced(self) -> bool:
        return self.version is not None and not self.problems

    @property
    def approved(self) -> bool:
        return self.version is not None and not self.missing_approvals


def partner_infos(project) -> dict[int, v.PartnerInfo]:
    return {
        p.authority_id: v.PartnerInfo(p.authority_id, str(p.authority), p.authority.country, p.is_lead)
        for p in project.partners.all()
    }


def problems_for(
    *, project, rate_date: date, lines: list[dict], sources: list[dict], rates=None
) -> list[str]:
    """The problems of a plan given as clean dicts (a saved version, or a preview)."""
    if rates is None:
        rates = rates_on([x["currency"] for x in [*lines, *sources]], rate_date, project=project)
    instrument_ids = {s.get("instrument_id") for s in sources if s.get("kind") == "grant"}
    names = {i.pk: catalogue_text(i) for i in Instrument.objects.filter(pk__in=instrument_ids)}
    return v.plan_problems(
        lines=lines,
        sources=sources,
        rates=rates,
        rate_date=rate_date,
        partners=partner_infos(project),
        limits=limits_for(instrument_ids, project),
        instrument_names=names,
    )


def _partners(project) -> list:
    return [p.authority for p in project.partners.all()]


def plan_state(*, project, version=None) -> PlanState:
    """The current (or given) version with its totals in euros, the rates used and its problems."""
    version = version if version is not None else plan_current(project=project)
    if version is None:
        return PlanState(
            version=None, missing_approvals=approvals.partners_missing(_partners(project), approvals=[])
        )
    lines = [line_dict(x) for x in version.lines.all()]
    sources = [source_dict(x) for x in version.sources.all()]
    kept = rates_kept(version)
    if kept is None:
        rates = rates_on([x["currency"] for x in [*lines, *sources]], version.rate_date, project=project)
    else:
        rates = kept
    instrument_names = {
        s.instrument_id: catalogue_text(s.instrument) for s in version.sources.all() if s.instrument_id
    }
    grant_ids = {s["instrument_id"] for s in sources if s["kind"] == "grant"}
    problems = v.plan_problems(
        lines=lines,
        sources=sources,
        rates=rates,
        rate_date=version.rate_date,
        partners=partner_infos(project),
        limits=limits_for(grant_ids, project),
        instrument_names=instrument_names,
    )
    return PlanState(
        version=version,
        totals=v.totals(lines, sources, rates),
        rates=rates,
        problems=problems,
        missing_approvals=approvals.partners_missing(_partners(project), version.approvals.all()),
        lines=[(x, v.to_eur(x.amount, x.currency, rates)) for x in version.lines.all()],
        sources=[(x, v.to_eur(x.amount, x.currency, rates)) for x in version.sources.all()],
    )


def plan_facts_of(project) -> dict:
    """What the current funding plan asks of each instrument it names, as the rules read it
    (`catalogue.facts.PlanFacts`, by instrument id); empty without a plan or while a rate is missing."""
    state = plan_state(project=project)
    totals = state.totals
    if totals is None or not totals.complete or not totals.costs:
        return {}
    own_cash = {pid: own - totals.in_kind.get(pid, Decimal(0)) for pid, own in totals.own.items()}
    recipients: dict[int, set] = {}
    for source, _eur in state.sources:
        if source.kind == "grant" and source.instrument_id:
            recipients.setdefault(source.instrument_id, set()).add(source.partner_id)
    return {
        instrument_id: PlanFacts(
            total=totals.costs,
            grant=grant,
            own_cash=own_cash,
            in_kind=dict(totals.in_kind),
            recipients=frozenset(recipients.get(instrument_id, ())),
        )
        for instrument_id, grant in totals.grants.items()
        if instrument_id
    }


def funding_plan_approved_and_balanced(project) -> str | None:
    """Gate condition into implementation: the current plan exists, has no problem and every partner
    approved it. Returns None when met, else the first reason (translated)."""
    state = plan_state(project=project)
    if state.version is None:
        return _("The funding plan has not been written yet.")
    if state.problems:
        problem = state.problems[0]
        if len(state.problems) > 1:
            return _("%(problem)s (and %(count)s other problems in the funding plan)") % {
                "problem": problem,
                "count": len(state.problems) - 1,
            }
        return problem
    if state.missing_approvals:
        return _("Version %(version)s of the funding plan is not yet approved by: %(partners)s.") % {
            "version": state.version.number,
            "partners": ", ".join(str(a) for a in state.missing_approvals),
        }
    return None


# --- transactions: planned against actual --------------------------------------------------------

RECEIVED = (TransactionType.INCOMING_FUNDS, TransactionType.DISBURSEMENT)


def transaction_list(*, project) -> list[Transaction]:
    return list(
        Transaction.objects.alive()
        .filter(project_id=project.pk)
        .select_related("provider", "receiver", "instrument")
        .order_by("date", "id")
    )


def _rates_by_date(currencies, project) -> dict[str, list]:
    # On the same day, the project's own rate comes last, so it is the one used.
    rows = ExchangeRate.objects.filter(
        _rate_scope(project), currency__in={c for c in currencies if c != "EUR"}
    ).order_by("on", F("project_id").asc(nulls_first=True))
    table: dict[str, list] = defaultdict(list)
    for row in rows:
        table[row.currency].append(v.Rate(row.currency, row.on, row.units_per_eur, row.source))
    return table


def _eur_on(amount, currency, on, table) -> Decimal | None:
    if currency == "EUR":
        return v.to_eur(amount, currency, {})
    usable = [r for r in table.get(currency, []) if r.on <= on]
    return v.to_eur(amount, currency, {currency: usable[-1]}) if usable else None


def _row(label, planned, actual) -> dict:
    planned = planned or Decimal("0")
    actual = actual or Decimal("0")
    ratio = int(min(actual * 100 / planned, Decimal(100))) if planned else (100 if actual else 0)
    return {"label": label, "planned": planned, "actual": actual, "percent": ratio, "over": actual > planned}


def planned_vs_actual(*, project, state: PlanState, transactions: list[Transaction]) -> dict:
    """Per source (grant instrument, or own contribution of a partner) the planned amount against the funds
    received; per partner the planned costs against the expenditure. In euros; transactions are converted
    at the latest rate on or before their date (those without a rate are counted apart)."""
    table = _rates_by_date({t.currency for t in transactions}, project)
    unconverted = []
    received_by_instrument: dict = defaultdict(Decimal)
    spent_by_partner: dict = defaultdict(Decimal)
    for t in transactions:
        value = _eur_on(t.amount, t.currency, t.date, table)
        if value is None:
            unconverted.append(t)
            continue
        if t.type in RECEIVED and t.instrument_id:
            received_by_instrument[t.instrument_id] += value
        if t.type == TransactionType.EXPENDITURE and t.provider_id:
            spent_by_partner[t.provider_id] += value
    by_source = []
    if state.version is not None:
        planned_grants: dict = defaultdict(Decimal)
        names = {}
        for source, eur in state.sources:
            if source.kind == "grant" and eur is not None:
                planned_grants[source.instrument_id] += eur
                names[source.instrument_id] = catalogue_text(source.instrument)
        for instrument_id, planned in planned_grants.items():
            by_source.append(_row(names[instrument_id], planned, received_by_instrument.get(instrument_id)))
    by_partner = []
    costs = state.totals.costs_by_partner if state.totals else {}
    for partner in project.partners.all():
        by_partner.append(
            _row(
                str(partner.authority),
                costs.get(partner.authority_id),
                spent_by_partner.get(partner.authority_id),
            )
        )
    return {"by_source": by_source, "by_partner": by_partner, "unconverted": unconverted}


# --- the deadlines calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    on: date
    title: str
    kind: str  # "call", "declaration", "milestone", "activity"
    ends_on: date | None = None
    url: str = ""
    authority_ids: tuple = ()


def user_authorities(*, user) -> list:
    if not user.is_authenticated:
        return []
    ids = Membership.objects.active().filter(user=user).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("sort_key", "id"))


def calendar_events(*, user, start: date, end: date, authority_id: int | None = None) -> list[CalendarEvent]:
    """Call opening and closing dates, each year's e-APD window for the user's French authorities, and the
    milestones and activities of the projects of the user's authorities,
    between `start` and `end` (inclusive), by date."""
    from django.urls import reverse

    events: list[CalendarEvent] = []
    for call in Call.objects.filter(closes_on__gte=start, closes_on__lte=end).select_related("instrument"):
        events.append(
            CalendarEvent(
                uid=f"call-{call.pk}@mostovi",
                on=call.closes_on,
                title=_("Call closes: %(title)s (%(instrument)s)")
                % {"title": catalogue_text(call), "instrument": catalogue_text(call.instrument)},
                kind="call",
                url=call.source,
            )
        )
    for call in Call.objects.filter(opens_on__gte=start, opens_on__lte=end).select_related("instrument"):
        events.append(
            CalendarEvent(
                uid=f"call-opens-{call.pk}@mostovi",
                on=call.opens_on,
                title=_("Call opens: %(title)s (%(instrument)s)")
                % {"title": catalogue_text(call), "instrument": catalogue_text(call.instrument)},
                kind="call",
                url=call.source,
            )
        )
    authorities = user_authorities(user=user)
    if authority_id is not None:
        authorities = [a for a in authorities if a.pk == authority_id]
    own = {a.pk for a in authorities}
    events += declaration_windows(authorities, start=start, end=end)
    if own:
        projects = (
            project_list_visible_to(user=user)
            .filter(partners__authority_id__in=own)
            .prefetch_related("texts", "partners")
            .distinct()
        )
        projects = {p.pk: p for p in projects}
        activities = (
            Activity.objects.alive()
            .filter(project_id__in=list(projects))
            .filter(Q(starts_on__range=(start, end)) | Q(ends_on__range=(start, end)))
            .order_by("starts_on", "id")
        )
        for activity in activities:
            project = projects[activity.project_id]
            text = project_text(project, "title")
            project_title = text.text if text else f"#{project.pk}"
            on = activity.starts_on or activity.ends_on
            if activity.is_milestone:
                on = activity.ends_on or activity.starts_on
            if on is None or on < start or on > end:
                continue
            events.append(
                CalendarEvent(
                    uid=f"activity-{activity.pk}@mostovi",
                    on=on,
                    ends_on=None if activity.is_milestone else activity.ends_on,
                    title=(
                        _("Milestone: %(title)s — %(project)s")
                        if activity.is_milestone
                        else _("%(title)s — %(project)s")
                    )
                    % {"title": activity.title, "project": project_title},
                    kind="milestone" if activity.is_milestone else "activity",
                    url=reverse("projects:detail", kwargs={"pk": project.pk}),
                    authority_ids=tuple(p.authority_id for p in project.partners.all()),
                )
            )
    events.sort(key=lambda e: (e.on, e.kind != "call", e.title))
    return events


def declaration_windows(authorities, *, start: date, end: date) -> list[CalendarEvent]:
    """Each year's e-APD window (15 April – 31 May, CGCT L1115-6) for the French local authorities among
    `authorities`, when it overlaps `start`–`end`."""
    from django.urls import reverse

    events = []
    french = [a for a in authorities if a.country == "FR" and a.kind == OrganisationKind.LOCAL_AUTHORITY]
    for year in range(start.year, end.year + 1):
        opens, closes = date(year, *EAPD_OPENS), date(year, *EAPD_CLOSES)
        if closes < start or opens > end:
            continue
        for authority in french:
            events.append(
                CalendarEvent(
                    uid=f"eapd-{authority.pk}-{year}@mostovi",
                    on=opens,
                    ends_on=closes,
                    title=_("e-APD declaration of %(name)s: the aid paid in %(previous)s (campaign %(year)s)")
                    % {"name": authority, "previous": year - 1, "year": year},
                    kind="declaration",
                    url=reverse("opendata:declaration", kwargs={"pk": authority.pk}) + f"?year={year - 1}",
                    authority_ids=(authority.pk,),
                )
            )
    return events


def calendar_by_month(events: list[CalendarEvent]) -> list[tuple[date, list[CalendarEvent]]]:
    months: dict[date, list] = {}
    for event in events:
        months.setdefault(event.on.replace(day=1), []).append(event)
    return sorted(months.items())


def feed_window(today: date) -> tuple[date, date]:
    return today - timedelta(days=31), today + timedelta(days=548)


def calendar_token_for(*, user):
    return CalendarToken.objects.filter(user=user).first() if user.is_authenticated else None


def calendar_token_find(*, raw: str):
    """The token row whose digest matches `raw`, or None (revoked tokens never match)."""
    if not raw or len(raw) > 200:
        return None
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return (
        CalendarToken.objects.select_related("user").filter(token_digest=digest, user__is_active=True).first()
    )
