"""Who sees a network's console in full (its coordinators and staff; everyone else sees figures only), and
who may refuse a network's support of a project (the members of a partner authority with an acting role)."""

from mostovi.accounts.models import Membership, Role
from mostovi.projects.models import ProjectPartner

ACTING_ROLES = (Role.OFFICER, Role.ELECTED, Role.TECHNICAL)


def can_coordinate_network(user, network) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=network.pk, role=Role.COORDINATOR)
        .exists()
    )


def support_refusing_authorities(user, project_id: int) -> list[int]:
    """The partner authorities of the project for which `user` may refuse a network's support."""
    if user is None or not user.is_authenticated:
        return []
    partners = ProjectPartner.objects.filter(project_id=project_id).values("authority_id")
    return list(
        Membership.objects.active()
        .filter(user=user, organisation_id__in=partners, role__in=ACTING_ROLES)
        .order_by("organisation__sort_key", "organisation_id")
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def can_refuse_support(user, support, authority_id: int) -> bool:
    return authority_id in support_refusing_authorities(user, support.project_id)
