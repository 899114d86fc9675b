"""Bad input to joint reviews, follow-up actions, lessons, indicator values, handover packs, mandates and
expected departures: a clear message with the exact status, nothing written, never a 500.

Each case counts the rows of every table it could touch before and after the request.
"""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from mostovi.accounts import services as account_services
from mostovi.accounts.models import Membership
from mostovi.core.models import Event
from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.lessons import services as lesson_services
from mostovi.evaluation.models import (
    Assessment,
    FollowUpAction,
    Lesson,
    ReportedValue,
    Review,
    ReviewApproval,
    ReviewSchedule,
    Score,
)
from mostovi.evaluation.reviews import services as review_services
from mostovi.projects.tests.factories import make_project

from .review_world import all_scores, review_world, scored
from .world import logframe_world, report

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}
HUGE = 2**70
LONG = "x" * 100_000
INVALID = "The request is not valid: check the fields listed."
DATES = "Dates must fall between 1990 and 2100."
SCORE = "A score must be between 1 and 4."
MODELS = (Review, Assessment, Score, ReviewSchedule, ReviewApproval, FollowUpAction, Lesson, ReportedValue)


def counts() -> dict:
    rows = {m.__name__: m.objects.count() for m in MODELS}
    rows["Event"] = Event.objects.count()
    rows["Membership"] = Membership.objects.filter(ended_at__isnull=True).count()
    return rows


def api(client, method, url, body=None, raw=None):
    """A JSON request; `raw` is sent as the body exactly as given."""
    data = raw if raw is not None else ("" if body is None else json.dumps(body))
    return getattr(client, method)(url, data=data, content_type="application/json", headers=EN)


def refused(response, status: int, detail: str | None = None, before: dict | None = None):
    assert response.status_code == status, response.content[:300]
    if detail is not None:
        assert response.json()["detail"] == detail
    if before is not None:
        assert counts() == before


@pytest.fixture
def rw(client):
    world, project, review = review_world()
    client.force_login(world.officer_lyon)
    return world, project, review


def other_project_review(world):
    """A second Lyon–Niš project with its own review and action: its ids must not work through the first."""
    project = make_project(world, title="Transport à Niš")
    review = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 6, 30),
        summary="",
        language="fr",
    )
    action = add_action(world, project)
    return project, review, action


def add_action(world, project, **kwargs):
    return action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        title=kwargs.pop("title", "Sectoriser le réseau"),
        owner_id=world.membership(world.officer_nis, world.nis).pk,
        due_on=date(2027, 9, 1),
        language="fr",
        **kwargs,
    )


# --- joint reviews (API) --------------------------------------------------------------------------------

OK_REVIEW = {"period_start": "2028-01-01", "period_end": "2028-06-30", "summary": "Formation"}


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"period_start": None}, INVALID),
        ({"period_start": "2026-02-30"}, INVALID),
        ({"period_start": "not-a-date"}, INVALID),
        ({"period_start": HUGE}, INVALID),
        ({"period_start": ["2028-01-01"]}, INVALID),
        ({"period_end": {}}, INVALID),
        ({"period_start": "0001-01-01"}, DATES),
        ({"period_end": "9999-12-31"}, DATES),
        ({"period_end": "2027-12-31"}, "The period ends before it starts."),
        ({"summary": LONG}, INVALID),
        ({"summary": ["a", "b"]}, INVALID),
        ({"summary": 12}, INVALID),
        ({"language": "klingon!"}, "Unknown language code: klingon!."),
        ({"language": "fr\n"}, "Unknown language code: fr\n."),
        ({"is_final": "maybe"}, INVALID),
        ({"is_final": [True]}, INVALID),
    ],
)
def test_review_create_refuses_bad_fields(client, rw, change, detail):
    _world, project, _review = rw
    before = counts()
    response = api(client, "post", f"/api/v1/projects/{project.pk}/reviews", {**OK_REVIEW, **change})
    refused(response, 422, detail, before)


@pytest.mark.parametrize("missing", ["period_start", "period_end"])
def test_review_create_without_a_date_answers_422(client, rw, missing):
    _world, project, _review = rw
    before = counts()
    body = {k: v for k, v in OK_REVIEW.items() if k != missing}
    response = api(client, "post", f"/api/v1/projects/{project.pk}/reviews", body)
    refused(response, 422, INVALID, before)
    assert response.json()["errors"][0]["loc"][-1] == missing


@pytest.mark.parametrize(
    ("start", "end"),
    [("2027-06-30", "2027-12-31"), ("2026-01-01", "2027-01-01"), ("2027-02-01", "2027-03-01")],
)
def test_a_review_of_a_period_that_overlaps_another_is_refused(client, rw, start, end):
    _world, project, _review = rw
    before = counts()
    response = api(
        client, "post", f"/api/v1/projects/{project.pk}/reviews", {"period_start": start, "period_end": end}
    )
    refused(response, 422, None, before)
    assert response.json()["detail"].startswith("This period overlaps the review of ")


def test_a_second_final_review_is_refused(client, rw):
    world, project, _review = rw
    review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2028, 1, 1),
        period_end=date(2028, 6, 30),
        summary="",
        language="fr",
        is_final=True,
    )
    before = counts()
    body = {"period_start": "2029-01-01", "period_end": "2029-06-30", "is_final": True}
    response = api(client, "post", f"/api/v1/projects/{project.pk}/reviews", body)
    refused(response, 422, None, before)
    assert response.json()["detail"].startswith("The project already has a final review")


