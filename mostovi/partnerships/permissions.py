"""Who may do what with a partnership. Each predicate takes the user first; none trusts a view."""

from mostovi.accounts.models import Membership, Role

# The roles that commit an authority to a partnership (and may correct its record).
EDITING_ROLES = (Role.OFFICER, Role.ELECTED)


def _memberships(user) -> list:
    """The user's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_partnership_memberships", None)
    if cache is None:
        cache = list(Membership.objects.confirmed().filter(user=user).only("organisation_id", "role"))
        user._partnership_memberships = cache
    return cache


def editing_authority_ids(user) -> set[int]:
    """The authorities the user acts for as an officer or elected member."""
    return {m.organisation_id for m in _memberships(user) if m.role in EDITING_ROLES}


def _member_ids(partnership) -> set[int]:
    return {m.authority_id for m in partnership.members.all()}


def can_create_partnership(user, authority_ids) -> bool:
    """An officer or elected member of one of the partner authorities."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(editing_authority_ids(user) & {int(a) for a in authority_ids})


def can_edit_partnership(user, partnership) -> bool:
    """Officers and elected members of either side (staff too) edit, delete and restore."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or bool(editing_authority_ids(user) & _member_ids(partnership))


def can_view_partnership(user, partnership) -> bool:
    """Every partnership is public; a deleted one is shown to those who may restore it."""
    if partnership.deleted_at is None:
        return True
    return can_edit_partnership(user, partnership)


def can_import_partnerships(user) -> bool:
    """An officer or elected member of any authority may upload a file (each line is checked)."""
    return bool(editing_authority_ids(user)) or bool(getattr(user, "is_staff", False))
