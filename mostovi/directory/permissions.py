"""Named predicates about the directory's records."""

# Roles (of `accounts.Role`) whose holders speak for their authority's council.
MANDATE_EDITING_ROLES = ("officer", "elected")


def can_edit_mandate(user, organisation) -> bool:
    """Platform staff, and the officers and elected officials of that authority."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    # Through the reverse relation: accounts points at the directory, never the other way.
    return organisation.memberships.filter(
        user=user, ended_at__isnull=True, role__in=MANDATE_EDITING_ROLES
    ).exists()
