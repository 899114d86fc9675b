"""A funding plan approval names the version the approver read: a stale one answers 409 and a missing one
422, from the page and the API alike, and nothing is written."""

import pytest

from mostovi.core.models import Event
from mostovi.funding.models import FundingPlanApproval
from mostovi.funding.plans import services as plan_services

from .test_plan_api import token_headers
from .test_plan_world import RATE_DATE, balanced_rows, plan_world, save_balanced

pytestmark = pytest.mark.django_db

STALE = "A new version 2 of the funding plan was saved meanwhile: read it before approving."


@pytest.fixture
def plan_in_version_2():
    """Version 1 was shown to the approvers; Niš then saved version 2 (another label)."""
    world, project, instrument = plan_world()
    save_balanced(world, project, instrument)
    lines, sources = balanced_rows(world, instrument)
    lines[0]["label"] = "Ingénieurs et techniciens"
    plan_services.plan_update(
        actor=world.officer_nis, project=project, version=1, rate_date=RATE_DATE, lines=lines, sources=sources
    )
    return world, project


def _approve(client, world, project, body):
    return client.post(
        f"/api/v1/projects/{project.pk}/funding-plan/approvals",
        data=body,
        content_type="application/json",
        headers=token_headers(client, world.elected_lyon),
    )


def test_api_a_stale_version_answers_409_and_writes_nothing(client, plan_in_version_2):
    world, project = plan_in_version_2
    headers = token_headers(client, world.elected_lyon)
    events = Event.objects.count()
    response = client.post(
        f"/api/v1/projects/{project.pk}/funding-plan/approvals",
        data={"version": 1},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["detail"], body["current_version"], body["submitted"]) == (STALE, 2, {"version": 1})
    assert body["current"]["lines"][0]["label"] == "Ingénieurs et techniciens"
    assert not FundingPlanApproval.objects.exists()
    assert Event.objects.count() == events


@pytest.mark.parametrize("body", [{}, {"authority_id": None}, {"version": None}, {"version": "2"}])
def test_api_without_a_version_answers_422_and_writes_nothing(client, plan_in_version_2, body):
    world, project = plan_in_version_2
    response = _approve(client, world, project, body)
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid: check the fields listed."
    assert not FundingPlanApproval.objects.exists()


def test_api_the_current_version_is_approved(client, plan_in_version_2):
    world, project = plan_in_version_2
    response = _approve(client, world, project, {"version": 2})
    assert response.status_code == 201 and response.json()["version"] == 2


def test_page_a_stale_version_is_refused_and_writes_nothing(client, plan_in_version_2):
    world, project = plan_in_version_2
    client.force_login(world.elected_lyon)
    events = Event.objects.count()
    response = client.post(
        f"/en/funding/projects/{project.pk}/plan/approve/", {"authority": world.lyon.pk, "version": "1"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert STALE in page
    assert "Approve version 2 for Lyon" in page  # the page shows the version to read now
    assert not FundingPlanApproval.objects.exists()
    assert Event.objects.count() == events


@pytest.mark.parametrize("version", [None, "", "deux"])
def test_page_without_a_version_is_refused_and_writes_nothing(client, plan_in_version_2, version):
    world, project = plan_in_version_2
    client.force_login(world.elected_lyon)
    data = {"authority": world.lyon.pk} | ({} if version is None else {"version": version})
    response = client.post(f"/en/funding/projects/{project.pk}/plan/approve/", data)
    assert response.status_code == 422
    assert "Say which version you approve: send the version you read." in response.content.decode()
    assert not FundingPlanApproval.objects.exists()


def test_page_the_form_carries_the_version_shown(client, plan_in_version_2):
    world, project = plan_in_version_2
    client.force_login(world.elected_lyon)
    page = client.get(f"/en/funding/projects/{project.pk}/plan/").content.decode()
    assert '<input type="hidden" name="version" value="2">' in page
