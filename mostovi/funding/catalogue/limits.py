"""The limits an instrument's rules set on a funding plan (`plan_limits`, `max_rate_for`): the plan helper
and the plan's own checks read the same values."""

from __future__ import annotations

from decimal import Decimal

from ..models import RuleKind
from .checkers import _rate_band
from .facts import _as_facts, _dec
from .params import validate_params


def max_rate_for(rule, project) -> tuple[Decimal | None, str]:
    """The maximum rate (percent) a `rate_band_by_country` rule allows this project, and its label.

    The label is short ("Bulgaria — not aid-eligible"); (None, why) when the project names no foreign partner.
    """
    rate, label, sentence = _rate_band(rule.params, _as_facts(project), rule)
    return (rate, label) if rate is not None else (None, sentence)


def plan_limits(instrument, project) -> dict:
    """The limits an instrument's verified rules set on a funding plan, as Decimals (None when no rule sets
    one); unverified rules set none.

    {"max_rate", "max_rate_label", "amount_min", "amount_max", "currency",
     "min_own_share": {"percent", "countries"} | None, "in_kind_cap", "sources": {key: {source, checked_on,
     verified}}}. Uses `instrument.rules.all()` (prefetch it).
    """
    facts = _as_facts(project)
    limits: dict = {
        "max_rate": None,
        "max_rate_label": "",
        "amount_min": None,
        "amount_max": None,
        "currency": "EUR",
        "min_own_share": None,
        "in_kind_cap": None,
        "sources": {},
    }

    def cite(key: str, rule) -> None:
        limits["sources"][key] = {
            "source": rule.source,
            "checked_on": rule.checked_on,
            "verified": rule.verified,
        }

    for rule in instrument.rules.all():
        if validate_params(rule.kind, rule.params) or not rule.verified:
            # An unverified rule bounds no plan, as it fails no eligibility: the eligibility page shows it as
            # an open point ("unknown", with its reason), and the plan says nothing against it.
            continue
        params = rule.params
        if rule.kind in (RuleKind.MAX_RATE, RuleKind.RATE_BAND_BY_COUNTRY):
            if rule.kind == RuleKind.MAX_RATE:
                rate, label = _dec(params["percent"]), ""
            else:
                rate, label = max_rate_for(rule, facts)
            if rate is not None and (limits["max_rate"] is None or rate < limits["max_rate"]):
                limits["max_rate"], limits["max_rate_label"] = rate, label
                cite("max_rate", rule)
        elif rule.kind in (RuleKind.AMOUNT_RANGE, RuleKind.LUMP_SUM_RANGE):
            limits["amount_min"], limits["amount_max"] = _dec(params["min"]), _dec(params["max"])
            limits["currency"] = params["currency"]
            cite("amount", rule)
        elif rule.kind == RuleKind.MIN_OWN_SHARE:
            limits["min_own_share"] = {
                "percent": _dec(params["percent"]),
                "countries": list(params.get("countries") or []),
            }
            cite("min_own_share", rule)
        elif rule.kind == RuleKind.IN_KIND_CAP:
            limits["in_kind_cap"] = _dec(params["percent"])
            limits["in_kind_countries"] = list(params.get("countries") or [])
            cite("in_kind_cap", rule)
    return limits
