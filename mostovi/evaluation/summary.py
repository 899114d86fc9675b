"""The evaluation at a glance, for the project page: joint reviews and the next one due, open and overdue
follow-up actions, values waiting for the other partner, lessons learned.

The project page loads it on its own request (HTMX), so that the page's query budget does not grow with the
evaluation; without JavaScript the section links to the pages instead. A fixed number of queries, whatever
the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from . import action_selectors, review_selectors
from .models import Lesson, ReportedValue, ValueStatus

# Overdue actions listed by name on the project page; the board lists them all.
OVERDUE_SHOWN = 5


@dataclass
class Summary:
    reviews: list = field(default_factory=list)
    latest_review: object = None
    next_due: object = None
    open_actions: int = 0
    overdue_actions: list = field(default_factory=list)
    overdue_count: int = 0
    settled_actions: int = 0
    values_waiting: int = 0
    lessons: int = 0


def project_evaluation_summary(*, project, today: date | None = None) -> Summary:
    today = today or timezone.localdate()
    summary = Summary()
    summary.reviews = list(review_selectors.review_list(project=project))
    summary.latest_review = summary.reviews[-1] if summary.reviews else None
    summary.next_due = review_selectors.review_next_due(
        schedule=review_selectors.review_schedule_get(project=project), reviews=summary.reviews, today=today
    )
    board = action_selectors.project_board(project=project, today=today)
    summary.open_actions = len(board.open)
    summary.overdue_count = board.overdue_count
    summary.overdue_actions = [a for a in board.open if a.is_overdue][:OVERDUE_SHOWN]
    summary.settled_actions = len(board.settled)
    counts = ReportedValue.objects.filter(indicator__result__project=project).aggregate(
        waiting=Count("pk", filter=Q(status=ValueStatus.SUBMITTED))
    )
    summary.values_waiting = counts["waiting"]
    summary.lessons = Lesson.objects.alive().filter(project=project).count()
    return summary