@pytest.mark.parametrize(
    ("raw", "status", "detail"),
    [
        ("", 422, INVALID),
        ("{", 400, "The request body is not valid JSON."),
        ("not json", 400, "The request body is not valid JSON."),
        ("{}", 422, INVALID),
        ("[]", 422, INVALID),
        ("null", 422, INVALID),
        ('"2028-01-01"', 422, INVALID),
    ],
)
def test_review_create_with_an_empty_or_broken_body(client, rw, raw, status, detail):
    _world, project, _review = rw
    before = counts()
    response = api(client, "post", f"/api/v1/projects/{project.pk}/reviews", raw=raw)
    refused(response, status, detail, before)


@pytest.mark.parametrize(
    ("score", "detail"),
    [
        (0, SCORE),
        (5, SCORE),
        (-1, SCORE),
        (HUGE, SCORE),
        ("x", SCORE),
        ("5", SCORE),
        ("²", SCORE),
        ("9" * 5000, SCORE),
        (2.5, SCORE),
        (3.0, SCORE),
        (True, SCORE),
        (False, SCORE),
        ([3], INVALID),
        ({"score": 3}, INVALID),
    ],
)
def test_scores_outside_1_to_4_or_not_integers_are_refused_and_the_saved_score_kept(
    client, rw, score, detail
):
    world, project, review = rw
    review_services.assessment_save(
        actor=world.officer_lyon, review=review, authority=world.lyon, scores={"impact": 3}, language="fr"
    )
    before = counts()
    url = f"/api/v1/projects/{project.pk}/reviews/{review.pk}/assessments/{world.lyon.pk}"
    body = {"scores": {"impact": {"score": score}, "relevance": {"score": 4}}}
    refused(api(client, "put", url, body), 422, detail, before)
    assert list(Score.objects.values_list("criterion", "score")) == [("impact", 3)]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"scores": {"nope": {"score": 3}}}, "Unknown criterion: nope."),
        ({"scores": {"impact": {"score": 3, "narrative": LONG}}}, INVALID),
        ({"scores": {"impact": {"score": 3, "narrative": ["a"]}}}, INVALID),
        (
            {"scores": {"impact": {"score": 3}}, "language": "x" * 40},
            "Unknown language code: " + "x" * 20 + ".",
        ),
        ({"scores": ["impact", 3]}, INVALID),
        ({"scores": None}, INVALID),
        ({}, INVALID),
    ],
)
def test_assessment_save_refuses_malformed_bodies(client, rw, body, detail):
    world, project, review = rw
    before = counts()
    url = f"/api/v1/projects/{project.pk}/reviews/{review.pk}/assessments/{world.lyon.pk}"
    refused(api(client, "put", url, body), 422, detail, before)


def test_a_partner_cannot_score_for_the_other_partner(client, rw):
    world, project, review = rw
    before = counts()
    url = f"/api/v1/projects/{project.pk}/reviews/{review.pk}/assessments/{world.nis.pk}"
    response = api(client, "put", url, {"scores": {"impact": {"score": 4}}})
    refused(response, 403, "Only members of Ниш (Niš) score for Ниш (Niš).", before)
    refused(
        api(client, "post", url + "/submit"), 403, "Only members of Ниш (Niš) score for Ниш (Niš).", before
    )


def test_submitting_an_incomplete_assessment_is_refused(client, rw):
    world, project, review = rw
    before = counts()
    url = f"/api/v1/projects/{project.pk}/reviews/{review.pk}/assessments/{world.lyon.pk}/submit"
    response = api(client, "post", url)
    refused(response, 422, None, before)
    assert response.json()["detail"].startswith("Score every criterion before submitting. Missing: ")
    assert Assessment.objects.filter(submitted_at__isnull=False).count() == 0


@pytest.mark.parametrize("review_id", [HUGE, -1, 0, 999_999])
def test_unknown_review_ids_answer_404(client, rw, review_id):
    world, project, _review = rw
    before = counts()
    base = f"/api/v1/projects/{project.pk}/reviews/{review_id}"
    detail = "This project has no review with this id."
    refused(client.get(base, headers=EN), 404, detail, before)
    refused(api(client, "put", f"{base}/assessments/{world.lyon.pk}", {"scores": {}}), 404, detail, before)
    refused(api(client, "post", f"{base}/assessments/{world.lyon.pk}/submit"), 404, detail, before)
    refused(api(client, "put", f"{base}/synthesis", {"synthesis": "S", "version": 0}), 404, detail, before)
    refused(api(client, "post", f"{base}/approvals/{world.lyon.pk}", {"version": 1}), 404, detail, before)


@pytest.mark.parametrize("authority", ["sofia", HUGE, -1])
def test_an_assessment_of_an_authority_outside_the_review_answers_404(client, rw, authority):
    world, project, review = rw
    authority_id = world.sofia.pk if authority == "sofia" else authority
    before = counts()
    base = f"/api/v1/projects/{project.pk}/reviews/{review.pk}"
    detail = "This review has no assessment for this authority."
    refused(api(client, "put", f"{base}/assessments/{authority_id}", {"scores": {}}), 404, detail, before)
    refused(api(client, "post", f"{base}/assessments/{authority_id}/submit"), 404, detail, before)
    refused(api(client, "post", f"{base}/approvals/{authority_id}", {"version": 1}), 404, detail, before)


