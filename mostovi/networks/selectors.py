"""The coordination console of a network: its members, their cooperation, the overlaps and the gaps.

Everything is read in a fixed number of queries whatever the size of the network (CEMR reaches tens of
thousands of authorities through its member associations): the members are a subquery on the memberships of
the network and of the networks below it, never a list of ids sent back to the database.

Figures count every record, private projects included; names and titles are given only for the projects the
reader may see (`projects.selectors.project_list_visible_to`), and overlaps and gaps only to the network's
coordinators and staff (`can_coordinate_network`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from mostovi.accounts.models import Membership, Role
from mostovi.directory.models import NetworkMembership, Organisation, OrganisationKind
from mostovi.directory.network_selectors import AuthorityMember, network_graph
from mostovi.exchange.models import Interest, Post, PostKind, PostStatus
from mostovi.funding.models import Call, Rule, RuleKind
from mostovi.partnerships.models import Partnership, PartnershipMember
from mostovi.partnerships.models import Status as PartnershipStatus
from mostovi.projects.models import FINISHED_PHASES, Phase, Project, ProjectPartner
from mostovi.projects.selectors import project_list_visible_to, project_text
from mostovi.themes.models import Theme

from .models import ProjectSupport

WESTERN_BALKANS = ("RS", "MK", "AL", "BA", "ME", "XK")
NEED_UNANSWERED_DAYS = 90
# Lists in the overview stop here; their totals are always given.
LIST_LIMIT = 200


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
    members: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)


def network_overview(*, network: Organisation, user, full: bool, with_members: bool = True) -> Overview:
    """The console's figures (and, when `full`, its overlaps, gaps and lists)."""
    overview = Overview(network=network, full=full)
    today = timezone.localdate()
    # Members, direct first, with what the console shows of them: one query over the memberships.
    graph = network_graph()
    below = graph.below(network.pk)
    members_map: dict[int, AuthorityMember] = {}
    authorities: dict[int, tuple] = {}
    for pk, member_id, through, country, name, latin, lat, lon in (
        NetworkMembership.objects.filter(
            network_id__in=[network.pk, *below],
            member__kind=OrganisationKind.LOCAL_AUTHORITY,
            member__deleted_at=None,
        )
        .order_by("network_id", "id")
        .values_list(
            "id",
            "member_id",
            "network_id",
            "member__country",
            "member__name",
            "member__name_latin",
            "member__latitude",
            "member__longitude",
        )
    ):
        authorities[member_id] = (country, name, latin, lat, lon)
        if through == network.pk:
            members_map[member_id] = AuthorityMember(member_id, True, None, pk)
        elif member_id not in members_map:
            members_map[member_id] = AuthorityMember(member_id, False, through, pk)
    overview.members_direct = sum(1 for m in members_map.values() if m.direct)
    overview.members_indirect = len(members_map) - overview.members_direct

    # The tables below are read whole, a column or two at a time, and filtered here: one pass over each
    # table is cheaper than asking the database for the records of tens of thousands of members.
    slugs = dict(Theme.objects.values_list("id", "slug"))

    # Partnerships of members: every partner of each, its status, year, themes and supporting networks.
    partnerships: dict[int, dict] = {}
    rows = list(
        PartnershipMember.objects.filter(partnership__deleted_at=None).values_list(
            "partnership_id", "authority_id", "authority__country"
        )
    )
    wanted = {pk for pk, authority_id, _c in rows if authority_id in authorities}
    # The year of a partnership is that of its signature, or the year it is known to exist since.
    for pk, status, signed_on, since_year in Partnership.objects.filter(deleted_at=None).values_list(
        "id", "status", "signed_on", "since_year"
    ):
        if pk in wanted:
            year = signed_on.year if signed_on else since_year
            partnerships[pk] = {"status": status, "year": year, "partners": [], "themes": [], "networks": []}
    for pk, authority_id, country in rows:
        if pk in partnerships:
            partnerships[pk]["partners"].append((authority_id, country))
    for pk, theme_id in Partnership.themes.through.objects.values_list("partnership_id", "theme_id"):
        if pk in partnerships:
            partnerships[pk]["themes"].append(slugs[theme_id])
    for pk, network_id in Partnership.networks.through.objects.values_list(
        "partnership_id", "organisation_id"
    ):
        if pk in partnerships:
            partnerships[pk]["networks"].append(network_id)

    # Projects of members: every partner, phase, themes, year; which the reader may see in detail.
    projects: dict[int, dict] = {}
    rows = list(
        ProjectPartner.objects.filter(project__deleted_at=None).values_list(
            "project_id", "authority_id", "authority__country"
        )
    )
    wanted = {pk for pk, authority_id, _c in rows if authority_id in authorities}
    for pk, phase, themes, created_at in Project.objects.filter(deleted_at=None).values_list(
        "id", "phase", "themes", "created_at"
    ):
        if pk in wanted:
            projects[pk] = {
                "phase": phase,
                "themes": list(themes or []),
                "year": created_at.year,
                "partners": [],
            }
    for pk, authority_id, country in rows:
        if pk in projects:
            projects[pk]["partners"].append((authority_id, country))
    visible = {
        pk
        for pk in project_list_visible_to(user=user).values_list("pk", flat=True).iterator()
        if pk in projects
    }

    # Open posts of members, with their themes and whether anyone expressed interest.
    posts: dict[int, dict] = {}
    offer_ids = set()
    for pk, authority_id, kind, title, created_at, status, valid_until in Post.objects.filter(
        deleted_at=None
    ).values_list("id", "authority_id", "kind", "title", "created_at", "status", "valid_until"):
        if kind == PostKind.OFFER:
            offer_ids.add(pk)
        if authority_id in authorities and status == PostStatus.OPEN and valid_until >= today:
            posts[pk] = {
                "authority": authority_id,
                "kind": kind,
                "title": title,
                "created_at": created_at,
                "themes": [],
            }
    offered_anywhere = set()
    for pk, theme_id in Post.themes.through.objects.values_list("post_id", "theme_id"):
        if pk in posts:
            posts[pk]["themes"].append(slugs[theme_id])
        if pk in offer_ids:
            offered_anywhere.add(slugs[theme_id])
    answered = set(Interest.objects.exclude(post_id=None).values_list("post_id", flat=True).distinct())

    _figures(overview, authorities, partnerships, projects, posts, today)
    overview.deadlines = _deadlines({c for c, *_r in authorities.values()}, today)
    if full:
        _overlaps(overview, authorities, partnerships, projects, posts)
        _gaps(overview, authorities, partnerships, projects, posts, answered, offered_anywhere, today)
        if with_members:
            _lists(overview, authorities, members_map, partnerships, projects, posts, visible)
    return overview


