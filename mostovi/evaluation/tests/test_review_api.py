"""The joint reviews API: shapes, hidden scores, the workflow, the schedule, 400 / 403 / 404 / 409 / 422,
and the errors in the OpenAPI schema."""

import pytest

from mostovi.evaluation.models import Review, ReviewStatus, Score

from .review_world import all_scores, completed, review_world, score_and_submit, scored

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


@pytest.fixture
def setup():
    return review_world()


def base(project, suffix=""):
    return f"/api/v1/projects/{project.pk}/reviews{suffix}"


def send(client, method, url, body=None):
    return getattr(client, method)(url, data=body or {}, content_type="application/json", headers=EN)


def scores_body(score=3, narrative="Bien"):
    return {"scores": {c: {"score": s, "narrative": narrative} for c, (s, _n) in all_scores(score).items()}}


def test_review_shape_for_a_partner_while_scoring(client, setup):
    world, project, review = setup
    score_and_submit(review, world.lyon, world.officer_lyon, 4, "Secret lyonnais")
    client.force_login(world.officer_nis)
    body = client.get(base(project), headers=EN).json()
    assert body["count"] == 1
    item = body["items"][0]
    lyon, nis = item["assessments"]
    assert {
        k: item[k] for k in ("id", "period_start", "period_end", "is_final", "status", "synthesis_version")
    } == {
        "id": review.pk,
        "period_start": "2027-01-01",
        "period_end": "2027-06-30",
        "is_final": False,
        "status": "scoring",
        "synthesis_version": 0,
    }
    assert item["summary"] == "Diagnostic du réseau et formation de douze techniciens."
    assert lyon["authority_id"] == world.lyon.pk and lyon["hidden"] is True and lyon["scores"] is None
    assert lyon["submitted_at"] is not None
    assert nis == {
        "authority_id": world.nis.pk,
        "authority": "Ниш (Niš)",
        "language": "",
        "submitted_at": None,
        "hidden": False,
        "scores": [],
    }
    criteria = ("relevance", "coherence", "effectiveness", "efficiency", "impact", "sustainability")
    assert item["scores"] == [
        {"authority_id": world.lyon.pk, "hidden": True} | dict.fromkeys(criteria),
        {"authority_id": world.nis.pk, "hidden": False} | dict.fromkeys(criteria),
    ]
    assert "Secret lyonnais" not in client.get(base(project, f"/{review.pk}"), headers=EN).content.decode()


def test_scores_shown_to_everyone_after_both_submitted(client, setup):
    world, project, review = setup
    scored(world, review)
    client.force_login(world.officer_nis)
    lyon = client.get(base(project, f"/{review.pk}"), headers=EN).json()["assessments"][0]
    assert lyon["hidden"] is False
    assert lyon["scores"][0] == {"criterion": "relevance", "score": 3, "narrative": "Réseau mieux connu"}
    scores = client.get(base(project), headers=EN).json()["items"][0]["scores"]
    assert scores[0] == {
        "authority_id": world.lyon.pk,
        "hidden": False,
        "relevance": 3,
        "coherence": 3,
        "effectiveness": 3,
        "efficiency": 3,
        "impact": 3,
        "sustainability": 3,
    }
    assert scores[1]["authority_id"] == world.nis.pk and scores[1]["impact"] == 2


