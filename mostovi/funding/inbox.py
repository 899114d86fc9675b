"""What the funding app puts in a person's workspace (`core.inbox`): funding plan versions their authority
has to approve, and the deadlines of the next 60 days — the calls they follow, the milestones of their
projects and the e-APD declaration of their French authorities."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership
from mostovi.core import approvals
from mostovi.core.inbox import inbox_item, inbox_provider_register
from mostovi.projects.models import Phase, Project
from mostovi.projects.selectors import project_text

from .catalogue import selectors as catalogue_selectors
from .catalogue.texts import text as catalogue_text
from .plans.permissions import can_approve_plan
from .plans.selectors import calendar_events, plan_current

# The phases in which a plan is approved (before and during the funding phase).
PLAN_PHASES = (Phase.JOINT_DEFINITION, Phase.FUNDING)


def plans_to_approve(user) -> list[dict]:
    org_ids = set(Membership.objects.active().filter(user=user).values_list("organisation_id", flat=True))
    if not org_ids:
        return []
    projects = (
        Project.objects.filter(
            deleted_at__isnull=True, phase__in=PLAN_PHASES, partners__authority_id__in=org_ids
        )
        .prefetch_related("partners__authority", "texts")
        .distinct()
    )
    items = []
    for project in projects:
        plan = plan_current(project=project)
        if plan is None:
            continue
        text = project_text(project, "title")
        title = text.text if text else f"#{project.pk}"
        partners = [p.authority for p in project.partners.all()]
        for authority in approvals.partners_missing(partners, plan.approvals.all()):
            if authority.pk in org_ids and can_approve_plan(user, project, authority):
                items.append(
                    inbox_item(
                        kind="funding_plan_approval",
                        project_id=project.pk,
                        title=_(
                            "Approve version %(number)s of the funding plan for %(authority)s (%(project)s)"
                        )
                        % {"number": plan.number, "authority": authority, "project": title},
                        url=reverse("funding:plan_detail", args=[project.pk]),
                    )
                )
    return items


DEADLINE_DAYS = 60


def deadlines(user) -> list[dict]:
    """The calls `user` follows that close in the next 60 days, and the milestones and e-APD campaigns of
    the next 60 days for their projects and authorities (the deadlines calendar, without the calls they do
    not follow)."""
    today = timezone.localdate()
    end = today + timedelta(days=DEADLINE_DAYS)
    items = [
        inbox_item(
            kind="deadline",
            title=_("Call closes: %(title)s (%(instrument)s)")
            % {"title": catalogue_text(call), "instrument": catalogue_text(call.instrument)},
            url=reverse("funding:detail", args=[call.instrument_id]) + f"#call-{call.pk}",
            due_on=call.closes_on,
        )
        for call in catalogue_selectors.saved_calls_closing(user=user, start=today, end=end)
    ]
    for event in calendar_events(user=user, start=today, end=end):
        if event.kind == "milestone":
            items.append(inbox_item(kind="deadline", title=event.title, url=event.url, due_on=event.on))
        elif event.kind == "declaration":
            due_on = event.ends_on or event.on
            items.append(inbox_item(kind="deadline", title=event.title, url=event.url, due_on=due_on))
    return items


def register() -> None:
    inbox_provider_register("funding.plans", plans_to_approve)
    inbox_provider_register("funding.deadlines", deadlines)
