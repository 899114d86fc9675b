"""What the evaluation app puts in a person's workspace (`core.inbox`): reported values to approve or return,
review assessments to submit and syntheses to approve, their follow-up actions overdue or due soon."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership, Role
from mostovi.core.inbox import inbox_item, inbox_provider_register
from mostovi.projects.models import Phase
from mostovi.projects.selectors import project_text

from .models import OPEN_ACTION_STATUSES, FollowUpAction, ReportedValue, Review, ReviewStatus, ValueStatus

DECIDING = (Role.OFFICER, Role.ELECTED)
HORIZON_DAYS = 60
FINISHED = (Phase.CLOSED, Phase.CANCELLED)


def _deciding_memberships(user) -> list[Membership]:
    """The person's active memberships that decide (a provisional one in its project only, see `_usable`)."""
    return list(Membership.objects.active().filter(user=user, role__in=DECIDING))


def _usable(membership, project_id) -> bool:
    return membership.usable_in_project(project_id)


def _title_of(project) -> str:
    text = project_text(project, "title")
    return text.text if text else f"#{project.pk}"


def values_to_approve(user) -> list[dict]:
    memberships = _deciding_memberships(user)
    if not memberships:
        return []
    org_ids = {m.organisation_id for m in memberships}
    values = (
        ReportedValue.objects.filter(
            status=ValueStatus.SUBMITTED,
            indicator__result__project__partners__authority_id__in=org_ids,
            indicator__result__project__deleted_at__isnull=True,
        )
        .select_related("indicator__result__project")
        .prefetch_related("indicator__result__project__texts", "indicator__result__project__partners")
        .distinct()
    )
    items = []
    for value in values:
        project = value.indicator.result.project
        partners = {p.authority_id for p in project.partners.all()}
        # Approved or returned by another partner than the one that reported it.
        if not any(
            m.organisation_id in partners
            and m.organisation_id != value.indicator.reporting_partner_id
            and _usable(m, project.pk)
            for m in memberships
        ):
            continue
        items.append(
            inbox_item(
                kind="value_approval",
                project_id=project.pk,
                title=_("Approve or return the value reported for “%(indicator)s” (%(project)s)")
                % {"indicator": value.indicator.title, "project": _title_of(project)},
                url=reverse("evaluation:logframe", args=[project.pk]) + f"#value-{value.pk}",
                due_on=None,
            )
        )
    return items


def reviews_waiting(user) -> list[dict]:
    memberships = _deciding_memberships(user)
    if not memberships:
        return []
    org_ids = {m.organisation_id for m in memberships}
    reviews = (
        Review.objects.filter(
            deleted_at__isnull=True,
            status__in=(ReviewStatus.SCORING, ReviewStatus.SYNTHESIS),
            project__partners__authority_id__in=org_ids,
            project__deleted_at__isnull=True,
        )
        .exclude(project__phase__in=FINISHED)
        .select_related("project")
        .prefetch_related("assessments", "approvals", "project__partners", "project__texts")
        .distinct()
    )
    items = []
    for review in reviews:
        project = review.project
        mine = [
            m.organisation_id
            for m in memberships
            if m.organisation_id in {p.authority_id for p in project.partners.all()}
            and _usable(m, project.pk)
        ]
        url = reverse("evaluation:review", args=[project.pk, review.pk])
        for authority_id in sorted(set(mine)):
            if review.status == ReviewStatus.SCORING:
                submitted = {a.authority_id for a in review.assessments.all() if a.submitted_at is not None}
                if authority_id not in submitted:
                    items.append(
                        inbox_item(
                            kind="review_assessment",
                            project_id=project.pk,
                            title=_("Submit your assessment of the review “%(review)s” (%(project)s)")
                            % {"review": review, "project": _title_of(project)},
                            url=url,
                        )
                    )
            else:
                approved = {
                    a.authority_id
                    for a in review.approvals.all()
                    if a.synthesis_version == review.synthesis_version
                }
                if authority_id not in approved:
                    items.append(
                        inbox_item(
                            kind="review_synthesis_approval",
                            project_id=project.pk,
                            title=_("Approve the joint synthesis of the review “%(review)s” (%(project)s)")
                            % {"review": review, "project": _title_of(project)},
                            url=url,
                        )
                    )
    return items


def my_actions(user) -> list[dict]:
    today = timezone.localdate()
    actions = (
        FollowUpAction.objects.filter(
            deleted_at__isnull=True,
            status__in=OPEN_ACTION_STATUSES,
            owner__user=user,
            owner__ended_at__isnull=True,
            due_on__lte=today + timedelta(days=HORIZON_DAYS),
        )
        .select_related("project")
        .prefetch_related("project__texts")
    )
    items = []
    for action in actions:
        overdue = action.due_on < today
        if overdue:
            days = (today - action.due_on).days
            title = _("Overdue by %(days)s days: “%(action)s” (%(project)s)") % {
                "days": days,
                "action": action.title,
                "project": _title_of(action.project),
            }
        else:
            title = _("Due on %(date)s: “%(action)s” (%(project)s)") % {
                "date": action.due_on.isoformat(),
                "action": action.title,
                "project": _title_of(action.project),
            }
        items.append(
            inbox_item(
                kind="overdue_action" if overdue else "deadline",
                project_id=action.project_id,
                title=title,
                url=reverse("evaluation:actions_project", args=[action.project_id]) + f"#action-{action.pk}",
                due_on=action.due_on,
            )
        )
    return items


def register() -> None:
    inbox_provider_register("evaluation.values", values_to_approve)
    inbox_provider_register("evaluation.reviews", reviews_waiting)
    inbox_provider_register("evaluation.actions", my_actions)
