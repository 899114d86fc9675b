"""Every read of the directory: search, lists and the records shown on one page."""

from collections.abc import Callable, Iterable

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import get_language

from .models import Country, NetworkMembership, Organisation, OrganisationKind, SearchTerm
from .names import (  # noqa: F401  (the directory's read API: other apps call them from here)
    authority_languages,
    authority_languages_bulk,
    display_name,
    is_cyrillic,
    latin_reading,
    matched_alias,
    official_names,
    shared_languages,
)
from .network_selectors import network_authorities_q
from .search import query_variants
from .services import WEIGHT_ALIAS, WEIGHT_NAME

# Ranks of a match (lower is better).
RANK_EXACT = 0  # the whole name or an alias, exactly
RANK_NAME_PREFIX = 1  # the start of a name or an alias
RANK_WORD_PREFIX = 2  # the start of a word inside a name

# Shortest query that also matches the start of a word inside a name.
WORD_PREFIX_MIN = 3

SORT_RELEVANCE = "relevance"
SORT_NAME = "name"
SORT_POPULATION = "population"
SORT_COUNTRY = "country"
SORTS = (SORT_RELEVANCE, SORT_NAME, SORT_POPULATION, SORT_COUNTRY)

COUNTRIES = tuple(Country.values)


def _upper_bound(prefix: str) -> str | None:
    """The smallest key above every term that starts with `prefix`, under any collation; None if unbounded.

    `search.prefix_upper_bound` ("nis" → "nit") is right in byte order; locale collations (PostgreSQL's
    default) ignore spaces and punctuation, so "z" → "{" and "9" → ":" would be too low there. Carry over a
    final "z" or space instead, and move "9" to "a" (digits sort before letters in both orders).
    """
    chars = list(prefix)
    while chars:
        last = chars.pop()
        if last in "z ":
            continue
        if last == "9":
            return "".join(chars) + "a"
        if last.isascii() and last.isalnum():
            return "".join(chars) + chr(ord(last) + 1)
        return None
    return None


def term_match(variants: list[str]) -> Q:
    """Search terms that start with one of `variants`: a range the index can use, and LIKE to be exact.

    A variant shorter than WORD_PREFIX_MIN matches the start of names and aliases only, not of words inside
    names: two letters would otherwise match every "-sur-", "-la-", "Saint-Ma…" of France, which is noise
    while typing and costly.
    """
    condition = Q()
    for variant in variants:
        one = Q(term__gte=variant, term__startswith=variant)
        bound = _upper_bound(variant)
        if bound is not None:
            one &= Q(term__lt=bound)
        if len(variant) < WORD_PREFIX_MIN:
            one &= Q(weight__in=(WEIGHT_NAME, WEIGHT_ALIAS))
        condition |= one
    return condition


def _authority_filters(
    queryset: QuerySet,
    *,
    country=None,
    level=None,
    network=None,
    population_min=None,
    population_max=None,
) -> QuerySet:
    if country:
        queryset = queryset.filter(country=country)
    if level:
        queryset = queryset.filter(level=level)
    if network:
        # Direct and indirect members alike (an SKGO member belongs to NALAS through SKGO).
        queryset = queryset.filter(network_authorities_q(network))
    if population_min is not None:
        queryset = queryset.filter(population__gte=population_min)
    if population_max is not None:
        queryset = queryset.filter(population__lte=population_max)
    return queryset


def _ordering(sort: str | None, *, ranked: bool) -> list:
    population_desc = F("population").desc(nulls_last=True)
    if sort == SORT_NAME:
        return ["sort_key", "id"]
    if sort == SORT_POPULATION:
        return [population_desc, "sort_key", "id"]
    if sort == SORT_COUNTRY:
        return ["country", "sort_key", "id"]
    if ranked:
        return ["search_rank", "is_subunit", population_desc, "sort_key", "id"]
    return [population_desc, "sort_key", "id"]


def authority_search(
    *,
    q: str | None = "",
    country: str | None = None,
    level: str | None = None,
    network: int | None = None,
    population_min: int | None = None,
    population_max: int | None = None,
    kind: str = OrganisationKind.LOCAL_AUTHORITY,
    sort: str | None = None,
) -> QuerySet[Organisation]:
    """Organisations of `kind` matching `q` in any script, best matches first; every one when `q` is empty.

    Ranking: an exact name or alias, then the start of a name or alias, then the start of a word inside a
    name; then an authority before its sub-units, the larger population first, then by name.
    """
    queryset = _authority_filters(
        Organisation.objects.alive().filter(kind=kind),
        country=country,
        level=level,
        network=network,
        population_min=population_min,
        population_max=population_max,
    )
    q = (q or "").strip()
    if not q:
        return queryset.order_by(*_ordering(sort, ranked=False))
    variants = query_variants(q)
    if not variants:
        return queryset.none()
    matching = term_match(variants)
    # The best rank of an organisation's matching terms, in a subquery correlated on the organisation: the
    # (organisation, term) index answers it, and unlike a join + GROUP BY over every column (what SQLite
    # does) it stays cheap when a short prefix matches thousands of names. No join: no duplicates.
    best_rank = (
        SearchTerm.objects.filter(matching, organisation=OuterRef("pk"))
        .values("organisation")
        .annotate(
            best=Min(
                Case(
                    When(term__in=variants, weight__in=(WEIGHT_NAME, WEIGHT_ALIAS), then=Value(RANK_EXACT)),
                    When(weight__in=(WEIGHT_NAME, WEIGHT_ALIAS), then=Value(RANK_NAME_PREFIX)),
                    default=Value(RANK_WORD_PREFIX),
                    output_field=IntegerField(),
                )
            )
        )
        .values("best")
    )
    queryset = queryset.filter(pk__in=SearchTerm.objects.filter(matching).values("organisation_id")).annotate(
        search_rank=Subquery(best_rank, output_field=IntegerField())
    )
    return queryset.order_by(*_ordering(sort, ranked=sort in (None, "", SORT_RELEVANCE)))