def test_another_projects_review_is_404_through_this_project(client, rw):
    world, project, _review = rw
    _other, foreign, _action = other_project_review(world)
    before = counts()
    base = f"/api/v1/projects/{project.pk}/reviews/{foreign.pk}"
    detail = "This project has no review with this id."
    refused(client.get(base, headers=EN), 404, detail, before)
    body = {"scores": {"impact": {"score": 4}}}
    refused(api(client, "put", f"{base}/assessments/{world.lyon.pk}", body), 404, detail, before)
    refused(api(client, "post", f"{base}/approvals/{world.lyon.pk}", {"version": 1}), 404, detail, before)
    assert not Score.objects.exists()


def test_a_project_the_caller_may_not_see_answers_404_and_an_outsider_writes_nothing(client, rw):
    world, project, review = rw
    client.force_login(world.outsider)
    before = counts()
    detail = "No project has this id."
    refused(api(client, "post", f"/api/v1/projects/{project.pk}/reviews", OK_REVIEW), 404, detail, before)
    url = f"/api/v1/projects/{project.pk}/reviews/{review.pk}/assessments/{world.lyon.pk}"
    refused(api(client, "put", url, {"scores": {"impact": {"score": 4}}}), 404, detail, before)
    refused(client.get(f"/api/v1/projects/{HUGE}/reviews", headers=EN), 404, detail, before)


def test_sofia_sees_the_review_but_may_not_start_one(client, rw):
    world, project, _review = rw
    client.force_login(world.officer_sofia)
    before = counts()
    response = api(client, "post", f"/api/v1/projects/{project.pk}/reviews", OK_REVIEW)
    assert response.status_code in (403, 404)
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"interval_months": 0, "first_review_on": "2027-01-01"}, None),
        ({"interval_months": 61, "first_review_on": "2027-01-01"}, None),
        ({"interval_months": -6, "first_review_on": "2027-01-01"}, None),
        ({"interval_months": HUGE, "first_review_on": "2027-01-01"}, None),
        ({"interval_months": True, "first_review_on": "2027-01-01"}, INVALID),
        ({"interval_months": "6", "first_review_on": "2027-01-01"}, INVALID),
        ({"interval_months": 2.5, "first_review_on": "2027-01-01"}, INVALID),
        ({"interval_months": None, "first_review_on": "2027-01-01"}, INVALID),
        ({"interval_months": 6, "first_review_on": "2026-02-30"}, INVALID),
        ({"interval_months": 6, "first_review_on": "not-a-date"}, INVALID),
        ({"interval_months": 6, "first_review_on": "0001-01-01"}, DATES),
        ({"interval_months": 6, "first_review_on": "9999-12-31"}, DATES),
        ({"interval_months": 6}, INVALID),
    ],
)
def test_the_schedule_refuses_bad_intervals_and_dates(client, rw, body, detail):
    _world, project, _review = rw
    before = counts()
    response = api(client, "put", f"/api/v1/projects/{project.pk}/review-schedule", body)
    refused(response, 422, detail, before)
    if detail is None:
        assert response.json()["detail"] in (
            INVALID,
            "The interval between reviews must be a whole number of months, from 1 to 60.",
        )
    # The pages that compute the next due date still answer.
    assert client.get(f"/api/v1/projects/{project.pk}/review-schedule", headers=EN).status_code == 404
    assert client.get(f"/en/evaluation/projects/{project.pk}/reviews/").status_code == 200


def test_the_synthesis_while_scoring_is_409_and_a_bad_synthesis_is_422(client, rw):
    world, project, review = rw
    url = f"/api/v1/projects/{project.pk}/reviews/{review.pk}/synthesis"
    before = counts()
    refused(api(client, "put", url, {"synthesis": "Tôt", "version": 0}), 409, None, before)
    scored(world, review)
    before = counts()
    refused(api(client, "put", url, {"synthesis": LONG, "version": 0}), 422, INVALID, before)
    refused(
        api(client, "put", url, {"synthesis": "   ", "version": 0}), 422, "Write the joint synthesis.", before
    )
    refused(api(client, "put", url, {"synthesis": None, "version": 0}), 422, INVALID, before)
    refused(api(client, "put", url, {"synthesis": ["a"], "version": 0}), 422, INVALID, before)
    refused(api(client, "put", url, {"synthesis": "Bilan"}), 422, INVALID, before)
    refused(api(client, "put", url, {}), 422, INVALID, before)


def test_approving_without_a_synthesis_or_for_another_authority(client, rw):
    world, project, review = rw
    scored(world, review)
    before = counts()
    base = f"/api/v1/projects/{project.pk}/reviews/{review.pk}/approvals"
    refused(
        api(client, "post", f"{base}/{world.lyon.pk}", {"version": 0}),
        409,
        "There is no synthesis to approve yet.",
        before,
    )
    refused(
        api(client, "post", f"{base}/{world.nis.pk}", {"version": 0}),
        403,
        "Only an officer or an elected official of Ниш (Niš) approves for it.",
        before,
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/reviews/{review}"),
        ("patch", "/reviews"),
        ("post", "/reviews/{review}"),
        ("get", "/reviews/{review}/synthesis"),
        ("delete", "/review-schedule"),
        ("put", "/follow-up-actions"),
        ("post", "/handover-pack.pdf"),
    ],
)
def test_wrong_methods_answer_405(client, rw, method, path):
    _world, project, review = rw
    before = counts()
    url = f"/api/v1/projects/{project.pk}" + path.format(review=review.pk)
    response = (
        client.get(url, headers=EN) if method == "get" else api(client, method, url, {"synthesis": "S"})
    )
    refused(response, 405, None, before)


