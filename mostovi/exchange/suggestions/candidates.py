"""Finding the candidates that could rank, with their signals, in a bounded number of queries."""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Q, Sum, TextField, Value, When
from django.db.models.functions import Cast

from mostovi.directory.models import NetworkMembership, Organisation, OrganisationKind
from mostovi.partnerships.models import Partnership, PartnershipMember
from mostovi.projects.models import ProjectPartner

from ..models import Post, PostKind
from .facts import _authorities, _languages, _open_post_filter, _public_projects, _theme_slugs, open_posts
from .scoring import (
    MAX_SUGGESTIONS,
    NEIGHBOURS,
    PEERS_FULL_AT,
    SIZE_BANDS,
    SIZE_RATIO_FULL,
    SIZE_RATIO_HALF,
    Candidate,
    Context,
    Profile,
    _location,
    _scorer,
    country_languages,
    geography_points,
    score_bound,
    score_candidate,
)

_FIELDS = ("id", "kind", "country", "is_subunit", "level", "population", "latitude", "longitude")
# Primary keys per `pk IN (…)` query (below every database's limit of parameters).
_READ_CHUNK = 5_000


@dataclass(frozen=True)
class _Scope:
    """Which authorities may be candidates.

    Candidate queries start from the few rows that carry a signal (posts, partnerships on a theme, network
    members) and read the authority's columns by primary key; the scope is then checked here, in Python.
    Filtering the authority in SQL instead lets SQLite start from the 35,000 French communes.
    """

    countries: tuple[str, ...]
    excluded: frozenset[int]
    subunits: bool
    levels: tuple[str, ...] = ()
    # Only authorities carrying one of these themes (the page's or the API's `theme` filter).
    themes: frozenset[str] = frozenset()
    # Rank every authority in scope (the leave-one-out benchmark), not only the first MAX_SUGGESTIONS.
    exhaustive: bool = False

    def filter(self) -> Q:
        condition = Q(
            kind=OrganisationKind.LOCAL_AUTHORITY, deleted_at__isnull=True, country__in=self.countries
        )
        if not self.subunits:
            condition &= Q(is_subunit=False)
        if self.levels:
            condition &= Q(level__in=self.levels)
        return condition

    def accepts(self, pk, kind, country, is_subunit, level) -> bool:
        return (
            kind == OrganisationKind.LOCAL_AUTHORITY
            and country in self.countries
            and (self.subunits or not is_subunit)
            and (not self.levels or level in self.levels)
            and pk not in self.excluded
        )


def _read_authorities(ids: list[int]) -> list[tuple]:
    """The _FIELDS columns and `deleted_at` of these organisations, by primary key.

    No other condition: with one on the country, SQLite reads the 35,000 French communes instead.
    """
    return _by_ids([*_FIELDS, "deleted_at"], ids)


def _by_ids(columns: list[str], ids: list[int]) -> list[tuple]:
    """These columns of the organisations with these ids, in plain SQL: the ORM prepares each value of a
    `pk IN (…)` one by one, which costs more than the query itself for thousands of ids."""
    if not ids:
        return []
    table = Organisation._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE id IN ({placeholders})"  # noqa: S608 (columns from code)
    with connection.cursor() as cursor:
        cursor.execute(sql, [int(pk) for pk in ids])
        return cursor.fetchall()


def _population_filter(low: int | None, high: int | None) -> Q:
    condition = Q()
    if low is not None:
        condition &= Q(population__gte=low)
    if high is not None:
        condition &= Q(population__lte=high)
    return condition


