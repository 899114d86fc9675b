"""Who belongs to a network, directly or through a member association (reads only, constant queries).

A membership row says that an organisation is a member of a network. An authority that is a member of an
association (SKGO) belongs indirectly to every network the association belongs to (NALAS, CEMR), and to the
networks those belong to in turn (CEMR → UCLG). Indirect memberships are derived here, never stored, and are
always shown as such, with the association they come through (`via`).
"""

from collections import deque
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import NetworkMembership, Organisation, OrganisationKind


@dataclass
class NetworkGraph:
    """Networks and the networks that are their members (one query)."""

    # network id → the ids of the networks that are its direct members
    member_networks: dict[int, set[int]] = field(default_factory=dict)

    def below(self, network_id: int) -> dict[int, int]:
        """Every network that belongs to `network_id`, directly or not → the direct member it comes through.

        SKGO under CEMR → SKGO; an association under a federation that is a member of UCLG → the federation.
        """
        found: dict[int, int] = {}
        queue = deque((child, child) for child in self.member_networks.get(network_id, ()))
        while queue:
            current, via = queue.popleft()
            if current in found or current == network_id:
                continue
            found[current] = via
            queue.extend((child, via) for child in self.member_networks.get(current, ()))
        return found


def network_graph() -> NetworkGraph:
    graph = NetworkGraph()
    rows = NetworkMembership.objects.filter(
        member__kind=OrganisationKind.NETWORK,
        member__deleted_at=None,
        network__deleted_at=None,
    ).values_list("network_id", "member_id")
    for network_id, member_id in rows:
        graph.member_networks.setdefault(network_id, set()).add(member_id)
    return graph


@dataclass
class AuthorityMember:
    """An authority belonging to a network: directly (`via` is None) or through the member network `via`."""

    authority_id: int
    direct: bool
    via_id: int | None
    membership_id: int


def network_authority_members(
    network_id: int, graph: NetworkGraph | None = None
) -> dict[int, AuthorityMember]:
    """authority id → how it belongs to `network_id` (direct wins over indirect). Two queries."""
    graph = graph or network_graph()
    below = graph.below(network_id)
    rows = (
        NetworkMembership.objects.filter(
            network_id__in=[network_id, *below],
            member__kind=OrganisationKind.LOCAL_AUTHORITY,
            member__deleted_at=None,
        )
        .order_by("network_id", "id")
        .values_list("id", "member_id", "network_id")
    )
    members: dict[int, AuthorityMember] = {}
    for pk, member_id, through in rows:
        if through == network_id:
            members[member_id] = AuthorityMember(member_id, True, None, pk)
        elif member_id not in members:
            members[member_id] = AuthorityMember(member_id, False, through, pk)
    return members


def network_memberships_of_authorities(scope) -> QuerySet:
    """The memberships of alive local authorities in the networks of `scope` (a network and the networks
    below it, `networks_scope`): `.values("member_id")` is the subquery of a network's members.

    The kind is tested as "none of the other kinds": with an equality, SQLite (which keeps no statistics
    unless asked) walks the index of every local authority of the directory instead of the few thousand
    memberships of the network; the answer is the same."""
    others = [kind for kind in OrganisationKind.values if kind != OrganisationKind.LOCAL_AUTHORITY]
    return NetworkMembership.objects.filter(network_id__in=scope, member__deleted_at=None).exclude(
        member__kind__in=others
    )


def network_member_ids(network_id: int) -> set[int]:
    """Ids of the authorities belonging to the network, directly or not."""
    return set(network_authority_members(network_id))


def network_has_member(network_ids, authority_id: int) -> bool:
    """Does the authority belong, directly or not, to one of `network_ids`? (Two queries at most.)"""
    network_ids = set(network_ids)
    if not network_ids:
        return False
    graph = network_graph()
    scope = set(network_ids)
    for network_id in network_ids:
        scope |= set(graph.below(network_id))
    return NetworkMembership.objects.filter(network_id__in=scope, member_id=authority_id).exists()


def networks_scope(network_ids) -> set[int]:
    """The networks and every network below them (for a filter by network, direct or not)."""
    network_ids = list(network_ids)
    if not network_ids:
        return set()
    graph = network_graph()
    scope = set(network_ids)
    for network_id in network_ids:
        scope |= set(graph.below(network_id))
    return scope


