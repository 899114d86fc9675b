"""Reads of a project's joint reviews: the list, one review with who sees which scores, the next review due
by the schedule, and the gate conditions of the evaluation and closing phases."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from mostovi.core import approvals

from ..models import (
    Assessment,
    Criterion,
    FollowUpAction,
    Lesson,
    Review,
    ReviewApproval,
    ReviewSchedule,
    ReviewStatus,
    Score,
)
from . import permissions

# The question each OECD-DAC criterion asks (OECD, "Better Criteria for Better Evaluation", 2019).
CRITERION_QUESTIONS = {
    Criterion.RELEVANCE: gettext_lazy("Is the intervention doing the right things?"),
    Criterion.COHERENCE: gettext_lazy("How well does the intervention fit?"),
    Criterion.EFFECTIVENESS: gettext_lazy("Is the intervention achieving its objectives?"),
    Criterion.EFFICIENCY: gettext_lazy("How well are resources being used?"),
    Criterion.IMPACT: gettext_lazy("What difference does the intervention make?"),
    Criterion.SUSTAINABILITY: gettext_lazy("Will the benefits last?"),
}

SCORE_LABELS = {
    1: pgettext_lazy("review score", "Unsatisfactory"),
    2: pgettext_lazy("review score", "Partly satisfactory"),
    3: pgettext_lazy("review score", "Satisfactory"),
    4: pgettext_lazy("review score", "Highly satisfactory"),
}


def reviews_queryset():
    return (
        Review.objects.alive()
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("authority", "submitted_by").order_by("id"),
            ),
            Prefetch("assessments__scores", queryset=Score.objects.order_by("id")),
            Prefetch(
                "approvals",
                queryset=ReviewApproval.objects.select_related("authority", "approved_by").order_by(
                    "approved_at", "id"
                ),
            ),
        )
    )


def review_list(*, project):
    """The project's reviews (not deleted), the oldest period first, with assessments and approvals."""
    return reviews_queryset().filter(project=project).order_by("period_start", "id")


def reviews_to_choose(*, project) -> list[Review]:
    """The project's reviews (not deleted), oldest first, without their assessments (a choice in a form)."""
    return list(Review.objects.alive().filter(project=project).order_by("period_start", "id"))


def review_get(*, project, pk: int) -> Review | None:
    return reviews_queryset().filter(project=project, pk=pk).first()


def review_follow_ups(*, review) -> tuple[list, list]:
    """The follow-up actions and lessons recorded from this review (not deleted)."""
    actions = list(
        FollowUpAction.objects.alive()
        .filter(review=review)
        .select_related("owner_authority", "owner__user")
        .order_by("due_on", "id")
    )
    lessons = list(Lesson.objects.alive().filter(review=review).select_related("authority").order_by("id"))
    return actions, lessons


def review_schedule_get(*, project) -> ReviewSchedule | None:
    return ReviewSchedule.objects.filter(project=project).first()


# --- the schedule ----------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, kept within the month (31 January + 1 month → 28 or 29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass
class NextDue:
    due_on: date
    overdue: bool
    # Earlier due dates no review covered.
    missed: list = field(default_factory=list)


# Enough due dates for a 1-month schedule over 50 years; a longer project is no real case.
MAX_DUE_DATES = 600


def _nearest_index(schedule: ReviewSchedule, day: date) -> int:
    """The number of the scheduled date nearest to `day` (0 for the first review)."""
    best, best_gap = 0, abs((day - schedule.first_review_on).days)
    for index in range(1, MAX_DUE_DATES):
        due = add_months(schedule.first_review_on, index * schedule.interval_months)
        gap = abs((day - due).days)
        if gap > best_gap:
            break
        best, best_gap = index, gap
    return best


def review_next_due(*, schedule: ReviewSchedule | None, reviews, today: date | None = None) -> NextDue | None:
    """The next review due by the schedule: a review counts for the scheduled date nearest to the end of
    its period; the next one due follows the latest date covered. Overdue when that date is past."""
    if schedule is None:
        return None
    today = today or timezone.localdate()
    covered = {_nearest_index(schedule, r.period_end) for r in reviews if r.deleted_at is None}
    start = max(covered) + 1 if covered else 0
    missed = [
        add_months(schedule.first_review_on, i * schedule.interval_months)
        for i in range(start)
        if i not in covered
    ]
    due_on = add_months(schedule.first_review_on, start * schedule.interval_months)
    return NextDue(due_on=due_on, overdue=due_on < today, missed=missed)


