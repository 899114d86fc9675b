"""Joint reviews: the schedule, periods, each partner's scoring kept apart, the synthesis, approvals, the A07
report and the evaluation and closing gates."""

import re
from datetime import date

import pytest
from django.utils import translation

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.core.models import Event
from mostovi.evaluation.exceptions import InvalidInput, NotAllowed, WrongStatus
from mostovi.evaluation.models import (
    Assessment,
    FollowUpAction,
    Review,
    ReviewApproval,
    ReviewSchedule,
    ReviewStatus,
    Score,
)
from mostovi.evaluation.reviews import report as review_report
from mostovi.evaluation.reviews import selectors as review_selectors
from mostovi.evaluation.reviews import services as review_services
from mostovi.projects import lifecycle
from mostovi.projects.models import Document, DocumentCategory, Phase
from mostovi.projects.selectors import project_get_for_page

from .review_world import END, START, all_scores, completed, review_world, score_and_submit, scored

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup():
    return review_world()


# --- the schedule -------------------------------------------------------------------------------------


def test_schedule_is_set_by_an_editor_and_changed_in_place(setup):
    world, project, _review = setup
    review_services.review_schedule_set(
        actor=world.officer_nis, project=project, interval_months=6, first_review_on=date(2027, 7, 1)
    )
    review_services.review_schedule_set(
        actor=world.officer_lyon, project=project, interval_months=12, first_review_on=date(2027, 7, 1)
    )
    schedule = ReviewSchedule.objects.get()
    assert (schedule.interval_months, schedule.first_review_on, schedule.updated_by) == (
        12,
        date(2027, 7, 1),
        world.officer_lyon,
    )


@pytest.mark.parametrize("months", [0, 61, "6", 2.5])
def test_schedule_refuses_an_interval_outside_1_to_60(setup, months):
    world, project, _review = setup
    with pytest.raises(InvalidInput, match=re.escape("whole number of months, from 1 to 60")):
        review_services.review_schedule_set(
            actor=world.officer_lyon,
            project=project,
            interval_months=months,
            first_review_on=date(2027, 7, 1),
        )
    assert not ReviewSchedule.objects.exists()


def test_schedule_by_outsider_or_other_authority_is_refused(setup):
    world, project, _review = setup
    for who in (world.outsider, world.officer_sofia):
        with pytest.raises(NotAllowed):
            review_services.review_schedule_set(
                actor=who, project=project, interval_months=6, first_review_on=date(2027, 7, 1)
            )


def test_next_due_follows_the_latest_review_covered(setup):
    world, project, review = setup  # 2027-01-01 – 2027-06-30
    schedule = review_services.review_schedule_set(
        actor=world.officer_lyon, project=project, interval_months=6, first_review_on=date(2027, 7, 1)
    )
    due = review_selectors.review_next_due(schedule=schedule, reviews=[review], today=date(2027, 9, 1))
    assert (due.due_on, due.overdue, due.missed) == (date(2028, 1, 1), False, [])
    late = review_selectors.review_next_due(schedule=schedule, reviews=[review], today=date(2028, 1, 2))
    assert (late.due_on, late.overdue) == (date(2028, 1, 1), True)


def test_next_due_without_review_is_the_first_date(setup):
    world, project, review = setup
    review_services.review_delete(actor=world.officer_lyon, review=review)
    schedule = review_services.review_schedule_set(
        actor=world.officer_lyon, project=project, interval_months=6, first_review_on=date(2026, 7, 1)
    )
    due = review_selectors.review_next_due(
        schedule=schedule, reviews=review_selectors.review_list(project=project), today=date(2026, 8, 1)
    )
    assert (due.due_on, due.overdue) == (date(2026, 7, 1), True)


def test_next_due_lists_dates_no_review_covered(setup):
    world, project, review = setup  # ends 2027-06-30: covers 2027-07-01, not 2026-07-01 nor 2027-01-01
    schedule = review_services.review_schedule_set(
        actor=world.officer_lyon, project=project, interval_months=6, first_review_on=date(2026, 7, 1)
    )
    due = review_selectors.review_next_due(schedule=schedule, reviews=[review], today=date(2027, 7, 5))
    assert due.due_on == date(2028, 1, 1)
    assert due.missed == [date(2026, 7, 1), date(2027, 1, 1)]


def test_months_are_added_within_the_month():
    assert review_selectors.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert review_selectors.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


# --- creating reviews ---------------------------------------------------------------------------------