def network_list_counts() -> list[Organisation]:
    """Every network with `member_count` (direct members) and `member_count_indirect` (authorities belonging
    only through a member network). Three queries, whatever the number of networks and members."""
    networks = list(
        Organisation.objects.alive().filter(kind=OrganisationKind.NETWORK).order_by("sort_key", "id")
    )
    graph = network_graph()
    direct: dict[int, int] = {}
    authorities: dict[int, set[int]] = {}
    for network_id, member_id, kind in NetworkMembership.objects.filter(member__deleted_at=None).values_list(
        "network_id", "member_id", "member__kind"
    ):
        direct[network_id] = direct.get(network_id, 0) + 1
        if kind == OrganisationKind.LOCAL_AUTHORITY:
            authorities.setdefault(network_id, set()).add(member_id)
    for network in networks:
        own = authorities.get(network.pk, set())
        indirect: set[int] = set()
        for below in graph.below(network.pk):
            indirect |= authorities.get(below, set())
        network.member_count = direct.get(network.pk, 0)
        network.member_count_indirect = len(indirect - own)
    return networks


def network_members_page(
    network_id: int, *, direct: bool | None = None, country: str | None = None
) -> list[dict]:
    """The network's authority members as rows (authority, direct, via, since, source, unverified), the
    direct ones first, then by country and name. Four queries."""
    members = network_authority_members(network_id)
    if direct is not None:
        members = {k: v for k, v in members.items() if v.direct == direct}
    authorities = (
        Organisation.objects.alive()
        .filter(pk__in=list(members))
        .only("id", "name", "name_latin", "country", "level", "latitude", "longitude", "sort_key")
    )
    if country:
        authorities = authorities.filter(country=country)
    authorities = list(authorities)
    memberships = NetworkMembership.objects.in_bulk([members[a.pk].membership_id for a in authorities])
    via_ids = {m.via_id for m in members.values() if m.via_id}
    vias = {o.pk: o for o in Organisation.objects.filter(pk__in=via_ids).only("id", "acronym", "name")}
    rows = []
    for authority in authorities:
        member = members[authority.pk]
        membership = memberships[member.membership_id]
        via = vias.get(member.via_id)
        rows.append(
            {
                "authority": authority,
                "direct": member.direct,
                "via": via,
                "membership": membership,
                "since": membership.since,
                "source": next((s.get("url", "") for s in membership.sources or [] if s.get("url")), ""),
                "checked_on": membership.checked_on,
                "unverified": membership.unverified,
                "status": membership.status,
            }
        )
    rows.sort(key=lambda r: (not r["direct"], r["authority"].country, r["authority"].sort_key))
    return rows


def authority_networks(authority: Organisation) -> list[dict]:
    """The networks an authority belongs to: directly (its memberships) and through them. Three queries."""
    direct = list(
        NetworkMembership.objects.filter(member=authority, network__deleted_at=None)
        .select_related("network")
        .order_by("network__sort_key")
    )
    graph = network_graph()
    above: dict[int, set[int]] = {}
    for network_id, children in graph.member_networks.items():
        for child in children:
            above.setdefault(child, set()).add(network_id)
    seen = {m.network_id for m in direct}
    indirect: dict[int, int] = {}
    queue = deque((parent, m.network_id) for m in direct for parent in above.get(m.network_id, ()))
    while queue:
        network_id, via = queue.popleft()
        if network_id in seen or network_id in indirect:
            continue
        indirect[network_id] = via
        queue.extend((parent, via) for parent in above.get(network_id, ()))
    names = Organisation.objects.alive().in_bulk(list(indirect))
    by_id = {m.network_id: m.network for m in direct}
    rows = [{"network": m.network, "direct": True, "via": None, "membership": m} for m in direct]
    rows += [
        {"network": names[pk], "direct": False, "via": by_id.get(via), "membership": None}
        for pk, via in indirect.items()
        if pk in names
    ]
    return rows


def network_authorities_q(network_id: int) -> Q:
    """A filter on organisations: members of the network, directly or through a member network."""
    scope = networks_scope([network_id])
    return Q(pk__in=NetworkMembership.objects.filter(network_id__in=scope).values("member_id"))