# --- one review, as a reader sees it ----------------------------------------------------------------


@dataclass
class Cell:
    authority: object
    visible: bool
    score: int | None = None
    narrative: str = ""
    # What the score means ("Satisfactory").
    meaning: str = ""


@dataclass
class Row:
    criterion: str
    label: str
    question: str
    cells: list
    # The widest gap between the partners' scores (None while some score is hidden or missing).
    difference: int | None = None


@dataclass
class PartnerAssessment:
    """One partner's assessment as one reader sees it: its scores only when visible to that reader."""

    assessment: Assessment
    authority: object
    visible: bool
    by_criterion: dict

    @property
    def submitted(self) -> bool:
        return self.assessment.submitted_at is not None

    @property
    def scored(self) -> int:
        return len(self.by_criterion)


@dataclass
class ReviewView:
    review: Review
    assessments: list
    rows: list
    # Whether every assessment is shown (the side-by-side table is complete).
    all_visible: bool
    approvals: list
    missing_approvals: list


def current_approvals(review) -> list:
    """Approvals of the current version of the synthesis (uses prefetched approvals)."""
    return approvals.approvals_of(
        review.approvals.all(), version=review.synthesis_version, attribute="synthesis_version"
    )


def review_partners(review) -> list:
    """The authorities that take part in the review (one assessment each), who all approve its synthesis."""
    return [a.authority for a in review.assessments.select_related("authority")]


def partners_missing_approval(review) -> list:
    """The review's partners without an approval of the current synthesis (uses prefetched rows)."""
    return approvals.partners_missing(
        [a.authority for a in review.assessments.all()], current_approvals(review)
    )


def review_view(*, review, user) -> ReviewView:
    """The review with each partner's assessment marked visible or hidden for `user`, and the criterion ×
    partner table (prefetched rows only)."""
    assessments = []
    for assessment in review.assessments.all():
        visible = permissions.can_see_scores(user, review, assessment.authority_id)
        by_criterion = {s.criterion: s for s in assessment.scores.all()} if visible else {}
        assessments.append(
            PartnerAssessment(
                assessment=assessment,
                authority=assessment.authority,
                visible=visible,
                by_criterion=by_criterion,
            )
        )
    rows = []
    for criterion in Criterion:
        cells = []
        for assessment in assessments:
            score = assessment.by_criterion.get(criterion.value)
            cells.append(
                Cell(
                    authority=assessment.authority,
                    visible=assessment.visible,
                    score=score.score if score else None,
                    narrative=score.narrative if score else "",
                    meaning=str(SCORE_LABELS.get(score.score, "")) if score else "",
                )
            )
        scores = [c.score for c in cells if c.visible and c.score is not None]
        difference = max(scores) - min(scores) if len(scores) == len(cells) and len(cells) > 1 else None
        rows.append(
            Row(
                criterion=criterion.value,
                label=str(criterion.label),
                question=str(CRITERION_QUESTIONS[criterion]),
                cells=cells,
                difference=difference,
            )
        )
    return ReviewView(
        review=review,
        assessments=assessments,
        rows=rows,
        all_visible=all(a.visible for a in assessments),
        approvals=current_approvals(review),
        missing_approvals=partners_missing_approval(review),
    )


# --- gate conditions (read by mostovi/projects/lifecycle.py) ---------------------------------------


def at_least_one_completed_review(project) -> str | None:
    if not Review.objects.alive().filter(project=project, status=ReviewStatus.COMPLETED).exists():
        return _(
            "At least one joint review must be completed "
            "(scored by every partner and its synthesis approved)."
        )
    return None


def final_review_approved_by_every_partner(project) -> str | None:
    """A completed final review whose current synthesis every partner of the project approved (one query)."""
    rows = list(
        ReviewApproval.objects.filter(
            review__project=project,
            review__is_final=True,
            review__deleted_at__isnull=True,
            review__status=ReviewStatus.COMPLETED,
        )
        .select_related("review")
        .only("authority_id", "approved_by_id", "synthesis_version", "review__synthesis_version")
    )
    if not rows:
        return _(
            "The final joint review must be completed: scored by every partner and its synthesis approved "
            "by every partner."
        )
    given = [a for a in rows if a.synthesis_version == a.review.synthesis_version]
    missing = approvals.partners_missing([p.authority for p in project.partners.all()], given)
    if missing:
        return _("The final joint review is not yet approved by: %(partners)s.") % {
            "partners": ", ".join(str(a) for a in missing)
        }
    return None