def load_candidates(
    profile: Profile, scope: _Scope, parents: dict[int, set[int]], level: str
) -> tuple[dict[int, Candidate], Context]:
    """Every candidate that could rank, with its signals, in a bounded number of queries.

    First the signals, by authority id only (narrow queries, one row per authority and signal: turning rows
    into Python objects is most of the time spent); then the authorities' rows, best score bound first, only
    while they can still rank; then, per country whose best could still rank, the authorities carrying no
    signal that could (`_first_without_signals`).
    """
    signals = _signals(profile, parents, scope.countries)
    themes_of, offers_of, needs_of, languages_of, networks_of, direct_of = signals

    # Partners of authorities of the source's country (and among them, of those like the source: similar
    # size — or the same level when the size is unknown): per authority, how many of each share a
    # partnership with it, counted in SQL, starting from those authorities. The source is not left out of
    # them: whoever shares a partnership with it is its partner, never a candidate.
    counts = _partner_counts(profile, level)

    # Partners of similar authorities, per partner country (the countries only: a narrow read).
    peer_countries: dict[str, int] = {}
    similar = [pk for pk, (peers, _any_size) in counts.items() if peers]
    for start in range(0, len(similar), _READ_CHUNK):
        for pk, country in _by_ids(["id", "country"], similar[start : start + _READ_CHUNK]):
            peer_countries[country] = peer_countries.get(country, 0) + counts[pk][0]
    network_names = {
        pk: acronym or name
        for pk, acronym, name in Organisation.objects.filter(pk__in=profile.networks).values_list(
            "pk", "acronym", "name"
        )
    }
    context = Context(network_names=network_names, peer_countries=peer_countries)
    score = _scorer(profile, context)

    # Carriers of a signal other than partners in the source's country; with a theme filter, only those
    # carrying the theme asked for are candidates (partners alone carry no theme).
    carriers = set(themes_of)
    for found in (offers_of, needs_of, languages_of, networks_of):
        carriers.update(found)
    if scope.themes:
        carriers = {
            pk
            for pk in carriers
            if (themes_of.get(pk, _NONE) | offers_of.get(pk, _NONE) | needs_of.get(pk, _NONE)) & scope.themes
        }
    carriers -= scope.excluded

    candidates: dict[int, Candidate] = {}
    best: list[int] = []  # the MAX_SUGGESTIONS best scores so far (a heap: the lowest first)

    def floor() -> int | None:
        """The MAX_SUGGESTIONS-th best score so far (None when fewer, or when every candidate is ranked)."""
        return best[0] if len(best) >= MAX_SUGGESTIONS and not scope.exhaustive else None

    def add(rows) -> None:
        """Candidates of these rows (the _FIELDS columns and `deleted_at`) when in scope, with every signal
        they carry; their scores are final."""
        for pk, kind, country, is_subunit, row_level, population, latitude, longitude, deleted_at in rows:
            if (
                deleted_at is not None
                or pk in candidates
                or not scope.accepts(pk, kind, country, is_subunit, row_level)
            ):
                continue
            candidate = candidates[pk] = Candidate(
                pk, country, population, location=_location(latitude, longitude)
            )
            if pk in carriers:
                candidate.themes = themes_of.get(pk) or set()
                candidate.offers = offers_of.get(pk) or set()
                candidate.needs = needs_of.get(pk) or set()
                candidate.languages = languages_of.get(pk) or set()
                candidate.networks = networks_of.get(pk) or set()
                candidate.direct_networks = direct_of.get(pk) or set()
            if pk in counts:
                candidate.peer_partners, candidate.country_partners = counts[pk]
            value = score(candidate)
            if len(best) < MAX_SUGGESTIONS:
                heapq.heappush(best, value)
            elif value > best[0]:
                heapq.heapreplace(best, value)

    # What a carrier could score is known before reading it (which signals, how many themes and partners),
    # but for its country, size and distance: the best of those in the scope. Carriers are grouped by what
    # they carry, and read best bound first, by growing batches, until the next bound is below the
    # MAX_SUGGESTIONS-th score found: most are never read (partners count up to PEERS_FULL_AT, similar ones
    # 1 and others ½: beyond, the same bound).
    groups: dict[tuple, list[int]] = {}

    def group_of(pk: int, themes: int, offer_need: bool, languages: bool, networks: int) -> None:
        peers, any_size = counts.get(pk, _NO_COUNTS)
        peers = min(peers, PEERS_FULL_AT)
        key = (themes, offer_need, languages, networks, peers, max(peers, min(any_size, 2 * PEERS_FULL_AT)))
        group = groups.get(key)
        if group is None:
            groups[key] = [pk]
        else:
            group.append(pk)

    for pk in carriers:
        group_of(
            pk,
            len(themes_of.get(pk, _NONE)),
            pk in offers_of or pk in needs_of,
            pk in languages_of,
            2 if pk in direct_of else 1 if pk in networks_of else 0,
        )
    if not scope.themes:
        # Partners alone (thousands of them): their group depends on their counts only.
        by_counts: dict[tuple[int, int], list[int]] = {}
        for pk, pair in counts.items():
            if pk not in carriers and pk not in scope.excluded:
                group = by_counts.get(pair)
                if group is None:
                    by_counts[pair] = [pk]
                else:
                    group.append(pk)
        for (peers, any_size), pks in by_counts.items():
            peers = min(peers, PEERS_FULL_AT)
            key = (0, False, False, 0, peers, max(peers, min(any_size, 2 * PEERS_FULL_AT)))
            groups.setdefault(key, []).extend(pks)
    bounds = _Bounds(profile, scope, context)
    batch, size, done = [], 250, False
    for bound, key in sorted(((bounds.of(key), key) for key in groups), reverse=True):
        group, start = groups[key], 0
        while start < len(group):
            if not batch and (low := floor()) is not None and bound < low:
                done = True
                break
            taken = group[start : start + size - len(batch)]
            batch += taken
            start += len(taken)
            if len(batch) >= size:
                add(_read_authorities(batch))
                batch, size = [], min(2 * size, _READ_CHUNK)
        if done:
            break
    add(_read_authorities(batch))

    if scope.themes:
        return candidates, context

    # The rest score on their country and size only. A score bound first: what the best of them could get in
    # a country (size, geography, language, partners of similar authorities with that country). When
    # MAX_SUGGESTIONS candidates already score above it, nobody else of that country can enter the list, and
    # its authorities are not read at all (France: 35,000 communes).
    countries = list(scope.countries)
    low = floor()
    if low is not None:
        countries = [country for country in countries if _bound(profile, country, context) >= low]
    pool = Q()
    for country in countries:
        for first in _first_without_signals(profile, scope, country):
            pool |= Q(pk__in=first)
    if countries:
        add(Organisation.objects.filter(pool).order_by().values_list(*_FIELDS, "deleted_at"))
    return candidates, context


