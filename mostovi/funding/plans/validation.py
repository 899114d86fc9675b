"""The rules a funding plan is checked against: pure functions, each problem a translated message.

Two families:

* `input_errors` — what cannot be saved at all (a negative or absurd amount, an unknown currency, a partner
  who is not a partner of the project, a grant without its instrument). Services refuse such input (422).
* `plan_problems` — what makes a saved plan unbalanced (sources ≠ costs, an instrument's maximum rate or
  amount range, a partner's minimum share, the in-kind cap, a missing exchange rate). A plan with problems
  is a draft: it can be saved, but the gate into implementation stays closed.

Amounts are converted to euros line by line — `amount / units_per_eur`, rounded half-up to the cent — and
then added up, so that the totals match what a person checks by hand.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from mostovi.core.codelists import codes
from mostovi.core.formats import format_date, format_decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
# Above this no cooperation project is real: refused as a typing error.
MAX_AMOUNT = Decimal("100000000000")
# The currencies of the region, offered first in the forms.
REGIONAL_CURRENCIES = ("EUR", "BGN", "RSD", "MKD", "ALL", "BAM")
LINE_CATEGORIES = ("staff", "travel", "equipment", "services", "events", "other")
SOURCE_KINDS = ("grant", "own_cash", "in_kind", "other")
OWN_KINDS = ("own_cash", "in_kind")


@dataclass(frozen=True)
class Rate:
    currency: str
    on: date
    units_per_eur: Decimal
    source: str = ""

    @property
    def units(self) -> str:
        """The rate in the reader's locale, with the decimals it has (117,2 not 117,200000)."""
        text = format(Decimal(self.units_per_eur).normalize(), "f")
        decimals = len(text.split(".")[1]) if "." in text else 0
        return format_decimal(self.units_per_eur, decimals)


@dataclass(frozen=True)
class PartnerInfo:
    id: int
    name: str
    country: str
    is_lead: bool = False


@dataclass
class Totals:
    costs: Decimal = Decimal("0.00")
    sources: Decimal = Decimal("0.00")
    by_kind: dict = field(default_factory=dict)
    grants: dict = field(default_factory=dict)  # instrument id → EUR
    own: dict = field(default_factory=dict)  # partner id → own cash + in kind, EUR
    in_kind: dict = field(default_factory=dict)  # partner id → in kind, EUR
    costs_by_partner: dict = field(default_factory=dict)
    missing_rates: list = field(default_factory=list)  # currencies without a rate, sorted
    complete: bool = True


def known_currencies() -> set[str]:
    return set(codes("Currency")) | set(REGIONAL_CURRENCIES)


# --- numbers ------------------------------------------------------------------------------------


def money(value: Decimal) -> str:
    """An amount in the reader's locale, with grouping and two decimals."""
    return format_decimal(value, 2)


def percent(value: Decimal) -> str:
    """A percentage in the reader's locale: whole numbers without decimals, else two."""
    value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    decimals = 0 if value == value.to_integral_value() else 2
    return format_decimal(value, decimals)


