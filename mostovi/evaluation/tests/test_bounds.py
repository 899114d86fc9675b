"""Bounds of what people write in the evaluation: one-line titles, long texts without control characters,
language codes in one case, dates in range (core.text)."""

from datetime import date

import pytest
from django.utils import translation

from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.exceptions import InvalidInput
from mostovi.evaluation.lessons import services as lesson_services
from mostovi.evaluation.logframe import services
from mostovi.evaluation.models import FollowUpAction, Indicator, Lesson, Level, Measure, ReportedValue, Result
from mostovi.evaluation.reviews import services as review_services

from .review_world import review_world
from .world import logframe_world, report

pytestmark = pytest.mark.django_db

LONG = "x" * 20_001


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_result_title_with_a_line_break_is_refused():
    world, project, _results, _losses, _trained = logframe_world()
    before = Result.objects.count()
    with pytest.raises(InvalidInput, match="one line only"):
        services.result_create(
            actor=world.officer_lyon,
            project=project,
            level=Level.IMPACT,
            title="Eau\r\nBcc: x",
            language="fr",
        )
    with pytest.raises(InvalidInput, match=r"^Description: 20000 characters at most\.$"):
        services.result_create(
            actor=world.officer_lyon,
            project=project,
            level=Level.IMPACT,
            title="Eau",
            language="fr",
            description=LONG,
        )
    assert Result.objects.count() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sources": LONG}, "Sources: 20000 characters at most"),
        ({"assumptions": "a\x00b"}, "control characters"),
        ({"unit": "%\n"}, None),
        ({"unit": "m\r3"}, "one line only"),
        ({"baseline_date": date(1, 1, 1)}, "Dates must fall between 1990 and 2100"),
    ],
)
def test_indicator_texts_are_bounded(change, message):
    world, project, results, _losses, _trained = logframe_world()
    before = Indicator.objects.count()
    fields = {
        "actor": world.officer_lyon,
        "project": project,
        "result": results["output"],
        "title": "Ateliers",
        "measure": Measure.UNIT,
        "unit": "ateliers",
        "reporting_partner_id": world.lyon.pk,
    }
    if message is None:  # a trailing line break is only trimmed
        assert services.indicator_create(**(fields | change)).unit == "%"
        return
    with pytest.raises(InvalidInput, match=message):
        services.indicator_create(**(fields | change))
    assert Indicator.objects.count() == before


def test_a_value_comment_holds_no_control_character():
    world, project, _results, losses, _trained = logframe_world()
    with pytest.raises(InvalidInput, match="control characters"):
        services.value_report(
            actor=world.officer_nis,
            project=project,
            indicator=losses,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 6, 30),
            value="35",
            comment="Relevé\x1b[31m",
        )
    assert not ReportedValue.objects.exists()
    reported = report(world, project, losses)
    with pytest.raises(InvalidInput, match="control characters"):
        services.value_transition(
            actor=world.officer_nis, project=project, reported=reported, to="submitted", comment="\x07"
        )


def test_a_follow_up_action_title_is_one_line_and_its_language_canonical():
    world, project, _review = review_world()
    owner = world.membership(world.officer_nis, world.nis)
    fields = {
        "actor": world.officer_lyon,
        "project": project,
        "owner_id": owner.pk,
        "due_on": date(2027, 9, 1),
    }
    with pytest.raises(InvalidInput, match="one line only"):
        action_services.action_create(**fields, title="Sectoriser\r\nBcc: x", language="fr")
    with pytest.raises(InvalidInput, match="control characters"):
        action_services.action_create(**fields, title="Sectoriser", language="fr", description="a\x00")
    assert not FollowUpAction.objects.exists()
    action = action_services.action_create(**fields, title="Sectoriser", language="sr-Latn")
    assert action.language == "sr-latn"


def test_a_lesson_text_keeps_its_lines_and_refuses_control_characters():
    world, project, _review = review_world()
    fields = {
        "actor": world.officer_lyon,
        "project": project,
        "authority_id": world.lyon.pk,
        "language": "fr",
    }
    with pytest.raises(InvalidInput, match="control characters"):
        lesson_services.lesson_create(**fields, title="Leçon", text="a\x0cb\x00")
    with pytest.raises(InvalidInput, match="one line only"):
        lesson_services.lesson_create(**fields, title="Leçon\nX", text="a")
    assert not Lesson.objects.exists()
    lesson = lesson_services.lesson_create(**fields, title="Leçon", text="Un.\r\nDeux.")
    assert lesson.text == "Un.\nDeux."


def test_a_review_summary_holds_no_control_character():
    world, _project, review = review_world()
    with pytest.raises(InvalidInput, match="control characters"):
        review_services.review_update(actor=world.officer_lyon, review=review, summary="a\x00", language="fr")
    review.refresh_from_db()
    assert "\x00" not in review.summary


def test_the_api_answers_422_for_an_action_title_with_a_line_break(client):
    world, project, _review = review_world()
    client.force_login(world.officer_lyon)
    owner = world.membership(world.officer_nis, world.nis)
    body = {"title": "Sectoriser\r\nBcc: x", "owner_id": owner.pk, "due_on": "2027-09-01", "language": "fr"}
    response = client.post(
        f"/api/v1/projects/{project.pk}/follow-up-actions",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    message = "Title: one line only, without line breaks, tabs or control characters."
    assert (response.status_code, response.json()) == (422, {"detail": message, "errors": [message]})
    assert not FollowUpAction.objects.exists()