def test_review_gets_one_empty_assessment_per_partner(setup):
    world, _project, review = setup
    assert review.status == ReviewStatus.SCORING and review.created_by == world.officer_lyon
    assert sorted(Assessment.objects.filter(review=review).values_list("authority_id", flat=True)) == sorted(
        [world.lyon.pk, world.nis.pk]
    )
    assert not Score.objects.exists()
    event = Event.objects.get(kind="evaluation.review_created")
    assert event.data == {"period_start": "2027-01-01", "period_end": "2027-06-30", "is_final": False}


def test_overlapping_period_is_refused_with_the_other_period(setup):
    world, project, _review = setup
    with pytest.raises(InvalidInput) as refused:
        review_services.review_create(
            actor=world.officer_nis,
            project=project,
            period_start=date(2027, 6, 30),
            period_end=date(2027, 12, 31),
            summary="",
            language="sr",
        )
    assert str(refused.value) == (
        "This period overlaps the review of 1 Jan 2027 – 30 Jun 2027: choose a period after or before it."
    )
    assert Review.objects.count() == 1


def test_adjacent_period_is_accepted(setup):
    world, project, _review = setup
    review_services.review_create(
        actor=world.officer_nis,
        project=project,
        period_start=date(2027, 7, 1),
        period_end=date(2027, 12, 31),
        summary="",
        language="sr",
    )
    assert Review.objects.count() == 2


def test_period_ending_before_it_starts_is_refused(setup):
    world, project, _review = setup
    with pytest.raises(InvalidInput, match=re.escape("The period ends before it starts.")):
        review_services.review_create(
            actor=world.officer_lyon,
            project=project,
            period_start=date(2028, 6, 1),
            period_end=date(2028, 1, 1),
            summary="",
            language="fr",
        )


def test_deleted_review_frees_its_period(setup):
    world, project, review = setup
    review_services.review_delete(actor=world.officer_nis, review=review)
    again = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=START,
        period_end=END,
        summary="",
        language="fr",
    )
    assert again.pk != review.pk and Review.objects.alive().count() == 1


def test_only_one_final_review(setup):
    world, project, _review = setup
    review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2027, 7, 1),
        period_end=date(2027, 12, 31),
        summary="",
        language="fr",
        is_final=True,
    )
    final = re.escape("already has a final review (1 Jul 2027 – 31 Dec 2027)")
    with pytest.raises(InvalidInput, match=final):
        review_services.review_create(
            actor=world.officer_lyon,
            project=project,
            period_start=date(2028, 1, 1),
            period_end=date(2028, 6, 30),
            summary="",
            language="fr",
            is_final=True,
        )


def test_outsiders_and_observers_cannot_create_a_review(setup):
    world, project, _review = setup
    observer = MembershipFactory(organisation=world.lyon, role=Role.OBSERVER).user
    for who in (world.outsider, world.officer_sofia, observer):
        with pytest.raises(NotAllowed):
            review_services.review_create(
                actor=who,
                project=project,
                period_start=date(2028, 1, 1),
                period_end=date(2028, 6, 30),
                summary="",
                language="fr",
            )


def test_update_checks_the_period_and_only_while_scoring(setup):
    world, project, review = setup
    other = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2027, 7, 1),
        period_end=date(2027, 12, 31),
        summary="",
        language="fr",
    )
    with pytest.raises(InvalidInput, match=re.escape("overlaps the review of 1 Jan 2027")):
        review_services.review_update(actor=world.officer_nis, review=other, period_start=date(2027, 6, 1))
    updated = review_services.review_update(
        actor=world.officer_nis, review=other, period_end=date(2027, 11, 30), summary="Visite à Lyon"
    )
    assert (updated.period_end, updated.summary) == (date(2027, 11, 30), "Visite à Lyon")
    scored(world, review)
    with pytest.raises(WrongStatus):
        review_services.review_update(actor=world.officer_nis, review=review, summary="Autre")


def test_delete_refused_after_scoring_or_with_follow_up_actions(setup):
    world, project, review = setup
    FollowUpAction.objects.create(
        project=project,
        review=review,
        title="Sectoriser",
        language="fr",
        owner_authority=world.nis,
        due_on=date(2027, 12, 1),
        created_by=world.officer_nis,
    )
    with pytest.raises(WrongStatus, match=re.escape("Follow-up actions or lessons come from this review")):
        review_services.review_delete(actor=world.officer_lyon, review=review)
    FollowUpAction.objects.update(deleted_at="2027-01-01T00:00Z")
    scored(world, review)
    with pytest.raises(WrongStatus, match=re.escape("Only a review still being scored can be deleted.")):
        review_services.review_delete(actor=world.officer_lyon, review=review)
    assert Review.objects.alive().count() == 1


