"""Who may read what in the open-data room (everything else in it is public)."""

from mostovi.accounts.selectors import user_roles_in


def can_view_aid_declaration(user, authority) -> bool:
    """The members of an authority (any role) read its yearly aid declaration; nobody else does."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user_roles_in(user=user, organisation=authority))
