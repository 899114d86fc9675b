"""The funding plan API: shapes, stale edits (409), invalid input (422), approvals, transactions."""

import pytest

from mostovi.accounts.tests.factories import PASSWORD

from .test_plan_world import balanced_rows, plan_world, save_balanced

pytestmark = pytest.mark.django_db


def token_headers(client, user):
    response = client.post(
        "/api/v1/auth/token",
        data={"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    return {"Authorization": f"Bearer {response.json()['token']}", "Accept-Language": "en"}


@pytest.fixture
def setup():
    return plan_world()


def test_get_put_approve_and_the_shapes(client, setup):
    world, project, instrument = setup
    url = f"/api/v1/projects/{project.pk}/funding-plan"
    lyon = token_headers(client, world.officer_lyon)
    empty = client.get(url, headers=lyon).json()
    assert empty["version"] == 0 and empty["balanced"] is False
    assert empty["problems"] == ["The funding plan has not been written yet."]
    lines, sources = balanced_rows(world, instrument)
    body = {"version": 0, "rate_date": "2027-01-15", "lines": lines, "sources": sources}
    response = client.put(url, data=body, content_type="application/json", headers=lyon)
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["version"] == 1 and plan["balanced"] is True and plan["problems"] == []
    assert plan["totals"]["costs_eur"] == "100000.00" and plan["totals"]["sources_eur"] == "100000.00"
    assert plan["totals"]["rates"] == [
        {"currency": "RSD", "on": "2027-01-10", "units_per_eur": "117.200000", "source": "NBS"}
    ]
    assert (
        plan["lines"][1]["amount_eur"] == "40000.00" and plan["sources"][0]["instrument_id"] == instrument.pk
    )
    assert sorted(plan["missing_approvals"]) == sorted([world.lyon.pk, world.nis.pk])
    stale = client.put(url, data=body, content_type="application/json", headers=lyon)
    assert stale.status_code == 409
    assert (
        stale.json()["current_version"] == 1
        and stale.json()["submitted"]["lines"][0]["label"] == "Ingénieurs"
    )
    approval = client.post(
        f"{url}/approvals",
        data={"version": 1},
        content_type="application/json",
        headers=token_headers(client, world.elected_nis),
    )
    assert approval.status_code == 201 and approval.json()["authority_id"] == world.nis.pk
    assert client.get(url, headers=lyon).json()["approvals"][0]["version"] == 1


def test_invalid_input_answers_422_with_every_error(client, setup):
    world, project, instrument = setup
    lines, sources = balanced_rows(world, instrument)
    lines[0]["currency"] = "ZZZ"
    sources[0]["amount"] = "-10"
    body = {"version": 0, "rate_date": "2027-01-15", "lines": lines, "sources": sources}
    response = client.put(
        f"/api/v1/projects/{project.pk}/funding-plan",
        data=body,
        content_type="application/json",
        headers=token_headers(client, world.officer_lyon),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        "Budget line 1: unknown currency “ZZZ” (use an ISO 4217 code such as EUR, RSD or BGN).",
        "Funding source 1: an amount cannot be negative.",
    ]


def test_not_visible_is_404_and_unbalanced_approval_is_409(client, setup):
    world, project, instrument = setup
    outsider = token_headers(client, world.outsider)
    assert client.get(f"/api/v1/projects/{project.pk}/funding-plan", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/projects/{project.pk}/transactions", headers=outsider).status_code == 404
    lines, sources = balanced_rows(world, instrument)
    sources.pop(1)
    from mostovi.funding.plans import services as plan_services

    plan_services.plan_update(
        actor=world.officer_lyon,
        project=project,
        version=0,
        rate_date="2027-01-15",
        lines=lines,
        sources=sources,
    )
    response = client.post(
        f"/api/v1/projects/{project.pk}/funding-plan/approvals",
        data={"version": 1},
        content_type="application/json",
        headers=token_headers(client, world.elected_lyon),
    )
    assert response.status_code == 409
    assert response.json()["errors"][1] == (
        "The funding plan is not balanced: sources 70,000.00 EUR, costs 100,000.00 EUR."
    )


def test_transactions(client, setup):
    world, project, instrument = setup
    save_balanced(world, project, instrument)
    headers = token_headers(client, world.officer_lyon)
    url = f"/api/v1/projects/{project.pk}/transactions"
    body = {
        "type": "1",
        "date": "2027-02-01",
        "amount": "20000",
        "currency": "EUR",
        "receiver_id": world.lyon.pk,
        "instrument_id": instrument.pk,
    }
    created = client.post(url, data=body, content_type="application/json", headers=headers)
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == "20000.00" and created.json()["type"] == "1"
    assert [t["id"] for t in client.get(url, headers=headers).json()] == [created.json()["id"]]
    bad = client.post(
        url, data={**body, "currency": "EURO"}, content_type="application/json", headers=headers
    )
    assert bad.status_code == 422 and bad.json()["errors"] == ["Unknown currency “EURO”."]


def test_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "put"} <= set(paths["/api/v1/projects/{project_id}/funding-plan"])
    assert "post" in paths["/api/v1/projects/{project_id}/funding-plan/approvals"]
    assert {"get", "post"} <= set(paths["/api/v1/projects/{project_id}/transactions"])
