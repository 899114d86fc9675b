"""The procedure endpoints (`docs/API.md`): the sourced steps of each country, a project's board, and each
partner changing its own steps only."""

import pytest

from mostovi.procedures.models import ProcedureStep
from mostovi.projects.tests.factories import make_project, make_world
from mostovi.projects.tests.test_api import Caller

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_the_procedures_of_a_country_in_order_with_their_sources(client):
    body = client.get("/api/v1/procedures?country=RS", headers={"Accept-Language": "en"}).json()
    assert body["count"] == 5
    first = body["items"][0]
    assert first["id"] == "rs.assembly_decision"
    assert first["decided_by"] == "assembly" and first["mandatory"] is True
    assert first["phase"] == "implementation" and first["unverified"] is False
    assert first["source"].startswith("http://mduls.gov.rs/") and first["checked_on"] == "2026-12-07"
    unverified = next(s for s in body["items"] if s["unverified"])
    assert unverified["source"] is None and unverified["checked_on"] is None


def test_every_country_when_none_is_asked_and_the_title_in_the_readers_language(client):
    body = client.get("/api/v1/procedures?limit=100", headers={"Accept-Language": "fr"}).json()
    assert {s["country"] for s in body["items"]} == {"AL", "BA", "BG", "FR", "ME", "MK", "RS", "XK"}
    fr = next(s for s in body["items"] if s["id"] == "fr.prefect_transmission")
    assert fr["title"] == "Transmission de la convention au préfet (contrôle de légalité)"


def test_the_board_and_a_patch_of_ones_own_step(client, world):
    project = make_project(world)
    nis = Caller(client, world.officer_nis)
    response = nis.patch(
        f"/api/v1/projects/{project.pk}/procedure/rs.assembly_decision",
        {"status": "done", "done_on": "2026-01-05"},
    )
    assert response.status_code == 200, response.content
    partners = response.json()["partners"]
    assert [p["authority_id"] for p in partners] == [world.lyon.pk, world.nis.pk]
    step = partners[1]["steps"][0]
    assert (step["id"], step["status"], step["done_on"], step["document_id"], step["reason"]) == (
        "rs.assembly_decision",
        "done",
        "2026-01-05",
        None,
        "",
    )
    assert partners[1]["progress"] == 20
    assert Caller(client, world.officer_lyon).get(f"/api/v1/projects/{project.pk}/procedure").json() == {
        "partners": partners
    }


def test_a_partner_cannot_patch_the_other_partners_step(client, world):
    project = make_project(world)
    lyon = Caller(client, world.officer_lyon)
    response = lyon.patch(
        f"/api/v1/projects/{project.pk}/procedure/rs.assembly_decision",
        {"status": "done", "done_on": "2026-01-05", "authority_id": world.nis.pk},
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Each partner records its own procedure steps only."}
    response = lyon.patch(
        f"/api/v1/projects/{project.pk}/procedure/rs.assembly_decision",
        {"status": "done", "done_on": "2026-01-05"},
    )
    assert response.status_code == 404
    assert not ProcedureStep.objects.exists()


def test_anonymous_and_outsiders(client, world):
    project = make_project(world)  # a draft: its partners only see it
    anonymous = Caller(client)
    assert anonymous.get(f"/api/v1/projects/{project.pk}/procedure").status_code == 404
    assert (
        anonymous.patch(
            f"/api/v1/projects/{project.pk}/procedure/fr.council_deliberation", {"status": "todo"}
        ).status_code
        == 401
    )
    outsider = Caller(client, world.outsider)
    assert outsider.get(f"/api/v1/projects/{project.pk}/procedure").status_code == 404


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"status": "done"}, 422),
        ({"status": "done", "done_on": "yesterday"}, 422),
        ({"status": "not_applicable", "reason": "no"}, 422),
        ({"status": "done", "done_on": "2026-01-05", "document_id": 10**30}, 422),
        ({}, 422),
    ],
)
def test_bad_input_answers_422_and_writes_nothing(client, world, payload, status):
    project = make_project(world)
    response = Caller(client, world.officer_lyon).patch(
        f"/api/v1/projects/{project.pk}/procedure/fr.council_deliberation", payload
    )
    assert response.status_code == status, response.content
    assert "detail" in response.json()
    assert not ProcedureStep.objects.exists()