_NONE: frozenset = frozenset()
_NO_COUNTS = (0, 0)


def _signals(profile: Profile, parents: dict[int, set[int]], countries: tuple[str, ...]) -> tuple[dict, ...]:
    """Per authority id: the themes in common with the source, the themes of its open offers meeting the
    source's needs and of its open needs met by its offers, the languages of its open posts the source uses,
    the networks in common and those both belong to directly. Nothing is read of the authority itself but
    the country of a post's (the posts of the countries out of scope, a thousand French ones for a foreign
    source, are left out here rather than read later)."""
    themes_of: dict[int, set[str]] = {}
    offers_of: dict[int, set[str]] = {}
    needs_of: dict[int, set[str]] = {}
    languages_of: dict[int, set[str]] = {}
    networks_of: dict[int, set[int]] = {}
    direct_of: dict[int, set[int]] = {}

    # Open posts: their working languages and language (one row per authority and list of languages, decoded
    # once per list)…
    if profile.languages:
        shared_of: dict[tuple, set[str]] = {}
        for pk, country, working, language in (
            open_posts()
            .values_list(
                "authority_id", "authority__country", Cast("working_languages", TextField()), "language"
            )
            .distinct()
        ):
            if country not in countries:
                continue
            languages = shared_of.get((working, language))
            if languages is None:
                decoded = json.loads(working) if working is not None else None
                languages = _languages(decoded) | _languages([language])
                languages = shared_of[(working, language)] = languages & profile.languages
            if languages:
                found = languages_of.get(pk)
                languages_of[pk] = set(languages) if found is None else found | languages
    # … and their themes among the source's: themes in common, offers meeting needs (and the reverse).
    wanted_themes = profile.themes | profile.needs | profile.offers
    if wanted_themes:
        for pk, country, kind, slug in (
            Post.themes.through.objects.filter(theme__slug__in=wanted_themes, **_open_post_filter("post__"))
            .values_list("post__authority_id", "post__authority__country", "post__kind", "theme__slug")
            .distinct()
        ):
            if country not in countries:
                continue
            if slug in profile.themes:
                themes_of.setdefault(pk, set()).add(slug)
            if kind == PostKind.OFFER and slug in profile.needs:
                offers_of.setdefault(pk, set()).add(slug)
            if kind == PostKind.NEED and slug in profile.offers:
                needs_of.setdefault(pk, set()).add(slug)

    if profile.themes:
        # Partnerships on the source's themes: who is in them, one row per authority with its themes as a
        # bit mask (the sum of the distinct bits of its themes).
        bits = {slug: 1 << index for index, slug in enumerate(sorted(profile.themes))}
        decoded: dict[int, frozenset[str]] = {}
        for pk, mask in (
            Partnership.themes.through.objects.filter(
                theme__slug__in=profile.themes, partnership__deleted_at__isnull=True
            )
            .values("partnership__members__authority_id")
            .annotate(
                mask=Sum(
                    Case(*[When(theme__slug=slug, then=Value(bit)) for slug, bit in bits.items()]),
                    distinct=True,
                )
            )
            .order_by()
            .values_list("partnership__members__authority_id", "mask")
        ):
            if pk is None:
                continue
            slugs = decoded.get(mask)
            if slugs is None:
                slugs = decoded[mask] = frozenset(slug for slug, bit in bits.items() if mask & bit)
            found = themes_of.get(pk)
            themes_of[pk] = slugs if found is None else found | slugs
        # Public projects (their themes are free text: catalogue slugs count).
        for pk, project_themes in ProjectPartner.objects.filter(project__in=_public_projects()).values_list(
            "authority_id", "project__themes"
        ):
            common = _theme_slugs(project_themes) & profile.themes
            if common:
                themes_of[pk] = themes_of.get(pk, _NONE) | common

    # Networks in common, directly or through a national association.
    if profile.networks:
        reachable = set(profile.networks)
        reachable |= {child for child, above in parents.items() if above & profile.networks}
        for pk, network_id in NetworkMembership.objects.filter(network_id__in=reachable).values_list(
            "member_id", "network_id"
        ):
            common = ({network_id} | parents.get(network_id, set())) & profile.networks
            if common:
                networks_of.setdefault(pk, set()).update(common)
                if network_id in profile.direct_networks:
                    direct_of.setdefault(pk, set()).add(network_id)
    return themes_of, offers_of, needs_of, languages_of, networks_of, direct_of


