"""Each rule kind, with cases from the sources (shared/domain/funding.md)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from mostovi.funding.catalogue import checkers, limits
from mostovi.funding.catalogue import params as rule_params
from mostovi.funding.catalogue.facts import FAIL, PASS, UNKNOWN, PartnerFact, PlanFacts, ProjectFacts

WB6 = ["AL", "BA", "ME", "MK", "RS", "XK"]
SOURCE = "https://bretagne-solidaire.bzh/appel-projet/meae-les-financements-en-soutien-a-la-cooperation-decentralisee-pour-lannee-2025"
DCTCIV_BANDS = {
    "bands": [
        {"countries": [], "max_rate": "70", "label": "least-developed countries"},
        {"countries": WB6, "max_rate": "50", "label": "other aid-eligible countries"},
    ],
    "default_max_rate": "30",
    "default_label": "not aid-eligible",
    "multi_country_rate": "60",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rule(kind, params, *, verified=True, source=SOURCE):
    return SimpleNamespace(
        pk=1,
        kind=kind,
        params=params,
        source=source,
        verified=verified,
        text="",
        checked_on=date(2026, 11, 1),
    )


def partner(pk, name, country, *, lead=False, level="municipality", kind="local_authority"):
    return PartnerFact(authority_id=pk, name=name, country=country, kind=kind, level=level, is_lead=lead)


LYON = partner(1, "Lyon", "FR", lead=True)
NIS = partner(2, "Niš", "RS", level="city")
SOFIA = partner(3, "Stolichna", "BG")
SKOPJE = partner(4, "Skopje", "MK", level="city")
TIRANA = partner(5, "Tirana", "AL")


def facts(*partners, **kwargs) -> ProjectFacts:
    return ProjectFacts(project_id=1, partners=tuple(partners), **kwargs)


# --- who -----------------------------------------------------------------------------------------


def test_lead_country_in():
    dctciv = rule("lead_country_in", {"countries": ["FR"]})
    ok = checkers.check(dctciv, facts(LYON, NIS))
    assert (ok.result, ok.reason) == (PASS, "The lead partner, Lyon, is in France.")
    assert ok.source == SOURCE and ok.verified
    nis_lead = checkers.check(dctciv, facts(partner(2, "Niš", "RS", lead=True), LYON))
    assert nis_lead.result == FAIL
    assert nis_lead.reason == "The lead partner, Niš, is in Serbia; the lead must be in: France."
    assert checkers.check(dctciv, facts(NIS)).result == UNKNOWN


def test_partner_country_in():
    icld = rule("partner_country_in", {"countries": ["BA", "XK", "RS", "UA"]})
    sweden = partner(9, "Uppsala", "SE", lead=True)
    assert checkers.check(icld, facts(sweden, NIS)).result == PASS
    refused = checkers.check(icld, facts(sweden, SOFIA))
    assert refused.result == FAIL
    assert "Stolichna (Bulgaria)" in refused.reason
    assert checkers.check(icld, facts(sweden)).result == UNKNOWN


def test_lead_kind_in():
    levels = rule("lead_kind_in", {"levels": ["region", "department", "city", "municipality"]})
    assert checkers.check(levels, facts(LYON, NIS)).result == PASS
    arrondissement = partner(1, "Lyon 3e", "FR", lead=True, level="city_municipality")
    assert checkers.check(levels, facts(arrondissement, NIS)).result == FAIL
    network = partner(1, "Cités Unies France", "FR", lead=True, level="", kind="network")
    assert checkers.check(levels, facts(network, NIS)).reason == (
        "The lead partner, Cités Unies France, is not a local authority."
    )


def test_min_partner_countries_western_balkans_fund():
    wbf = rule("min_partner_countries", {"count": 3, "countries": WB6})
    nis_lead = partner(2, "Niš", "RS", lead=True)
    ok = checkers.check(wbf, facts(nis_lead, SKOPJE, TIRANA))
    assert ok.result == PASS
    assert "3 of the listed countries" in ok.reason
    refused = checkers.check(wbf, facts(nis_lead, LYON))
    assert refused.result == FAIL
    assert "Partners come from 1 of the listed countries (Serbia)" in refused.reason


# --- money ---------------------------------------------------------------------------------------


def test_rate_band_lyon_nis_is_50():
    band = rule("rate_band_by_country", DCTCIV_BANDS)
    check = checkers.check(band, facts(LYON, NIS))
    assert check.result == PASS
    assert check.reason == "Serbia — other aid-eligible countries: rate band 50 %."
    assert limits.max_rate_for(band, facts(LYON, NIS))[0] == Decimal("50")


def test_rate_band_lyon_sofia_is_30_not_aid_eligible():
    band = rule("rate_band_by_country", DCTCIV_BANDS)
    rate, label = limits.max_rate_for(band, facts(LYON, SOFIA))
    assert rate == Decimal("30")
    assert label == "Bulgaria — not aid-eligible"


def test_rate_band_multi_country_and_plan():
    band = rule("rate_band_by_country", DCTCIV_BANDS)
    rate, label = limits.max_rate_for(band, facts(LYON, NIS, SOFIA))
    assert rate == Decimal("60")
    assert label == "multi-country project (Bulgaria 30 %; Serbia 50 %)"
    assert checkers.check(band, facts(LYON)).result == UNKNOWN
    over = facts(LYON, NIS, plan=PlanFacts(total=Decimal("100000"), grant=Decimal("55000")))
    assert checkers.check(band, over).result == FAIL
    within = facts(LYON, NIS, plan=PlanFacts(total=Decimal("100000"), grant=Decimal("50000")))
    assert checkers.check(band, within).result == PASS


def test_plan_kinds_are_unknown_without_a_plan():
    for kind, params in [
        ("max_rate", {"percent": "80"}),
        ("amount_range", {"min": "200000", "max": "1500000", "currency": "EUR"}),
        ("lump_sum_range", {"min": "8455", "max": "50745", "currency": "EUR"}),
        ("min_own_share", {"percent": "10", "of": "total", "countries": ["FR"]}),
        ("in_kind_cap", {"percent": "50", "of": "own_share"}),
    ]:
        check = checkers.check(rule(kind, params), facts(LYON, NIS))
        assert check.result == UNKNOWN
        assert check.reason == "Unknown — checked against the funding plan."
        assert check.awaits_plan


def test_cerv_lump_sum_bounds():
    cerv = rule("lump_sum_range", {"min": "8455", "max": "50745", "currency": "EUR"})

    def asked(amount):
        plan = PlanFacts(total=Decimal(amount), grant=Decimal(amount))
        return checkers.check(cerv, facts(LYON, SOFIA, plan=plan)).result

    assert [asked("8455"), asked("50745"), asked("8454"), asked("50746")] == [PASS, PASS, FAIL, FAIL]


def test_max_rate_wbf_80():
    wbf = rule("max_rate", {"percent": "80"})
    plan = PlanFacts(total=Decimal("15000"), grant=Decimal("12000"))
    assert checkers.check(wbf, facts(NIS, plan=plan)).result == PASS
    plan = PlanFacts(total=Decimal("15000"), grant=Decimal("12001"))
    assert checkers.check(wbf, facts(NIS, plan=plan)).result == FAIL


def test_min_own_share_and_in_kind_cap_dctciv():
    share = rule("min_own_share", {"percent": "10", "of": "total", "countries": ["FR"]})
    cap = rule("in_kind_cap", {"percent": "50", "of": "own_share", "countries": ["FR"]})
    good = PlanFacts(
        total=Decimal("100000"),
        grant=Decimal("50000"),
        own_cash={1: Decimal("6000")},
        in_kind={1: Decimal("5000")},
    )
    assert checkers.check(share, facts(LYON, NIS, plan=good)).result == PASS
    assert checkers.check(cap, facts(LYON, NIS, plan=good)).result == PASS
    poor = PlanFacts(
        total=Decimal("100000"),
        grant=Decimal("50000"),
        own_cash={1: Decimal("2000")},
        in_kind={1: Decimal("7000")},
    )
    short = checkers.check(share, facts(LYON, NIS, plan=poor))
    assert short.result == FAIL and "Lyon" in short.reason
    assert checkers.check(cap, facts(LYON, NIS, plan=poor)).result == FAIL
    # Without countries, the cap applies to the partners receiving the grant (as the plan checks it).
    open_cap = rule("in_kind_cap", {"percent": "50", "of": "own_share"})
    assert checkers.check(open_cap, facts(LYON, NIS, plan=poor)).result == PASS
    received = PlanFacts(**{**poor.__dict__, "recipients": frozenset({1})})
    assert checkers.check(open_cap, facts(LYON, NIS, plan=received)).result == FAIL


def test_amount_range_in_another_currency_is_unknown():
    icld = rule("amount_range", {"min": "300000", "max": "500000", "currency": "SEK"}, verified=False)
    check = checkers.check(icld, facts(LYON, plan=PlanFacts(total=Decimal(1), grant=Decimal(1))))
    assert check.result == UNKNOWN and not check.verified


# --- the project ---------------------------------------------------------------------------------


def test_required_council_decision():
    council = rule("required_document", {"category": "A04", "label": "council decision"})
    missing = checkers.check(council, facts(LYON, NIS, document_categories=frozenset({"A09"})))
    assert missing.result == FAIL
    assert missing.reason == "A council decision is required; the project holds none yet."
    held = checkers.check(council, facts(LYON, NIS, document_categories=frozenset({"A04"})))
    assert held.result == PASS


def test_theme_in():
    thematic = rule("theme_in", {"themes": ["sport", "culture-heritage"]})
    assert checkers.check(thematic, facts(LYON, NIS)).result == UNKNOWN
    assert checkers.check(thematic, facts(LYON, NIS, themes=frozenset({"sport"}))).result == PASS
    refused = checkers.check(thematic, facts(LYON, NIS, themes=frozenset({"water-sanitation"})))
    assert refused.result == FAIL and "Water and sanitation" in refused.reason


def test_duration_max_cerv_12_months():
    cerv = rule("duration_max", {"months": 12})
    assert checkers.check(cerv, facts(LYON)).result == UNKNOWN
    year = facts(LYON, planned_start=date(2027, 1, 1), planned_end=date(2027, 12, 31))
    assert checkers.check(cerv, year).result == PASS
    longer = facts(LYON, planned_start=date(2027, 1, 1), planned_end=date(2028, 1, 1))
    check = checkers.check(cerv, longer)
    assert check.result == FAIL and "13 months" in check.reason


def test_levy_base_is_informative():
    water = rule(
        "levy_base", {"percent": "1", "base": "water and sanitation budget", "themes": ["water-sanitation"]}
    )
    ok = checkers.check(water, facts(LYON, NIS, themes=frozenset({"water-sanitation"})))
    assert ok.result == PASS and "1 % of its water and sanitation budget" in ok.reason
    assert checkers.check(water, facts(LYON, NIS, themes=frozenset({"sport"}))).result == UNKNOWN
    region = partner(1, "Auvergne-Rhône-Alpes", "FR", lead=True, level="region")
    not_commune = checkers.check(water, facts(region, NIS, themes=frozenset({"water-sanitation"})))
    assert not_commune.result == UNKNOWN and "not a French commune" in not_commune.reason
    assert checkers.check(water, facts(partner(2, "Niš", "RS", lead=True))).result == UNKNOWN


def test_precondition_is_always_unknown():
    check = checkers.check(rule("precondition", {"label": "annual e-APD declaration filed"}), facts(LYON))
    assert (check.result, check.reason) == (UNKNOWN, "annual e-APD declaration filed")


def test_reasons_follow_the_language():
    with translation.override("fr"):
        check = checkers.check(rule("lead_country_in", {"countries": ["FR"]}), facts(LYON))
    assert check.result == PASS


# --- params --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("lead_country_in", {"countries": []}),
        ("lead_country_in", {"countries": ["France"]}),
        ("lead_kind_in", {"levels": ["village"]}),
        ("max_rate", {"percent": "180"}),
        ("max_rate", {"percent": 80.5}),
        ("amount_range", {"min": "10", "max": "5", "currency": "EUR"}),
        ("duration_max", {"months": "12"}),
        ("theme_in", {"themes": ["ocean"]}),
        ("required_document", {"category": "A99", "label": "x"}),
        (
            "rate_band_by_country",
            {"bands": [{"countries": ["RS"]}], "default_max_rate": "30", "default_label": "x"},
        ),
        ("precondition", {"label": "ok", "extra": 1}),
        ("nonsense", {}),
        ("precondition", ["not", "a", "dict"]),
    ],
)
def test_invalid_params_are_refused_and_never_crash(kind, params):
    assert rule_params.validate_params(kind, params)
    check = checkers.check(rule(kind, params), facts(LYON, NIS))
    assert check.result == UNKNOWN


def test_valid_params_shapes_of_the_brief():
    assert not rule_params.validate_params("rate_band_by_country", DCTCIV_BANDS)
    assert not rule_params.validate_params("min_partner_countries", {"count": 3, "countries": WB6})
    assert not rule_params.validate_params(
        "levy_base", {"percent": "1", "base": "water and sanitation budget"}
    )


def test_plan_limits():
    instrument = SimpleNamespace(
        rules=SimpleNamespace(
            all=lambda: [
                rule("rate_band_by_country", DCTCIV_BANDS),
                rule("min_own_share", {"percent": "10", "of": "total", "countries": ["FR"]}),
                rule("in_kind_cap", {"percent": "50", "of": "own_share"}),
                rule("amount_range", {"min": "200000", "max": "1500000", "currency": "EUR"}, verified=False),
            ]
        )
    )
    bounds = limits.plan_limits(instrument, facts(LYON, SOFIA))
    assert bounds["max_rate"] == Decimal("30")
    assert "not aid-eligible" in bounds["max_rate_label"]
    # An unverified rule bounds no plan (the eligibility page shows it as an open point instead).
    assert bounds["amount_min"] is None and bounds["amount_max"] is None
    assert "amount" not in bounds["sources"]
    assert bounds["min_own_share"] == {"percent": Decimal("10"), "countries": ["FR"]}
    assert bounds["in_kind_cap"] == Decimal("50")
    assert bounds["sources"]["max_rate"]["verified"] is True


def test_the_params_schema_accepts_exactly_the_facts_a_precondition_can_read():
    from mostovi.funding.catalogue import facts

    assert set(checkers.PRECONDITION_FACTS) == set(facts.PRECONDITION_FACT_NAMES)