# --- scoring ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, 5, "x", 2.5, True, -1, "3.0"])
def test_score_outside_1_to_4_is_refused_and_nothing_saved(setup, bad):
    world, _project, review = setup
    scores = {"relevance": (3, "Bien"), "coherence": (bad, "Mal")}
    with pytest.raises(InvalidInput) as refused:
        review_services.assessment_save(
            actor=world.officer_lyon, review=review, authority=world.lyon, scores=scores, language="fr"
        )
    assert str(refused.value) == "A score must be between 1 and 4."
    assert not Score.objects.exists()


def test_unknown_criterion_is_refused(setup):
    world, _project, review = setup
    with pytest.raises(InvalidInput, match=re.escape("Unknown criterion: beauty.")):
        review_services.assessment_save(
            actor=world.officer_lyon,
            review=review,
            authority=world.lyon,
            scores={"beauty": (4, "")},
            language="fr",
        )


def test_partial_saves_add_change_and_clear_scores(setup):
    world, _project, review = setup
    technical = MembershipFactory(organisation=world.lyon, role=Role.TECHNICAL).user
    save = review_services.assessment_save
    save(
        actor=technical, review=review, authority=world.lyon, scores={"relevance": (3, "Bien")}, language="fr"
    )
    save(
        actor=world.officer_lyon,
        review=review,
        authority=world.lyon,
        scores={"relevance": {"score": "4", "narrative": "Très bien"}, "impact": (2, "")},
        language="fr",
    )
    assessment = Assessment.objects.get(review=review, authority=world.lyon)
    assert {s.criterion: (s.score, s.narrative) for s in assessment.scores.all()} == {
        "relevance": (4, "Très bien"),
        "impact": (2, ""),
    }
    save(
        actor=world.officer_lyon, review=review, authority=world.lyon, scores={"impact": None}, language="fr"
    )
    assert list(assessment.scores.values_list("criterion", flat=True)) == ["relevance"]
    assert assessment.submitted_at is None


def test_scoring_for_another_authority_is_refused(setup):
    world, _project, review = setup
    with pytest.raises(NotAllowed, match=re.escape("Only members of Ниш (Niš) score for Ниш (Niš).")):
        review_services.assessment_save(
            actor=world.officer_lyon, review=review, authority=world.nis, scores=all_scores(), language="fr"
        )
    with pytest.raises(NotAllowed):
        review_services.assessment_submit(actor=world.officer_lyon, review=review, authority=world.nis)
    with pytest.raises(NotAllowed):
        review_services.assessment_save(
            actor=world.officer_sofia,
            review=review,
            authority=world.sofia,
            scores=all_scores(),
            language="fr",
        )


def test_submit_needs_all_six_criteria(setup):
    world, _project, review = setup
    review_services.assessment_save(
        actor=world.officer_lyon,
        review=review,
        authority=world.lyon,
        scores={"relevance": (3, "")},
        language="fr",
    )
    with pytest.raises(InvalidInput) as refused:
        review_services.assessment_submit(actor=world.officer_lyon, review=review, authority=world.lyon)
    assert str(refused.value) == (
        "Score every criterion before submitting. Missing: Coherence, Effectiveness, Efficiency, Impact, "
        "Sustainability."
    )


def test_first_submission_keeps_scoring_and_locks_the_assessment(setup):
    world, _project, review = setup
    assessment = score_and_submit(review, world.lyon, world.officer_lyon)
    assert assessment.submitted_by == world.officer_lyon and assessment.submitted_at is not None
    review.refresh_from_db()
    assert review.status == ReviewStatus.SCORING
    with pytest.raises(WrongStatus, match=re.escape("Lyon has already submitted its assessment.")):
        review_services.assessment_save(
            actor=world.officer_lyon, review=review, authority=world.lyon, scores=all_scores(1), language="fr"
        )


def test_last_submission_opens_the_synthesis(setup):
    world, _project, review = setup
    review = scored(world, review)
    assert review.status == ReviewStatus.SYNTHESIS
    with pytest.raises(WrongStatus):
        review_services.assessment_save(
            actor=world.officer_nis, review=review, authority=world.nis, scores=all_scores(1), language="fr"
        )