# --- follow-up actions (API) --------------------------------------------------------------------------------


@pytest.fixture
def owner(rw):
    world, _project, _review = rw
    return world.membership(world.officer_nis, world.nis)


def ok_action(owner) -> dict:
    return {"title": "Sectoriser", "owner_id": owner.pk, "due_on": "2027-09-01", "language": "fr"}


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"owner_id": None}, "Name the role that owns this action."),
        ({"owner_id": 999_999}, "No member has this id: 999999."),
        ({"owner_id": True}, INVALID),
        ({"owner_id": "3"}, INVALID),
        ({"owner_id": 3.0}, INVALID),
        ({"owner_id": HUGE}, INVALID),
        ({"owner_id": -1}, INVALID),
        ({"owner_id": [3]}, INVALID),
        ({"title": ""}, "Say what the action is: a title is required."),
        ({"title": "   "}, "Say what the action is: a title is required."),
        ({"title": LONG}, INVALID),
        ({"title": ["a"]}, INVALID),
        ({"title": None}, INVALID),
        ({"description": LONG}, INVALID),
        ({"due_on": "2026-02-30"}, INVALID),
        ({"due_on": "not-a-date"}, INVALID),
        ({"due_on": None}, INVALID),
        ({"due_on": "0001-01-01"}, DATES),
        ({"due_on": "9999-12-31"}, DATES),
        ({"language": "fr\n"}, "Unknown language code: fr\n."),
        ({"language": ""}, "Unknown language code: ."),
        ({"review_id": HUGE}, INVALID),
        ({"review_id": 999_999}, "The review is not a review of this project."),
        ({"review_id": True}, INVALID),
    ],
)
def test_action_create_refuses_bad_fields(client, rw, owner, change, detail):
    _world, project, _review = rw
    before = counts()
    response = api(
        client, "post", f"/api/v1/projects/{project.pk}/follow-up-actions", {**ok_action(owner), **change}
    )
    refused(response, 422, detail, before)


def test_an_action_without_owner_is_refused(client, rw, owner):
    _world, project, _review = rw
    before = counts()
    body = {k: v for k, v in ok_action(owner).items() if k != "owner_id"}
    response = api(client, "post", f"/api/v1/projects/{project.pk}/follow-up-actions", body)
    refused(response, 422, "Name the role that owns this action.", before)


def test_an_action_owned_by_an_ended_membership_or_a_non_partner_is_refused(client, rw, owner):
    world, project, _review = rw
    sofia = world.membership(world.officer_sofia, world.sofia)
    before = counts()
    url = f"/api/v1/projects/{project.pk}/follow-up-actions"
    response = api(client, "post", url, {**ok_action(owner), "owner_id": sofia.pk})
    assert response.json()["detail"].endswith("which is not a partner authority of this project.")
    refused(response, 422, None, before)
    account_services.membership_end(actor=world.officer_nis, membership=owner)
    before = counts()
    response = api(client, "post", url, ok_action(owner))
    refused(response, 422, None, before)
    assert response.json()["detail"].endswith("no longer acts for Ниш (Niš): name a current member.")


def test_an_action_from_another_projects_review_is_refused(client, rw, owner):
    world, project, _review = rw
    _other, foreign, _action = other_project_review(world)
    before = counts()
    body = {**ok_action(owner), "review_id": foreign.pk}
    response = api(client, "post", f"/api/v1/projects/{project.pk}/follow-up-actions", body)
    refused(response, 422, "The review is not a review of this project.", before)


@pytest.mark.parametrize("raw", ["", "{", "[]", "null", "{}"])
def test_action_create_with_an_empty_or_broken_body(client, rw, raw):
    _world, project, _review = rw
    before = counts()
    response = api(client, "post", f"/api/v1/projects/{project.pk}/follow-up-actions", raw=raw)
    refused(response, 400 if raw == "{" else 422, None, before)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"title": ""}, "Say what the action is: a title is required."),
        ({"title": LONG}, INVALID),
        ({"title": 5}, INVALID),
        ({"description": LONG}, INVALID),
        ({"due_on": "2026-02-30"}, INVALID),
        ({"due_on": "9999-12-31"}, DATES),
        ({"owner_id": True}, INVALID),
        ({"owner_id": HUGE}, INVALID),
        ({"owner_id": 999_999}, "No member has this id: 999999."),
    ],
)
def test_action_update_refuses_bad_fields_and_keeps_the_action(client, rw, change, detail):
    world, project, _review = rw
    action = add_action(world, project)
    before = counts()
    response = api(client, "patch", f"/api/v1/projects/{project.pk}/follow-up-actions/{action.pk}", change)
    refused(response, 422, detail, before)
    fresh = FollowUpAction.objects.get(pk=action.pk)
    assert (fresh.title, fresh.description, fresh.due_on, fresh.owner_id) == (
        action.title,
        action.description,
        action.due_on,
        action.owner_id,
    )


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"to": "finished"}, 422, "Unknown status: finished."),
        ({"to": None}, 422, INVALID),
        ({"to": ["done"]}, 422, INVALID),
        ({}, 422, INVALID),
        ({"to": "done"}, 422, "Describe the evidence that the action is done."),
        ({"to": "done", "evidence": "   "}, 422, "Describe the evidence that the action is done."),
        ({"to": "done", "evidence": LONG}, 422, INVALID),
        ({"to": "cancelled"}, 422, "Say why the action is cancelled."),
        ({"to": "handed_over"}, 422, "Name the member who carries the action on after the project closes."),
        ({"to": "handed_over", "handed_to": True}, 422, INVALID),
        ({"to": "handed_over", "handed_to": HUGE}, 422, INVALID),
        ({"to": "handed_over", "handed_to": 999_999}, 422, "No member has this id: 999999."),
        ({"to": "open"}, 409, "An action that is “Open” cannot become “Open”."),
    ],
)
def test_action_status_refuses_bad_steps(client, rw, body, status, detail):
    world, project, _review = rw
    action = add_action(world, project)
    before = counts()
    url = f"/api/v1/projects/{project.pk}/follow-up-actions/{action.pk}/status"
    refused(api(client, "post", url, body), status, detail, before)
    assert FollowUpAction.objects.get(pk=action.pk).status == "open"


