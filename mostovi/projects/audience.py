"""Who is told of a project's event: the members of its partner authorities in the roles the event kind names
(`core.events` audience, else officers, elected officials and technical staff), the person acting excepted.

The notification task and the confirmation dialog of a decision ("who will be told") read the same answer."""

from django.db.models import QuerySet

from mostovi.accounts.models import Membership, Role
from mostovi.core import events

from .models import Project, ProjectPartner

NOTIFIED_ROLES = (Role.OFFICER, Role.ELECTED, Role.TECHNICAL)


def notified_memberships(*, project: Project, kind: str, exclude_user_id: int | None) -> QuerySet[Membership]:
    authority_ids = ProjectPartner.objects.filter(project=project).values("authority_id")
    return (
        Membership.objects.active()
        .filter(organisation_id__in=authority_ids, role__in=events.audience(kind) or NOTIFIED_ROLES)
        .exclude(user_id=exclude_user_id)
    )


def told_by_authority(*, project: Project, kind: str, user) -> list[tuple[str, list[str]]]:
    """[(authority name, [person, …]), …] of the people told when `user` records an event of `kind`, by
    authority in the order of the project's partners, each person once."""
    memberships = (
        notified_memberships(project=project, kind=kind, exclude_user_id=getattr(user, "pk", None))
        .filter(user__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__sort_key", "user__full_name", "user_id")
    )
    grouped: dict[int, tuple[str, list[str]]] = {}
    for membership in memberships:
        _name, people = grouped.setdefault(membership.organisation_id, (str(membership.organisation), []))
        person = str(membership.user)
        if person not in people:
            people.append(person)
    return list(grouped.values())