def _deadlines(countries: set[str], today) -> list[dict]:
    """Calls of active instruments closing in the coming year that the members may answer: no rule on the
    countries of the lead or the partners, or one that names a country of the members. Two queries."""
    calls = list(
        Call.objects.filter(
            closes_on__gte=today,
            closes_on__lte=today + timedelta(days=365),
            instrument__is_active=True,
            instrument__deleted_at=None,
        )
        .select_related("instrument")
        .order_by("closes_on", "id")
    )
    rules: dict[int, list[set]] = defaultdict(list)
    for instrument_id, params in Rule.objects.filter(
        instrument_id__in={c.instrument_id for c in calls},
        kind__in=(RuleKind.LEAD_COUNTRY_IN, RuleKind.PARTNER_COUNTRY_IN),
    ).values_list("instrument_id", "params"):
        rules[instrument_id].append(set((params or {}).get("countries") or []))
    fitting = []
    for call in calls:
        country_rules = rules.get(call.instrument_id, [])
        if country_rules and not any(allowed & countries for allowed in country_rules):
            continue
        fitting.append(
            {
                "call": call.title,
                "instrument": call.instrument.name,
                "instrument_slug": call.instrument.slug,
                "closes_on": call.closes_on.isoformat(),
                "source": call.source,
                "verified": call.verified,
            }
        )
    return fitting[:LIST_LIMIT]