def test_events_name_the_partner_never_the_scores(setup):
    world, _project, review = setup
    scored(world, review)
    events = Event.objects.filter(kind__startswith="evaluation.assessment_").order_by("id")
    assert [(e.kind, e.data) for e in events] == [
        ("evaluation.assessment_saved", {"authority": world.lyon.pk, "name": "Lyon"}),
        (
            "evaluation.assessment_submitted",
            {"authority": world.lyon.pk, "name": "Lyon", "every_partner_submitted": False},
        ),
        ("evaluation.assessment_saved", {"authority": world.nis.pk, "name": "Ниш (Niš)"}),
        (
            "evaluation.assessment_submitted",
            {"authority": world.nis.pk, "name": "Ниш (Niš)", "every_partner_submitted": True},
        ),
    ]


# --- kept apart ---------------------------------------------------------------------------------------


def test_scores_are_hidden_from_the_other_partner_until_both_submitted(setup):
    world, project, review = setup
    score_and_submit(review, world.lyon, world.officer_lyon, 4)
    fresh = review_selectors.review_get(project=project, pk=review.pk)
    nis_view = review_selectors.review_view(review=fresh, user=world.officer_nis)
    lyon_view = review_selectors.review_view(review=fresh, user=world.elected_lyon)
    assert [(a.authority.pk, a.visible) for a in nis_view.assessments] == [
        (world.lyon.pk, False),
        (world.nis.pk, True),
    ]
    assert all(row.cells[0].score is None and row.cells[0].narrative == "" for row in nis_view.rows)
    assert [row.cells[0].score for row in lyon_view.rows] == [4] * 6
    score_and_submit(review, world.nis, world.officer_nis, 2)
    after = review_selectors.review_view(
        review=review_selectors.review_get(project=project, pk=review.pk), user=world.officer_nis
    )
    assert after.all_visible
    assert [(row.cells[0].score, row.cells[1].score, row.difference) for row in after.rows] == [(4, 2, 2)] * 6


# --- synthesis and approvals --------------------------------------------------------------------------


def test_approving_before_both_scored_is_refused(setup):
    world, _project, review = setup
    with pytest.raises(WrongStatus, match=re.escape("after every partner has submitted its scores")):
        review_services.review_approve(
            actor=world.elected_lyon, review=review, authority=world.lyon, version=0
        )


def test_synthesis_only_in_synthesis_and_not_empty(setup):
    world, _project, review = setup
    with pytest.raises(WrongStatus):
        review_services.review_synthesis_update(
            actor=world.officer_lyon, review=review, synthesis="Trop tôt", language="fr", version=0
        )
    scored(world, review)
    with pytest.raises(InvalidInput, match=re.escape("Write the joint synthesis.")):
        review_services.review_synthesis_update(
            actor=world.officer_lyon, review=review, synthesis=" ", language="fr", version=0
        )
    with pytest.raises(WrongStatus, match=re.escape("There is no synthesis to approve yet.")):
        review_services.review_approve(
            actor=world.elected_lyon, review=review, authority=world.lyon, version=0
        )


def test_approval_needs_an_officer_or_elected_of_that_authority(setup):
    world, _project, review = setup
    scored(world, review)
    review_services.review_synthesis_update(
        actor=world.officer_nis, review=review, synthesis="Bilan", language="sr", version=0
    )
    technical = MembershipFactory(organisation=world.lyon, role=Role.TECHNICAL).user
    for who, authority in (
        (technical, world.lyon),
        (world.officer_lyon, world.nis),
        (world.officer_sofia, world.sofia),
    ):
        with pytest.raises(NotAllowed):
            review_services.review_approve(actor=who, review=review, authority=authority, version=1)
    assert not ReviewApproval.objects.exists()


def test_a_new_synthesis_version_needs_new_approvals(setup):
    world, _project, review = setup
    scored(world, review)
    review_services.review_synthesis_update(
        actor=world.officer_lyon, review=review, synthesis="V1", language="fr", version=0
    )
    review_services.review_approve(actor=world.elected_lyon, review=review, authority=world.lyon, version=1)
    again = review_services.review_approve(
        actor=world.officer_lyon, review=review, authority=world.lyon, version=1
    )
    assert ReviewApproval.objects.count() == 1 and again.approved_by == world.elected_lyon
    review = review_services.review_synthesis_update(
        actor=world.officer_nis, review=review, synthesis="V2", language="fr", version=1
    )
    assert review.synthesis_version == 2
    review_services.review_approve(actor=world.officer_nis, review=review, authority=world.nis, version=2)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SYNTHESIS
    assert [p.pk for p in review_selectors.partners_missing_approval(review)] == [world.lyon.pk]
    review_services.review_approve(actor=world.officer_lyon, review=review, authority=world.lyon, version=2)
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED and review.completed_at is not None


