"""What the coordination console finds among the members: overlaps (the same pair, or the same Western Balkan
authority and theme, through several networks or French authorities), gaps (needs left unanswered, members
without cooperation, themes asked for and never offered) and the deadlines of the calls that fit them."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import (
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mostovi.directory.models import Organisation
from mostovi.exchange.models import Interest, Post, PostKind
from mostovi.funding.catalogue.texts import text as catalogue_text
from mostovi.funding.models import Call, Rule, RuleKind
from mostovi.partnerships.models import PartnershipMember
from mostovi.partnerships.models import Status as PartnershipStatus
from mostovi.projects.models import FINISHED_PHASES, Phase, Project, ProjectPartner

LIST_LIMIT = 200
WESTERN_BALKANS = ("RS", "MK", "AL", "BA", "ME", "XK")
NEED_UNANSWERED_DAYS = 90
ACTIVE_PARTNERSHIP = (PartnershipStatus.ACTIVE, PartnershipStatus.UNKNOWN)


def _pairs(members, extra: Q | None = None) -> QuerySet:
    """Pairs of partners (first < second) of the active partnerships with a member among them, one row per
    partnership. One `filter()` call, so that both conditions on the other partner use the same join."""
    return PartnershipMember.objects.filter(
        (Q(authority_id__in=members) | Q(partnership__members__authority_id__in=members)) & (extra or Q()),
        partnership__deleted_at=None,
        partnership__status__in=ACTIVE_PARTNERSHIP,
        partnership__members__authority_id__gt=F("authority_id"),
    ).order_by()


def _overlaps(overview, part, members, projects, project_members) -> None:
    """The same pair of authorities in several active records; the same Western Balkan authority and theme
    worked on with several French authorities (or supported through several networks). Six queries."""
    half = LIST_LIMIT // 2
    active = {pk: p for pk, p in sorted(projects.items()) if _active_project(p)}
    # Pairs: the projects' (few) are counted here, the partnerships' in the database.
    project_pairs: dict[tuple[int, int], list] = defaultdict(list)
    for pk, p in active.items():
        ids = sorted({a for a, _c in p["partners"]})
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if first in project_members or second in project_members:
                    project_pairs[(first, second)].append({"kind": "project", "id": pk})
    with_member = ProjectPartner.objects.filter(authority_id__in=members).values("project_id")
    active_ids = (
        Project.objects.filter(deleted_at=None, pk__in=with_member)
        .exclude(phase__in=(*FINISHED_PHASES, Phase.SUSPENDED))
        .values("pk")
    )
    in_active_projects = ProjectPartner.objects.filter(project_id__in=active_ids).values("authority_id")
    counted = {
        (first, second): n
        for first, second, n in _pairs(
            members,
            Q(authority_id__in=in_active_projects)
            & Q(partnership__members__authority_id__in=in_active_projects),
        )
        .values_list("authority_id", "partnership__members__authority_id")
        .annotate(n=Count("partnership_id"))
    }
    repeated = list(part["repeated"])
    repeated += [pair for pair, records in project_pairs.items() if len(records) + counted.get(pair, 0) > 1]
    chosen = sorted(set(repeated))[:half]
    records: dict[tuple[int, int], list] = defaultdict(list)
    if chosen:
        wanted = set(chosen)
        for first, second, pk in (
            _pairs(
                members,
                Q(authority_id__in={a for a, _b in chosen})
                & Q(partnership__members__authority_id__in={b for _a, b in chosen}),
            )
            .order_by("partnership_id")
            .values_list("authority_id", "partnership__members__authority_id", "partnership_id")
        ):
            if (first, second) in wanted:
                records[(first, second)].append({"kind": "partnership", "id": pk})
    items = [
        {
            "kind": "pair",
            "ids": [first, second],
            "theme": "",
            "involved": [],
            "records": records[(first, second)] + project_pairs.get((first, second), []),
        }
        for first, second in chosen
    ]

    # The same Western Balkan member and theme: French partners and networks, counted in the database for
    # the partnerships; the projects' are added to the keys they share.
    project_french: dict[tuple[int, str], set] = defaultdict(set)
    for p in active.values():
        french = {a for a, c in p["partners"] if c == "FR"}
        for authority, country in p["partners"]:
            if country in WESTERN_BALKANS and authority in project_members:
                for slug in p["themes"]:
                    project_french[(authority, slug)] |= french
    flagged = part["flagged"]
    room = LIST_LIMIT - len(items)
    # The sets of the first flagged keys come with the partnership part; those the projects touch are read.
    french_of, networks_of = (defaultdict(set, d) for d in part["sets"])
    in_wb_projects = ProjectPartner.objects.filter(
        project_id__in=active_ids, authority__country__in=WESTERN_BALKANS
    ).values("authority_id")
    french_more, networks_more = _wb_sets(_wb_partners(members).filter(authority_id__in=in_wb_projects))
    for key, found in french_more.items():
        french_of[key] |= found
    for key, found in networks_more.items():
        networks_of[key] |= found
    keys = set(flagged[:room])
    for key, french in project_french.items():
        if len(french | french_of.get(key, set())) > 1 or len(networks_of.get(key, ())) > 1:
            keys.add(key)
    for authority, slug in sorted(keys)[:room]:
        french = french_of.get((authority, slug), set()) | project_french.get((authority, slug), set())
        networks = networks_of.get((authority, slug), set())
        items.append(
            {
                "kind": "authority_theme",
                "ids": [authority],
                "theme": slug,
                "involved": sorted(french | networks),
                "records": [],
            }
        )
    names = _names({pk for item in items for pk in [*item["ids"], *item["involved"]]})
    for item in items:
        item["authorities"] = [_ref(pk, names) for pk in item.pop("ids")]
        item["involved"] = [_ref(pk, names) for pk in item["involved"]]
    overview.overlaps = items


def _gaps(overview, part, members, open_posts, asked: set[str]) -> None:
    """Old needs without interest, Western Balkan members without partnership or project, themes asked for
    and never offered. Four queries besides the partnership part."""
    limit = timezone.now() - timedelta(days=NEED_UNANSWERED_DAYS)
    needs = open_posts.filter(kind=PostKind.NEED, created_at__lt=limit).exclude(
        pk__in=Interest.objects.exclude(post_id=None).values("post_id")
    )
    in_projects = set(
        ProjectPartner.objects.filter(
            project__deleted_at=None, authority_id__in=members, authority__country__in=WESTERN_BALKANS
        ).values_list("authority_id", flat=True)
    )
    alone = [m for m in part["without_partnership"] if m["id"] not in in_projects]
    offered = set(
        Post.themes.through.objects.filter(post__deleted_at=None, post__kind=PostKind.OFFER)
        .order_by()
        .values_list("theme__slug", flat=True)
        .distinct()
    )
    overview.gaps = {
        "needs_unanswered": [
            {
                "post_id": pk,
                "title": title,
                "authority": {"id": authority_id, "name": acronym or latin or name},
                "posted_on": created_at.date().isoformat(),
            }
            for pk, title, authority_id, acronym, latin, name, created_at in needs.order_by("pk").values_list(
                "id",
                "title",
                "authority_id",
                "authority__acronym",
                "authority__name_latin",
                "authority__name",
                "created_at",
            )[:LIST_LIMIT]
        ],
        "needs_unanswered_count": needs.count(),
        "members_without_partner": alone[:LIST_LIMIT],
        "members_without_partner_count": len(alone),
        "themes_asked_never_offered": sorted(asked - offered),
    }


def _count(queryset: QuerySet, column: str, condition: Q | None = None):
    """The number of rows of `queryset` (meeting `condition`) for the outer row, as a correlated subquery;
    0 when none."""
    counted = queryset.order_by().values(column).annotate(n=Count("pk", filter=condition)).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


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
                "call": catalogue_text(call),
                "instrument": catalogue_text(call.instrument),
                "instrument_slug": call.instrument.slug,
                "closes_on": call.closes_on.isoformat(),
                "source": call.source,
                "verified": call.verified,
            }
        )
    return fitting[:LIST_LIMIT]


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


def _wb_partners(members) -> QuerySet:
    """The Western Balkan members' places in active partnerships."""
    return PartnershipMember.objects.filter(
        authority_id__in=members,
        authority__country__in=WESTERN_BALKANS,
        partnership__deleted_at=None,
        partnership__status__in=ACTIVE_PARTNERSHIP,
    ).order_by()


def _wb_sets(wb_partners: QuerySet) -> tuple[dict, dict]:
    """(authority, theme) → its French partners, and → the networks supporting its partnerships."""
    french_of: dict[tuple[int, str], set] = defaultdict(set)
    networks_of: dict[tuple[int, str], set] = defaultdict(set)
    for authority, slug, other, country, network_id in wb_partners.values_list(
        "authority_id",
        "partnership__themes__slug",
        "partnership__members__authority_id",
        "partnership__members__authority__country",
        "partnership__networks",
    ).distinct():
        if slug is None:
            continue
        if country == "FR":
            french_of[(authority, slug)].add(other)
        if network_id is not None:
            networks_of[(authority, slug)].add(network_id)
    return dict(french_of), dict(networks_of)


def _active_project(p: dict) -> bool:
    return p["phase"] not in (*FINISHED_PHASES, Phase.SUSPENDED)
