"""Who sees a network's console in full: its coordinators and staff; everyone else sees figures only."""

from mostovi.accounts.models import Membership, Role


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
