"""Reads of follow-up actions: the boards of a project and of an authority, overdue actions, the gate.

Overdue: still open or in progress and due before today (`timezone.localdate()`, or the `today` given).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from mostovi.accounts.models import Membership
from mostovi.projects.models import FINISHED_PHASES
from mostovi.projects.selectors import project_list_visible_to

from ..models import OPEN_ACTION_STATUSES, FollowUpAction


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def actions_queryset() -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.alive().select_related("owner_authority", "owner__user", "review")


def action_get(*, project, pk: int) -> FollowUpAction | None:
    action = actions_queryset().filter(project=project, pk=pk).first()
    if action is not None:
        action.project = project
    return action


def mark_overdue(actions, *, today: date | None = None) -> list[FollowUpAction]:
    """Set `is_overdue` on each action (no query)."""
    today = _today(today)
    actions = list(actions)
    for action in actions:
        action.is_overdue = action.status in OPEN_ACTION_STATUSES and action.due_on < today
    return actions


@dataclass
class ProjectBoard:
    open: list = field(default_factory=list)  # overdue first, then by due date
    settled: list = field(default_factory=list)  # done, handed over, cancelled
    overdue_count: int = 0


def project_board(*, project, authority_id: int | None = None, today: date | None = None) -> ProjectBoard:
    """The project's actions in one query: open ones (overdue first) and the settled ones."""
    actions = actions_queryset().filter(project=project)
    if authority_id is not None:
        actions = actions.filter(owner_authority_id=authority_id)
    board = ProjectBoard()
    for action in mark_overdue(actions.order_by("due_on", "id"), today=today):
        action.project = project
        (board.open if action.status in OPEN_ACTION_STATUSES else board.settled).append(action)
    board.open = overdue_first(board.open)
    board.overdue_count = sum(1 for a in board.open if a.is_overdue)
    return board


def overdue_first(actions) -> list[FollowUpAction]:
    """Actions marked by `mark_overdue`, the overdue ones first, then by due date."""
    return sorted(actions, key=lambda a: (not a.is_overdue, a.due_on, a.pk))


def authority_board(*, user, authority, overdue_only: bool = False, today: date | None = None) -> dict:
    """The authority's open actions the user may see, overdue first (one query), with the counts."""
    actions = mark_overdue(authority_actions(user=user, authority=authority), today=today)
    rows = [a for a in actions if a.is_overdue] if overdue_only else actions
    return {
        "rows": overdue_first(rows),
        "open_count": len(actions),
        "overdue_count": sum(1 for a in actions if a.is_overdue),
    }


def project_actions(
    *,
    project,
    status: str | None = None,
    authority_id: int | None = None,
    overdue=None,
    today: date | None = None,
) -> QuerySet[FollowUpAction]:
    """The project's actions for the API, by due date."""
    actions = actions_queryset().filter(project=project)
    if status:
        actions = actions.filter(status=status)
    if authority_id is not None:
        actions = actions.filter(owner_authority_id=authority_id)
    if overdue is not None:
        actions = _overdue_filter(actions, overdue, _today(today))
    return actions.order_by("due_on", "id")


def _overdue_filter(actions, overdue: bool, today: date):
    late = actions.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
    return late if overdue else actions.exclude(pk__in=late.values("pk"))


def authority_actions(
    *, user, authority, overdue: bool | None = None, today: date | None = None
) -> QuerySet[FollowUpAction]:
    """The open and in-progress actions owned by `authority` in the live projects the user may see.

    Members of the authority see every project it is a partner of; others see the projects visible to
    them (anonymous visitors: public projects only). `overdue` True keeps the overdue ones, False the others.
    """
    today = _today(today)
    actions = (
        actions_queryset()
        .filter(
            owner_authority=authority,
            status__in=OPEN_ACTION_STATUSES,
            project__deleted_at__isnull=True,
            project__in=project_list_visible_to(user=user).exclude(phase__in=FINISHED_PHASES),
        )
        .select_related("project")
        .prefetch_related("project__texts")
    )
    if overdue is not None:
        actions = _overdue_filter(actions, overdue, today)
    return actions.order_by("due_on", "id")


def open_actions_titles(project) -> list[str]:
    """Titles of the project's actions still open or in progress (one query), for the closing gate."""
    return list(
        FollowUpAction.objects.alive()
        .filter(project=project, status__in=OPEN_ACTION_STATUSES)
        .order_by("due_on", "id")
        .values_list("title", flat=True)
    )


def partner_members(*, project) -> list:
    """Active memberships of the project's partner authorities (candidates to own an action)."""

    authority_ids = [p.authority_id for p in project.partners.all()]
    return list(
        Membership.objects.active()
        .filter(organisation_id__in=authority_ids, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation_id", "role", "user__full_name", "user__email")
    )
