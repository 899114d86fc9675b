"""Who may change the funding catalogue. Each predicate takes the user first."""

from mostovi.accounts.models import Membership, Role


def can_edit_catalogue(user) -> bool:
    """Platform staff edit instruments and rules (history kept)."""
    return bool(user and user.is_authenticated and user.is_staff)


def can_propose_change(user) -> bool:
    """A network coordinator (or staff) proposes a change that staff accept or decline."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff:
        return True
    return Membership.objects.active().filter(user=user, role=Role.COORDINATOR).exists()


def can_decide_proposal(user) -> bool:
    return can_edit_catalogue(user)


def can_record_aid_declaration(user, authority) -> bool:
    """A member of a French local authority (any role but observer) records that it filed its e-APD."""
    if not (user and user.is_authenticated) or authority is None or authority.country != "FR":
        return False
    return (
        Membership.objects.active()
        .filter(user=user, organisation=authority)
        .exclude(role=Role.OBSERVER)
        .exists()
    )