class _Bounds:
    """The best score a carrier of signals could get, per kind of carrier (its signals, without its country,
    size and distance): the best over the countries of the scope, at the source's size, at no distance."""

    def __init__(self, profile: Profile, scope: _Scope, context: Context):
        self.profile, self.context = profile, context
        # Countries that score alike (geography, certain language, nearness, partners of similar authorities
        # with that country) give the same bound: one of each is enough.
        neighbours = NEIGHBOURS.get(profile.country, frozenset())
        alike = {}
        for country in scope.countries:
            signature = (
                geography_points(profile, country),
                bool(country_languages(country) & profile.languages),
                country in neighbours,
                context.peer_countries.get(country, 0),
            )
            alike.setdefault(signature, country)
        self.countries = list(alike.values())
        self.cache: dict[tuple, int] = {}

    def of(self, key: tuple) -> int:
        bound = self.cache.get(key)
        if bound is None:
            themes, offer_need, languages, networks, peers, country_partners = key
            bound = self.cache[key] = max(
                score_bound(
                    self.profile,
                    self.context,
                    country,
                    themes=themes,
                    offer_need=offer_need,
                    languages=languages,
                    networks=networks,
                    peers=peers,
                    country_partners=country_partners,
                )
                for country in self.countries
            )
        return bound


