"""What the projects app puts in a person's workspace (`core.inbox`): mission reports to accept and programme
versions to approve for their authority."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from mostovi.accounts.models import Membership
from mostovi.core.inbox import inbox_item, inbox_provider_register, unread_counter_register

from . import permissions
from .models import MissionAcceptance, Notification, Phase, Project
from .selectors import (
    mission_current,
    partners_missing_mission_acceptance,
    partners_missing_programme_approval,
    programme_current,
    project_text,
)

FINISHED = (Phase.CLOSED, Phase.CANCELLED)


def decisions_waiting(user) -> list[dict]:
    org_ids = set(Membership.objects.active().filter(user=user).values_list("organisation_id", flat=True))
    if not org_ids:
        return []
    projects = (
        Project.objects.filter(deleted_at__isnull=True, partners__authority_id__in=org_ids)
        .exclude(phase__in=FINISHED)
        .prefetch_related(
            "partners__authority",
            "texts",
            "missions",
            Prefetch("missions__acceptances", queryset=MissionAcceptance.objects.all()),
            "programme_versions__approvals",
        )
        .distinct()
    )
    items = []
    for project in projects:
        text = project_text(project, "title")
        title = text.text if text else f"#{project.pk}"
        url = reverse("projects:detail", args=[project.pk])
        mission = mission_current(project=project)
        if mission is not None and project.phase == Phase.EXPERTISE_MISSION:
            for authority in partners_missing_mission_acceptance(project=project, mission=mission):
                if permissions.can_accept_mission(user, project, authority):
                    items.append(
                        inbox_item(
                            kind="mission_acceptance",
                            project_id=project.pk,
                            title=_("Accept the expertise mission report for %(authority)s (%(project)s)")
                            % {"authority": authority, "project": title},
                            url=url + "#mission",
                        )
                    )
        programme = programme_current(project=project)
        if programme is not None and project.phase == Phase.JOINT_DEFINITION:
            for authority in partners_missing_programme_approval(project=project, version=programme):
                if permissions.can_approve_programme(user, project, authority):
                    items.append(
                        inbox_item(
                            kind="programme_approval",
                            project_id=project.pk,
                            title=_(
                                "Approve version %(number)s of the programme for %(authority)s (%(project)s)"
                            )
                            % {"number": programme.number, "authority": authority, "project": title},
                            url=url + "#programme",
                        )
                    )
    return items


def unread_notifications(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def register() -> None:
    inbox_provider_register("projects.decisions", decisions_waiting)
    unread_counter_register("projects.notifications", unread_notifications)