def test_handing_an_action_over_to_a_non_partner_or_cancelling_twice(client, rw):
    world, project, _review = rw
    action = add_action(world, project)
    url = f"/api/v1/projects/{project.pk}/follow-up-actions/{action.pk}/status"
    sofia = world.membership(world.officer_sofia, world.sofia)
    before = counts()
    response = api(client, "post", url, {"to": "handed_over", "handed_to": sofia.pk})
    refused(response, 422, None, before)
    assert "not a partner authority of this project" in response.json()["detail"]
    assert api(client, "post", url, {"to": "cancelled", "reason": "Fait ailleurs"}).status_code == 200
    before = counts()
    detail = "An action that is “Cancelled” cannot become “Cancelled”."
    refused(api(client, "post", url, {"to": "cancelled", "reason": "Encore"}), 409, detail, before)


@pytest.mark.parametrize("action_id", [HUGE, -1, 0, 999_999, "foreign"])
def test_unknown_or_foreign_action_ids_answer_404_and_act_on_nothing(client, rw, action_id):
    world, project, _review = rw
    _other, _foreign_review, foreign = other_project_review(world)
    if action_id == "foreign":
        action_id = foreign.pk
    before = counts()
    base = f"/api/v1/projects/{project.pk}/follow-up-actions/{action_id}"
    detail = "This project has no follow-up action with this id."
    refused(client.get(base, headers=EN), 404, detail, before)
    refused(api(client, "patch", base, {"title": "Volé"}), 404, detail, before)
    refused(api(client, "delete", base), 404, detail, before)
    refused(api(client, "post", base + "/status", {"to": "cancelled", "reason": "x"}), 404, detail, before)
    foreign.refresh_from_db()
    assert (foreign.title, foreign.status, foreign.deleted_at) == ("Sectoriser le réseau", "open", None)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/projects/{p}/follow-up-actions?status=finished", 422),
        ("/api/v1/projects/{p}/follow-up-actions?authority=" + str(HUGE), 422),
        ("/api/v1/projects/{p}/follow-up-actions?authority=-1", 422),
        ("/api/v1/projects/{p}/follow-up-actions?overdue=maybe", 422),
        ("/api/v1/projects/{p}/follow-up-actions?limit=-1", 422),
        ("/api/v1/projects/{p}/follow-up-actions?offset=" + str(HUGE), 422),
        ("/api/v1/authorities/" + str(HUGE) + "/follow-up-actions", 422),
        ("/api/v1/authorities/999999/follow-up-actions", 404),
        ("/api/v1/authorities/{a}/follow-up-actions?overdue=maybe", 422),
        ("/api/v1/lessons?q=" + "x" * 300, 422),
        ("/api/v1/lessons?project=x", 422),
        ("/api/v1/lessons?project=" + str(HUGE), 422),
        ("/api/v1/lessons?language=" + "x" * 20, 422),
    ],
)
def test_bad_filters_answer_422(client, rw, url, status):
    world, project, _review = rw
    before = counts()
    response = client.get(url.format(p=project.pk, a=world.lyon.pk), headers=EN)
    refused(response, status, None, before)
    assert response.json()["detail"]


# --- reported values (API) --------------------------------------------------------------------------------


@pytest.fixture
def lf(client):
    world, project, _results, losses, trained = logframe_world()
    client.force_login(world.officer_nis)
    return world, project, losses, trained


OK_VALUE = {"period_start": "2027-01-01", "period_end": "2027-06-30", "value": "35"}


