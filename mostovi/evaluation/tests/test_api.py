"""The indicators API: shapes, the workflow through the API, 404 / 403 / 409 / 422."""

import pytest

from mostovi.evaluation.models import ReportedValue

from .world import logframe_world, report

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


@pytest.fixture
def setup():
    return logframe_world()


def post(client, url, body=None):
    return client.post(url, data=body or {}, content_type="application/json", headers=EN)


def test_indicator_list_shape(client, setup):
    world, project, results, losses, trained = setup
    report(world, project, losses, "35.5")
    client.force_login(world.officer_lyon)
    body = client.get(f"/api/v1/projects/{project.pk}/indicators", headers=EN).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first == {
        "id": losses.pk,
        "result": {"id": results["outcome"].pk, "level": "2", "title": "Pertes du réseau réduites"},
        "title": "Part de l'eau perdue",
        "measure": "2",
        "unit": "%",
        "baseline": {"value": "40", "date": "2026-01-01"},
        "targets": [{"period_start": "2027-01-01", "period_end": "2027-12-31", "value": "30"}],
        "values": [
            {
                "id": ReportedValue.objects.get().pk,
                "period_start": "2027-01-01",
                "period_end": "2027-06-30",
                "value": "35.5",
                "comment": "",
                "status": "draft",
                "return_comment": "",
            }
        ],
        "reporting_authority_id": world.nis.pk,
    }
    assert body["items"][1]["id"] == trained.pk and body["items"][1]["baseline"] == {
        "value": None,
        "date": None,
    }
    paged = client.get(f"/api/v1/projects/{project.pk}/indicators?limit=1&offset=1", headers=EN).json()
    assert paged["count"] == 2 and [i["id"] for i in paged["items"]] == [trained.pk]


def test_hidden_project_answers_404(client, setup):
    world, project, _results, losses, _trained = setup
    client.force_login(world.outsider)
    assert client.get(f"/api/v1/projects/{project.pk}/indicators", headers=EN).status_code == 404
    response = post(
        client,
        f"/api/v1/projects/{project.pk}/indicators/{losses.pk}/values",
        {"period_start": "2027-01-01", "period_end": "2027-06-30", "value": 30},
    )
    assert response.status_code == 404
    assert client.get("/api/v1/projects/999999/indicators", headers=EN).json() == {
        "detail": "No project has this id."
    }


def test_workflow_through_the_api(client, setup):
    world, project, _results, losses, _trained = setup
    base = f"/api/v1/projects/{project.pk}/indicators/{losses.pk}/values"
    client.force_login(world.officer_lyon)
    refused = post(client, base, {"period_start": "2027-01-01", "period_end": "2027-06-30", "value": 30})
    assert refused.status_code == 403
    assert refused.json() == {"detail": f"Only members of {world.nis} report the values of this indicator."}
    client.force_login(world.officer_nis)
    wrong = post(client, base, {"period_start": "2027-01-01", "period_end": "2027-06-30", "value": "101"})
    assert wrong.status_code == 422
    assert wrong.json() == {
        "detail": "A percentage is between 0 and 100.",
        "errors": ["A percentage is between 0 and 100."],
    }
    text = post(client, base, {"period_start": "2027-01-01", "period_end": "2027-06-30", "value": "beaucoup"})
    assert text.status_code == 422
    assert ReportedValue.objects.count() == 0
    created = post(
        client,
        base,
        {"period_start": "2027-01-01", "period_end": "2027-06-30", "value": 34.5, "comment": "S1"},
    )
    assert created.status_code == 201, created.content
    value = created.json()
    assert value["value"] == "34.5" and value["status"] == "draft" and value["comment"] == "S1"
    too_early = post(client, f"{base}/{value['id']}/approve")
    assert too_early.status_code == 403
    assert post(client, f"{base}/{value['id']}/submit").json()["status"] == "submitted"
    assert post(client, f"{base}/{value['id']}/approve").status_code == 403
    client.force_login(world.elected_lyon)
    no_reason = post(client, f"{base}/{value['id']}/return")
    assert no_reason.status_code == 422 and no_reason.json()["detail"] == "Say why the value is returned."
    returned = post(client, f"{base}/{value['id']}/return", {"comment": "Source ?"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned" and returned.json()["return_comment"] == "Source ?"
    client.force_login(world.officer_nis)
    assert post(client, f"{base}/{value['id']}/submit").json()["status"] == "submitted"
    client.force_login(world.officer_lyon)
    approved = post(client, f"{base}/{value['id']}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = post(client, f"{base}/{value['id']}/approve")
    assert again.status_code == 409
    assert again.json() == {"detail": "A value that is “Approved” cannot become “Approved”."}
    assert post(client, f"{base}/999999/approve").status_code == 404


def test_anonymous_writes_answer_401(client, setup):
    _world, project, _results, losses, _trained = setup
    response = post(
        client,
        f"/api/v1/projects/{project.pk}/indicators/{losses.pk}/values",
        {"period_start": "2027-01-01", "period_end": "2027-06-30", "value": 30},
    )
    assert response.status_code == 401