def authority_search_count(
    *,
    q: str | None = "",
    country: str | None = None,
    level: str | None = None,
    network: int | None = None,
    population_min: int | None = None,
    population_max: int | None = None,
    kind: str = OrganisationKind.LOCAL_AUTHORITY,
    **_ignored,
) -> int:
    """How many organisations `authority_search` finds, without ranking or grouping (one cheap query)."""
    queryset = _authority_filters(
        Organisation.objects.alive().filter(kind=kind),
        country=country,
        level=level,
        network=network,
        population_min=population_min,
        population_max=population_max,
    )
    q = (q or "").strip()
    if not q:
        return queryset.count()
    variants = query_variants(q)
    if not variants:
        return 0
    matching = SearchTerm.objects.filter(term_match(variants)).values("organisation_id")
    return queryset.filter(pk__in=matching).count()


def search_aliases(organisations: Iterable[Organisation], q: str | None) -> dict[int, str]:
    """Organisation id → the name `q` found it by, for those whose name as the reader sees it did not match
    (no query)."""
    variants = query_variants((q or "").strip())
    if not variants:
        return {}
    cyrillic = is_cyrillic(q or "")
    language = get_language()
    found = {
        o.pk: matched_alias(
            o, variants, cyrillic=cyrillic, shown=(display_name(o, language), latin_reading(o, language))
        )
        for o in organisations
    }
    return {pk: alias for pk, alias in found.items() if alias}


def map_points(organisations: Iterable[Organisation]) -> list[dict]:
    """The organisations that have coordinates, as plain data for a map (no query), named for the reader."""
    language = get_language()
    return [
        {
            "id": o.pk,
            "name": display_name(o, language),
            "latin": latin_reading(o, language),
            "lat": round(o.latitude, 5),
            "lon": round(o.longitude, 5),
        }
        for o in organisations
        if o.latitude is not None and o.longitude is not None
    ]


def network_list() -> QuerySet[Organisation]:
    """Networks and associations of local authorities with their member count (one query)."""
    return (
        Organisation.objects.alive()
        .filter(kind=OrganisationKind.NETWORK)
        .annotate(member_count=Count("network_members", filter=Q(network_members__member__deleted_at=None)))
        .order_by("sort_key", "id")
    )


def network_choices() -> list[tuple[int, str]]:
    """(id, label) of every network, for a filter (one query)."""
    return [
        (pk, f"{acronym} — {name}" if acronym and acronym != name else name)
        for pk, acronym, name in Organisation.objects.alive()
        .filter(kind=OrganisationKind.NETWORK)
        .order_by("sort_key", "id")
        .values_list("id", "acronym", "name")
    ]


def organisation_detail(*, pk: int, kind: str | None = None) -> Organisation:
    """One organisation with its parent, sub-units and network memberships (both directions) prefetched.

    Raises Organisation.DoesNotExist.
    """
    queryset = Organisation.objects.alive().select_related("parent", "grouping")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.prefetch_related(
        Prefetch(
            "children",
            queryset=Organisation.objects.alive().order_by(F("population").desc(nulls_last=True), "sort_key"),
        ),
        Prefetch(
            "grouped",
            queryset=Organisation.objects.alive().order_by(F("population").desc(nulls_last=True), "sort_key"),
        ),
        Prefetch(
            "network_memberships",
            queryset=NetworkMembership.objects.filter(network__deleted_at=None)
            .select_related("network")
            .order_by("network__sort_key"),
        ),
        Prefetch(
            "network_members",
            queryset=NetworkMembership.objects.filter(member__deleted_at=None)
            .select_related("member")
            .order_by(F("member__population").desc(nulls_last=True), "member__sort_key"),
        ),
    ).get(pk=pk)


# --- what the apps above say about an authority -------------------------------------------------------------
# The directory knows no app above it; an app that holds records about an authority (partnerships) registers
# a reader in its `AppConfig.ready()`, and the authority's page and API ask for it by name.
AUTHORITY_RECORDS: dict[str, Callable[[Organisation], list]] = {}


def authority_records_register(name: str, reader: Callable[[Organisation], list]) -> None:
    """Let the authority's page and API show `reader(authority)` under `name` ("partnerships")."""
    AUTHORITY_RECORDS[name] = reader


def authority_records(authority: Organisation, name: str) -> list:
    """What the app registered under `name` holds about `authority` (empty when no app registered it)."""
    reader = AUTHORITY_RECORDS.get(name)
    return reader(authority) if reader is not None else []
