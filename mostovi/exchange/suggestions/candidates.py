"""Finding the candidates that could rank, with their signals, in a bounded number of queries."""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, TextField
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


def _fields(prefix: str) -> list[str]:
    return [f"{prefix}{name}" if name != "id" else f"{prefix}id" for name in _FIELDS]


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
    """Every candidate that could rank, with its signals, in a handful of queries.

    Queries return one row per authority and signal (grouped or distinct in SQL), never one per post, theme
    and partnership: turning rows into candidates is most of the time spent in Python.
    """
    candidates: dict[int, Candidate] = {}
    counts: dict[int, tuple[int, int]] = {}  # partners of similar authorities, of any size (read below)

    def get(row) -> Candidate | None:
        """The candidate of a row starting with the _FIELDS columns; None when out of scope."""
        pk = row[0]
        candidate = candidates.get(pk)
        if candidate is None:
            if not scope.accepts(*row[:5]):
                return None
            candidate = candidates[pk] = Candidate(pk, row[2], row[5], location=_location(row[6], row[7]))
            if pk in counts:
                candidate.peer_partners, candidate.country_partners = counts[pk]
        return candidate

    def read(ids, keep_deleted) -> set[int]:
        """Read the authorities not yet candidates, once each, and add those in scope (deleted ones only when
        in `keep_deleted`); returns the deleted ones read. Reading an authority's row, not a signal's rows, is
        the costly part of a query: once per authority, not once per partnership and theme."""
        deleted = set()
        missing = [pk for pk in ids if pk not in candidates]
        for start in range(0, len(missing), _READ_CHUNK):
            for *row, deleted_at in _read_authorities(missing[start : start + _READ_CHUNK]):
                if deleted_at is not None:
                    deleted.add(row[0])
                    if row[0] not in keep_deleted:
                        continue
                get(row)
        return deleted

    wanted_themes = profile.themes | profile.needs | profile.offers

    # Open posts: their working languages and language (one row per authority and list of languages, decoded
    # once per list)…
    if profile.languages:
        shared_of: dict[tuple, set[str]] = {}
        for *row, working, language in (
            open_posts()
            .filter(authority__deleted_at__isnull=True)
            .values_list(*_fields("authority__"), Cast("working_languages", TextField()), "language")
            .distinct()
        ):
            languages = shared_of.get((working, language))
            if languages is None:
                decoded = json.loads(working) if working is not None else None
                languages = _languages(decoded) | _languages([language])
                languages = shared_of[(working, language)] = languages & profile.languages
            if languages and (candidate := get(row)) is not None:
                candidate.languages |= languages
    # … and their themes among the source's: themes in common, offers meeting needs (and the reverse).
    if wanted_themes:
        for *row, kind, slug in (
            Post.themes.through.objects.filter(
                theme__slug__in=wanted_themes,
                post__authority__deleted_at__isnull=True,
                **_open_post_filter("post__"),
            )
            .values_list(*_fields("post__authority__"), "post__kind", "theme__slug")
            .distinct()
        ):
            if (candidate := get(row)) is None:
                continue
            if slug in profile.themes:
                candidate.themes.add(slug)
            if kind == PostKind.OFFER and slug in profile.needs:
                candidate.offers.add(slug)
            if kind == PostKind.NEED and slug in profile.offers:
                candidate.needs.add(slug)

    themes_of: dict[int, set[str]] = {}
    if profile.themes:
        # Partnerships on the source's themes: who is in them (the authorities are read below, once each).
        for pk, slug in (
            Partnership.themes.through.objects.filter(
                theme__slug__in=profile.themes, partnership__deleted_at__isnull=True
            )
            .values_list("partnership__members__authority_id", "theme__slug")
            .distinct()
        ):
            themes_of.setdefault(pk, set()).add(slug)
        # Public projects (their themes are free text: catalogue slugs count).
        for *row, project_themes in ProjectPartner.objects.filter(
            project__in=_public_projects(), authority__deleted_at__isnull=True
        ).values_list(*_fields("authority__"), "project__themes"):
            common = _theme_slugs(project_themes) & profile.themes
            if common and (candidate := get(row)) is not None:
                candidate.themes |= common

    # Networks in common, directly or through a national association.
    if profile.networks:
        reachable = set(profile.networks)
        reachable |= {child for child, above in parents.items() if above & profile.networks}
        for *row, network_id in NetworkMembership.objects.filter(
            network_id__in=reachable, member__deleted_at__isnull=True
        ).values_list(*_fields("member__"), "network_id"):
            common = ({network_id} | parents.get(network_id, set())) & profile.networks
            if common and (candidate := get(row)) is not None:
                candidate.networks |= common
                if network_id in profile.direct_networks:
                    candidate.direct_networks.add(network_id)

    # Partners of authorities of the source's country (and among them, of those like the source: similar
    # size — or the same level when the size is unknown): per candidate, how many of each share a partnership
    # with it, counted in SQL, starting from those authorities. The source is not left out of them: whoever
    # shares a partnership with it is its partner, never a candidate.
    partner_counts = _partner_counts(profile, level)

    # Partners of similar authorities, per partner country (the countries only: a narrow read).
    counts.update(partner_counts)
    peer_countries: dict[str, int] = {}
    similar = [pk for pk, (peers, _any_size) in partner_counts.items() if peers]
    for start in range(0, len(similar), _READ_CHUNK):
        for pk, country in _by_ids(["id", "country"], similar[start : start + _READ_CHUNK]):
            peer_countries[country] = peer_countries.get(country, 0) + partner_counts[pk][0]
    for pk, (peers, any_size) in partner_counts.items():
        if (candidate := candidates.get(pk)) is not None:
            candidate.peer_partners, candidate.country_partners = peers, any_size
    for pk, themes in themes_of.items():
        if (candidate := candidates.get(pk)) is not None:
            candidate.themes |= themes

    network_names = {
        pk: acronym or name
        for pk, acronym, name in Organisation.objects.filter(pk__in=profile.networks).values_list(
            "pk", "acronym", "name"
        )
    }
    context = Context(network_names=network_names, peer_countries=peer_countries)
    score = _scorer(profile, context)

    # The members of partnerships on the themes and the partners of authorities of the source's country that
    # carry no other signal: what they carry is known without reading them (how many themes, how many
    # partners), so a score bound comes first (that, and the best a country of the scope, size and nearness
    # could give). They are read best bound first, by growing batches, until the next bound is below the
    # MAX_SUGGESTIONS-th score: most are never read. A deleted partner of similar authorities still counts (as
    # it always has: see docs/SUGGESTIONS.md); a deleted member of a partnership on the themes does not.
    # With a theme filter, only the members of partnerships on it can still qualify.
    pending = (themes_of.keys() | (set() if scope.themes else partner_counts.keys())) - candidates.keys()
    bounds: dict[tuple, int] = {}

    def upper(pk: int) -> int:
        peers, any_size = partner_counts.get(pk, (0, 0))
        # Partners count up to PEERS_FULL_AT (similar ones 1, others ½): beyond, the same bound.
        peers, any_size = min(peers, PEERS_FULL_AT), min(any_size, 2 * PEERS_FULL_AT)
        key = (len(themes_of.get(pk, ())), peers, max(peers, any_size))
        if key not in bounds:
            bounds[key] = max(
                _bound(profile, country, context, themes=key[0], peers=key[1], country_partners=key[2])
                for country in scope.countries
            )
        return bounds[key]

    order = sorted(pending, key=lambda pk: (-upper(pk), pk))
    start, batch = 0, 250
    while start < len(order):
        if not scope.themes:
            floor = _floor(candidates, score, scope)
            if floor is not None and upper(order[start]) < floor:
                break
        chunk = order[start : start + batch]
        deleted = read(chunk, keep_deleted=partner_counts)
        for pk in chunk:
            if pk in themes_of and pk not in deleted and (candidate := candidates.get(pk)) is not None:
                candidate.themes |= themes_of[pk]
        start, batch = start + batch, batch * 2

    if scope.themes:
        # Only the authorities carrying the theme asked for: the rest are not candidates.
        for pk in [pk for pk, c in candidates.items() if not (c.themes | c.offers | c.needs) & scope.themes]:
            del candidates[pk]
        return candidates, context

    # The rest score on their country and size only. A score bound first: what the best of them could get in
    # a country (size, geography, language, partners of similar authorities with that country). When
    # MAX_SUGGESTIONS candidates already score above it, nobody else of that country can enter the list, and
    # its authorities are not read at all (France: 35,000 communes).
    countries = list(scope.countries)
    floor = _floor(candidates, score, scope)
    if floor is not None:
        countries = [country for country in countries if _bound(profile, country, context) >= floor]
    pool = Q()
    for country in countries:
        for first in _first_without_signals(profile, scope, country):
            pool |= Q(pk__in=first)
    if countries:
        for row in Organisation.objects.filter(pool).order_by().values_list(*_FIELDS):
            get(row)
    return candidates, context


