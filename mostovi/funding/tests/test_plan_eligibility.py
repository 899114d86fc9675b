"""The funding plan and the eligibility page never contradict each other: the eligibility of an instrument
named in the plan is checked against that plan, with the limits the plan itself is checked against."""

from decimal import Decimal

import pytest
from django.utils import translation

from mostovi.funding.catalogue import selectors
from mostovi.funding.catalogue.eligibility import ELIGIBLE, VERDICT_UNKNOWN, project_eligibility
from mostovi.funding.models import Rule
from mostovi.funding.plans import selectors as plan_selectors
from mostovi.projects.selectors import project_get_for_page

from .test_plan_world import plan_world, save_balanced

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _verdict(project, instrument):
    plans = plan_selectors.plan_facts_of(project_get_for_page(pk=project.pk))
    [verdict] = project_eligibility(
        selectors.project_for_eligibility(project.pk),
        selectors.instruments_for_eligibility(instrument.pk),
        plans=plans,
    )
    return verdict


def test_a_balanced_plan_is_eligible_on_the_same_checks():
    world, project, dctciv = plan_world()
    save_balanced(world, project, dctciv)
    state = plan_selectors.plan_state(project=project_get_for_page(pk=project.pk))
    assert state.problems == []
    verdict = _verdict(project, dctciv)
    assert verdict.verdict == ELIGIBLE, [c.reason for c in verdict.missing]
    assert not [c for c in verdict.checks if c.awaits_plan]
    band = next(c for c in verdict.checks if c.rule == "rate_band_by_country")
    assert band.reason == "The plan asks 50 % of the total. Serbia — ODA: rate band 50 %."
    # Niš brings only in kind: neither the plan nor the eligibility page holds it against the French cap.
    cap = next(c for c in verdict.checks if c.rule == "in_kind_cap")
    assert cap.result == "pass"


def test_a_rate_above_the_band_fails_on_both_pages():
    world, project, dctciv = plan_world()
    save_balanced(world, project, dctciv)
    Rule.objects.filter(instrument=dctciv, kind="rate_band_by_country").update(
        params={"bands": [], "default_max_rate": "40", "default_label": "test"}
    )
    state = plan_selectors.plan_state(project=project_get_for_page(pk=project.pk))
    assert any("its rules allow at most 40 %" in p for p in state.problems)
    verdict = _verdict(project, dctciv)
    band = next(c for c in verdict.checks if c.rule == "rate_band_by_country")
    assert band.result == "fail"


def test_an_unverified_limit_bounds_neither_the_plan_nor_the_verdict():
    world, project, dctciv = plan_world()
    save_balanced(world, project, dctciv)
    Rule.objects.filter(instrument=dctciv, kind="amount_range").update(
        params={"min": "60000", "max": "90000", "currency": "EUR"}, verified=False
    )
    state = plan_selectors.plan_state(project=project_get_for_page(pk=project.pk))
    assert state.problems == []
    verdict = _verdict(project, dctciv)
    amount = next(c for c in verdict.checks if c.rule == "amount_range")
    assert amount.result == "fail" and not amount.verified
    assert verdict.verdict == VERDICT_UNKNOWN and amount in verdict.open_points
    assert verdict.unverified == 1
    assert plan_selectors.plan_facts_of(project_get_for_page(pk=project.pk))[dctciv.pk].grant == Decimal(
        "50000.00"
    )


def test_the_page_and_the_api_check_the_plan(client):
    world, project, dctciv = plan_world()
    save_balanced(world, project, dctciv)
    client.force_login(world.officer_lyon)
    response = client.get(
        f"/api/v1/projects/{project.pk}/eligibility?instrument={dctciv.pk}", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["verdict"] == "eligible"
    assert not [c for c in item["checks"] if c["awaits_plan"]]
    page = client.get(f"/en/funding/projects/{project.pk}/eligibility/{dctciv.pk}/").content.decode()
    assert "The plan asks 50 % of the total." in page
