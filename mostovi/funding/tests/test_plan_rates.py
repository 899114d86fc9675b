"""Exchange rates: shared rates are staff reference data, partners enter their own plan's rates, an approved
plan keeps the rates it was approved with, and a change of rate it uses opens a new version to approve."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from mostovi.accounts.tests.factories import UserFactory
from mostovi.core.models import Event
from mostovi.funding.models import ExchangeRate, FundingPlanVersion
from mostovi.funding.plans import selectors as plan_selectors
from mostovi.funding.plans import services as plan_services
from mostovi.projects.exceptions import NotAllowed
from mostovi.projects.selectors import project_get_for_page
from mostovi.projects.tests.factories import make_project

from .test_plan_world import RATE_DATE, plan_world, save_balanced

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


def approved(world, project, instrument):
    """Version 1 saved and approved by both partners."""
    save_balanced(world, project, instrument)
    plan_services.plan_approve(actor=world.elected_lyon, project=project, version=1)
    plan_services.plan_approve(actor=world.elected_nis, project=project, version=1)
    return fresh(project)


def rsd_line_eur(state) -> Decimal:
    return next(eur for line, eur in state.lines if line.currency == "RSD")


def test_an_officer_of_another_authority_cannot_rewrite_the_rates_of_others_plans(client, setup):
    world, project, instrument = setup
    approved(world, project, instrument)
    client.force_login(world.officer_sofia)
    body = {"currency": "RSD", "on": RATE_DATE.isoformat(), "units_per_eur": "1", "source": "me"}
    assert client.post("/en/funding/rates/", body).status_code == 403
    assert client.post("/en/funding/rates/", {**body, "project": project.pk}).status_code == 403
    assert list(ExchangeRate.objects.values_list("units_per_eur", flat=True)) == [Decimal("117.2")]
    state = plan_selectors.plan_state(project=fresh(project))
    assert state.balanced and state.approved and rsd_line_eur(state) == Decimal("40000.00")


def test_shared_rates_are_entered_by_staff_only(setup):
    world, _project, _instrument = setup
    with pytest.raises(NotAllowed, match="Only staff enter shared exchange rates"):
        plan_services.exchange_rate_set(
            actor=world.officer_nis, currency="MKD", on="2027-01-10", units_per_eur="61.5", source="NBRM"
        )
    with pytest.raises(NotAllowed):
        plan_services.exchange_rates_import(
            actor=world.officer_lyon, text="currency,date,units_per_eur,source\nBGN,2027-01-10,1.95583,BNB\n"
        )
    rate = plan_services.exchange_rate_set(
        actor=UserFactory(is_staff=True), currency="MKD", on="2027-01-10", units_per_eur="61.5", source="NBRM"
    )
    assert rate.project is None and rate.units_per_eur == Decimal("61.5")


def test_partners_enter_rates_for_their_own_plan_only(setup):
    world, project, _instrument = setup
    other = make_project(world, title="Autre projet", partner_ids=[world.lyon.pk, world.sofia.pk])
    rate = plan_services.exchange_rate_set(
        actor=world.officer_nis,
        currency="RSD",
        on=RATE_DATE,
        units_per_eur="117.5",
        source="NBS, official middle rate",
        project=project,
    )
    assert rate.project == project
    assert plan_selectors.rates_on(["RSD"], RATE_DATE, project=project)["RSD"].units_per_eur == Decimal(
        "117.5"
    )
    assert plan_selectors.rates_on(["RSD"], RATE_DATE, project=other)["RSD"].units_per_eur == Decimal("117.2")
    assert plan_selectors.rates_on(["RSD"], RATE_DATE)["RSD"].units_per_eur == Decimal("117.2")
    with pytest.raises(NotAllowed):
        plan_services.exchange_rate_set(
            actor=world.officer_sofia,
            currency="RSD",
            on=RATE_DATE,
            units_per_eur="1",
            source="x",
            project=project,
        )


def test_an_approved_plan_keeps_its_rates_and_a_change_opens_a_new_version(setup):
    world, project, instrument = setup
    project = approved(world, project, instrument)
    staff = UserFactory(is_staff=True)
    plan_services.exchange_rate_set(
        actor=staff, currency="RSD", on=RATE_DATE, units_per_eur="117.1", source="NBS correction"
    )
    first = FundingPlanVersion.objects.get(project=project, number=1)
    kept = plan_selectors.plan_state(project=fresh(project), version=first)
    assert kept.rates["RSD"].units_per_eur == Decimal("117.2") and rsd_line_eur(kept) == Decimal("40000.00")
    state = plan_selectors.plan_state(project=fresh(project))
    assert state.version.number == 2 and state.rates["RSD"].units_per_eur == Decimal("117.1")
    assert state.version.lines.count() == 2 and state.version.sources.count() == 4
    assert not state.approved
    assert {a.pk for a in state.missing_approvals} == {world.lyon.pk, world.nis.pk}
    changed = Event.objects.get(kind="funding_plan.rates_changed")
    assert changed.scope == f"projects.project:{project.pk}"
    assert changed.data == {
        "version": 1,
        "changes": [{"currency": "RSD", "old": "117.2", "new": "117.1"}],
        "reopened": 2,
    }
    reopened = Event.objects.filter(kind="funding_plan.version_created").latest("id")
    assert reopened.data == {
        "version": 2,
        "voided": [world.lyon.pk, world.nis.pk],
        "reason": "exchange_rate",
    }


def test_a_rate_change_on_a_draft_plan_is_told_on_its_timeline(setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    plan_services.exchange_rate_set(
        actor=world.officer_nis,
        currency="RSD",
        on=RATE_DATE,
        units_per_eur="117.5",
        source="NBS",
        project=project,
    )
    assert plan_selectors.plan_number(project=project) == 1
    event = Event.objects.get(kind="funding_plan.rates_changed")
    assert event.scope == f"projects.project:{project.pk}"
    assert event.data == {
        "version": 1,
        "changes": [{"currency": "RSD", "old": "117.2", "new": "117.5"}],
        "reopened": None,
    }


def test_a_project_rate_does_not_touch_another_projects_plan(setup):
    world, project, instrument = setup
    other = make_project(world, title="Autre projet")
    approved(world, project, instrument)
    save_balanced(world, other, instrument)
    plan_services.exchange_rate_set(
        actor=world.officer_nis,
        currency="RSD",
        on=RATE_DATE,
        units_per_eur="117.5",
        source="NBS",
        project=other,
    )
    assert plan_selectors.plan_number(project=project) == 1
    assert list(Event.objects.filter(kind="funding_plan.rates_changed").values_list("scope", flat=True)) == [
        f"projects.project:{other.pk}"
    ]


def test_a_rate_that_changes_nothing_opens_no_version(setup):
    world, project, instrument = setup
    approved(world, project, instrument)
    plan_services.exchange_rate_set(
        actor=world.officer_lyon,
        currency="RSD",
        on=date(2027, 1, 12),
        units_per_eur="117.2",
        source="NBS",
        project=project,
    )
    plan_services.exchange_rate_set(
        actor=world.officer_lyon,
        currency="BGN",
        on=RATE_DATE,
        units_per_eur="1.95583",
        source="BNB",
        project=project,
    )
    assert plan_selectors.plan_number(project=project) == 1
    assert not Event.objects.filter(kind="funding_plan.rates_changed").exists()


def test_an_import_for_a_project_reopens_its_approved_plan(setup):
    world, project, instrument = setup
    approved(world, project, instrument)
    text = "currency,date,units_per_eur,source\nRSD,2027-01-14,117.3,NBS\nBGN,2027-01-14,1.95583,BNB\n"
    assert plan_services.exchange_rates_import(actor=world.officer_nis, text=text, project=project) == 2
    assert set(ExchangeRate.objects.filter(project=project).values_list("currency", flat=True)) == {
        "RSD",
        "BGN",
    }
    assert plan_selectors.plan_number(project=project) == 2


def test_corrections_of_a_rate_keep_their_history(setup):
    world, project, _instrument = setup
    for units in ("117.4", "117.3"):
        rate = plan_services.exchange_rate_set(
            actor=world.officer_nis,
            currency="RSD",
            on=RATE_DATE,
            units_per_eur=units,
            source="NBS",
            project=project,
        )
    assert [h.units_per_eur for h in rate.history.order_by("history_id")] == [
        Decimal("117.4"),
        Decimal("117.3"),
    ]


def test_the_timeline_says_which_rate_changed_and_which_version_awaits_approval(setup):
    from mostovi.projects.templatetags.project_tags import event_entry

    world, project, instrument = setup
    approved(world, project, instrument)
    plan_services.exchange_rate_set(
        actor=world.officer_nis,
        currency="RSD",
        on=RATE_DATE,
        units_per_eur="117.1",
        source="NBS correction",
        project=project,
    )
    assert event_entry(Event.objects.get(kind="funding_plan.rates_changed")) == {
        "text": "changed an exchange rate used by version 1 of the funding plan",
        "changes": [("Units of RSD for one euro", "117.2", "117.1"), ("New version to approve", "", "2")],
    }


def test_partners_enter_their_plans_rates_on_the_page(client, setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    client.force_login(world.officer_nis)
    page = client.get(f"/en/funding/rates/?project={project.pk}")
    assert page.status_code == 200 and "Save the rate" in page.content.decode()
    body = {"currency": "RSD", "on": RATE_DATE.isoformat(), "units_per_eur": "117.5", "source": "NBS"}
    response = client.post("/en/funding/rates/", {**body, "project": project.pk})
    assert response.status_code == 302 and response["Location"] == f"/en/funding/projects/{project.pk}/plan/"
    assert ExchangeRate.objects.get(project=project).units_per_eur == Decimal("117.5")
    shared = client.get("/en/funding/rates/").content.decode()
    assert "Save the rate" not in shared and "Shared rates, read by every plan" in shared


def test_versions_approved_before_rates_were_kept_get_the_rates_they_were_read_with(setup):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("mostovi.funding.migrations.0004_rates_scoped_and_kept")
    world, project, instrument = setup
    approved(world, project, instrument)
    FundingPlanVersion.objects.update(rates={})
    migration.keep_the_rates_of_approved_versions(apps, None)
    assert FundingPlanVersion.objects.get(project=project).rates == {
        "RSD": {"on": "2027-01-10", "units_per_eur": "117.200000", "source": "NBS"}
    }