def test_a_value_for_the_other_partners_indicator_is_refused(client, lf):
    _world, project, _losses, trained = lf
    before = counts()
    response = api(client, "post", f"/api/v1/projects/{project.pk}/indicators/{trained.pk}/values", OK_VALUE)
    refused(response, 403, "Only members of Lyon report the values of this indicator.", before)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"value": True}, "This indicator is measured as “Percentage”: enter a number."),
        ({"value": "x"}, "This indicator is measured as “Percentage”: enter a number."),
        ({"value": 101}, "A percentage is between 0 and 100."),
        ({"value": -1}, "A percentage is between 0 and 100."),
        ({"value": HUGE}, "A percentage is between 0 and 100."),
        ({"value": "NaN"}, "This indicator is measured as “Percentage”: enter a number."),
        ({"value": None}, INVALID),
        ({"value": [35]}, INVALID),
        ({"period_start": "2026-02-30"}, INVALID),
        ({"period_end": "not-a-date"}, INVALID),
        ({"period_start": "0001-01-01"}, DATES),
        ({"period_end": "9999-12-31"}, DATES),
        ({"period_end": "2026-12-31"}, "The period ends before it starts."),
        ({"comment": LONG}, INVALID),
    ],
)
def test_value_report_refuses_bad_fields(client, lf, change, detail):
    _world, project, losses, _trained = lf
    before = counts()
    url = f"/api/v1/projects/{project.pk}/indicators/{losses.pk}/values"
    refused(api(client, "post", url, {**OK_VALUE, **change}), 422, detail, before)


def test_a_value_of_another_indicator_or_an_unknown_indicator_answers_404(client, lf):
    world, project, losses, trained = lf
    value = report(world, project, losses)
    before = counts()
    base = f"/api/v1/projects/{project.pk}/indicators"
    refused(
        api(client, "post", f"{base}/{trained.pk}/values/{value.pk}/submit"),
        404,
        "This indicator has no value with this id.",
        before,
    )
    detail = "This project has no indicator with this id."
    refused(api(client, "post", f"{base}/{HUGE}/values", OK_VALUE), 404, detail, before)
    refused(api(client, "post", f"{base}/-1/values", OK_VALUE), 404, detail, before)
    assert ReportedValue.objects.get(pk=value.pk).status == "draft"


# --- handover packs (API) ------------------------------------------------------------------------------


def test_handover_pack_bad_language_and_unknown_ids(client, rw):
    world, project, _review = rw
    before = counts()
    response = client.get(f"/api/v1/projects/{project.pk}/handover-pack.pdf?lang=xx", headers=EN)
    refused(response, 422, None, before)
    assert response.json()["detail"].startswith("Unknown language: choose one of ")
    response = client.get(f"/api/v1/projects/{project.pk}/handover-pack.docx?lang=" + "x" * 5000, headers=EN)
    refused(response, 422, None, before)
    refused(
        client.get(f"/api/v1/projects/{HUGE}/handover-pack.pdf", headers=EN), 404, "No project has this id."
    )
    refused(
        client.get(f"/api/v1/partnerships/{HUGE}/handover-pack.docx", headers=EN),
        404,
        "No partnership has this id.",
    )
    client.force_login(world.outsider)
    refused(
        client.get(f"/api/v1/projects/{project.pk}/handover-pack.pdf", headers=EN),
        404,
        "No project has this id.",
    )


# --- the pages ------------------------------------------------------------------------------------------


def page(project, suffix=""):
    return f"/en/evaluation/projects/{project.pk}/{suffix}"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period_start": "2026-02-30"}, "Enter a valid date."),
        ({"period_start": "not-a-date"}, "Enter a valid date."),
        ({"period_start": ""}, "This field is required."),
        ({"period_start": "0001-01-01"}, DATES),
        ({"period_end": "9999-12-31"}, DATES),
        ({"period_start": "2027-03-01", "period_end": "2027-09-30"}, "This period overlaps the review of "),
        ({"summary": LONG}, "Ensure this value has at most 20000 characters"),
    ],
)
def test_the_review_form_refuses_bad_input_with_a_message(client, rw, change, message):
    world, project, review = rw
    before = counts()
    response = client.post(page(project, "reviews/add/"), {**OK_REVIEW, **change})
    refused(response, 422, None, before)
    assert message in response.content.decode()
    if "overlaps" in message:
        # The review itself does not count: it is another review's period that an edit may not overlap.
        review_services.review_create(
            actor=world.officer_lyon,
            project=project,
            period_start=date(2028, 1, 1),
            period_end=date(2028, 6, 30),
            summary="",
            language="fr",
        )
        change = {"period_start": "2027-03-01", "period_end": "2028-02-01"}
        before = counts()
    response = client.post(page(project, f"reviews/{review.pk}/edit/"), {**OK_REVIEW, **change})
    refused(response, 422, None, before)
    assert message in response.content.decode()
    review.refresh_from_db()
    assert (review.period_start, review.period_end) == (date(2027, 1, 1), date(2027, 6, 30))


# A NUL character never reaches a form: the request is refused with 400 first (core.middleware).
@pytest.mark.parametrize("first", ["0001-01-01", "9999-12-31", "2026-02-30", "²"])
def test_the_schedule_form_refuses_far_and_broken_dates(client, rw, first):
    _world, project, _review = rw
    before = counts()
    response = client.post(
        page(project, "reviews/schedule/"), {"interval_months": "6", "first_review_on": first}
    )
    refused(response, 422, None, before)
    assert client.get(page(project, "reviews/")).status_code == 200


@pytest.mark.parametrize("score", ["0", "5", "x", "2.5", "²", "true", "-1", str(HUGE)])
def test_the_scoring_form_refuses_scores_outside_1_to_4(client, rw, score):
    world, project, review = rw
    before = counts()
    url = page(project, f"reviews/{review.pk}/assessments/{world.lyon.pk}/")
    response = client.post(url, {"score_impact": score, "score_relevance": "3"})
    refused(response, 422, None, before)
    assert SCORE in response.content.decode() or "Ensure this value has at most 10 characters" in (
        response.content.decode()
    )


