"""The evaluation's responsibilities under continuity: follow-up action owners and indicator reporters.

Registered with `projects.continuity` (and `projects.turnover`) by `EvaluationConfig.ready()`: when a
membership ends, `responsibilities_reassign` runs these handlers after the partner roles have moved, so they
see the new responsible person. Both follow one rule (`continuity.successor_for`): the partner's responsible
person for that authority on that project, else its deputy, else the longest-standing officer, else nobody
(listed as unheld).
"""

from django.db.models import CharField, Count, Q, Value
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership
from mostovi.projects import continuity, turnover
from mostovi.projects.continuity import Move, Unheld, successor_for
from mostovi.projects.models import FINISHED_PHASES, Phase

from .models import OPEN_ACTION_STATUSES, ActionStatus, FollowUpAction, Indicator


def _actions_to_carry() -> Q:
    """Actions someone must still carry: open or in progress on a live project, and handed over (they go on
    after the project closes, so a closed project's handed-over actions move too; a cancelled project's do
    not)."""
    return Q(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS)) & ~Q(
        project__phase__in=FINISHED_PHASES
    ) | Q(status=ActionStatus.HANDED_OVER) & ~Q(project__phase=Phase.CANCELLED)


def action_owners_move(membership: Membership, actor) -> list[Move]:
    """Give the open, in-progress and handed-over follow-up actions the leaver owned to a successor."""
    actions = (
        FollowUpAction.objects.alive()
        .filter(_actions_to_carry(), owner=membership, project__deleted_at__isnull=True)
        .select_for_update(of=("self",))
        .select_related("project", "owner_authority")
        .order_by("project_id", "id")
    )
    moves = []
    for action in actions:
        successor, reason = successor_for(action.project_id, action.owner_authority_id, membership)
        action.owner = successor
        action.save(update_fields=["owner"])
        moves.append(
            Move(
                "action.owner",
                action.project,
                action,
                action.owner_authority,
                membership,
                successor,
                reason,
                extra={"title": action.title, "action": action.pk},
            )
        )
    return moves


def indicator_reporters_move(membership: Membership, actor) -> list[Move]:
    """Give the indicators the leaver reported to a successor of the same reporting partner."""
    indicators = (
        Indicator.objects.filter(reporter=membership, result__project__deleted_at__isnull=True)
        .exclude(result__project__phase__in=FINISHED_PHASES)
        .select_for_update(of=("self",))
        .select_related("result__project", "reporting_partner")
        .order_by("result__project_id", "id")
    )
    moves = []
    for indicator in indicators:
        project = indicator.result.project
        successor, reason = successor_for(project.pk, indicator.reporting_partner_id, membership)
        indicator.reporter = successor
        indicator.save()
        moves.append(
            Move(
                "indicator.reporter",
                project,
                indicator,
                indicator.reporting_partner,
                membership,
                successor,
                reason,
                extra={"title": indicator.title, "indicator": indicator.pk},
            )
        )
    return moves


def action_owner_unheld(*, projects=None) -> list[Unheld]:
    """Follow-up actions of live projects still to be carried whose owner is not named or has left."""
    actions = FollowUpAction.objects.alive().filter(
        _actions_to_carry(),
        Q(owner__isnull=True) | Q(owner__ended_at__isnull=False),
        project__deleted_at__isnull=True,
    )
    if projects is not None:
        actions = actions.filter(project__in=projects)
    actions = (
        actions.select_related("project", "owner_authority", "owner__user")
        .prefetch_related("project__texts")
        .order_by("project_id", "id")
    )
    return [Unheld("action.owner", a.project, a, a.owner_authority, a.owner) for a in actions]


def indicator_reporter_unheld(*, projects=None) -> list[Unheld]:
    """Indicators of live projects whose reporter no longer acts for the reporting partner."""
    indicators = Indicator.objects.filter(
        reporter__ended_at__isnull=False, result__project__deleted_at__isnull=True
    ).exclude(result__project__phase__in=FINISHED_PHASES)
    if projects is not None:
        indicators = indicators.filter(result__project__in=projects)
    indicators = (
        indicators.select_related("result__project", "reporting_partner", "reporter__user")
        .prefetch_related("result__project__texts")
        .order_by("result__project_id", "id")
    )
    return [
        Unheld("indicator.reporter", i.result.project, i, i.reporting_partner, i.reporter) for i in indicators
    ]


def _describe_action(data: dict, values: dict) -> str:
    if data.get("new"):
        return _("%(authority)s: %(old)s left; %(new)s now owns the follow-up action “%(title)s”.") % values
    return (
        _(
            "%(authority)s: %(old)s left; nobody owns the follow-up action “%(title)s” any more. "
            "Name an owner."
        )
        % values
    )


def _describe_indicator(data: dict, values: dict) -> str:
    if data.get("new"):
        return _("%(authority)s: %(old)s left; %(new)s now reports the indicator “%(title)s”.") % values
    return (
        _("%(authority)s: %(old)s left; nobody reports the indicator “%(title)s” any more. Name a reporter.")
        % values
    )


# --- turnover ahead: the work held by people expected to leave ---------------------------------------------


def _held_actions(project_ids, leaving: dict):
    return (
        FollowUpAction.objects.filter(
            project_id__in=project_ids,
            deleted_at__isnull=True,
            status__in=OPEN_ACTION_STATUSES,
            **{f"owner__{k}": v for k, v in leaving.items()},
        )
        .order_by()
        .values_list("project_id", "owner_id", "owner__organisation_id")
        .annotate(kind=Value("actions", output_field=CharField()), n=Count("pk"))
    )


def _held_indicators(project_ids, leaving: dict):
    return (
        Indicator.objects.filter(
            result__project_id__in=project_ids, **{f"reporter__{k}": v for k, v in leaving.items()}
        )
        .order_by()
        .values_list("result__project_id", "reporter_id", "reporter__organisation_id")
        .annotate(kind=Value("indicators", output_field=CharField()), n=Count("pk"))
    )


def register() -> None:
    continuity.register_responsibility(
        continuity.Responsibility(
            "action.owner",
            move=action_owners_move,
            unheld=action_owner_unheld,
            label=lambda: _("Owner of the follow-up action"),
            describe=_describe_action,
        )
    )
    continuity.register_responsibility(
        continuity.Responsibility(
            "indicator.reporter",
            move=indicator_reporters_move,
            unheld=indicator_reporter_unheld,
            label=lambda: _("Reporter of the indicator"),
            describe=_describe_indicator,
        )
    )
    turnover.register_held_work("actions", _held_actions)
    turnover.register_held_work("indicators", _held_indicators)
