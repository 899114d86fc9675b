"""Reads of a project's results framework (the tree, indicators with their figures) and the evaluation at a
glance for the project page."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from ..models import Indicator, Lesson, ReportedValue, Result, Target, ValueStatus


def indicators_queryset():
    return Indicator.objects.select_related("result", "reporting_partner", "reporter__user").prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("period_end", "id")),
        Prefetch(
            "values",
            queryset=ReportedValue.objects.select_related("reported_by", "decided_by").order_by(
                "period_end", "id"
            ),
        ),
    )


def indicator_list(*, project):
    """The project's indicators, the top of the logframe first (impact, outcome, output), in a fixed number
    of queries."""
    return indicators_queryset().filter(result__project=project).order_by("-result__level", "result_id", "id")


def indicator_get(*, project, pk: int) -> Indicator | None:
    return indicators_queryset().filter(result__project=project, pk=pk).first()


def value_get(*, indicator, pk: int) -> ReportedValue | None:
    return ReportedValue.objects.select_related("indicator").filter(indicator=indicator, pk=pk).first()


def latest_approved(indicator) -> ReportedValue | None:
    """The approved value of the latest period (uses prefetched values)."""
    approved = [v for v in indicator.values.all() if v.status == ValueStatus.APPROVED]
    return max(approved, key=lambda v: (v.period_end, v.pk)) if approved else None


@dataclass
class Node:
    result: Result
    indicators: list = field(default_factory=list)
    children: list = field(default_factory=list)
    depth: int = 0


def logframe(*, project) -> list[Node]:
    """The results tree, top-level results first; each node carries its indicators."""
    results = list(Result.objects.filter(project=project).order_by("-level", "id"))
    by_result: dict[int, list] = {}
    for indicator in indicator_list(project=project):
        by_result.setdefault(indicator.result_id, []).append(indicator)
    nodes = {r.pk: Node(result=r, indicators=by_result.get(r.pk, [])) for r in results}
    roots = []
    for result in results:
        node = nodes[result.pk]
        parent = nodes.get(result.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def logframe_rows(*, project) -> list[Node]:
    """The tree flattened in reading order (a parent before its children), with depths."""
    rows = []

    def walk(node, depth):
        node.depth = depth
        rows.append(node)
        for child in node.children:
            walk(child, depth + 1)

    for root in logframe(project=project):
        walk(root, 0)
    return rows


# --- the evaluation at a glance ------------------------------------------------------------------

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
    """The evaluation at a glance, for the project page (loaded on its own request, so that the page's query
    budget does not grow): reviews and the next one due, open and overdue follow-up actions, values waiting
    for the other partner, lessons learned. A fixed number of queries, whatever the number of rows."""
    from ..actions import selectors as action_selectors
    from ..reviews import selectors as review_selectors

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
