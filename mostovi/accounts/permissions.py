"""Named predicates about accounts and memberships."""

from mostovi.directory.models import NetworkMembership

from .models import Membership, MembershipStatus, Role
from .selectors import MANAGING_ROLES


def _active_roles(user, organisation) -> set[str]:
    """The roles of the user's confirmed memberships in `organisation` (a provisional member acts in its
    project only: the projects' predicates read it there)."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.confirmed()
        .filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
    )


# Who may grant each role in an organisation: nobody grants a role above their own, and the elected role
# (which approves for the authority) comes from an elected official only.
GRANTED_BY: dict[str, frozenset[str]] = {
    Role.ELECTED: frozenset({Role.ELECTED}),
    Role.COORDINATOR: frozenset({Role.COORDINATOR, Role.ELECTED}),
    Role.OFFICER: frozenset(MANAGING_ROLES),
    Role.TECHNICAL: frozenset(MANAGING_ROLES),
    Role.OBSERVER: frozenset(MANAGING_ROLES),
}


def _brings_first_member(user, organisation) -> bool:
    """A coordinator of a network the organisation belongs to brings in its first member (a new authority)."""
    coordinated = (
        Membership.objects.active().filter(user=user, role=Role.COORDINATOR).values("organisation_id")
    )
    return (
        not Membership.objects.confirmed().filter(organisation=organisation).exists()
        and NetworkMembership.objects.filter(member=organisation, network_id__in=coordinated).exists()
    )


def can_invite_member(user, organisation) -> bool:
    """Officers, elected officials and network coordinators bring their colleagues in; staff too.

    A coordinator of one of its networks also brings in the first member of an organisation that has none.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff or _active_roles(user, organisation) & set(MANAGING_ROLES):
        return True
    return _brings_first_member(user, organisation)


def grantable_roles(user, organisation) -> list[str]:
    """The roles `user` may grant in `organisation`, in the order of `Role`."""
    if not user.is_authenticated:
        return []
    if user.is_staff:
        return list(Role.values)
    roles = _active_roles(user, organisation)
    if not roles & set(MANAGING_ROLES):
        return list(Role.values) if _brings_first_member(user, organisation) else []
    return [role for role in Role.values if roles & GRANTED_BY[role]]


def can_grant_role(user, organisation, role: str) -> bool:
    """Whether `user` may give someone else `role` in `organisation` (by invitation or directly)."""
    return role in grantable_roles(user, organisation)


def can_delegate_approval(user, membership) -> bool:
    """An elected official of the authority (or staff) delegates approval to an officer, or withdraws it."""
    if not user.is_authenticated or membership.role != Role.OFFICER:
        return False
    if user.is_staff:
        return True
    return membership.user_id != user.pk and Role.ELECTED in _active_roles(user, membership.organisation)


def can_end_membership(user, membership) -> bool:
    """Anyone may leave; a colleague who could have granted that role may end it (never a higher role)."""
    if not user.is_authenticated:
        return False
    if membership.user_id == user.pk or user.is_staff:
        return True
    return bool(_active_roles(user, membership.organisation) & GRANTED_BY[membership.role])


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


def coordinates_network_of(user, organisation) -> bool:
    """Whether `user` coordinates a network `organisation` belongs to, directly or through its national
    association (a member of a member)."""
    if not user.is_authenticated:
        return False
    coordinated = set(
        Membership.objects.confirmed()
        .filter(user=user, role=Role.COORDINATOR)
        .values_list("organisation_id", flat=True)
    )
    if not coordinated:
        return False
    direct = set(NetworkMembership.objects.filter(member=organisation).values_list("network_id", flat=True))
    through = set(NetworkMembership.objects.filter(member_id__in=direct).values_list("network_id", flat=True))
    return bool(coordinated & (direct | through))


def can_confirm_membership(user, membership) -> bool:
    """A provisional membership is confirmed (or refused) by a confirmed officer or elected official of the
    same authority, a coordinator of one of its networks, or staff; never by the member themself."""
    if not user.is_authenticated or membership.status != MembershipStatus.PROVISIONAL:
        return False
    if membership.user_id == user.pk:
        return False
    if user.is_staff:
        return True
    if _active_roles(user, membership.organisation) & {Role.OFFICER, Role.ELECTED}:
        return True
    return coordinates_network_of(user, membership.organisation)


JOIN_DECIDING_ROLES = (Role.OFFICER, Role.ELECTED)


def join_request_deciders(organisation) -> str:
    """Who decides the requests to join `organisation`: `members` (its confirmed officers and elected
    officials), else `coordinators` (of its networks, directly or through its association), else `staff`."""
    if (
        Membership.objects.confirmed()
        .filter(organisation=organisation, role__in=JOIN_DECIDING_ROLES)
        .exists()
    ):
        return "members"
    direct = set(NetworkMembership.objects.filter(member=organisation).values_list("network_id", flat=True))
    through = set(NetworkMembership.objects.filter(member_id__in=direct).values_list("network_id", flat=True))
    if (
        Membership.objects.confirmed()
        .filter(organisation_id__in=direct | through, role=Role.COORDINATOR)
        .exists()
    ):
        return "coordinators"
    return "staff"


def can_decide_join_request(user, join_request) -> bool:
    if not user.is_authenticated or join_request.user_id == user.pk:
        return False
    if user.is_staff:
        return True
    deciders = join_request_deciders(join_request.organisation)
    if deciders == "members":
        return bool(_active_roles(user, join_request.organisation) & set(JOIN_DECIDING_ROLES))
    if deciders == "coordinators":
        return coordinates_network_of(user, join_request.organisation)
    return False