def test_the_scoring_form_for_the_other_partner_or_another_projects_review(client, rw):
    world, project, review = rw
    _other, foreign, _action = other_project_review(world)
    before = counts()
    response = client.post(
        page(project, f"reviews/{review.pk}/assessments/{world.nis.pk}/"), all_form_scores()
    )
    refused(response, 403, None, before)
    response = client.post(
        page(project, f"reviews/{foreign.pk}/assessments/{world.lyon.pk}/"), all_form_scores()
    )
    refused(response, 404, None, before)
    response = client.post(
        page(project, f"reviews/{review.pk}/assessments/{world.sofia.pk}/"), all_form_scores()
    )
    refused(response, 404, None, before)


def all_form_scores() -> dict:
    return {f"score_{c}": str(s) for c, (s, _n) in all_scores(3).items()}


@pytest.mark.parametrize(
    ("query", "url"),
    [
        ({"review": "²"}, "actions/new/"),
        ({"authority": "²"}, "actions/"),
        ({"review": "²"}, "lessons/new/"),
        ({"review": str(HUGE)}, "actions/new/"),
        ({"authority": "-1"}, "actions/"),
    ],
)
def test_odd_query_parameters_are_ignored(client, rw, query, url):
    _world, project, _review = rw
    assert client.get(page(project, url), query).status_code == 200


@pytest.mark.parametrize("url", ["reviews/add/", "actions/new/", "lessons/new/", "reviews/schedule/"])
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_forms_answer_405_to_other_methods(client, rw, url, method):
    _world, project, _review = rw
    before = counts()
    refused(getattr(client, method)(page(project, url)), 405, None, before)


def test_the_edit_form_of_an_action_answers_405_to_put(client, rw):
    world, project, _review = rw
    action = add_action(world, project)
    refused(client.put(page(project, f"actions/{action.pk}/edit/")), 405)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"owner": ""}, "Name the role that owns this action."),
        ({"owner": "999999"}, "Select a valid choice."),
        ({"owner": "x"}, "Select a valid choice."),
        ({"owner": "sofia"}, "Select a valid choice."),
        ({"title": ""}, "This field is required."),
        ({"title": LONG}, "Ensure this value has at most 300 characters"),
        ({"due_on": "2026-02-30"}, "Enter a valid date."),
        ({"due_on": "9999-12-31"}, DATES),
        ({"due_on": "0001-01-01"}, DATES),
        ({"description": LONG}, "The description is too long (10,000 characters at most)."),
        ({"review": "foreign"}, "Select a valid choice."),
    ],
)
def test_the_action_form_refuses_bad_input(client, rw, owner, change, message):
    world, project, _review = rw
    _other, foreign, _action = other_project_review(world)
    values = {"owner": str(world.membership(world.officer_sofia, world.sofia).pk), "review": str(foreign.pk)}
    change = {k: values.get(v, v) for k, v in change.items()}
    before = counts()
    data = {
        "title": "Sectoriser",
        "owner": str(owner.pk),
        "due_on": "2027-09-01",
        "description": "",
        **change,
    }
    response = client.post(page(project, "actions/new/"), data)
    refused(response, 422, None, before)
    assert message in response.content.decode()


def test_the_action_form_refuses_an_owner_who_left(client, rw, owner):
    world, project, _review = rw
    action = add_action(world, project)
    account_services.membership_end(actor=world.officer_nis, membership=owner)
    before = counts()
    data = {"title": "Sectoriser", "owner": str(owner.pk), "due_on": "2027-09-01", "description": ""}
    refused(client.post(page(project, "actions/new/"), data), 422, None, before)
    refused(client.post(page(project, f"actions/{action.pk}/edit/"), data), 422, None, before)


def test_action_pages_of_another_projects_action_answer_404(client, rw):
    world, project, _review = rw
    _other, _foreign_review, foreign = other_project_review(world)
    before = counts()
    refused(client.get(page(project, f"actions/{foreign.pk}/edit/")), 404, None, before)
    data = {"title": "Volé", "owner": str(foreign.owner_id), "due_on": "2027-09-01"}
    refused(client.post(page(project, f"actions/{foreign.pk}/edit/"), data), 404, None, before)
    refused(
        client.post(page(project, f"actions/{foreign.pk}/status/"), {"to": "cancelled"}), 404, None, before
    )
    refused(client.post(page(project, f"actions/{foreign.pk}/delete/")), 404, None, before)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"to": "finished"}, 422),
        ({"to": ""}, 422),
        ({"to": "done"}, 422),
        ({"to": "handed_over", "handed_to": "x"}, 422),
        ({"to": "handed_over", "handed_to": str(HUGE)}, 422),
        ({"to": "open"}, 409),
    ],
)
def test_the_action_status_form_refuses_bad_steps(client, rw, data, status):
    world, project, _review = rw
    action = add_action(world, project)
    before = counts()
    refused(client.post(page(project, f"actions/{action.pk}/status/"), data), status, None, before)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"authority": "sofia"}, 422),
        ({"authority": "nis"}, 422),
        ({"authority": "x"}, 422),
        ({"title": ""}, 422),
        ({"title": LONG}, 422),
        ({"text": LONG}, 422),
        ({"language": "xx"}, 422),
        ({"review": "foreign"}, 422),
        ({"review": str(HUGE)}, 422),
    ],
)
def test_the_lesson_form_refuses_bad_input(client, rw, change, status):
    world, project, _review = rw
    _other, foreign, _action = other_project_review(world)
    ids = {"sofia": str(world.sofia.pk), "nis": str(world.nis.pk), "foreign": str(foreign.pk)}
    change = {k: ids.get(v, v) for k, v in change.items()}
    before = counts()
    data = {"authority": str(world.lyon.pk), "title": "Leçon", "text": "Texte", "language": "fr", **change}
    refused(client.post(page(project, "lessons/new/"), data), status, None, before)