def _partner_counts(profile: Profile, level: str) -> dict[int, tuple[int, int]]:
    """Per authority: how many distinct local authorities of the source's country share a partnership (not
    deleted) with it, those like the source first (similar size, or the same level when the size is
    unknown), then of any size; the source left out (its partners are excluded anyway, and it would count as
    an authority like itself). One grouped query, starting from the authorities of the country, the
    authority itself left out in the join (with the ORM, the grouping kept one row per authority of the
    country: 12,000 rows instead of 750 for France). Deleted partnerships are the few listed once, not a
    lookup of the (wide) partnership row per member: a quarter less for a French source."""
    member, partnership, organisation = (
        PartnershipMember._meta.db_table,
        Partnership._meta.db_table,
        Organisation._meta.db_table,
    )
    if profile.population:
        alike, params = (
            "a.population >= %s AND a.population <= %s",
            [
                profile.population // SIZE_RATIO_FULL,
                profile.population * SIZE_RATIO_FULL,
            ],
        )
    else:
        alike, params = "a.level = %s", [level]
    sql = f"""
        SELECT o.authority_id,
               COUNT(DISTINCT CASE WHEN {alike} THEN m.authority_id END),
               COUNT(DISTINCT m.authority_id)
        FROM {member} m
        JOIN {organisation} a ON a.id = m.authority_id
        JOIN {member} o ON o.partnership_id = m.partnership_id AND o.authority_id <> m.authority_id
        WHERE a.country = %s AND a.kind = %s AND a.deleted_at IS NULL AND m.authority_id <> %s
          AND m.partnership_id NOT IN (SELECT id FROM {partnership} WHERE deleted_at IS NOT NULL)
        GROUP BY o.authority_id
    """  # noqa: S608 (table names from the models; values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*params, profile.country, OrganisationKind.LOCAL_AUTHORITY, profile.authority_id]
        )
        return {pk: (peers, any_size) for pk, peers, any_size in cursor.fetchall()}


def _bound(profile: Profile, country: str, context: Context) -> int:
    """The best score an authority of this country could get, carrying no signal of its own (exact: its
    size the source's, or in the band sought, at no distance)."""
    best = Candidate(0, country, profile.population, location=profile.location)
    if profile.partner_size:
        best.population = SIZE_BANDS[profile.partner_size][0] or 1
    return score_candidate(profile, best, context)[0]


def _first_without_signals(profile: Profile, scope: _Scope, country: str) -> list:
    """Subqueries of the authorities of a country that could rank on their size alone: the first
    MAX_SUGGESTIONS by id, and the MAX_SUGGESTIONS closest in size (or the first in the band sought)."""
    base = _authorities().filter(scope.filter(), country=country).exclude(pk__in=scope.excluded)
    if scope.exhaustive or (profile.location and country in NEIGHBOURS.get(profile.country, ())):
        # Every authority of the country (across a land border, nearness counts: a few hundred at most).
        return [base.values("pk")]
    n = MAX_SUGGESTIONS
    queries = [base.order_by("pk").values("pk")[:n]]
    if profile.partner_size:
        band = base.filter(_population_filter(*SIZE_BANDS[profile.partner_size]))
        queries.append(band.order_by("pk").values("pk")[:n])
    elif profile.population:
        p = profile.population
        above = base.filter(population__gte=p, population__lte=p * SIZE_RATIO_HALF)
        below = base.filter(population__lt=p, population__gte=-(-p // SIZE_RATIO_HALF))
        queries.append(above.order_by("population", "pk").values("pk")[:n])
        queries.append(below.order_by("-population", "pk").values("pk")[:n])
    return queries
