"""A funding world for the plan tests: Lyon–Niš, a DCTCIV-like instrument with its rules, rates."""

from datetime import date
from decimal import Decimal

from mostovi.funding.models import ExchangeRate, Instrument, Rule
from mostovi.funding.plans import services as plan_services
from mostovi.projects.tests.factories import make_project, make_world

RATE_DATE = date(2027, 1, 15)


def make_dctciv() -> Instrument:
    instrument = Instrument.objects.create(
        slug="meae-dctciv-aap-generaliste", name="DCTCIV", funder="MEAE", kind="grant"
    )
    rules = [
        (
            "rate_band_by_country",
            {
                "bands": [
                    {"countries": ["RS", "MK", "AL", "BA", "ME", "XK"], "max_rate": "50", "label": "ODA"},
                ],
                "default_max_rate": "30",
                "default_label": "non-ODA",
                "multi_country_rate": "60",
            },
        ),
        ("amount_range", {"min": "5000", "max": "200000", "currency": "EUR"}),
        ("min_own_share", {"percent": "10", "of": "total", "countries": ["FR"]}),
        ("in_kind_cap", {"percent": "50", "of": "own_share"}),
    ]
    for position, (kind, params) in enumerate(rules):
        Rule.objects.create(
            instrument=instrument,
            kind=kind,
            params=params,
            source="https://example.org/rules",
            checked_on=date(2026, 11, 1),
            position=position,
        )
    return instrument


def rsd_rate(on=date(2027, 1, 10), units="117.2") -> ExchangeRate:
    return ExchangeRate.objects.create(currency="RSD", on=on, units_per_eur=Decimal(units), source="NBS")


def balanced_rows(world, instrument) -> tuple[list[dict], list[dict]]:
    """100 000 EUR of costs; DCTCIV 50 000, Lyon 30 000 cash + 10 000 in kind, Niš 10 000 EUR in RSD."""
    lines = [
        {
            "category": "staff",
            "label": "Ingénieurs",
            "partner_id": world.lyon.pk,
            "amount": "60000",
            "currency": "EUR",
        },
        {
            "category": "equipment",
            "label": "Мерачи",
            "partner_id": world.nis.pk,
            "amount": "4688000",
            "currency": "RSD",
        },
    ]
    sources = [
        {
            "kind": "grant",
            "instrument_id": instrument.pk,
            "partner_id": world.lyon.pk,
            "amount": "50000",
            "currency": "EUR",
        },
        {"kind": "own_cash", "partner_id": world.lyon.pk, "amount": "30000", "currency": "EUR"},
        {
            "kind": "in_kind",
            "partner_id": world.lyon.pk,
            "amount": "10000",
            "currency": "EUR",
            "valuation": "20 jours d'ingénieur",
        },
        {
            "kind": "in_kind",
            "partner_id": world.nis.pk,
            "amount": "1172000",
            "currency": "RSD",
            "valuation": "Просторије",
        },
    ]
    return lines, sources


def plan_world():
    world = make_world()
    project = make_project(world)
    instrument = make_dctciv()
    rsd_rate()
    return world, project, instrument


def save_balanced(world, project, instrument, version=0, actor=None):
    lines, sources = balanced_rows(world, instrument)
    return plan_services.plan_update(
        actor=actor or world.officer_lyon,
        project=project,
        version=version,
        rate_date=RATE_DATE,
        lines=lines,
        sources=sources,
    )
