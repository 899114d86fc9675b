"""A joint review of the Lyon–Niš water project, and helpers that take it through its steps."""

from datetime import date

from mostovi.evaluation.models import Criterion
from mostovi.evaluation.reviews import services as review_services
from mostovi.projects.tests.factories import make_project, make_world

START, END = date(2027, 1, 1), date(2027, 6, 30)


def review_world(**kwargs):
    world = make_world()
    project = make_project(world)
    review = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=kwargs.pop("period_start", START),
        period_end=kwargs.pop("period_end", END),
        summary=kwargs.pop("summary", "Diagnostic du réseau et formation de douze techniciens."),
        language="fr",
        **kwargs,
    )
    return world, project, review


def all_scores(score: int = 3, narrative: str = "") -> dict:
    return {c.value: (score, narrative or f"{c.value} {score}") for c in Criterion}


def score_and_submit(review, authority, actor, score: int = 3, narrative: str = ""):
    review_services.assessment_save(
        actor=actor, review=review, authority=authority, scores=all_scores(score, narrative), language="fr"
    )
    return review_services.assessment_submit(actor=actor, review=review, authority=authority)


def scored(world, review, lyon_score: int = 3, nis_score: int = 2):
    """Both partners scored and submitted: the review is in synthesis."""
    score_and_submit(review, world.lyon, world.officer_lyon, lyon_score, "Réseau mieux connu")
    score_and_submit(review, world.nis, world.officer_nis, nis_score, "Мрежа боље позната")
    review.refresh_from_db()
    return review


def completed(world, review, synthesis: str = "Les partenaires retiennent la sectorisation du réseau."):
    """Scored, synthesised and approved by both partners."""
    scored(world, review)
    review_services.review_synthesis_update(
        actor=world.officer_lyon, review=review, synthesis=synthesis, language="fr", version=0
    )
    review_services.review_approve(actor=world.elected_lyon, review=review, authority=world.lyon, version=1)
    review_services.review_approve(actor=world.officer_nis, review=review, authority=world.nis, version=1)
    review.refresh_from_db()
    return review
