"""The coordination console of a network: its members, their cooperation, the overlaps and the gaps.

Everything is read in a fixed number of queries whatever the size of the network (CEMR reaches tens of
thousands of authorities through its member associations), and counted by the database: the members are a
subquery on the memberships of the network and of the networks below it (never a list of ids sent back to
the database), the figures by country, theme and year are `GROUP BY` queries, the overlaps are pairs and
(authority, theme) keys grouped in the database, and only the rows a page shows are read as rows (a page of
members, the most active members with coordinates for the map, at most `LIST_LIMIT` items of each list).
Projects are the exception: their themes are a JSON list, so the projects of the members are read as
tuples (a few hundred, never model instances) and counted here.

Figures count every record, private projects included; names and titles are given only for the projects the
reader may see (`projects.selectors.project_list_visible_to`), and overlaps, gaps and the member list only to
the network's coordinators and staff (`can_coordinate_network`).
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils import timezone

from mostovi.accounts.models import Membership, Role
from mostovi.directory.models import NetworkMembership, Organisation, OrganisationKind
from mostovi.directory.network_selectors import network_graph, network_memberships_of_authorities
from mostovi.exchange.models import Interest, Post, PostKind, PostStatus
from mostovi.partnerships.models import Partnership, PartnershipMember
from mostovi.projects.models import Phase, Project, ProjectPartner
from mostovi.projects.selectors import project_list_visible_to, project_text

from .findings import (
    LIST_LIMIT,
    WESTERN_BALKANS,
    _count,
    _deadlines,
    _gaps,
    _names,
    _overlaps,
    _pairs,
    _wb_partners,
    _wb_sets,
)
from .models import ProjectSupport

# Lists in the overview stop at findings.LIST_LIMIT; their totals are always given.
# The console's member list is shown a page at a time; the files hold every member.
MEMBERS_PAGE = 50
# The map shows those of the most active members that have coordinates; the others are counted beside it.
MAP_LIMIT = 500


@dataclass
class Overview:
    network: Organisation
    full: bool
    members_direct: int = 0
    members_indirect: int = 0
    by_country: list[dict] = field(default_factory=list)
    by_theme: list[dict] = field(default_factory=list)
    by_phase: list[dict] = field(default_factory=list)
    matrix: list[dict] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    overlaps: list[dict] = field(default_factory=list)
    gaps: dict = field(default_factory=dict)
    # One page of members (`members_offset`, at most `MEMBERS_PAGE`), or all of them for the files.
    members: list[dict] = field(default_factory=list)
    members_offset: int = 0
    map_points: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    projects_count: int = 0
    deadlines: list[dict] = field(default_factory=list)

    @property
    def members_total(self) -> int:
        return self.members_direct + self.members_indirect


def network_overview(
    *,
    network: Organisation,
    user,
    full: bool,
    with_members: bool = True,
    members_offset: int = 0,
    members_limit: int | None = MEMBERS_PAGE,
) -> Overview:
    """The console's figures (and, when `full`, its overlaps, gaps and lists).

    `members_limit=None` lists every member (the CSV and XLSX files); the page lists `MEMBERS_PAGE` from
    `members_offset`, the most active first. What does not depend on the reader is kept in the cache for
    `CACHE_SECONDS` under a key that holds a fingerprint of the tables it is computed from
    (`_data_fingerprint`): a new, changed or deleted record gives a new key. The files are never cached."""
    members_offset = max(0, members_offset)
    key = None
    cached = None
    if members_limit is not None:
        key = overview_cache_key(network, full, with_members, members_offset, members_limit)
        cached = cache.get(key)
    if cached is None:
        overview, listed = _overview_compute(network, full, with_members, members_offset, members_limit)
        if key is not None:
            cache.set(key, (overview, listed), CACHE_SECONDS)
    else:
        overview, listed = cached
    overview.network = network
    # Reader-dependent: the deadlines are cheap and the projects' titles follow what the reader may see.
    overview.deadlines = _deadlines({r["country"] for r in overview.by_country}, timezone.localdate())
    if full and with_members:
        _projects_list(overview, listed, user)
    return overview


def overview_cache_key(network, full: bool, with_members: bool, members_offset: int, members_limit: int):
    """The overview's key: its shape and the fingerprint of the data (one query)."""
    shape = f"{network.pk}:{int(full)}:{int(with_members)}:{members_offset}:{members_limit}"
    return f"networks:overview:{shape}:{_data_fingerprint()}"