def _floor(candidates: dict[int, Candidate], score, scope: _Scope) -> int | None:
    """The MAX_SUGGESTIONS-th best score so far (None when fewer, or when every candidate is ranked)."""
    if scope.exhaustive or len(candidates) < MAX_SUGGESTIONS:
        return None
    return heapq.nlargest(MAX_SUGGESTIONS, (score(candidate) for candidate in candidates.values()))[-1]


def _partner_counts(profile: Profile, level: str) -> dict[int, tuple[int, int]]:
    """Per authority: how many distinct local authorities of the source's country share a partnership (not
    deleted) with it, those like the source first (similar size, or the same level when the size is
    unknown), then of any size; the source left out (its partners are excluded anyway, and it would count as
    an authority like itself). One grouped query, starting from the authorities of the country, the
    authority itself left out in the join (with the ORM, the grouping kept one row per authority of the
    country: 12,000 rows instead of 750 for France)."""
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
        JOIN {partnership} p ON p.id = m.partnership_id
        JOIN {member} o ON o.partnership_id = m.partnership_id AND o.authority_id <> m.authority_id
        WHERE a.country = %s AND a.kind = %s AND a.deleted_at IS NULL AND p.deleted_at IS NULL
          AND m.authority_id <> %s
        GROUP BY o.authority_id
    """  # noqa: S608 (table names from the models; values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*params, profile.country, OrganisationKind.LOCAL_AUTHORITY, profile.authority_id]
        )
        return {pk: (peers, any_size) for pk, peers, any_size in cursor.fetchall()}


def _bound(
    profile: Profile,
    country: str,
    context: Context,
    themes: int = 0,
    peers: int = 0,
    country_partners: int = 0,
) -> int:
    """The best score an authority of this country could get, carrying no signal of its own but `themes` in
    common with the source (from partnerships) and partners in its country (`peers` of similar size)."""
    best = Candidate(
        0,
        country,
        profile.population,
        location=profile.location,
        themes=set(sorted(profile.themes)[:themes]),
        peer_partners=peers,
        country_partners=country_partners,
    )
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