def _active_partnership(p: dict) -> bool:
    return p["status"] in (PartnershipStatus.ACTIVE, PartnershipStatus.UNKNOWN)


def _active_project(p: dict) -> bool:
    return p["phase"] not in (*FINISHED_PHASES, Phase.SUSPENDED)


def _figures(overview, authorities, partnerships, projects, posts, today) -> None:
    rows: dict[str, Counter] = defaultdict(Counter)
    for country, *_rest in authorities.values():
        rows[country]["authorities"] += 1
    for p in partnerships.values():
        for country in {c for a, c in p["partners"] if a in authorities}:
            rows[country]["partnerships"] += 1
    for p in projects.values():
        for country in {c for a, c in p["partners"] if a in authorities}:
            rows[country]["projects"] += 1
    for post in posts.values():
        rows[authorities[post["authority"]][0]]["open_posts"] += 1 if post["authority"] in authorities else 0
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
    matrix: Counter = Counter()
    years = set()
    for kind, records in (("partnerships", partnerships), ("projects", projects)):
        for p in records.values():
            for slug in p["themes"]:
                themes[slug][kind] += 1
                if p["year"] is None:
                    continue
                for country in {c for a, c in p["partners"] if a in authorities}:
                    matrix[(country, slug, p["year"])] += 1
                    years.add(p["year"])
    for post in posts.values():
        for slug in post["themes"]:
            themes[slug]["needs" if post["kind"] == PostKind.NEED else "offers"] += 1
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
    overview.years = sorted(years)
    overview.matrix = [
        {"country": country, "theme": slug, "year": year, "count": count}
        for (country, slug, year), count in sorted(matrix.items())
    ]


