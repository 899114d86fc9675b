"""Who may do what on a project. Each predicate takes the user first; none trusts a view to have checked."""

from mostovi.accounts.models import Membership, MembershipStatus, Role
from mostovi.directory.models import NetworkMembership
from mostovi.directory.network_selectors import networks_scope

from .models import Visibility

EDITING_ROLES = (Role.OFFICER, Role.ELECTED, Role.TECHNICAL)


def _memberships(user, project=None):
    """The user's active memberships usable here, cached on the user object for the request: confirmed
    ones, and a provisional one only in the project it was invited to (`project`)."""
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_active_memberships", None)
    if cache is None:
        cache = list(Membership.objects.active().filter(user=user))
        user._active_memberships = cache
    project_id = project.pk if project is not None else None
    return [m for m in cache if m.usable_in_project(project_id)]


def remember_memberships(user, memberships) -> None:
    """Give the request's user their active memberships, read by the caller with other rows in one query."""
    if user.is_authenticated:
        user._active_memberships = [m for m in memberships if m.user_id == user.pk and m.ended_at is None]


def _org_ids(user, roles=None, project=None) -> set[int]:
    return {m.organisation_id for m in _memberships(user, project) if roles is None or m.role in roles}


def _partner_ids(project) -> set[int]:
    return {p.authority_id for p in project.partners.all()}


def _participant_ids(project) -> set[int]:
    return {p.organisation_id for p in project.participants.all()}


def is_partner_member(user, project) -> bool:
    return bool(_org_ids(user, project=project) & _partner_ids(project))


def can_view_project(user, project) -> bool:
    if project.deleted_at is not None:
        return can_edit_project(user, project)
    if user.is_authenticated and (
        user.is_staff or _org_ids(user, project=project) & (_partner_ids(project) | _participant_ids(project))
    ):
        return True
    if project.is_draft:
        # A draft (a project that never left identification) is shown to its partners only.
        return False
    if project.visibility == Visibility.PUBLIC:
        return True
    if project.visibility == Visibility.NETWORK and user.is_authenticated:
        coordinated = _org_ids(user, roles=(Role.COORDINATOR,))
        if not coordinated:
            return False
        return NetworkMembership.objects.filter(
            network_id__in=networks_scope(coordinated), member_id__in=_partner_ids(project)
        ).exists()
    return False


def can_edit_project(user, project) -> bool:
    """Members of a partner authority edit (observers only read)."""
    return bool(_org_ids(user, roles=EDITING_ROLES, project=project) & _partner_ids(project))


def can_comment_project(user, project) -> bool:
    """Partners and the other participants discuss."""
    ids = _org_ids(user, roles=(*EDITING_ROLES, Role.COORDINATOR), project=project)
    return bool(ids & (_partner_ids(project) | _participant_ids(project)))


def can_transition_project(user, project) -> bool:
    return bool(_org_ids(user, roles=(Role.OFFICER, Role.ELECTED), project=project) & _partner_ids(project))


def can_approve_for(user, authority_id: int, project=None) -> bool:
    """An elected official, or an officer to whom the authority delegated approval, of that authority
    (a provisional member only in the project it was invited to)."""
    return any(
        m.organisation_id == authority_id
        and (m.role == Role.ELECTED or (m.role == Role.OFFICER and m.can_approve))
        for m in _memberships(user, project)
    )


def can_approve_programme(user, project, authority) -> bool:
    return authority.pk in _partner_ids(project) and can_approve_for(user, authority.pk, project)


def can_accept_mission(user, project, authority) -> bool:
    """Accepting the mission report: an officer or elected official of that partner authority."""
    return authority.pk in _partner_ids(project) and any(
        m.organisation_id == authority.pk and m.role in (Role.OFFICER, Role.ELECTED)
        for m in _memberships(user, project)
    )


def can_restore_project(user, project) -> bool:
    return bool(_org_ids(user, roles=(Role.OFFICER,), project=project) & _partner_ids(project))


def acting_authorities(user, project, *, for_approval: bool = False) -> list[int]:
    """Partner authorities the user may act for on this project."""
    partner_ids = _partner_ids(project)
    if for_approval:
        return sorted(a for a in partner_ids if can_approve_for(user, a, project))
    return sorted(_org_ids(user, roles=EDITING_ROLES, project=project) & partner_ids)


def can_invite_for_partner(user, project) -> bool:
    """A confirmed officer or elected official of a partner authority brings in the people of a partner that
    has nobody confirmed on Mostovi (the service checks the rest)."""
    return any(
        m.status == MembershipStatus.CONFIRMED
        and m.organisation_id in _partner_ids(project)
        and m.role in (Role.OFFICER, Role.ELECTED)
        for m in _memberships(user, project)
    )


def coordinates_any(user) -> bool:
    """Whether the user coordinates a network (who may confirm provisional members of its authorities)."""
    return bool(_org_ids(user, roles=(Role.COORDINATOR,)))
