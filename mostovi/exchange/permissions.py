"""Who may do what on the exchange. Each predicate takes the user first; none trusts a view to have checked.

Posting and the threads of expressions of interest belong to the members of an authority with an acting role
(officer, elected official, technical staff); a network coordinator may post for a member authority of the
network. Observers only read.
"""

from mostovi.accounts.models import Membership, Role
from mostovi.directory.network_selectors import network_has_member

ACTING_ROLES = (Role.OFFICER, Role.ELECTED, Role.TECHNICAL)


def _memberships(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return []
    cache = getattr(user, "_exchange_memberships", None)
    if cache is None:
        cache = list(Membership.objects.confirmed().filter(user=user))
        user._exchange_memberships = cache
    return cache


def forget_memberships(user) -> None:
    if user is not None and hasattr(user, "_exchange_memberships"):
        del user._exchange_memberships


def acting_authority_ids(user) -> set[int]:
    return {m.organisation_id for m in _memberships(user) if m.role in ACTING_ROLES}


def coordinated_network_ids(user) -> set[int]:
    return {m.organisation_id for m in _memberships(user) if m.role == Role.COORDINATOR}


def acts_for(user, authority_id: int | None) -> bool:
    return authority_id is not None and authority_id in acting_authority_ids(user)


def coordinates_for(user, network_id: int | None, authority_id: int) -> bool:
    """The user coordinates `network_id`, and the authority belongs to that network, directly or through a
    member association (a Serbian municipality belongs to NALAS through SKGO)."""
    if network_id is None or network_id not in coordinated_network_ids(user):
        return False
    return network_has_member([network_id], authority_id)


def can_post_for(user, authority, network=None) -> bool:
    if network is not None:
        return coordinates_for(user, network.pk, authority.pk)
    return acts_for(user, authority.pk)


def can_edit_post(user, post) -> bool:
    """The posting authority's members, or a coordinator of the network that posted on its behalf."""
    if acts_for(user, post.authority_id):
        return True
    return coordinates_for(user, post.on_behalf_of_network_id, post.authority_id)


def can_view_post(user, post) -> bool:
    if post.deleted_at is not None:
        return can_edit_post(user, post)
    return True


def can_open_interest(user, from_authority) -> bool:
    return acts_for(user, from_authority.pk)


def can_view_interest(user, interest) -> bool:
    """Only the members of the two authorities (acting roles) see the thread."""
    return acts_for(user, interest.from_authority_id) or acts_for(user, interest.to_authority_id)


def can_message_interest(user, interest) -> bool:
    return can_view_interest(user, interest)


def can_decide_interest(user, interest) -> bool:
    """The receiving side accepts or declines."""
    return acts_for(user, interest.to_authority_id)


def can_save_filter(user) -> bool:
    return user is not None and user.is_authenticated


def can_dismiss_suggestion(user, authority) -> bool:
    """Marking a suggested partner 'not relevant' belongs to those who act for the authority."""
    return acts_for(user, authority.pk)