def parse_amount(value) -> Decimal | None:
    """A machine amount (API, CSV): a number or a string with a point for decimals; None if unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite():
        return None
    return amount


def amount_error(amount: Decimal | None) -> str | None:
    """Why an amount cannot be accepted, or None."""
    if amount is None:
        return _("the amount is not a number")
    if amount < 0:
        return _("an amount cannot be negative")
    if amount > MAX_AMOUNT:
        return _("the amount is larger than %(max)s: check the figure") % {"max": money(MAX_AMOUNT)}
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        return _("an amount has at most two decimals")
    return None


def to_eur(amount: Decimal, currency: str, rates: dict[str, Rate]) -> Decimal | None:
    """The amount in euros at the given rates, rounded half-up to the cent; None without a rate."""
    if currency == "EUR":
        return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    rate = rates.get(currency)
    if rate is None:
        return None
    return (Decimal(amount) / rate.units_per_eur).quantize(CENT, rounding=ROUND_HALF_UP)


# --- input --------------------------------------------------------------------------------------


def _currency_error(currency, currencies: set[str]) -> str | None:
    code = str(currency or "").strip().upper()
    if code not in currencies:
        return _("unknown currency “%(code)s” (use an ISO 4217 code such as EUR, RSD or BGN)") % {
            "code": str(currency or "")[:10]
        }
    return None


def input_errors(
    lines: list[dict],
    sources: list[dict],
    *,
    partner_ids: set[int],
    instrument_ids: set[int],
    activity_ids: set[int] = frozenset(),
    currencies: set[str] | None = None,
) -> list[str]:
    """Everything that makes the submitted lines and sources impossible to save, each line named."""
    currencies = currencies if currencies is not None else known_currencies()
    errors: list[str] = []

    def add(template: str, number: int, reason: str) -> None:
        errors.append(template % {"number": number, "reason": reason})

    line_tpl = _("Budget line %(number)s: %(reason)s.")
    for number, line in enumerate(lines, start=1):
        if line.get("category") not in LINE_CATEGORIES:
            add(line_tpl, number, _("choose a category"))
        if not str(line.get("label") or "").strip():
            add(line_tpl, number, _("say what the cost is"))
        if line.get("partner_id") not in partner_ids:
            add(line_tpl, number, _("the partner must be one of the project's partners"))
        if line.get("activity_id") and line.get("activity_id") not in activity_ids:
            add(line_tpl, number, _("the activity must be one of the project's activities"))
        reason = amount_error(parse_amount(line.get("amount")))
        if reason:
            add(line_tpl, number, reason)
        reason = _currency_error(line.get("currency"), currencies)
        if reason:
            add(line_tpl, number, reason)
    source_tpl = _("Funding source %(number)s: %(reason)s.")
    for number, source in enumerate(sources, start=1):
        kind = source.get("kind")
        if kind not in SOURCE_KINDS:
            add(source_tpl, number, _("choose the kind of source"))
        if kind == "grant" and source.get("instrument_id") not in instrument_ids:
            add(source_tpl, number, _("a grant names its funding instrument"))
        if (
            kind != "grant"
            and source.get("instrument_id")
            and source.get("instrument_id") not in instrument_ids
        ):
            add(source_tpl, number, _("unknown funding instrument"))
        if source.get("partner_id") not in partner_ids:
            add(source_tpl, number, _("the partner must be one of the project's partners"))
        if kind == "in_kind" and not str(source.get("valuation") or "").strip():
            add(source_tpl, number, _("say how the in-kind contribution is valued"))
        reason = amount_error(parse_amount(source.get("amount")))
        if reason:
            add(source_tpl, number, reason)
        reason = _currency_error(source.get("currency"), currencies)
        if reason:
            add(source_tpl, number, reason)
    return errors


# --- totals and problems ------------------------------------------------------------------------


def totals(lines: list[dict], sources: list[dict], rates: dict[str, Rate]) -> Totals:
    """Costs and sources in euros; currencies without a rate are listed and left out of the sums."""
    result = Totals()
    missing: set[str] = set()

    def eur(item) -> Decimal | None:
        value = to_eur(Decimal(item["amount"]), item["currency"], rates)
        if value is None:
            missing.add(item["currency"])
        return value

    by_partner: dict = defaultdict(Decimal)
    for line in lines:
        value = eur(line)
        if value is not None:
            result.costs += value
            by_partner[line["partner_id"]] += value
    by_kind: dict = defaultdict(Decimal)
    grants: dict = defaultdict(Decimal)
    own: dict = defaultdict(Decimal)
    in_kind: dict = defaultdict(Decimal)
    for source in sources:
        value = eur(source)
        if value is None:
            continue
        result.sources += value
        by_kind[source["kind"]] += value
        if source["kind"] == "grant":
            grants[source.get("instrument_id")] += value
        if source["kind"] in OWN_KINDS:
            own[source["partner_id"]] += value
        if source["kind"] == "in_kind":
            in_kind[source["partner_id"]] += value
    result.costs_by_partner = dict(by_partner)
    result.by_kind, result.grants, result.own, result.in_kind = (
        dict(by_kind),
        dict(grants),
        dict(own),
        dict(in_kind),
    )
    result.missing_rates = sorted(missing)
    result.complete = not missing
    return result


def concerned_partners(limits: dict, partners: dict[int, PartnerInfo], recipients: set[int]) -> list[int]:
    """The partners an instrument's own-share rules apply to: those of the countries it names, else the
    partners receiving its grant."""
    share = limits.get("min_own_share") or {}
    countries = set(share.get("countries") or [])
    if countries:
        return [pid for pid, p in partners.items() if p.country in countries]
    return sorted(recipients)


def plan_problems(
    *,
    lines: list[dict],
    sources: list[dict],
    rates: dict[str, Rate],
    rate_date: date,
    partners: dict[int, PartnerInfo],
    limits: dict[int, dict],
    instrument_names: dict[int, str],
) -> list[str]:
    """Why a plan (already clean input) is not balanced; empty when it is."""
    problems: list[str] = []
    result = totals(lines, sources, rates)
    for currency in result.missing_rates:
        problems.append(
            _(
                "There is no exchange rate for %(currency)s on or before %(date)s: enter the rate used, "
                "with its source."
            )
            % {"currency": currency, "date": format_date(rate_date)}
        )
    if not lines:
        problems.append(_("The funding plan has no cost line."))
    if not result.complete:
        # Without every rate the totals are incomplete: the other checks would mislead.
        return problems
    if result.sources != result.costs:
        problems.append(
            _("The funding plan is not balanced: sources %(sources)s EUR, costs %(costs)s EUR.")
            % {"sources": money(result.sources), "costs": money(result.costs)}
        )
    costs = result.costs
    for instrument_id, grant in result.grants.items():
        rules = limits.get(instrument_id) or {}
        name = instrument_names.get(instrument_id, str(instrument_id))
        max_rate = rules.get("max_rate")
        if max_rate is not None and costs > 0 and grant * HUNDRED > Decimal(max_rate) * costs:
            label = rules.get("max_rate_label")
            message = _(
                "The grant of %(instrument)s is %(rate)s %% of the total cost; its rules allow at most "
                "%(max)s %%."
            ) % {"instrument": name, "rate": percent(grant * HUNDRED / costs), "max": percent(max_rate)}
            if label:
                message = f"{message[:-1]} ({label})."
            problems.append(message)
        if rules.get("amount_min") is not None and grant < Decimal(rules["amount_min"]):
            problems.append(
                _("The grant of %(instrument)s (%(amount)s EUR) is below its minimum of %(min)s EUR.")
                % {"instrument": name, "amount": money(grant), "min": money(Decimal(rules["amount_min"]))}
            )
        if rules.get("amount_max") is not None and grant > Decimal(rules["amount_max"]):
            problems.append(
                _("The grant of %(instrument)s (%(amount)s EUR) is above its maximum of %(max)s EUR.")
                % {"instrument": name, "amount": money(grant), "max": money(Decimal(rules["amount_max"]))}
            )
        recipients = {
            s["partner_id"]
            for s in sources
            if s["kind"] == "grant" and s.get("instrument_id") == instrument_id
        }
        share = rules.get("min_own_share") or {}
        cap = rules.get("in_kind_cap")
        concerned = concerned_partners(rules, partners, recipients)
        # The in-kind cap applies to the partners of the countries its rule names, else to the same partners.
        cap_countries = set(rules.get("in_kind_countries") or [])
        cap_partners = (
            {pid for pid, p in partners.items() if p.country in cap_countries}
            if cap_countries
            else set(concerned)
        )
        for partner_id in sorted(set(concerned) | cap_partners):
            partner = partners.get(partner_id)
            partner_name = partner.name if partner else str(partner_id)
            own = result.own.get(partner_id, Decimal("0"))
            if partner_id in concerned and share.get("percent") is not None and costs > 0:
                minimum = Decimal(share["percent"])
                if own * HUNDRED < minimum * costs:
                    problems.append(
                        _(
                            "%(partner)s brings %(share)s %% of the total cost (%(own)s EUR); %(instrument)s "
                            "requires at least %(min)s %%."
                        )
                        % {
                            "partner": partner_name,
                            "share": percent(own * HUNDRED / costs),
                            "own": money(own),
                            "instrument": name,
                            "min": percent(minimum),
                        }
                    )
            in_kind = result.in_kind.get(partner_id, Decimal("0"))
            if cap is not None and partner_id in cap_partners and in_kind * HUNDRED > Decimal(cap) * own:
                problems.append(
                    _(
                        "The in-kind contribution of %(partner)s (%(in_kind)s EUR) is more than %(cap)s %% "
                        "of its own share (%(own)s EUR), the limit of %(instrument)s."
                    )
                    % {
                        "partner": partner_name,
                        "in_kind": money(in_kind),
                        "cap": percent(Decimal(cap)),
                        "own": money(own),
                        "instrument": name,
                    }
                )
    return problems
