"""One checker per rule kind, `fn(rule, context) -> Check`, and `check`, which runs the right one.

A rule marked unverified never yields "pass": its pass becomes "unknown", with the reason (`check`). The
plan-dependent kinds (`PLAN_KINDS`) answer "unknown" without a plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mostovi.core.formats import format_date, format_number
from mostovi.core.labels import choice_label, in_sentence
from mostovi.directory.models import Country, Level, OrganisationKind
from mostovi.projects.models import DocumentCategory
from mostovi.themes.catalogue import theme_label

from ..eapd import eapd_campaign
from ..models import RuleKind
from .facts import COMMUNE_LEVELS, FAIL, PASS, UNKNOWN, Check, PartnerFact, ProjectFacts, _dec
from .params import validate_params
from .texts import param_label

# --- helpers ----------------------------------------------------------------------------------------

_OTHER_COUNTRIES = {
    "SE": gettext_lazy("Sweden"),
    "DE": gettext_lazy("Germany"),
    "CH": gettext_lazy("Switzerland"),
    "TR": gettext_lazy("Türkiye"),
    "IS": gettext_lazy("Iceland"),
    "UA": gettext_lazy("Ukraine"),
}


def country_name(code: str) -> str:
    if code in Country.values:
        return str(Country(code).label)
    if code in _OTHER_COUNTRIES:
        return str(_OTHER_COUNTRIES[code])
    return code or _("an unknown country")


def level_name(level: str) -> str:
    return str(Level(level).label) if level in Level.values else (level or _("no level"))


def _countries(codes) -> str:
    return ", ".join(country_name(c) for c in codes)


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _money(value: Decimal, currency: str = "EUR") -> str:
    return f"{format_number(value.quantize(Decimal('1')))} {currency}"


def _check(rule, context, result: str, reason: str, *, awaits_plan: bool = False) -> Check:
    return Check(
        result=result,
        reason=reason,
        source=rule.source,
        verified=rule.verified,
        rule=rule.kind,
        rule_id=getattr(rule, "pk", None),
        text=getattr(rule, "text", ""),
        checked_on=getattr(rule, "checked_on", None),
        awaits_plan=awaits_plan,
    )


def _no_plan(rule, context) -> Check:
    return _check(rule, context, UNKNOWN, _("Unknown — checked against the funding plan."), awaits_plan=True)


def _no_lead(rule, context) -> Check:
    return _check(rule, context, UNKNOWN, _("The project has no lead partner yet."))


# --- one function per kind --------------------------------------------------------------------------


def lead_country_in(rule, context: ProjectFacts) -> Check:
    lead = context.lead
    if lead is None:
        return _no_lead(rule, context)
    countries = rule.params["countries"]
    facts = {"name": lead.name, "country": country_name(lead.country)}
    if lead.country in countries:
        return _check(rule, context, PASS, _("The lead partner, %(name)s, is in %(country)s.") % facts)
    if len(countries) <= 8:
        facts["countries"] = _countries(countries)
        return _check(
            rule,
            context,
            FAIL,
            _("The lead partner, %(name)s, is in %(country)s; the lead must be in: %(countries)s.") % facts,
        )
    return _check(
        rule,
        context,
        FAIL,
        _("The lead partner, %(name)s, is in %(country)s, which is not eligible.") % facts,
    )


def partner_country_in(rule, context: ProjectFacts) -> Check:
    others = context.others
    if not others:
        return _check(rule, context, UNKNOWN, _("The project names no partner besides the lead."))
    countries = rule.params["countries"]
    matching = [p for p in others if p.country in countries]
    if matching:
        names = ", ".join(f"{p.name} ({country_name(p.country)})" for p in matching)
        return _check(rule, context, PASS, _("Partner in an eligible country: %(names)s.") % {"names": names})
    names = ", ".join(f"{p.name} ({country_name(p.country)})" for p in others)
    if len(countries) <= 8:
        return _check(
            rule,
            context,
            FAIL,
            _("No partner besides the lead is in an eligible country (%(countries)s): %(names)s.")
            % {"countries": _countries(countries), "names": names},
        )
    return _check(
        rule,
        context,
        FAIL,
        _("No partner besides the lead is in an eligible country: %(names)s.") % {"names": names},
    )


def lead_kind_in(rule, context: ProjectFacts) -> Check:
    lead = context.lead
    if lead is None:
        return _no_lead(rule, context)
    levels = rule.params["levels"]
    facts = {"name": lead.name, "level": level_name(lead.level)}
    if lead.kind != OrganisationKind.LOCAL_AUTHORITY:
        return _check(rule, context, FAIL, _("The lead partner, %(name)s, is not a local authority.") % facts)
    if lead.level in levels:
        return _check(rule, context, PASS, _("The lead partner, %(name)s, is a %(level)s.") % facts)
    facts["levels"] = ", ".join(level_name(v) for v in levels)
    return _check(
        rule,
        context,
        FAIL,
        _("The lead partner, %(name)s, is a %(level)s; the lead must be one of: %(levels)s.") % facts,
    )


def min_partner_countries(rule, context: ProjectFacts) -> Check:
    count = int(rule.params["count"])
    listed = rule.params["countries"]
    found = sorted({p.country for p in context.partners if p.country in listed})
    facts = {
        "count": count,
        "found": len(found),
        "countries": _countries(found) or _("none"),
        "list": _countries(listed),
    }
    if len(found) >= count:
        return _check(
            rule,
            context,
            PASS,
            _("Partners come from %(found)s of the listed countries (%(countries)s); %(count)s are needed.")
            % facts,
        )
    return _check(
        rule,
        context,
        FAIL,
        _(
            "Partners come from %(found)s of the listed countries (%(countries)s); at least %(count)s of "
            "%(list)s are needed."
        )
        % facts,
    )


def _band_of(params: dict, country: str) -> tuple[Decimal, str]:
    for band in params.get("bands", []):
        if country in band.get("countries", []):
            return _dec(band["max_rate"]), band.get("label", "")
    return _dec(params["default_max_rate"]), params.get("default_label", "")


def _foreign_partners(context: ProjectFacts) -> list[PartnerFact]:
    lead = context.lead
    lead_country = lead.country if lead else None
    return [p for p in context.others if p.country and p.country != lead_country]


def _rate_band(params: dict, context: ProjectFacts, rule=None) -> tuple[Decimal | None, str, str]:
    """(maximum rate, short label, sentence naming the facts); (None, "", why) when it cannot be told."""
    partners = _foreign_partners(context)
    if not partners:
        return None, "", _("The project names no partner authority in another country than the lead's.")
    countries = sorted({p.country for p in partners})
    if len(countries) == 1:
        rate, band = _band_of(params, countries[0])
        band = param_label(rule, band) if rule is not None else band
        label = _("%(country)s — %(label)s") % {"country": country_name(countries[0]), "label": band}
        return rate, label, _("%(label)s: rate band %(rate)s %%.") % {"label": label, "rate": _pct(rate)}
    per_country = "; ".join(f"{country_name(c)} {_pct(_band_of(params, c)[0])} %" for c in countries)
    single = params.get("multi_country_rate")
    if single:
        rate = _dec(single)
        label = _("multi-country project (%(per_country)s)") % {"per_country": per_country}
        sentence = _(
            "Multi-country project (%(per_country)s): per-country rates or a single %(rate)s %%."
        ) % {
            "per_country": per_country,
            "rate": _pct(rate),
        }
        return rate, label, sentence
    rate = max(_band_of(params, c)[0] for c in countries)
    label = _("multi-country project (%(per_country)s)") % {"per_country": per_country}
    return (
        rate,
        label,
        _("Multi-country project: per-country rates (%(per_country)s).") % {"per_country": per_country},
    )


def rate_band_by_country(rule, context: ProjectFacts) -> Check:
    rate, _label, sentence = _rate_band(rule.params, context, rule)
    if rate is None:
        return _check(rule, context, UNKNOWN, sentence)
    plan = context.plan
    if plan is None or not plan.total:
        return _check(rule, context, PASS, sentence)
    asked = plan.grant * 100 / plan.total
    facts = {"asked": _pct(asked.quantize(Decimal("0.1"))), "band": sentence}
    if asked > rate:
        return _check(rule, context, FAIL, _("The plan asks %(asked)s %% of the total. %(band)s") % facts)
    return _check(rule, context, PASS, _("The plan asks %(asked)s %% of the total. %(band)s") % facts)


def max_rate(rule, context: ProjectFacts) -> Check:
    plan = context.plan
    if plan is None or not plan.total:
        return _no_plan(rule, context)
    limit = _dec(rule.params["percent"])
    asked = plan.grant * 100 / plan.total
    facts = {"asked": _pct(asked.quantize(Decimal("0.1"))), "limit": _pct(limit)}
    if asked > limit:
        return _check(
            rule, context, FAIL, _("The plan asks %(asked)s %% of the total; at most %(limit)s %%.") % facts
        )
    return _check(
        rule, context, PASS, _("The plan asks %(asked)s %% of the total; at most %(limit)s %%.") % facts
    )


def _range(rule, context: ProjectFacts) -> Check:
    plan = context.plan
    if plan is None:
        return _no_plan(rule, context)
    low, high = _dec(rule.params["min"]), _dec(rule.params["max"])
    currency = rule.params.get("currency", "EUR")
    facts = {
        "asked": _money(plan.grant, "EUR"),
        "min": _money(low, currency),
        "max": _money(high, currency),
    }
    if currency != "EUR":
        return _check(
            rule,
            context,
            UNKNOWN,
            _("The range is in %(currency)s (%(min)s – %(max)s); convert the plan's %(asked)s.")
            % {**facts, "currency": currency},
        )
    if low <= plan.grant <= high:
        return _check(
            rule, context, PASS, _("The plan asks %(asked)s; the range is %(min)s – %(max)s.") % facts
        )
    return _check(
        rule, context, FAIL, _("The plan asks %(asked)s, outside the range %(min)s – %(max)s.") % facts
    )


def amount_range(rule, context: ProjectFacts) -> Check:
    return _range(rule, context)


def lump_sum_range(rule, context: ProjectFacts) -> Check:
    return _range(rule, context)


def min_own_share(rule, context: ProjectFacts) -> Check:
    plan = context.plan
    if plan is None or not plan.total:
        return _no_plan(rule, context)
    percent = _dec(rule.params["percent"])
    countries = rule.params.get("countries") or []
    applicants = _concerned(context, countries)
    if not applicants:
        return _check(
            rule,
            context,
            PASS,
            _("No partner from %(countries)s: the rule does not apply.")
            % {"countries": _countries(countries)},
        )
    needed = plan.total * percent / 100
    short = []
    for partner in applicants:
        own = plan.own_cash.get(partner.authority_id, Decimal(0)) + plan.in_kind.get(
            partner.authority_id, Decimal(0)
        )
        if own < needed:
            short.append(f"{partner.name} {_money(own)}")
    facts = {"percent": _pct(percent), "needed": _money(needed)}
    if short:
        facts["short"] = ", ".join(short)
        return _check(
            rule,
            context,
            FAIL,
            _("Each applicant must bring at least %(percent)s %% of the total (%(needed)s): %(short)s.")
            % facts,
        )
    return _check(
        rule,
        context,
        PASS,
        _("Each applicant brings at least %(percent)s %% of the total (%(needed)s).") % facts,
    )


def _concerned(context: ProjectFacts, countries) -> list[PartnerFact]:
    """The partners an own-share rule applies to, as the plan helper reads them (`plans.validation.
    concerned_partners`): those of the countries the rule names, else those receiving the grant."""
    if countries:
        return [p for p in context.partners if p.country in countries]
    recipients = context.plan.recipients if context.plan else frozenset()
    return [p for p in context.partners if p.authority_id in recipients]


def in_kind_cap(rule, context: ProjectFacts) -> Check:
    plan = context.plan
    if plan is None:
        return _no_plan(rule, context)
    percent = _dec(rule.params["percent"])
    over = []
    for partner in _concerned(context, rule.params.get("countries") or []):
        cash = plan.own_cash.get(partner.authority_id, Decimal(0))
        kind = plan.in_kind.get(partner.authority_id, Decimal(0))
        own = cash + kind
        if own and kind * 100 > own * percent:
            over.append(f"{partner.name} {_pct((kind * 100 / own).quantize(Decimal('0.1')))} %")
    facts = {"percent": _pct(percent)}
    if over:
        facts["over"] = ", ".join(over)
        return _check(
            rule,
            context,
            FAIL,
            _("In-kind contributions may be at most %(percent)s %% of a partner's own share: %(over)s.")
            % facts,
        )
    return _check(
        rule,
        context,
        PASS,
        _("In-kind contributions stay within %(percent)s %% of each partner's own share.") % facts,
    )


def required_document(rule, context: ProjectFacts) -> Check:
    category = rule.params["category"]
    label = in_sentence(choice_label(DocumentCategory, category))
    if category in context.document_categories:
        return _check(rule, context, PASS, _("The project holds a %(label)s.") % {"label": label})
    return _check(
        rule,
        context,
        FAIL,
        _("A %(label)s is required; the project holds none yet.") % {"label": label},
    )


def theme_in(rule, context: ProjectFacts) -> Check:
    themes = rule.params["themes"]
    if not context.themes:
        return _check(rule, context, UNKNOWN, _("The project has no themes yet."))
    common = [t for t in themes if t in context.themes]
    if common:
        return _check(
            rule,
            context,
            PASS,
            _("Themes covered: %(themes)s.") % {"themes": ", ".join(theme_label(t) for t in common)},
        )
    return _check(
        rule,
        context,
        FAIL,
        _("None of the project's themes (%(project)s) is among %(themes)s.")
        % {
            "project": ", ".join(theme_label(t) for t in sorted(context.themes)),
            "themes": ", ".join(theme_label(t) for t in themes),
        },
    )


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months + (1 if end.day >= start.day else 0)


def duration_max(rule, context: ProjectFacts) -> Check:
    months_max = int(rule.params["months"])
    if not (context.planned_start and context.planned_end):
        return _check(rule, context, UNKNOWN, _("The project has no planned start and end dates yet."))
    months = _months_between(context.planned_start, context.planned_end)
    facts = {
        "months": months,
        "max": months_max,
        "start": format_date(context.planned_start),
        "end": format_date(context.planned_end),
    }
    sentence = (
        ngettext(
            "Planned from %(start)s to %(end)s: %(months)s month; at most %(max)s.",
            "Planned from %(start)s to %(end)s: %(months)s months; at most %(max)s.",
            months,
        )
        % facts
    )
    return _check(rule, context, PASS if months <= months_max else FAIL, sentence)


def levy_base(rule, context: ProjectFacts) -> Check:
    lead = context.lead
    params = rule.params
    facts = {"percent": _pct(_dec(params["percent"])), "base": param_label(rule, params["base"])}
    if lead is None:
        return _no_lead(rule, context)
    facts["name"] = lead.name
    is_commune = (
        lead.country == "FR"
        and lead.kind == OrganisationKind.LOCAL_AUTHORITY
        and lead.level in (*COMMUNE_LEVELS, Level.GROUPING)
    )
    if not is_commune:
        return _check(
            rule,
            context,
            UNKNOWN,
            _(
                "Only French communes, their groupings (EPCI) and syndicats mixtes competent for the service "
                "may devote up to %(percent)s %% of their %(base)s; %(name)s is not a French commune."
            )
            % facts,
        )
    themes = params.get("themes") or []
    if themes and not (context.themes & set(themes)):
        facts["themes"] = ", ".join(theme_label(t) for t in themes)
        return _check(
            rule,
            context,
            UNKNOWN,
            _(
                "%(name)s may devote up to %(percent)s %% of its %(base)s to cooperation in the same sector "
                "(%(themes)s); the project has no such theme."
            )
            % facts,
        )
    if lead.level == Level.GROUPING:
        return _check(
            rule,
            context,
            PASS,
            _(
                "%(name)s, a grouping of French communes, may devote up to %(percent)s %% of its %(base)s, "
                "if it is competent for the service (a decision of its council)."
            )
            % facts,
        )
    return _check(
        rule,
        context,
        PASS,
        _(
            "%(name)s, a French commune, may devote up to %(percent)s %% of its %(base)s, if it is competent "
            "for the service (a decision of its council)."
        )
        % facts,
    )


def _eapd_filed(rule, context: ProjectFacts) -> Check:
    french = [p for p in context.partners if p.country == "FR" and p.kind == OrganisationKind.LOCAL_AUTHORITY]
    if not french:
        return _check(rule, context, UNKNOWN, _("The project has no French partner authority."))
    campaign = eapd_campaign(context.today or timezone.localdate())
    missing, late = [], []
    for partner in french:
        years = context.aid_declarations.get(partner.authority_id, frozenset())
        if campaign in years:
            continue
        if years:
            late.append(_("%(name)s (last recorded: %(year)s)") % {"name": partner.name, "year": max(years)})
        else:
            missing.append(partner.name)
    if not missing and not late:
        names = ", ".join(p.name for p in french)
        return _check(
            rule,
            context,
            PASS,
            _("The e-APD declaration of %(year)s is recorded as filed: %(names)s.")
            % {"year": campaign, "names": names},
        )
    names = ", ".join(missing + late)
    return _check(
        rule,
        context,
        UNKNOWN,
        _(
            "No e-APD declaration of %(year)s is recorded for: %(names)s. Record the date it was filed on "
            "the authority's declaration page."
        )
        % {"year": campaign, "names": names},
    )


PRECONDITION_FACTS = {"eapd_filed": _eapd_filed}


def precondition(rule, context: ProjectFacts) -> Check:
    reader = PRECONDITION_FACTS.get(rule.params.get("fact", ""))
    if reader is not None:
        return reader(rule, context)
    return _check(rule, context, UNKNOWN, param_label(rule, rule.params["label"]))


CHECKERS: dict[str, Callable[..., Check]] = {kind.value: globals()[kind.value] for kind in RuleKind}


def check(rule, context: ProjectFacts) -> Check:
    """Evaluate one rule; a rule of an unknown kind or with broken params is "unknown", never an error."""
    checker = CHECKERS.get(rule.kind)
    if checker is None or validate_params(rule.kind, rule.params):
        return _check(
            rule, context, UNKNOWN, _("This rule cannot be evaluated: its parameters are not valid.")
        )
    result = checker(rule, context)
    if result.result == PASS and not result.verified:
        # The platform never states an unverified rule as met.
        return replace(
            result,
            result=UNKNOWN,
            reason=_("%(reason)s The rule is not verified, so this is not a pass.")
            % {"reason": result.reason},
        )
    return result
