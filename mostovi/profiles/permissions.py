"""Who changes an authority's profile."""

from mostovi.accounts.models import Membership, Role

# The roles that speak for the authority: its officers and elected officials (not technical staff nor
# observers). Provisional memberships act only in their project, never here.
PROFILE_EDITING_ROLES = (Role.OFFICER, Role.ELECTED)


def can_edit_authority_profile(user, authority) -> bool:
    """A confirmed officer or elected official of the authority itself (nobody writes another's profile)."""
    if not user.is_authenticated or not authority.is_authority:
        return False
    return (
        Membership.objects.confirmed()
        .filter(user=user, organisation=authority, role__in=PROFILE_EDITING_ROLES)
        .exists()
    )
