"""Named predicates about accounts and memberships."""

from .models import Membership, Role
from .selectors import MANAGING_ROLES


def _active_roles(user, organisation) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.active()
        .filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
    )


def can_invite_member(user, organisation) -> bool:
    """Officers, elected officials and network coordinators bring their colleagues in; staff too."""
    if not user.is_authenticated:
        return False
    return user.is_staff or bool(_active_roles(user, organisation) & set(MANAGING_ROLES))


def can_end_membership(user, membership) -> bool:
    """Anyone may leave; the organisation's managers may end a colleague's membership."""
    if not user.is_authenticated:
        return False
    return membership.user_id == user.pk or can_invite_member(user, membership.organisation)


def can_set_expected_end(user, membership) -> bool:
    """The member themself, or an officer of the same organisation, says when the member will leave."""
    return membership.pk in expected_end_settable(user, [membership])


def expected_end_settable(user, memberships) -> set[int]:
    """The ids of `memberships` whose expected departure `user` may set (at most one query for a list)."""
    if not user.is_authenticated:
        return set()
    others = [m for m in memberships if m.user_id != user.pk]
    officer_of = (
        set(
            Membership.objects.active()
            .filter(user=user, role=Role.OFFICER, organisation_id__in={m.organisation_id for m in others})
            .values_list("organisation_id", flat=True)
        )
        if others
        else set()
    )
    return {m.pk for m in memberships if m.user_id == user.pk or m.organisation_id in officer_of}


def can_revoke_api_token(user, token) -> bool:
    return user.is_authenticated and token.user_id == user.pk


def can_act_for(user, organisation) -> bool:
    """Any active membership lets a user act for the organisation, observers excepted."""
    return bool(_active_roles(user, organisation) - {Role.OBSERVER})
