"""Approving a review's synthesis names the version the approver read: a stale one answers 409 and a
missing one 422, from the page and the API alike, and nothing is written."""

import pytest

from mostovi.core.models import Event
from mostovi.evaluation.exceptions import InvalidInput, StaleVersion
from mostovi.evaluation.models import ReviewApproval, ReviewStatus
from mostovi.evaluation.reviews import services as review_services

from .review_world import review_world, scored

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}
STALE = "A new version 2 of the synthesis was saved meanwhile: read it before approving."


@pytest.fixture
def synthesis_in_version_2():
    """Version 1 of the synthesis was shown to the approvers; Niš then saved version 2."""
    world, project, review = review_world()
    scored(world, review)
    review_services.review_synthesis_update(
        actor=world.officer_lyon, review=review, synthesis="Bilan commun", language="fr", version=0
    )
    review = review_services.review_synthesis_update(
        actor=world.officer_nis, review=review, synthesis="Заједнички биланс", language="sr", version=1
    )
    assert review.synthesis_version == 2
    return world, project, review


def _api(client, project, review, authority, body):
    return client.post(
        f"/api/v1/projects/{project.pk}/reviews/{review.pk}/approvals/{authority.pk}",
        data=body,
        content_type="application/json",
        headers=EN,
    )


def _page(project, review, authority):
    return f"/en/evaluation/projects/{project.pk}/reviews/{review.pk}/approvals/{authority.pk}/"


def test_api_a_stale_version_answers_409_and_writes_nothing(client, synthesis_in_version_2):
    world, project, review = synthesis_in_version_2
    client.force_login(world.elected_lyon)
    events = Event.objects.count()
    response = _api(client, project, review, world.lyon, {"version": 1})
    assert response.status_code == 409
    assert response.json() == {
        "detail": STALE,
        "current": {"synthesis": "Заједнички биланс", "language": "sr"},
        "current_version": 2,
        "submitted": {"version": 1},
    }
    assert not ReviewApproval.objects.exists()
    assert Event.objects.count() == events


@pytest.mark.parametrize("body", [{}, {"version": None}, {"version": "2"}, {"version": 2.0}])
def test_api_without_a_version_answers_422_and_writes_nothing(client, synthesis_in_version_2, body):
    world, project, review = synthesis_in_version_2
    client.force_login(world.elected_lyon)
    response = _api(client, project, review, world.lyon, body)
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid: check the fields listed."
    assert not ReviewApproval.objects.exists()


def test_api_the_current_version_is_approved_and_twice_is_harmless(client, synthesis_in_version_2):
    world, project, review = synthesis_in_version_2
    client.force_login(world.elected_lyon)
    assert _api(client, project, review, world.lyon, {"version": 2}).status_code == 200
    assert _api(client, project, review, world.lyon, {"version": 2}).status_code == 200
    assert list(ReviewApproval.objects.values_list("authority_id", "synthesis_version")) == [
        (world.lyon.pk, 2)
    ]


def test_page_a_stale_version_is_refused_and_writes_nothing(client, synthesis_in_version_2):
    world, project, review = synthesis_in_version_2
    client.force_login(world.elected_lyon)
    events = Event.objects.count()
    response = client.post(_page(project, review, world.lyon), {"version": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert STALE in page
    assert "Заједнички биланс" in page and "Approve version 2 for Lyon" in page
    assert not ReviewApproval.objects.exists()
    assert Event.objects.count() == events


@pytest.mark.parametrize("data", [{}, {"version": ""}, {"version": "v2"}])
def test_page_without_a_version_is_refused_and_writes_nothing(client, synthesis_in_version_2, data):
    world, project, review = synthesis_in_version_2
    client.force_login(world.elected_lyon)
    response = client.post(_page(project, review, world.lyon), data)
    assert response.status_code == 422
    assert "Say which version you approve: send the version you read." in response.content.decode()
    assert not ReviewApproval.objects.exists()


def test_page_the_approval_form_carries_the_version_shown(client, synthesis_in_version_2):
    world, project, review = synthesis_in_version_2
    client.force_login(world.elected_lyon)
    page = client.get(f"/en/evaluation/projects/{project.pk}/reviews/{review.pk}/").content.decode()
    assert '<input type="hidden" name="version" value="2">' in page


def test_the_service_refuses_a_stale_or_missing_version(synthesis_in_version_2):
    world, _project, review = synthesis_in_version_2
    with pytest.raises(StaleVersion, match=STALE):
        review_services.review_approve(
            actor=world.elected_lyon, review=review, authority=world.lyon, version=1
        )
    with pytest.raises(InvalidInput):
        review_services.review_approve(
            actor=world.elected_lyon, review=review, authority=world.lyon, version=None
        )
    review_services.review_approve(actor=world.elected_lyon, review=review, authority=world.lyon, version=2)
    review_services.review_approve(actor=world.officer_nis, review=review, authority=world.nis, version=2)
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED


# --- editing the synthesis ----------------------------------------------------------------------------

SYNTHESIS_STALE = (
    "Someone saved the synthesis (version 2) after you opened it: compare it with your text and save again."
)


def test_api_a_stale_synthesis_edit_answers_409_with_both_texts(client, synthesis_in_version_2):
    world, project, review = synthesis_in_version_2
    client.force_login(world.officer_lyon)
    events = Event.objects.count()
    response = client.put(
        f"/api/v1/projects/{project.pk}/reviews/{review.pk}/synthesis",
        data={"synthesis": "Ma version", "language": "fr", "version": 1},
        content_type="application/json",
        headers=EN,
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": SYNTHESIS_STALE,
        "current": {"synthesis": "Заједнички биланс", "language": "sr"},
        "current_version": 2,
        "submitted": {"synthesis": "Ma version", "language": "fr"},
    }
    review.refresh_from_db()
    assert (review.synthesis, review.synthesis_version) == ("Заједнички биланс", 2)
    assert Event.objects.count() == events


def test_api_a_synthesis_edit_without_a_version_answers_422(client, synthesis_in_version_2):
    world, project, review = synthesis_in_version_2
    client.force_login(world.officer_lyon)
    response = client.put(
        f"/api/v1/projects/{project.pk}/reviews/{review.pk}/synthesis",
        data={"synthesis": "Ma version", "language": "fr"},
        content_type="application/json",
        headers=EN,
    )
    assert response.status_code == 422
    review.refresh_from_db()
    assert review.synthesis_version == 2


def test_page_a_stale_synthesis_edit_keeps_the_writers_text_and_shows_theirs(client, synthesis_in_version_2):
    world, project, review = synthesis_in_version_2
    client.force_login(world.officer_lyon)
    response = client.post(
        f"/en/evaluation/projects/{project.pk}/reviews/{review.pk}/synthesis/",
        {"synthesis": "Ma version", "version": "1"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert SYNTHESIS_STALE in page
    assert "Заједнички биланс" in page  # the text saved meanwhile
    assert "Ma version</textarea>" in page  # the writer's own text, still in the form
    assert '<input type="hidden" name="version" value="2"' in page  # saving again replaces it knowingly
    review.refresh_from_db()
    assert review.synthesis == "Заједнички биланс"
    again = client.post(
        f"/en/evaluation/projects/{project.pk}/reviews/{review.pk}/synthesis/",
        {"synthesis": "Ma version", "version": "2"},
    )
    assert again.status_code == 302
    review.refresh_from_db()
    assert (review.synthesis, review.synthesis_version) == ("Ma version", 3)