def test_scoring_workflow_through_the_api(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    response = send(client, "put", base(project, f"/{review.pk}/assessments/{world.lyon.pk}"), scores_body(3))
    assert response.status_code == 200
    assert len(response.json()["assessments"][0]["scores"]) == 6
    response = send(client, "post", base(project, f"/{review.pk}/assessments/{world.lyon.pk}/submit"))
    assert response.status_code == 200 and response.json()["status"] == "scoring"
    client.force_login(world.officer_nis)
    send(client, "put", base(project, f"/{review.pk}/assessments/{world.nis.pk}"), scores_body(2))
    response = send(client, "post", base(project, f"/{review.pk}/assessments/{world.nis.pk}/submit"))
    assert response.json()["status"] == "synthesis"
    response = send(
        client,
        "put",
        base(project, f"/{review.pk}/synthesis"),
        {"synthesis": "Bilan commun", "language": "fr", "version": 0},
    )
    assert response.status_code == 200 and response.json()["synthesis_version"] == 1
    response = send(client, "post", base(project, f"/{review.pk}/approvals/{world.nis.pk}"), {"version": 1})
    assert response.status_code == 200 and [a["authority_id"] for a in response.json()["approvals"]] == [
        world.nis.pk
    ]
    client.force_login(world.elected_lyon)
    response = send(client, "post", base(project, f"/{review.pk}/approvals/{world.lyon.pk}"), {"version": 1})
    assert response.json()["status"] == "completed" and response.json()["completed_at"] is not None


@pytest.mark.parametrize("bad", [0, 5, "x", 2.5])
def test_score_out_of_range_is_422(client, setup, bad):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    body = {"scores": {"relevance": {"score": 3}, "impact": {"score": bad}}}
    response = send(client, "put", base(project, f"/{review.pk}/assessments/{world.lyon.pk}"), body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "A score must be between 1 and 4.",
        "errors": ["A score must be between 1 and 4."],
    }
    assert not Score.objects.exists()


def test_unknown_criterion_is_422(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    body = {"scores": {"beauty": {"score": 3}}}
    response = send(client, "put", base(project, f"/{review.pk}/assessments/{world.lyon.pk}"), body)
    assert response.status_code == 422 and response.json()["detail"] == "Unknown criterion: beauty."


def test_scoring_for_another_authority_is_403(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    response = send(client, "put", base(project, f"/{review.pk}/assessments/{world.nis.pk}"), scores_body())
    assert response.status_code == 403
    assert response.json() == {"detail": "Only members of Ниш (Niš) score for Ниш (Niš)."}
    assert (
        send(
            client, "put", base(project, f"/{review.pk}/assessments/{world.sofia.pk}"), scores_body()
        ).status_code
        == 404
    )


def test_approving_before_both_scored_is_409(client, setup):
    world, project, review = setup
    client.force_login(world.elected_lyon)
    response = send(client, "post", base(project, f"/{review.pk}/approvals/{world.lyon.pk}"), {"version": 0})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The synthesis is approved after every partner has submitted its scores."
    }


def test_overlapping_period_is_422_and_nothing_created(client, setup):
    world, project, _review = setup
    client.force_login(world.officer_nis)
    body = {"period_start": "2027-06-01", "period_end": "2027-09-30", "summary": "Visite", "language": "sr"}
    response = send(client, "post", base(project), body)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "This period overlaps the review of 1 Jan 2027 – 30 Jun 2027: choose a period after or before it."
    )
    assert Review.objects.count() == 1
    body["period_start"] = "2027-07-01"
    created = send(client, "post", base(project), body)
    assert created.status_code == 201 and created.json()["language"] == "sr"
    assert [a["authority_id"] for a in created.json()["assessments"]] == [world.lyon.pk, world.nis.pk]


def test_bad_json_is_400_and_anonymous_write_is_401(client, setup):
    world, project, review = setup
    client.force_login(world.officer_lyon)
    response = client.put(
        base(project, f"/{review.pk}/synthesis"), data="{nope", content_type="application/json", headers=EN
    )
    assert response.status_code == 400 and "detail" in response.json()
    client.logout()
    assert send(
        client, "post", base(project), {"period_start": "2028-01-01", "period_end": "2028-02-01"}
    ).status_code in (
        401,
        404,
    )


def test_hidden_project_and_unknown_review_are_404(client, setup):
    world, project, _review = setup
    client.force_login(world.outsider)
    assert client.get(base(project), headers=EN).status_code == 404
    client.force_login(world.officer_lyon)
    response = client.get(base(project, "/999999"), headers=EN)
    assert response.status_code == 404
    assert response.json() == {"detail": "This project has no review with this id."}


def test_schedule_get_and_put(client, setup):
    world, project, _review = setup
    client.force_login(world.officer_nis)
    url = f"/api/v1/projects/{project.pk}/review-schedule"
    assert client.get(url, headers=EN).status_code == 404
    response = send(client, "put", url, {"interval_months": 6, "first_review_on": "2027-07-01"})
    assert response.status_code == 200
    assert response.json() == {
        "interval_months": 6,
        "first_review_on": "2027-07-01",
        "next_due_on": "2028-01-01",
        "overdue": False,
    }
    assert client.get(url, headers=EN).json()["next_due_on"] == "2028-01-01"
    refused = send(client, "put", url, {"interval_months": 61, "first_review_on": "2027-07-01"})
    assert refused.status_code == 422
    assert (
        refused.json()["detail"]
        == "The interval between reviews must be a whole number of months, from 1 to 60."
    )


def test_completed_review_through_the_api_after_the_services(client, setup):
    world, project, review = setup
    completed(world, review)
    client.force_login(world.officer_lyon)
    body = client.get(base(project, f"/{review.pk}"), headers=EN).json()
    assert body["status"] == ReviewStatus.COMPLETED
    assert [a["authority_id"] for a in body["approvals"]] == [world.lyon.pk, world.nis.pk]
    assert body["synthesis"] == "Les partenaires retiennent la sectorisation du réseau."


def test_errors_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    put = schema["paths"]["/api/v1/projects/{project_id}/reviews/{review_id}/assessments/{authority_id}"][
        "put"
    ]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(put["responses"])
    assert "/api/v1/projects/{project_id}/review-schedule" in schema["paths"]
    approve = schema["paths"]["/api/v1/projects/{project_id}/reviews/{review_id}/approvals/{authority_id}"][
        "post"
    ]
    assert "409" in approve["responses"]