# The tables the overview is computed from: a change in any of them changes its cache key. Rows are
# counted (a deletion) and their highest id read (an addition); an edit adds a row to the model's history
# (django-simple-history), whose highest id is read too; for a model without history, its latest
# `updated_at`. Each of these reads one end of an index, except the counts (a walk of the smallest index).
FINGERPRINT = (
    NetworkMembership,
    Organisation,
    Partnership,
    PartnershipMember,
    Partnership.themes.through,
    Partnership.networks.through,
    Project,
    ProjectPartner,
    Post,
    Post.themes.through,
    Interest,
)
CACHE_SECONDS = 300


def _data_fingerprint(tables=FINGERPRINT) -> str:
    """One query over `tables`, and the day (open posts and old needs follow it)."""
    quote = connection.ops.quote_name
    # Only table and column names of the models, quoted; no value from a request.
    parts = []
    for model in tables:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        parts.append(f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {table})")  # noqa: S608
        history = getattr(model, "history", None)
        if history is not None:
            meta = history.model._meta
            parts.append(f"(SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)})")  # noqa: S608
        elif any(f.name == "updated_at" for f in model._meta.fields):
            parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    digest = hashlib.sha256(repr((timezone.localdate(), row)).encode()).hexdigest()
    return digest[:24]


def _overview_compute(network, full, with_members, members_offset, members_limit) -> tuple[Overview, list]:
    overview = Overview(network=network, full=full, members_offset=members_offset)
    today = timezone.localdate()
    graph = network_graph()
    scope = [network.pk, *graph.below(network.pk)]
    memberships = network_memberships_of_authorities(scope)
    members = memberships.values("member_id")
    part = _partnership_part(network, memberships, full)
    overview.members_direct = part["direct"]
    overview.members_indirect = part["total"] - part["direct"]
    open_posts = Post.objects.filter(
        deleted_at=None, authority_id__in=members, status=PostStatus.OPEN, valid_until__gte=today
    ).order_by()
    projects, project_members = _member_projects(members, scope)

    asked = _figures(overview, part, open_posts, projects, project_members)
    listed = []
    if full:
        _overlaps(overview, part, members, projects, project_members)
        _gaps(overview, part, members, open_posts, asked)
        if with_members:
            _lists(overview, members, scope, network, members_limit)
            listed = [(pk, projects[pk]["phase"]) for pk in sorted(projects)[:LIST_LIMIT]]
            overview.projects_count = len(projects)
    return overview, listed


# What changes only with the memberships, the directory and the partnerships (imported reference records,
# seldom edited): the costly half of the overview, cached under a key of these tables alone, so that a new
# post, interest or project recomputes only the other half.
PARTNERSHIP_TABLES = (
    NetworkMembership,
    Organisation,
    Partnership,
    PartnershipMember,
    Partnership.themes.through,
    Partnership.networks.through,
)


