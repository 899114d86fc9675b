"""Every rule of a funding plan, with its exact message (in English)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from mostovi.funding.plans import validation as v

LYON, NIS, SOFIA, GRANT = 1, 2, 3, 10
PARTNERS = {
    LYON: v.PartnerInfo(LYON, "Lyon", "FR", True),
    NIS: v.PartnerInfo(NIS, "Niš", "RS"),
}
LIMITS = {
    GRANT: {
        "max_rate": Decimal("50"),
        "max_rate_label": "ODA",
        "amount_min": Decimal("5000"),
        "amount_max": Decimal("60000"),
        "min_own_share": {"percent": Decimal("10"), "countries": ["FR"]},
        "in_kind_cap": Decimal("50"),
    }
}
RATES = {"RSD": v.Rate("RSD", date(2027, 1, 10), Decimal("117.2"), "NBS")}
DAY = date(2027, 1, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def line(partner, amount, currency="EUR"):
    return {
        "category": "staff",
        "label": "x",
        "partner_id": partner,
        "amount": Decimal(amount),
        "currency": currency,
    }


def source(kind, partner, amount, currency="EUR", instrument=None, valuation=""):
    return {
        "kind": kind,
        "partner_id": partner,
        "amount": Decimal(amount),
        "currency": currency,
        "instrument_id": instrument,
        "valuation": valuation,
    }


def problems(lines, sources, rates=RATES):
    return v.plan_problems(
        lines=lines,
        sources=sources,
        rates=rates,
        rate_date=DAY,
        partners=PARTNERS,
        limits=LIMITS,
        instrument_names={GRANT: "DCTCIV"},
    )


BALANCED_LINES = [line(LYON, "60000"), line(NIS, "4688000", "RSD")]
BALANCED_SOURCES = [
    source("grant", LYON, "50000", instrument=GRANT),
    source("own_cash", LYON, "30000"),
    source("in_kind", LYON, "10000", valuation="staff"),
    source("in_kind", NIS, "1172000", "RSD", valuation="rooms"),
]


def test_a_balanced_plan_has_no_problem():
    assert problems(BALANCED_LINES, BALANCED_SOURCES) == []


def test_sources_must_equal_costs_to_the_cent():
    sources = [*BALANCED_SOURCES[:1], source("own_cash", LYON, "25000"), *BALANCED_SOURCES[2:]]
    assert problems(BALANCED_LINES, sources) == [
        "The funding plan is not balanced: sources 95,000.00 EUR, costs 100,000.00 EUR."
    ]
    one_cent = [*BALANCED_SOURCES[:1], source("own_cash", LYON, "29999.99"), *BALANCED_SOURCES[2:]]
    assert problems(BALANCED_LINES, one_cent)[0] == (
        "The funding plan is not balanced: sources 99,999.99 EUR, costs 100,000.00 EUR."
    )


def test_conversion_rounds_half_up_each_amount():
    rates = {"RSD": v.Rate("RSD", DAY, Decimal("200"), "")}
    assert v.to_eur(Decimal("1"), "RSD", rates) == Decimal("0.01")  # 0.005 → 0.01
    assert v.to_eur(Decimal("0.99"), "RSD", rates) == Decimal("0.00")


def test_the_maximum_rate_of_the_instrument():
    sources = [
        source("grant", LYON, "55000", instrument=GRANT),
        source("own_cash", LYON, "25000"),
        *BALANCED_SOURCES[2:],
    ]
    assert problems(BALANCED_LINES, sources) == [
        "The grant of DCTCIV is 55 % of the total cost; its rules allow at most 50 % (ODA)."
    ]


def test_the_amount_range_of_the_instrument():
    lines = [line(LYON, "8000")]
    sources = [source("grant", LYON, "4000", instrument=GRANT), source("own_cash", LYON, "4000")]
    assert problems(lines, sources) == [
        "The grant of DCTCIV (4,000.00 EUR) is below its minimum of 5,000.00 EUR."
    ]
    lines = [line(LYON, "200000")]
    sources = [source("grant", LYON, "70000", instrument=GRANT), source("own_cash", LYON, "130000")]
    assert problems(lines, sources) == [
        "The grant of DCTCIV (70,000.00 EUR) is above its maximum of 60,000.00 EUR."
    ]


def test_the_minimum_share_of_the_french_authority():
    sources = [
        source("grant", LYON, "50000", instrument=GRANT),
        source("own_cash", LYON, "8000"),
        source("in_kind", LYON, "1000", valuation="staff"),
        source("own_cash", NIS, "41000"),
    ]
    assert problems(BALANCED_LINES, sources) == [
        "Lyon brings 9 % of the total cost (9,000.00 EUR); DCTCIV requires at least 10 %."
    ]


def test_in_kind_at_most_half_of_the_own_share():
    sources = [
        source("grant", LYON, "50000", instrument=GRANT),
        source("own_cash", LYON, "10000"),
        source("in_kind", LYON, "30000", valuation="staff"),
        source("in_kind", NIS, "1172000", "RSD", valuation="rooms"),
    ]
    assert problems(BALANCED_LINES, sources) == [
        "The in-kind contribution of Lyon (30,000.00 EUR) is more than 50 % of its own share "
        "(40,000.00 EUR), the limit of DCTCIV."
    ]


def test_a_missing_rate_names_the_currency():
    assert problems(BALANCED_LINES, BALANCED_SOURCES, rates={}) == [
        "There is no exchange rate for RSD on or before 15 Jan 2027: enter the rate used, with its source."
    ]


def test_no_cost_line():
    assert problems([], []) == ["The funding plan has no cost line."]


def test_input_errors_negative_absurd_unknown_currency_partner_and_instrument():
    lines = [
        {"category": "staff", "label": "a", "partner_id": LYON, "amount": "-5", "currency": "EUR"},
        {"category": "staff", "label": "b", "partner_id": LYON, "amount": "100000000001", "currency": "EUR"},
        {"category": "staff", "label": "c", "partner_id": LYON, "amount": "10", "currency": "XYZ"},
        {"category": "staff", "label": "d", "partner_id": 99, "amount": "1.005", "currency": "EUR"},
    ]
    sources = [
        {"kind": "grant", "partner_id": LYON, "amount": "10", "currency": "EUR", "instrument_id": None},
        {"kind": "in_kind", "partner_id": NIS, "amount": "abc", "currency": "RSD"},
    ]
    assert v.input_errors(lines, sources, partner_ids={LYON, NIS}, instrument_ids={GRANT}) == [
        "Budget line 1: an amount cannot be negative.",
        "Budget line 2: the amount is larger than 100,000,000,000.00: check the figure.",
        "Budget line 3: unknown currency “XYZ” (use an ISO 4217 code such as EUR, RSD or BGN).",
        "Budget line 4: the partner must be one of the project's partners.",
        "Budget line 4: an amount has at most two decimals.",
        "Funding source 1: a grant names its funding instrument.",
        "Funding source 2: say how the in-kind contribution is valued.",
        "Funding source 2: the amount is not a number.",
    ]


def test_any_iso_currency_is_known_and_withdrawn_ones_are_not():
    currencies = v.known_currencies()
    assert {"EUR", "BGN", "RSD", "MKD", "ALL", "BAM", "CHF", "SEK"} <= currencies
    assert "BYR" not in currencies


def test_numbers_follow_the_locale_of_the_reader():
    with translation.override("fr"):
        assert v.money(Decimal("95000")) == "95\u202f000,00"
    with translation.override("sr"):
        assert v.money(Decimal("95000")) == "95.000,00"
