"""Plan versions, stale edits, approvals voided by a change, the gate condition, rates, transactions."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mostovi.core.models import Event
from mostovi.funding.models import ExchangeRate, FundingPlanApproval
from mostovi.funding.plans import selectors as plan_selectors
from mostovi.funding.plans import services as plan_services
from mostovi.funding.plans.selectors import funding_plan_approved_and_balanced
from mostovi.projects.exceptions import GateNotMet, NotAllowed, StaleVersion
from mostovi.projects.selectors import project_get_for_page

from .test_plan_world import RATE_DATE, balanced_rows, plan_world, save_balanced

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup():
    return plan_world()


def fresh(project):
    return project_get_for_page(pk=project.pk)


def test_a_plan_is_saved_as_versions_with_an_event_on_the_timeline(setup):
    world, project, instrument = setup
    first = save_balanced(world, project, instrument)
    assert first.number == 1 and first.lines.count() == 2 and first.sources.count() == 4
    state = plan_selectors.plan_state(project=fresh(project))
    assert state.totals.costs == Decimal("100000.00") and state.totals.sources == Decimal("100000.00")
    assert state.problems == [] and state.balanced
    assert state.rates["RSD"].units_per_eur == Decimal("117.2")
    event = Event.objects.get(kind="funding_plan.version_created")
    assert event.scope == f"projects.project:{project.pk}" and event.data == {"version": 1, "voided": []}
    # Saving the same content again makes no new version.
    assert save_balanced(world, project, instrument, version=1).number == 1


def test_a_stale_version_is_refused_with_both_contents(setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    lines, sources = balanced_rows(world, instrument)
    with pytest.raises(StaleVersion) as caught:
        plan_services.plan_update(
            actor=world.officer_nis,
            project=project,
            version=0,
            rate_date=RATE_DATE,
            lines=lines,
            sources=sources,
        )
    error = caught.value
    assert str(error) == "Version 1 of the funding plan was saved after the version 0 you read."
    assert error.current["version"] == 1 and len(error.current["lines"]) == 2
    assert error.submitted["lines"][0]["label"] == "Ingénieurs"
    assert error.current_version == 1


def test_invalid_input_is_refused_with_every_error(setup):
    world, project, _instrument = setup
    lines = [
        {"category": "staff", "label": "x", "partner_id": world.sofia.pk, "amount": "-1", "currency": "EUR"}
    ]
    with pytest.raises(plan_services.PlanInvalid) as caught:
        plan_services.plan_update(
            actor=world.officer_lyon, project=project, version=0, rate_date=RATE_DATE, lines=lines, sources=[]
        )
    assert caught.value.errors == [
        "Budget line 1: the partner must be one of the project's partners.",
        "Budget line 1: an amount cannot be negative.",
    ]


def test_only_partners_edit(setup):
    world, project, instrument = setup
    with pytest.raises(NotAllowed):
        save_balanced(world, project, instrument, actor=world.officer_sofia)


def test_approvals_by_elected_officials_and_voided_by_a_change(setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    with pytest.raises(NotAllowed):
        plan_services.plan_approve(actor=world.officer_nis, project=project, version=1)  # no delegation
    plan_services.plan_approve(actor=world.elected_lyon, project=project, version=1)
    with translation.override("en"):
        assert funding_plan_approved_and_balanced(fresh(project)) == (
            "Version 1 of the funding plan is not yet approved by: Ниш (Niš)."
        )
    plan_services.plan_approve(actor=world.elected_nis, project=project, version=1)
    assert funding_plan_approved_and_balanced(fresh(project)) is None
    lines, sources = balanced_rows(world, instrument)
    lines[0]["label"] = "Ingénieurs et techniciens"
    second = plan_services.plan_update(
        actor=world.officer_nis, project=project, version=1, rate_date=RATE_DATE, lines=lines, sources=sources
    )
    assert second.number == 2 and not second.approvals.exists()
    event = Event.objects.filter(kind="funding_plan.version_created").latest("id")
    assert sorted(event.data["voided"]) == sorted([world.lyon.pk, world.nis.pk])
    assert funding_plan_approved_and_balanced(fresh(project)) == (
        "Version 2 of the funding plan is not yet approved by: Lyon, Ниш (Niš)."
    )


def test_an_officer_with_delegation_approves(setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    membership = world.membership(world.officer_nis, world.nis)
    membership.can_approve = True
    membership.save()
    approval = plan_services.plan_approve(actor=world.officer_nis, project=project, version=1)
    assert approval.authority == world.nis


def test_the_gate_condition(setup):
    world, project, instrument = setup
    assert funding_plan_approved_and_balanced(fresh(project)) == "The funding plan has not been written yet."
    lines, sources = balanced_rows(world, instrument)
    sources[1]["amount"] = "25000"
    plan_services.plan_update(
        actor=world.officer_lyon,
        project=project,
        version=0,
        rate_date=RATE_DATE,
        lines=lines,
        sources=sources,
    )
    assert funding_plan_approved_and_balanced(fresh(project)) == (
        "The funding plan is not balanced: sources 95,000.00 EUR, costs 100,000.00 EUR."
    )
    with pytest.raises(GateNotMet) as caught:
        plan_services.plan_approve(actor=world.elected_lyon, project=project, version=1)
    assert (
        caught.value.reasons[1]
        == "The funding plan is not balanced: sources 95,000.00 EUR, costs 100,000.00 EUR."
    )
    assert not FundingPlanApproval.objects.exists()


def test_the_gate_condition_is_cheap(setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    project = fresh(project)
    with CaptureQueriesContext(connection) as queries:
        funding_plan_approved_and_balanced(project)
    assert len(queries) <= 7


def test_a_rate_older_than_the_plan_date_is_used_and_a_missing_one_named(setup):
    world, project, instrument = setup
    ExchangeRate.objects.create(
        currency="RSD", on=date(2027, 2, 1), units_per_eur=Decimal("100"), source="later"
    )
    save_balanced(world, project, instrument)
    assert plan_selectors.plan_state(project=fresh(project)).rates["RSD"].source == "NBS"
    ExchangeRate.objects.all().delete()
    assert funding_plan_approved_and_balanced(fresh(project)) == (
        "There is no exchange rate for RSD on or before 15 Jan 2027: enter the rate used, with its source."
    )


def test_rates_entered_and_imported_all_or_nothing(setup):
    world, project, _instrument = setup
    rate = plan_services.exchange_rate_set(
        actor=world.officer_nis,
        currency="mkd",
        on="2027-01-10",
        units_per_eur="61.5",
        source="NBRM",
        project=project,
    )
    assert rate.currency == "MKD" and rate.units_per_eur == Decimal("61.5")
    bad = (
        "currency,date,units_per_eur,source\n"
        "BGN,2027-01-10,1.95583,BNB\nXXQ,2027-01-10,1,x\nRSD,10/01/2027,-2,\n"
    )
    with pytest.raises(plan_services.PlanInvalid) as caught:
        plan_services.exchange_rates_import(actor=world.officer_lyon, text=bad, project=project)
    assert caught.value.errors == [
        "Line 3: unknown currency “XXQ”.",
        "Line 4: the date must be written YYYY-MM-DD.",
        "Line 4: the rate must be a positive number of units for one euro.",
    ]
    assert not ExchangeRate.objects.filter(currency="BGN").exists()
    good = "currency,date,units_per_eur,source\nBGN,2027-01-10,1.95583,BNB\nALL,2027-01-10,98.1,BoA\n"
    assert plan_services.exchange_rates_import(actor=world.officer_lyon, text=good, project=project) == 2
    with pytest.raises(NotAllowed):
        plan_services.exchange_rate_set(
            actor=world.outsider, currency="BGN", on=RATE_DATE, units_per_eur=2, source="x", project=project
        )


def test_transactions_and_planned_against_actual(setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    plan_services.transaction_record(
        actor=world.officer_lyon,
        project=project,
        type="1",
        date=date(2027, 2, 1),
        amount="20000",
        currency="EUR",
        receiver_id=world.lyon.pk,
        instrument_id=instrument.pk,
    )
    plan_services.transaction_record(
        actor=world.officer_nis,
        project=project,
        type="4",
        date=date(2027, 3, 1),
        amount="1172000",
        currency="RSD",
        provider_id=world.nis.pk,
    )
    with pytest.raises(plan_services.PlanInvalid) as caught:
        plan_services.transaction_record(
            actor=world.officer_nis, project=project, type="9", date="2027-03-01", amount="-3", currency="RSD"
        )
    assert caught.value.errors == ["Unknown kind of transaction.", "Amount: an amount cannot be negative."]
    project = fresh(project)
    state = plan_selectors.plan_state(project=project)
    comparison = plan_selectors.planned_vs_actual(
        project=project, state=state, transactions=plan_selectors.transaction_list(project=project)
    )
    assert comparison["by_source"] == [
        {
            "label": "DCTCIV",
            "planned": Decimal("50000.00"),
            "actual": Decimal("20000.00"),
            "percent": 40,
            "over": False,
        }
    ]
    nis = next(r for r in comparison["by_partner"] if r["label"] == "Ниш (Niš)")
    assert (
        nis["planned"] == Decimal("40000.00")
        and nis["actual"] == Decimal("10000.00")
        and nis["percent"] == 25
    )


def test_the_demo_plan_is_balanced_and_approved_by_both(setup):
    from mostovi.funding.plans.demo import demo_funding_plan_ensure
    from mostovi.projects.models import Project

    world, project, _instrument = setup
    Project.objects.filter(pk=project.pk).update(is_demo=True)
    users = {
        "officer.lyon@example.org": world.officer_lyon,
        "elected.lyon@example.org": world.elected_lyon,
        "elected.nis@example.org": world.elected_nis,
    }
    organisations = {"FR:insee:69123": world.lyon, "RS:city:Niš": world.nis}
    lines = demo_funding_plan_ensure(users=users, organisations=organisations)
    assert "with a DCTCIV grant" in lines[0], lines
    assert funding_plan_approved_and_balanced(fresh(project)) is None
    assert demo_funding_plan_ensure(users=users, organisations=organisations) == [
        "demo funding plan already there"
    ]