def test_a_lesson_for_another_partner_is_refused_by_the_service(rw):
    world, project, _review = rw
    before = counts()
    with pytest.raises(lesson_services.NotAllowed):
        lesson_services.lesson_create(
            actor=world.officer_lyon,
            project=project,
            authority_id=world.nis.pk,
            title="L",
            text="",
            language="fr",
        )
    assert counts() == before


def test_handover_pages_of_unknown_or_hidden_projects_answer_404(client, rw):
    world, project, _review = rw
    assert client.get(f"/en/handover/projects/{HUGE}/pack.pdf").status_code == 404
    assert client.get(f"/en/handover/partnerships/{HUGE}/pack.docx").status_code == 404
    assert client.post(f"/en/handover/projects/{project.pk}/pack.pdf").status_code == 405
    client.force_login(world.outsider)
    assert client.get(f"/en/handover/projects/{project.pk}/pack.docx").status_code == 404


# --- mandates, expected departures, memberships ended twice -----------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mandate_started_on": "2026-02-30"}, "Enter a valid date."),
        ({"mandate_started_on": "not-a-date"}, "Enter a valid date."),
        ({"mandate_started_on": "0001-01-01"}, DATES),
        ({"next_elections_on": "9999-12-31"}, DATES),
        (
            {"mandate_started_on": "2020-03-15", "next_elections_on": "2019-03-15"},
            "The next elections must come after the start of the current mandate.",
        ),
        ({"mandate_started_on": LONG}, "Enter a valid date."),
    ],
)
def test_the_mandate_form_refuses_bad_dates(client, rw, data, message):
    world, _project, _review = rw
    before = counts()
    response = client.post(f"/en/directory/{world.lyon.pk}/mandate/", data)
    refused(response, 422, None, before)
    assert message in response.content.decode()
    world.lyon.refresh_from_db()
    assert (world.lyon.mandate_started_on, world.lyon.next_elections_on) == (None, None)


def test_the_mandate_of_another_authority_or_an_unknown_one(client, rw):
    world, _project, _review = rw
    before = counts()
    response = client.post(f"/en/directory/{world.nis.pk}/mandate/", {"mandate_started_on": "2020-03-15"})
    refused(response, 403, None, before)
    refused(client.post(f"/en/directory/{HUGE}/mandate/", {}), 404, None, before)
    refused(client.get(f"/en/directory/{world.lyon.pk}/mandate/"), 405, None, before)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "Enter a valid date."),
        ("not-a-date", "Enter a valid date."),
        ("0001-01-01", "The expected departure date must be today or later."),
        ("yesterday", "The expected departure date must be today or later."),
    ],
)
def test_the_expected_departure_form_refuses_bad_dates(client, rw, value, message):
    world, _project, _review = rw
    if value == "yesterday":
        value = (timezone.localdate() - timedelta(days=1)).isoformat()
    membership = world.membership(world.officer_lyon, world.lyon)
    before = counts()
    response = client.post(f"/en/me/memberships/{membership.pk}/expected-end/", {"expected_end_on": value})
    refused(response, 422, None, before)
    assert message in response.content.decode()
    membership.refresh_from_db()
    assert membership.expected_end_on is None


def test_the_expected_departure_of_someone_else_or_of_an_ended_membership(client, rw):
    world, _project, _review = rw
    nis = world.membership(world.officer_nis, world.nis)
    before = counts()
    url = f"/en/me/memberships/{nis.pk}/expected-end/"
    refused(client.post(url, {"expected_end_on": "2030-01-01"}), 403, None, before)
    refused(client.post(f"/en/me/memberships/{HUGE}/expected-end/", {}), 404, None, before)
    own = world.membership(world.officer_lyon, world.lyon)
    account_services.membership_end(actor=world.officer_lyon, membership=own)
    before = counts()
    response = client.post(f"/en/me/memberships/{own.pk}/expected-end/", {"expected_end_on": "2030-01-01"})
    refused(response, 422, None, before)
    assert "This membership has already ended." in response.content.decode()


def test_a_membership_ended_twice_says_so_and_changes_nothing(client, rw):
    world, _project, _review = rw
    own = world.membership(world.officer_lyon, world.lyon)
    url = f"/en/me/memberships/{own.pk}/leave/"
    assert client.post(url).status_code == 302
    own.refresh_from_db()
    ended_at = own.ended_at
    before = counts()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "This membership has already ended." in response.content.decode()
    assert counts() == before
    own.refresh_from_db()
    assert own.ended_at == ended_at
    with pytest.raises(account_services.MembershipAlreadyEnded):
        account_services.membership_end(actor=world.officer_lyon, membership=own)
    assert counts() == before