def _partnership_part(network, memberships, full: bool) -> dict:
    """The member counts and what the partnerships of the members give: figures by country and theme, the
    matrix, and (when `full`) the repeated pairs, the flagged Western Balkan keys with the French partners and
    networks of the first ones, and the Western Balkan members without any partnership."""
    key = f"networks:partnerships:{network.pk}:{int(full)}:{_data_fingerprint(PARTNERSHIP_TABLES)}"
    part = cache.get(key)
    if part is not None:
        return part
    members = memberships.values("member_id")
    counts = memberships.aggregate(
        total=Count("member_id", distinct=True),
        direct=Count("member_id", distinct=True, filter=Q(network_id=network.pk)),
    )
    member_partnerships = PartnershipMember.objects.filter(
        authority_id__in=members, partnership__deleted_at=None
    ).order_by()
    part = {
        "direct": counts["direct"],
        "total": counts["total"],
        "authorities": dict(
            Organisation.objects.filter(pk__in=members)
            .order_by()
            .values("country")
            .annotate(n=Count("id"))
            .values_list("country", "n")
        ),
        "partnerships": dict(
            member_partnerships.values("authority__country")
            .annotate(n=Count("partnership_id", distinct=True))
            .values_list("authority__country", "n")
        ),
        "themes": dict(
            Partnership.themes.through.objects.filter(
                partnership_id__in=member_partnerships.values("partnership_id")
            )
            .order_by()
            .values("theme__slug")
            .annotate(n=Count("id"))
            .values_list("theme__slug", "n")
        ),
        "matrix": _partnership_years(member_partnerships),
    }
    if full:
        part["repeated"] = [
            (first, second)
            for first, second, _n in _pairs(members)
            .values_list("authority_id", "partnership__members__authority_id")
            .annotate(n=Count("partnership_id"))
            .filter(n__gt=1)
            .order_by("authority_id", "partnership__members__authority_id")[: LIST_LIMIT // 2]
        ]
        wb_partners = _wb_partners(members)
        flagged = sorted(
            (authority, slug)
            for authority, slug, _f, _n in wb_partners.values("authority_id", "partnership__themes__slug")
            .annotate(
                french=Count(
                    "partnership__members__authority_id",
                    distinct=True,
                    filter=Q(partnership__members__authority__country="FR"),
                ),
                networks=Count("partnership__networks", distinct=True),
            )
            .filter(Q(french__gt=1) | Q(networks__gt=1))
            .values_list("authority_id", "partnership__themes__slug", "french", "networks")
            if slug is not None
        )
        part["flagged"] = flagged
        # The sets of the keys that may be listed (the first ones).
        part["sets"] = _wb_sets(wb_partners.filter(authority_id__in={a for a, _s in flagged[:LIST_LIMIT]}))
        pk = OuterRef("pk")
        part["without_partnership"] = list(
            Organisation.objects.filter(pk__in=members, country__in=WESTERN_BALKANS)
            # Correlated (the index of each member's partnerships) rather than the list of every partner.
            .exclude(Exists(PartnershipMember.objects.filter(authority_id=pk, partnership__deleted_at=None)))
            .order_by("country", Coalesce(NullIf("name_latin", Value("")), "name"), "id")
            .values("id", "name", "name_latin", "country")
        )
    cache.set(key, part, CACHE_SECONDS)
    return part


def _member_projects(members, scope) -> tuple[dict[int, dict], set[int]]:
    """The alive projects with a member among their partners: phase, themes, year and every partner (with
    its country); and which of those partners are members. Two queries."""
    with_member = ProjectPartner.objects.filter(authority_id__in=members).values("project_id")
    projects: dict[int, dict] = {}
    for pk, phase, themes, created_at in (
        Project.objects.filter(deleted_at=None, pk__in=with_member)
        .order_by("pk")
        .values_list("id", "phase", "themes", "created_at")
    ):
        projects[pk] = {"phase": phase, "themes": list(themes or []), "year": created_at.year, "partners": []}
    is_member = Exists(
        NetworkMembership.objects.filter(
            network_id__in=scope,
            member_id=OuterRef("authority_id"),
            member__kind=OrganisationKind.LOCAL_AUTHORITY,
            member__deleted_at=None,
        )
    )
    project_members: set[int] = set()
    for pk, authority_id, country, member in (
        ProjectPartner.objects.filter(project__deleted_at=None, project_id__in=with_member)
        .annotate(is_member=is_member)
        .order_by("project_id", "id")
        .values_list("project_id", "authority_id", "authority__country", "is_member")
    ):
        if pk in projects:
            projects[pk]["partners"].append((authority_id, country))
            if member:
                project_members.add(authority_id)
    return projects, project_members


def _partnership_years(member_partnerships: QuerySet):
    """(country, theme, year, count) of the members' partnerships. The year of a partnership is that of its
    signature, or the year it is known to exist since: two queries, so that the year of a date (a function
    SQLite calls row by row) is only taken for the signed ones."""
    columns = ("authority__country", "partnership__themes__slug", "year")
    unsigned = (
        member_partnerships.filter(partnership__signed_on=None, partnership__since_year__isnull=False)
        .annotate(year=F("partnership__since_year"))
        .values(*columns)
        .annotate(n=Count("partnership_id", distinct=True))
        .values_list(*columns, "n")
    )
    signed = (
        member_partnerships.filter(partnership__signed_on__isnull=False)
        .annotate(year=ExtractYear("partnership__signed_on"))
        .values(*columns)
        .annotate(n=Count("partnership_id", distinct=True))
        .values_list(*columns, "n")
    )
    return [*unsigned, *signed]


def _member_countries(p: dict, project_members: set[int]) -> set[str]:
    return {c for a, c in p["partners"] if a in project_members}


def _figures(overview, part, open_posts, projects, project_members) -> set[str]:
    """By country, theme, phase and the country × theme × year matrix; returns the themes of the open needs.
    Two queries besides the partnership part."""
    rows: dict[str, Counter] = defaultdict(Counter)
    for country, n in part["authorities"].items():
        rows[country]["authorities"] = n
    for country, n in part["partnerships"].items():
        rows[country]["partnerships"] = n
    for country, n in (
        open_posts.values("authority__country").annotate(n=Count("id")).values_list("authority__country", "n")
    ):
        rows[country]["open_posts"] = n
    for p in projects.values():
        for country in _member_countries(p, project_members):
            rows[country]["projects"] += 1
    overview.by_country = [
        {
            "country": country,
            "authorities": counts["authorities"],
            "partnerships": counts["partnerships"],
            "projects": counts["projects"],
            "open_posts": counts["open_posts"],
        }
        for country, counts in sorted(rows.items())
    ]

    themes: dict[str, Counter] = defaultdict(Counter)
    for slug, n in part["themes"].items():
        themes[slug]["partnerships"] = n
    asked = set()
    for slug, kind, n in (
        Post.themes.through.objects.filter(post_id__in=open_posts.values("id"))
        .order_by()
        .values("theme__slug", "post__kind")
        .annotate(n=Count("id"))
        .values_list("theme__slug", "post__kind", "n")
    ):
        themes[slug]["needs" if kind == PostKind.NEED else "offers"] += n
        if kind == PostKind.NEED:
            asked.add(slug)
    matrix: Counter = Counter()
    for country, slug, year, n in part["matrix"]:
        if slug is not None:
            matrix[(country, slug, year)] += n
    for p in projects.values():
        countries = _member_countries(p, project_members)
        for slug in p["themes"]:
            themes[slug]["projects"] += 1
            for country in countries:
                matrix[(country, slug, p["year"])] += 1
    overview.by_theme = [
        {
            "theme": slug,
            "partnerships": c["partnerships"],
            "projects": c["projects"],
            "needs": c["needs"],
            "offers": c["offers"],
        }
        for slug, c in sorted(themes.items())
    ]
    phases = Counter(p["phase"] for p in projects.values())
    overview.by_phase = [
        {"phase": phase, "projects": phases[phase]} for phase in Phase.values if phases[phase]
    ]
    overview.years = sorted({year for _c, _s, year in matrix})
    overview.matrix = [
        {"country": country, "theme": slug, "year": year, "count": count}
        for (country, slug, year), count in sorted(matrix.items())
    ]
    return asked


def _ranked_members(members) -> QuerySet:
    """The member authorities, the most active first (partnerships + projects + open posts), counted by
    the database."""
    today = timezone.localdate()
    return (
        Organisation.objects.filter(pk__in=members)
        .annotate(
            n_partnerships=_count(
                PartnershipMember.objects.filter(authority_id=OuterRef("pk"), partnership__deleted_at=None),
                "authority_id",
            ),
            n_projects=_count(
                ProjectPartner.objects.filter(authority_id=OuterRef("pk"), project__deleted_at=None),
                "authority_id",
            ),
            n_posts=_count(
                Post.objects.filter(authority_id=OuterRef("pk"), deleted_at=None),
                "authority_id",
                # A condition of the count, not of the rows: SQLite then reads the posts of the authority
                # (its index) rather than every open post for each member.
                Q(status=PostStatus.OPEN, valid_until__gte=today),
            ),
        )
        .annotate(activity=F("n_partnerships") + F("n_projects") + F("n_posts"))
        .order_by("-activity", "country", "name_latin", "id")
    )


def _lists(overview, members, scope, network, members_limit) -> None:
    """A page of members (or all) and the map's points: the members ranked once. Three queries."""
    ranked = _ranked_members(members)
    columns = ("id", "name", "name_latin", "country", "latitude", "longitude")
    counts = ("n_partnerships", "n_projects", "n_posts")
    if members_limit is None:
        top = list(ranked.values_list(*columns, *counts))
        rows = top
        ways = NetworkMembership.objects.filter(network_id__in=scope, member_id__in=members)
    else:
        # A page past the end shows nothing rather than reading every member.
        start = overview.members_offset = min(overview.members_offset, overview.members_total)
        # One reading gives the map (the first MAP_LIMIT) and the page.
        top = list(ranked.values_list(*columns, *counts)[: max(MAP_LIMIT, start + members_limit)])
        rows = top[start : start + members_limit]
        ways = NetworkMembership.objects.filter(network_id__in=scope, member_id__in=[r[0] for r in rows])
    # Direct wins; otherwise the first membership names the association the authority comes through.
    via: dict[int, int | None] = {}
    for member_id, network_id in ways.order_by("network_id", "id").values_list("member_id", "network_id"):
        if network_id == network.pk:
            via[member_id] = None
        else:
            via.setdefault(member_id, network_id)
    vias = _names({pk for pk in via.values() if pk})
    overview.members = [
        {
            "id": pk,
            "name": name,
            "name_latin": latin,
            "country": country,
            "lat": lat,
            "lon": lon,
            "direct": via.get(pk) is None,
            "via": vias.get(via.get(pk), ""),
            "partnerships": n_partnerships,
            "projects": n_projects,
            "open_posts": n_posts,
        }
        for pk, name, latin, country, lat, lon, n_partnerships, n_projects, n_posts in rows
    ]
    overview.map_points = [
        {"id": pk, "name": name, "name_latin": latin, "latitude": lat, "longitude": lon}
        for pk, name, latin, _country, lat, lon, *_counts in top[:MAP_LIMIT]
        if lat is not None and lon is not None
    ]


def _projects_list(overview, listed: list[tuple[int, str]], user) -> None:
    """The members' projects (the first `LIST_LIMIT`), titled where the reader may see them. Two queries."""
    ids = [pk for pk, _phase in listed]
    visible = set(project_list_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))
    titles = {}
    # A project's title is a text per language: the reader's, else the original (projects.selectors).
    for project in Project.objects.filter(pk__in=visible).prefetch_related("texts"):
        text = project_text(project, "title")
        titles[project.pk] = text.text if text is not None else ""
    overview.projects = [
        {"id": pk, "phase": phase, "title": titles.get(pk, ""), "visible": pk in visible}
        for pk, phase in listed
    ]


def network_or_none(pk: int) -> Organisation | None:
    return Organisation.objects.alive().filter(pk=pk, kind=OrganisationKind.NETWORK).first()


def coordinated_networks(user) -> list[Organisation]:
    """The networks the user coordinates (for the link to their console)."""
    if user is None or not user.is_authenticated:
        return []
    ids = Membership.objects.active().filter(user=user, role=Role.COORDINATOR).values("organisation_id")
    return list(Organisation.objects.alive().filter(pk__in=ids, kind=OrganisationKind.NETWORK))


def project_supports(*, project_ids) -> dict[int, list]:
    """project id → the networks' supports recorded on it, refused ones included (one query)."""
    result: dict[int, list] = {}
    supports = ProjectSupport.objects.filter(project_id__in=project_ids)
    for support in supports.select_related("network", "refused_for").order_by("recorded_at", "id"):
        result.setdefault(support.project_id, []).append(support)
    return result


def authority_names(ids) -> list[dict]:
    """[{id, name}] of the authorities, in the order of `ids` (one query)."""
    names = dict(Organisation.objects.filter(pk__in=list(ids)).values_list("id", "name"))
    return [{"id": pk, "name": names[pk]} for pk in ids if pk in names]
