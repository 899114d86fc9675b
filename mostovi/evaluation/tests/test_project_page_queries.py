"""The project page in implementation, with its evaluation (reviews, follow-up actions, indicators) and a
turnover banner, reads a fixed number of queries however many rows there are."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mostovi.accounts.services import membership_expected_end_set
from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.lessons import services as lesson_services
from mostovi.evaluation.reviews import services as review_services
from mostovi.projects.models import Phase, Project

from .review_world import completed
from .world import logframe_world

pytestmark = pytest.mark.django_db

# Session, user, the project and its relations, memberships, timeline, the gate into evaluation, the
# discussion and the turnover banner; the header's unread notifications.
BUDGET = 17


def add_rows(world, project, start_year: int, count: int) -> None:
    """`count` completed half-year reviews from `start_year`, each with two actions (one overdue) and a
    lesson."""
    nis_officer = world.membership(world.officer_nis, world.nis)
    for i in range(count):
        start = date(start_year + i // 2, 1 if i % 2 == 0 else 7, 1)
        end = date(start.year, 6, 30) if i % 2 == 0 else date(start.year, 12, 31)
        review = review_services.review_create(
            actor=world.officer_lyon,
            project=project,
            period_start=start,
            period_end=end,
            summary="",
            language="fr",
        )
        completed(world, review)
        for days in (-10, 30):
            action_services.action_create(
                actor=world.officer_lyon,
                project=project,
                review_id=review.pk,
                title=f"Action {i} {days}",
                owner_id=nis_officer.pk,
                due_on=timezone.localdate() + timedelta(days=days),
                language="fr",
            )
        lesson_services.lesson_create(
            actor=world.officer_nis,
            project=project,
            authority_id=world.nis.pk,
            review_id=review.pk,
            title=f"Leçon {i}",
            text="",
            language="fr",
        )


def page_queries(client, project) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/projects/{project.pk}/")
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_project_page_in_implementation_costs_the_same_with_more_reviews_and_actions(client):
    world, project, _results, _losses, _trained = logframe_world()
    Project.objects.filter(pk=project.pk).update(phase=Phase.IMPLEMENTATION)
    add_rows(world, project, 2026, 2)
    # The Niš officer who owns the actions is expected to leave next month.
    membership_expected_end_set(
        actor=world.officer_nis,
        membership=world.membership(world.officer_nis, world.nis),
        expected_end_on=timezone.localdate() + timedelta(days=30),
    )
    client.force_login(world.officer_lyon)
    few, html = page_queries(client, project)
    assert "At least one joint review is completed." in html
    assert "Changes ahead among the partners" in html
    add_rows(world, project, 2030, 6)
    many, _html = page_queries(client, project)
    assert few <= BUDGET, few
    assert many == few


def test_the_evaluation_summary_of_the_project_page_counts_reviews_actions_values_and_lessons(client):
    world, project, _results, losses, _trained = logframe_world()
    add_rows(world, project, 2026, 2)
    from .world import report

    report(world, project, losses, value="33")  # a draft: not waiting yet
    from mostovi.evaluation.logframe import services as logframe_services
    from mostovi.evaluation.models import ReportedValue

    logframe_services.value_transition(
        actor=world.officer_nis, project=project, reported=ReportedValue.objects.get(), to="submitted"
    )
    client.force_login(world.officer_lyon)
    page = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert f'hx-get="/en/evaluation/projects/{project.pk}/summary/"' in page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/evaluation/projects/{project.pk}/summary/")
    text = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "2 reviews · latest: 1 Jul 2026 – 31 Dec 2026 (Completed)" in text
    assert '4 open actions, <strong class="status-overdue">2 overdue</strong> · 0 settled' in text
    assert text.count("Action 0 -10") == 1 and "Action 0 30" not in text
    assert "1 value waits for the other partner's approval" in text
    assert "2 lessons learned" in text
    few = len(queries.captured_queries)
    add_rows(world, project, 2030, 4)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/en/evaluation/projects/{project.pk}/summary/")
    assert len(queries.captured_queries) == few


def test_the_evaluation_summary_is_not_shown_to_those_who_cannot_see_the_project(client):
    world, project, *_rest = logframe_world()
    client.force_login(world.outsider)
    assert client.get(f"/en/evaluation/projects/{project.pk}/summary/").status_code == 404