def _overlaps(overview, authorities, partnerships, projects, posts) -> None:
    """The same pair of authorities in several active records; the same Western Balkan authority and theme
    worked on with several French authorities (or supported through several networks)."""
    pairs: dict[tuple[int, int], list] = defaultdict(list)
    wb_theme: dict[tuple[int, str], set] = defaultdict(set)
    wb_networks: dict[tuple[int, str], set] = defaultdict(set)

    def record(kind, pk, partners, themes, networks=()):
        ids = sorted({a for a, _c in partners})
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if first in authorities or second in authorities:
                    pairs[(first, second)].append({"kind": kind, "id": pk})
        french = {a for a, c in partners if c == "FR"}
        for authority, country in partners:
            if country in WESTERN_BALKANS and authority in authorities:
                for slug in themes:
                    wb_theme[(authority, slug)] |= french
                    wb_networks[(authority, slug)] |= set(networks)

    for pk, p in partnerships.items():
        if _active_partnership(p):
            record("partnership", pk, p["partners"], p["themes"], p["networks"])
    for pk, p in projects.items():
        if _active_project(p):
            record("project", pk, p["partners"], p["themes"])
    for pk, post in posts.items():
        country = authorities.get(post["authority"], ("",))[0]
        record("post", pk, [(post["authority"], country)], post["themes"])

    items = [
        {"kind": "pair", "ids": [first, second], "theme": "", "involved": [], "records": records}
        for (first, second), records in pairs.items()
        if len(records) > 1
    ][: LIST_LIMIT // 2]
    for (authority, slug), french in wb_theme.items():
        networks = wb_networks[(authority, slug)]
        if len(french) > 1 or len(networks) > 1:
            items.append(
                {
                    "kind": "authority_theme",
                    "ids": [authority],
                    "theme": slug,
                    "involved": sorted(french | networks),
                    "records": [],
                }
            )
    items = items[:LIST_LIMIT]
    names = _names({pk for item in items for pk in [*item["ids"], *item["involved"]]})
    for item in items:
        item["authorities"] = [_ref(pk, names) for pk in item.pop("ids")]
        item["involved"] = [_ref(pk, names) for pk in item["involved"]]
    overview.overlaps = items[:LIST_LIMIT]


def _gaps(overview, authorities, partnerships, projects, posts, answered, offered_anywhere, today) -> None:
    limit = timezone.now() - timedelta(days=NEED_UNANSWERED_DAYS)
    names = _names({post["authority"] for post in posts.values()})
    needs = [
        {
            "post_id": pk,
            "title": post["title"],
            "authority": _ref(post["authority"], names),
            "posted_on": post["created_at"].date().isoformat(),
        }
        for pk, post in sorted(posts.items())
        if post["kind"] == PostKind.NEED and post["created_at"] < limit and pk not in answered
    ]
    engaged = {a for p in partnerships.values() for a, _c in p["partners"]}
    engaged |= {a for p in projects.values() for a, _c in p["partners"]}
    alone = sorted(
        (
            pk
            for pk, (country, *_r) in authorities.items()
            if country in WESTERN_BALKANS and pk not in engaged
        ),
        key=lambda pk: (authorities[pk][0], authorities[pk][2] or authorities[pk][1]),
    )
    asked = {slug for post in posts.values() if post["kind"] == PostKind.NEED for slug in post["themes"]}
    overview.gaps = {
        "needs_unanswered": needs[:LIST_LIMIT],
        "needs_unanswered_count": len(needs),
        "members_without_partner": [
            {
                "id": pk,
                "name": authorities[pk][1],
                "name_latin": authorities[pk][2],
                "country": authorities[pk][0],
            }
            for pk in alone[:LIST_LIMIT]
        ],
        "members_without_partner_count": len(alone),
        "themes_asked_never_offered": sorted(asked - offered_anywhere),
    }


def _lists(overview, authorities, members_map, partnerships, projects, posts, visible) -> None:
    partnership_count = Counter(a for p in partnerships.values() for a, _c in p["partners"])
    project_count = Counter(a for p in projects.values() for a, _c in p["partners"])
    post_count = Counter(post["authority"] for post in posts.values())
    vias = _names({m.via_id for m in members_map.values() if m.via_id})
    members = []
    for pk, (country, name, latin, lat, lon) in authorities.items():
        member = members_map.get(pk)
        members.append(
            {
                "id": pk,
                "name": name,
                "name_latin": latin,
                "country": country,
                "lat": lat,
                "lon": lon,
                "direct": bool(member and member.direct),
                "via": vias.get(member.via_id, "") if member and member.via_id else "",
                "partnerships": partnership_count[pk],
                "projects": project_count[pk],
                "open_posts": post_count[pk],
            }
        )
    members.sort(
        key=lambda m: (-(m["partnerships"] + m["projects"] + m["open_posts"]), m["country"], m["name_latin"])
    )
    overview.members = members
    titles = {}
    if visible:
        # A project's title is a text per language: the reader's, else the original (projects.selectors).
        for project in Project.objects.filter(pk__in=visible).prefetch_related("texts"):
            text = project_text(project, "title")
            titles[project.pk] = text.text if text is not None else ""
    overview.projects = [
        {"id": pk, "phase": p["phase"], "title": titles.get(pk, ""), "visible": pk in visible}
        for pk, p in sorted(projects.items())
    ]
    overview.posts = [
        {"id": pk, "kind": post["kind"], "title": post["title"], "authority": post["authority"]}
        for pk, post in sorted(posts.items())
    ]


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        pk: acronym or latin or name
        for pk, acronym, name, latin in Organisation.objects.filter(pk__in=ids).values_list(
            "id", "acronym", "name", "name_latin"
        )
    }


def _ref(pk: int, names: dict[int, str]) -> dict:
    return {"id": pk, "name": names.get(pk, "")}


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
    for support in ProjectSupport.objects.filter(project_id__in=project_ids).select_related("network"):
        result.setdefault(support.project_id, []).append(support)
    return result