def test_completion_stores_the_a07_report(setup, django_capture_on_commit_callbacks):
    world, project, review = setup
    with django_capture_on_commit_callbacks(execute=True):
        completed(world, review)
    document = Document.objects.get(project=project)
    assert document.category == DocumentCategory.EVALUATION == "A07"
    assert document.title == "Rapport de revue conjointe 1 janv. 2027 – 30 juin 2027"
    assert document.language == "fr" and document.uploaded_by == world.officer_nis
    version = document.versions.get()
    content = version.file.read()
    if review_report.report_pdf_available():
        assert version.content_type == "application/pdf" and content.startswith(b"%PDF-")
    else:
        assert version.content_type == "text/html"
        text = content.decode()
        assert "Les partenaires retiennent la sectorisation du réseau." in text
        assert "Réseau mieux connu" in text and "Мрежа боље позната" in text
    assert Event.objects.filter(kind="document.uploaded", actor=None).count() == 1


def test_report_is_stored_once(setup, django_capture_on_commit_callbacks):
    world, _project, review = setup
    with django_capture_on_commit_callbacks(execute=True):
        completed(world, review)
    first = Document.objects.get().pk
    assert (
        review_report.review_report_store.call(review_id=review.pk, actor_id=world.officer_lyon.pk) == first
    )
    assert Document.objects.count() == 1


# --- gates --------------------------------------------------------------------------------------------


def test_evaluation_gate_needs_a_completed_review(setup):
    world, project, review = setup
    assert lifecycle.unmet_conditions(project, Phase.EVALUATION) == [
        "At least one joint review must be completed (scored by every partner and its synthesis approved)."
    ]
    scored(world, review)
    assert lifecycle.unmet_conditions(project, Phase.EVALUATION) != []
    review_services.review_synthesis_update(
        actor=world.officer_lyon, review=review, synthesis="S", language="fr", version=0
    )
    review_services.review_approve(actor=world.elected_lyon, review=review, authority=world.lyon, version=1)
    review_services.review_approve(actor=world.elected_nis, review=review, authority=world.nis, version=1)
    assert lifecycle.unmet_conditions(project, Phase.EVALUATION) == []


def test_closing_gate_needs_the_final_review_approved_by_every_partner(setup, django_assert_num_queries):
    world, project, review = setup
    completed(world, review)
    reasons = [r for r in lifecycle.unmet_conditions(project, Phase.CLOSED) if "final joint review" in r]
    assert reasons == [
        "The final joint review must be completed: scored by every partner and its synthesis approved by "
        "every partner."
    ]
    final = review_services.review_create(
        actor=world.officer_lyon,
        project=project,
        period_start=date(2027, 7, 1),
        period_end=date(2027, 12, 31),
        summary="Bilan final",
        language="fr",
        is_final=True,
    )
    completed(world, final)
    project = project_get_for_page(pk=project.pk)
    # The approvals, then whether any approver is a provisional member (whose approval does not count yet).
    with django_assert_num_queries(2):
        assert lifecycle.final_review_approved_by_every_partner(project) is None
    with django_assert_num_queries(1):
        assert lifecycle.at_least_one_completed_review(project) is None


def test_project_moves_to_evaluation_only_after_a_completed_review(setup):
    from mostovi.projects import services as project_services
    from mostovi.projects.exceptions import GateNotMet
    from mostovi.projects.models import Project

    world, project, review = setup
    Project.objects.filter(pk=project.pk).update(phase=Phase.IMPLEMENTATION)
    with pytest.raises(GateNotMet) as refused:
        project_services.project_transition(actor=world.officer_lyon, project=project, to="evaluation")
    assert refused.value.reasons == [
        "At least one joint review must be completed (scored by every partner and its synthesis approved)."
    ]
    completed(world, review)
    moved = project_services.project_transition(actor=world.officer_lyon, project=project, to="evaluation")
    assert moved.phase == Phase.EVALUATION
