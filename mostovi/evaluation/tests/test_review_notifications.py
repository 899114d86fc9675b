"""The partners hear of each step of a joint review (in the app and by e-mail), never of the scores."""

import pytest
from django.utils import translation

from mostovi.evaluation.reviews import services as review_services
from mostovi.projects.models import Notification

from .review_world import review_world, score_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def test_each_step_of_a_review_is_told_to_the_other_partners(django_capture_on_commit_callbacks, mailoutbox):
    world, _project, review = review_world()
    for user in (world.officer_nis, world.officer_lyon):
        user.preferred_language = "en"
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        score_and_submit(review, world.lyon, world.officer_lyon, 3, "Secret narrative of Lyon")
    assert kinds(world.officer_nis) == ["review.assessment_submitted"]
    assert kinds(world.officer_lyon) == []  # the actor is not told what they did
    [mail] = [m for m in mailoutbox if world.officer_nis.email in m.to]
    assert (
        "Lyon submitted its assessment of a joint review; the scores stay hidden" in mail.subject + mail.body
    )
    assert "Secret narrative" not in mail.subject + mail.body
    with django_capture_on_commit_callbacks(execute=True):
        score_and_submit(review, world.nis, world.officer_nis, 2)
    assert kinds(world.officer_lyon) == ["review.scores_revealed"]
    with django_capture_on_commit_callbacks(execute=True):
        review_services.review_synthesis_update(
            actor=world.officer_lyon, review=review, synthesis="Synthèse", language="fr", version=0
        )
        review_services.review_approve(
            actor=world.elected_lyon, review=review, authority=world.lyon, version=1
        )
        review_services.review_approve(actor=world.officer_nis, review=review, authority=world.nis, version=1)
    # Niš's officer approved last: the elected official hears of the completion, not the one who completed it.
    assert kinds(world.elected_nis) == [
        "review.assessment_submitted",
        "review.scores_revealed",
        "review.synthesis_updated",
        "review.completed",
    ]
    assert kinds(world.officer_nis) == ["review.assessment_submitted", "review.synthesis_updated"]
