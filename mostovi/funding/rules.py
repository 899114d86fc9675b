"""Funding rules are data that this module evaluates.

Each `RuleKind` has one function of the same name, `fn(rule, context) -> Check`, and one params schema
(`PARAMS`). `context` is a `ProjectFacts` (built once per project by `project_facts`), optionally
carrying a `PlanFacts` for the rules that constrain a funding plan.

Params (amounts and percents are decimal strings, countries ISO 3166-1 alpha-2, XK for Kosovo*):

- lead_country_in        {"countries": ["FR"]}
- partner_country_in     {"countries": [...]}  — at least one partner other than the lead in the list
- lead_kind_in           {"levels": ["municipality", ...]}  — a local authority of one of these levels
- min_partner_countries  {"count": 3, "countries": ["AL", "BA", "ME", "MK", "RS", "XK"]}
- rate_band_by_country   {"bands": [{"countries": [...], "max_rate": "50", "label": "..."}],
                          "default_max_rate": "30", "default_label": "...", "multi_country_rate": "60"}
- max_rate               {"percent": "80"}
- amount_range           {"min": "200000", "max": "1500000", "currency": "EUR"}
- lump_sum_range         {"min": "8455", "max": "50745", "currency": "EUR"}
- min_own_share          {"percent": "10", "of": "total", "countries": ["FR"]}
- in_kind_cap            {"percent": "50", "of": "own_share", "countries": ["FR"] (optional)}
  (both own-share kinds apply to the partners of `countries`, else to those receiving the grant in the plan)
- required_document      {"category": "A04", "label": "council decision"}
- theme_in               {"themes": ["sport", ...]}
- duration_max           {"months": 12}
- levy_base              {"percent": "1", "base": "water and sanitation budget", "themes": [...] (optional)}
- precondition           {"label": "annual e-APD declaration filed", "fact": "eapd_filed" (optional)}
                          without "fact" the platform cannot check it ("unknown"); with "fact":
                          "eapd_filed" it reads the recorded e-APD filings of the French partners

A rule marked unverified never yields "pass": its pass becomes "unknown", with the reason (`check`).

The plan-dependent kinds (`PLAN_KINDS`) answer "unknown" without a plan; `plan_limits` and `max_rate_for`
give the plan helper their values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mostovi.core.formats import format_number
from mostovi.core.labels import choice_label, in_sentence
from mostovi.directory.models import Country, Level, OrganisationKind
from mostovi.projects.models import DocumentCategory
from mostovi.themes.catalogue import THEMES, theme_label

from .eapd import eapd_campaign
from .models import AidDeclarationFiling, RuleKind

PASS = "pass"  # noqa: S105 (a result, not a password)
FAIL = "fail"
UNKNOWN = "unknown"

PLAN_KINDS = frozenset(
    {
        RuleKind.MAX_RATE,
        RuleKind.AMOUNT_RANGE,
        RuleKind.LUMP_SUM_RANGE,
        RuleKind.MIN_OWN_SHARE,
        RuleKind.IN_KIND_CAP,
    }
)
COMMUNE_LEVELS = (Level.CITY, Level.MUNICIPALITY)


# --- the facts a rule is checked against ------------------------------------------------------------


@dataclass(frozen=True)
class PartnerFact:
    authority_id: int
    name: str
    country: str
    kind: str
    level: str
    is_lead: bool


@dataclass(frozen=True)
class PlanFacts:
    """What a funding plan asks of one instrument, in euros (the plan helper fills it)."""

    total: Decimal
    grant: Decimal
    own_cash: dict[int, Decimal] = field(default_factory=dict)
    in_kind: dict[int, Decimal] = field(default_factory=dict)
    # The partners who receive this instrument's grant in the plan.
    recipients: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ProjectFacts:
    project_id: int | None
    partners: tuple[PartnerFact, ...]
    themes: frozenset[str] = frozenset()
    document_categories: frozenset[str] = frozenset()
    planned_start: date | None = None
    planned_end: date | None = None
    plan: PlanFacts | None = None
    # The e-APD campaigns (years) each partner authority has recorded as filed: {authority_id: years}.
    aid_declarations: dict[int, frozenset[int]] = field(default_factory=dict)
    today: date | None = None

    @property
    def lead(self) -> PartnerFact | None:
        return next((p for p in self.partners if p.is_lead), None)

    @property
    def others(self) -> tuple[PartnerFact, ...]:
        return tuple(p for p in self.partners if not p.is_lead)


@dataclass(frozen=True)
class Check:
    result: str
    reason: str
    source: str
    verified: bool
    rule: str = ""
    rule_id: int | None = None
    text: str = ""
    checked_on: date | None = None
    # Checked against the funding plan: without a plan it says "unknown" and does not weigh on the verdict.
    awaits_plan: bool = False


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


def _dec(value) -> Decimal:
    return Decimal(str(value))


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


def _rate_band(params: dict, context: ProjectFacts) -> tuple[Decimal | None, str, str]:
    """(maximum rate, short label, sentence naming the facts); (None, "", why) when it cannot be told."""
    partners = _foreign_partners(context)
    if not partners:
        return None, "", _("The project names no partner authority in another country than the lead's.")
    countries = sorted({p.country for p in partners})
    if len(countries) == 1:
        rate, band = _band_of(params, countries[0])
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
    rate, _label, sentence = _rate_band(rule.params, context)
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
    """The partners an own-share rule applies to, as the plan helper reads them (`plan_validation.
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
        "start": context.planned_start.isoformat(),
        "end": context.planned_end.isoformat(),
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
    facts = {"percent": _pct(_dec(params["percent"])), "base": params["base"]}
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
    return _check(rule, context, UNKNOWN, rule.params["label"])


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


# --- params schemas ---------------------------------------------------------------------------------


def _is_decimal(value, *, percent: bool = False) -> bool:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return False
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return False
    if not number.is_finite() or number < 0:
        return False
    return not (percent and number > 100)


def _v_countries(value, *, allow_empty: bool = False) -> str | None:
    if not isinstance(value, list) or (not value and not allow_empty):
        return _("a non-empty list of two-letter country codes")
    if not all(isinstance(c, str) and len(c) == 2 and c.isalpha() and c.isupper() for c in value):
        return _("a list of two-letter country codes in capitals (FR, RS, XK…)")
    return None


def _v_levels(value) -> str | None:
    if not isinstance(value, list) or not value or not all(v in Level.values for v in value):
        return _("a non-empty list of levels among: %(levels)s") % {"levels": ", ".join(Level.values)}
    return None


def _v_themes(value) -> str | None:
    if not isinstance(value, list) or not value or not all(v in THEMES for v in value):
        return _("a non-empty list of theme slugs of the catalogue")
    return None


def _v_percent(value) -> str | None:
    return None if _is_decimal(value, percent=True) else _("a percentage between 0 and 100, as a string")


def _v_amount(value) -> str | None:
    return None if _is_decimal(value) else _("a non-negative amount, as a string")


def _v_currency(value) -> str | None:
    ok = isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()
    return None if ok else _("a three-letter currency code")


def _v_text(value) -> str | None:
    return None if isinstance(value, str) and value.strip() else _("a non-empty text")


def _v_positive_int(value) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else _("a positive whole number")


def _v_category(value) -> str | None:
    if value in DocumentCategory.values:
        return None
    return _("an IATI document category among: %(codes)s") % {"codes": ", ".join(DocumentCategory.values)}


def _v_of(*allowed):
    def validate(value) -> str | None:
        return None if value in allowed else _("one of: %(values)s") % {"values": ", ".join(allowed)}

    return validate


def _v_bands(value) -> str | None:
    if not isinstance(value, list):
        return _("a list of bands")
    for band in value:
        if not isinstance(band, dict) or set(band) - {"countries", "max_rate", "label"}:
            return _('each band is {"countries": [...], "max_rate": "50", "label": "..."}')
        if _v_countries(band.get("countries"), allow_empty=True) or _v_percent(band.get("max_rate")):
            return _('each band is {"countries": [...], "max_rate": "50", "label": "..."}')
        if _v_text(band.get("label")):
            return _("each band has a label")
    return None


# kind → {key: (validator, required)}
PARAMS: dict[str, dict[str, tuple[Callable, bool]]] = {
    RuleKind.LEAD_COUNTRY_IN: {"countries": (_v_countries, True)},
    RuleKind.PARTNER_COUNTRY_IN: {"countries": (_v_countries, True)},
    RuleKind.LEAD_KIND_IN: {"levels": (_v_levels, True)},
    RuleKind.MIN_PARTNER_COUNTRIES: {"count": (_v_positive_int, True), "countries": (_v_countries, True)},
    RuleKind.RATE_BAND_BY_COUNTRY: {
        "bands": (_v_bands, True),
        "default_max_rate": (_v_percent, True),
        "default_label": (_v_text, True),
        "multi_country_rate": (_v_percent, False),
    },
    RuleKind.MAX_RATE: {"percent": (_v_percent, True)},
    RuleKind.AMOUNT_RANGE: {
        "min": (_v_amount, True),
        "max": (_v_amount, True),
        "currency": (_v_currency, True),
    },
    RuleKind.LUMP_SUM_RANGE: {
        "min": (_v_amount, True),
        "max": (_v_amount, True),
        "currency": (_v_currency, True),
    },
    RuleKind.MIN_OWN_SHARE: {
        "percent": (_v_percent, True),
        "of": (_v_of("total"), True),
        "countries": (_v_countries, False),
    },
    RuleKind.IN_KIND_CAP: {
        "percent": (_v_percent, True),
        "of": (_v_of("own_share"), True),
        "countries": (_v_countries, False),
    },
    RuleKind.REQUIRED_DOCUMENT: {"category": (_v_category, True), "label": (_v_text, True)},
    RuleKind.THEME_IN: {"themes": (_v_themes, True)},
    RuleKind.DURATION_MAX: {"months": (_v_positive_int, True)},
    RuleKind.LEVY_BASE: {
        "percent": (_v_percent, True),
        "base": (_v_text, True),
        "themes": (_v_themes, False),
    },
    RuleKind.PRECONDITION: {"label": (_v_text, True), "fact": (_v_of(*PRECONDITION_FACTS), False)},
}


def validate_params(kind: str, params) -> list[str]:
    """Every problem with `params` for `kind`, as translated sentences; empty when valid."""
    if kind not in PARAMS:
        return [_("“%(kind)s” is not a kind of rule.") % {"kind": kind}]
    if not isinstance(params, dict):
        return [_("The parameters must be a JSON object.")]
    schema = PARAMS[kind]
    errors = []
    for key in sorted(set(params) - set(schema)):
        errors.append(_("“%(key)s” is not a parameter of this kind of rule.") % {"key": key})
    for key, (validator, required) in schema.items():
        if key not in params:
            if required:
                errors.append(_("“%(key)s” is missing.") % {"key": key})
            continue
        problem = validator(params[key])
        if problem:
            errors.append(_("“%(key)s” must be %(what)s.") % {"key": key, "what": problem})
    if (
        not errors
        and kind in (RuleKind.AMOUNT_RANGE, RuleKind.LUMP_SUM_RANGE)
        and _dec(params["min"]) > _dec(params["max"])
    ):
        errors.append(_("“min” must not exceed “max”."))
    return errors


# --- what the plan helper reads ---------------------------------------------------------------------


def aid_declarations_of(authority_ids) -> dict[int, frozenset[int]]:
    """The e-APD campaigns recorded as filed, by authority (one query)."""
    years: dict[int, set[int]] = {}
    rows = AidDeclarationFiling.objects.filter(authority_id__in=list(authority_ids)).values_list(
        "authority_id", "year"
    )
    for authority_id, year in rows:
        years.setdefault(authority_id, set()).add(year)
    return {k: frozenset(v) for k, v in years.items()}


def project_facts(project, plan: PlanFacts | None = None, *, declarations: bool = True) -> ProjectFacts:
    """The facts the rules read, from a project whose partners (with authority) and documents are loaded;
    with `declarations`, one query reads the e-APD filings of its French partners."""
    partners = tuple(
        PartnerFact(
            authority_id=p.authority_id,
            name=p.authority.name_latin or p.authority.name,
            country=p.authority.country,
            kind=p.authority.kind,
            level=p.authority.level,
            is_lead=p.is_lead,
        )
        for p in project.partners.all()
    )
    categories = frozenset(d.category for d in project.documents.all() if d.deleted_at is None)
    french = [p.authority_id for p in partners if p.country == "FR"]
    return ProjectFacts(
        project_id=project.pk,
        partners=partners,
        themes=frozenset(project.themes or []),
        document_categories=categories,
        planned_start=project.planned_start,
        planned_end=project.planned_end,
        plan=plan,
        aid_declarations=aid_declarations_of(french) if declarations and french else {},
        today=timezone.localdate(),
    )


def _as_facts(project) -> ProjectFacts:
    if isinstance(project, ProjectFacts):
        return project
    return project_facts(project, declarations=False)


def max_rate_for(rule, project) -> tuple[Decimal | None, str]:
    """The maximum rate (percent) a `rate_band_by_country` rule allows this project, and its label.

    The label is short ("Bulgaria — not aid-eligible"); (None, why) when the project names no foreign partner.
    """
    rate, label, sentence = _rate_band(rule.params, _as_facts(project))
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
