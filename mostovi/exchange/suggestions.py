"""Partner suggestions: which authorities would fit an authority, and who could answer a post.

The weights, signals and the reasoning behind them are in `docs/SUGGESTIONS.md`. Two layers:

- pure functions (`score_candidate`, `rank`, `reason_text`) over plain data (`Profile`, `Candidate`,
  `Context`): no database, easy to test and to reason about;
- two selector-style entry points (`suggestions_for_authority`, `suggestions_for_post`) that load the source,
  find the candidates in a handful of queries and preload their signals, then call the pure functions.

Candidates are found in SQL, never by scoring the whole directory in Python: every authority that carries a
candidate-specific signal (an open post, a partnership or a public project on the source's themes, a network
in common, a partnership with authorities like the source) plus, per country, the first `MAX_SUGGESTIONS`
authorities of each size band. Every other authority scores only on its country and size band, so it cannot
rank above those: the ranking is the one a full scan would give.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, TextField
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from mostovi.directory.models import Country, Level, NetworkMembership, Organisation, OrganisationKind
from mostovi.partnerships.models import Partnership, PartnershipMember
from mostovi.projects.models import Project, ProjectPartner, Visibility
from mostovi.themes.catalogue import THEMES, theme_label

from .models import PartnerSize, Post, PostKind, PostStatus

# --- Signals and weights (docs/SUGGESTIONS.md explains each number) ---------------------------------------

OFFER_NEED = "offer_need"
THEMES_IN_COMMON = "themes"
NETWORKS = "networks"
PEERS = "peers"
LANGUAGE = "language"
SIZE = "size"
GEOGRAPHY = "geography"

WEIGHTS: dict[str, int] = {
    OFFER_NEED: 30,
    THEMES_IN_COMMON: 20,
    NETWORKS: 10,
    PEERS: 10,
    LANGUAGE: 10,
    SIZE: 10,
    GEOGRAPHY: 10,
}
# Order of the reasons of equal strength.
SIGNAL_ORDER = (OFFER_NEED, THEMES_IN_COMMON, NETWORKS, PEERS, LANGUAGE, SIZE, GEOGRAPHY)

# Themes in common reach full weight at this many (or at all the source's themes if it has fewer).
THEMES_FULL_AT = 2
# Population ratios: within FULL → full size points, within HALF → half.
SIZE_RATIO_FULL = 3
SIZE_RATIO_HALF = 10
# A partnership of similar authorities with the candidate's country is worth at most this share of PEERS.
PEER_COUNTRY_SHARE = 0.5
# A reason worth less than this is not shown (nor counted).
MIN_POINTS = 1.0

DEFAULT_LIMIT = 10
# The ranked list is at most this long (the API pages within it).
MAX_SUGGESTIONS = 50

# Official languages per country (ISO 639); posts add their working languages.
COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "FR": ("fr",),
    "BG": ("bg",),
    "RS": ("sr",),
    "MK": ("mk",),
    "AL": ("sq",),
    "BA": ("bs", "hr", "sr"),
    "ME": ("cnr", "sr"),
    "XK": ("sq", "sr"),
}
WESTERN_BALKANS = ("RS", "MK", "AL", "BA", "ME", "XK")
# Without countries sought: France looks to the Western Balkans and Bulgaria, and they to France.
PRIORITY_COUNTRIES: dict[str, tuple[str, ...]] = {
    "FR": (*WESTERN_BALKANS, "BG"),
    **dict.fromkeys((*WESTERN_BALKANS, "BG"), ("FR",)),
}
# PartnerSize bands of a post (inclusive bounds, None for open).
SIZE_BANDS: dict[str, tuple[int, int | None]] = {
    PartnerSize.SMALL: (0, 19_999),
    PartnerSize.MEDIUM: (20_000, 100_000),
    PartnerSize.LARGE: (100_001, None),
}
_THEME_ORDER = {slug: index for index, slug in enumerate(THEMES)}


# --- Plain data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What is known of the source: an authority, or a post and its authority."""

    authority_id: int
    country: str
    population: int | None = None
    themes: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()  # themes of its open needs (of the post, for a need)
    offers: frozenset[str] = frozenset()  # themes of its open offers (of the post, for an offer)
    languages: frozenset[str] = frozenset()
    networks: frozenset[int] = frozenset()  # direct, and those of its national associations
    post_kind: str = ""  # "" for an authority, else the post's kind
    countries_sought: tuple[str, ...] = ()
    partner_size: str = ""


@dataclass
class Candidate:
    id: int
    country: str
    population: int | None = None
    themes: set[str] = field(default_factory=set)  # only those in common with the source
    offers: set[str] = field(default_factory=set)  # themes of its open offers meeting the source's needs
    needs: set[str] = field(default_factory=set)  # themes of its open needs the source's offers meet
    languages: set[str] = field(default_factory=set)  # working languages of its open posts
    networks: set[int] = field(default_factory=set)  # networks in common with the source
    peer_partners: int = 0  # authorities like the source it is already a partner of


@dataclass(frozen=True)
class Context:
    """Facts shared by every candidate of one source."""

    network_names: dict[int, str] = field(default_factory=dict)
    # Partnerships of authorities like the source, per partner country.
    peer_countries: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    signal: str
    points: float
    code: str  # which sentence
    params: tuple = ()


@dataclass
class Suggestion:
    authority: Organisation
    score: int
    reasons: list[str]


@dataclass
class SuggestionList:
    """One page of the ranked suggestions; `count` is the length of the whole ranking."""

    count: int
    items: list[Suggestion]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# --- Pure scoring ----------------------------------------------------------------------------------------


def normalise_language(tag: str) -> str:
    return (tag or "").strip().split("-")[0].split("_")[0].lower()


_COUNTRY_LANGUAGES = {country: frozenset(codes) for country, codes in COUNTRY_LANGUAGES.items()}


def country_languages(country: str) -> frozenset[str]:
    return _COUNTRY_LANGUAGES.get(country, frozenset())


def size_band(population: int | None) -> str:
    if population is None:
        return ""
    for band, (low, high) in SIZE_BANDS.items():
        if population >= low and (high is None or population <= high):
            return str(band)
    return ""


def population_ratio(a: int | None, b: int | None) -> float | None:
    if not a or not b:
        return None
    return max(a, b) / min(a, b)


def _sorted_themes(slugs) -> tuple[str, ...]:
    return tuple(sorted(slugs, key=lambda slug: (_THEME_ORDER.get(slug, len(_THEME_ORDER)), slug)))


def size_points(profile: Profile, population: int | None) -> tuple[float, str]:
    """Points and sentence code of the size signal (a post's band, or the ratio to the source)."""
    if profile.partner_size:
        return (WEIGHTS[SIZE], "band") if size_band(population) == profile.partner_size else (0.0, "")
    ratio = population_ratio(profile.population, population)
    if ratio is None:
        return 0.0, ""
    if ratio <= SIZE_RATIO_FULL:
        return WEIGHTS[SIZE], "similar"
    if ratio <= SIZE_RATIO_HALF:
        return WEIGHTS[SIZE] / 2, "comparable"
    return 0.0, ""


def geography_points(profile: Profile, country: str) -> tuple[float, str]:
    if profile.countries_sought:
        return (WEIGHTS[GEOGRAPHY], "sought") if country in profile.countries_sought else (0.0, "")
    if country in PRIORITY_COUNTRIES.get(profile.country, ()):
        return WEIGHTS[GEOGRAPHY], "priority"
    return 0.0, ""


def score_candidate(profile: Profile, candidate: Candidate, context: Context) -> tuple[int, list[Reason]]:
    """The score (0–100) of one candidate and its reasons, strongest first."""
    reasons: list[Reason] = []

    offers = candidate.offers & profile.needs
    needs = candidate.needs & profile.offers
    if offers:
        reasons.append(Reason(OFFER_NEED, WEIGHTS[OFFER_NEED], "offer", _sorted_themes(offers)))
    if needs:
        reasons.append(Reason(OFFER_NEED, WEIGHTS[OFFER_NEED], "need", _sorted_themes(needs)))

    common = candidate.themes & profile.themes
    if common:
        full_at = min(THEMES_FULL_AT, len(profile.themes))
        points = WEIGHTS[THEMES_IN_COMMON] * min(1.0, len(common) / full_at)
        reasons.append(Reason(THEMES_IN_COMMON, points, "themes", _sorted_themes(common)))

    networks = candidate.networks & profile.networks
    if networks:
        names = tuple(sorted({context.network_names.get(n, str(n)) for n in networks}, key=str.casefold))
        reasons.append(Reason(NETWORKS, WEIGHTS[NETWORKS], "networks", names))

    if candidate.peer_partners:
        reasons.append(Reason(PEERS, WEIGHTS[PEERS], "peers", (candidate.peer_partners, profile.country)))
    elif context.peer_countries.get(candidate.country):
        share = context.peer_countries[candidate.country] / max(context.peer_countries.values())
        points = WEIGHTS[PEERS] * PEER_COUNTRY_SHARE * share
        reasons.append(Reason(PEERS, points, "peer_country", (profile.country, candidate.country)))

    shared = (country_languages(candidate.country) | candidate.languages) & profile.languages
    if shared:
        reasons.append(Reason(LANGUAGE, WEIGHTS[LANGUAGE], "language", tuple(sorted(shared))))

    points, code = size_points(profile, candidate.population)
    if points:
        reasons.append(Reason(SIZE, points, code, (candidate.population, profile.partner_size)))

    points, code = geography_points(profile, candidate.country)
    if points:
        reasons.append(Reason(GEOGRAPHY, points, code, (candidate.country,)))

    reasons = [reason for reason in reasons if reason.points >= MIN_POINTS]
    # A signal counts once, even with two sentences (an offer and a need).
    total = sum({reason.signal: reason.points for reason in reasons}.values())
    reasons.sort(key=lambda reason: (-reason.points, SIGNAL_ORDER.index(reason.signal)))
    return min(100, round(total)), reasons


def rank(
    profile: Profile, candidates, context: Context, limit: int = MAX_SUGGESTIONS
) -> list[tuple[Candidate, int, list[Reason]]]:
    """The best candidates (a positive score), highest score first, ties broken by id.

    The score depends only on the country and on which signals a candidate carries (`key` below), not on their
    details: thousands of candidates share a few hundred kinds, scored once each; the reasons are written only
    for the candidates returned.
    """
    scored = []
    same_kind: dict[tuple, int] = {}
    for candidate in candidates:
        key = (
            candidate.country,
            size_points(profile, candidate.population)[0],
            candidate.peer_partners > 0,
            len(candidate.themes & profile.themes),
            bool(candidate.offers & profile.needs or candidate.needs & profile.offers),
            bool(candidate.languages & profile.languages),
            bool(candidate.networks & profile.networks),
        )
        score = same_kind.get(key)
        if score is None:
            score = same_kind[key] = score_candidate(profile, candidate, context)[0]
        if score > 0:
            scored.append((-score, candidate.id, candidate))
    return [
        (candidate, -negative, score_candidate(profile, candidate, context)[1])
        for negative, _pk, candidate in heapq.nsmallest(limit, scored)
    ]


# --- Sentences -------------------------------------------------------------------------------------------


def language_label(code: str) -> str:
    extra = {"cnr": _("Montenegrin")}
    if code in extra:
        return str(extra[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def country_label(code: str) -> str:
    try:
        return str(Country(code).label)
    except ValueError:
        return code


def _join(items) -> str:
    return ", ".join(str(item) for item in items)


def reason_text(reason: Reason, post_kind: str = "") -> str:
    """The reason as a sentence in the active language."""
    code, params = reason.code, reason.params
    if code in ("offer", "need"):
        themes = _join(theme_label(slug) for slug in params)
        if post_kind == PostKind.NEED:
            return _("An offer meets this need: %(themes)s") % {"themes": themes}
        if post_kind == PostKind.OFFER:
            return _("A need this offer meets: %(themes)s") % {"themes": themes}
        if code == "offer":
            return _("Offers what this authority needs: %(themes)s") % {"themes": themes}
        return _("Needs what this authority offers: %(themes)s") % {"themes": themes}
    if code == "themes":
        return _("Themes in common: %(themes)s") % {"themes": _join(theme_label(slug) for slug in params)}
    if code == "networks":
        return _("Networks in common: %(networks)s") % {"networks": _join(params)}
    if code == "peers":
        count, country = params
        return ngettext(
            "Already a partner of %(count)d authority of similar size in %(country)s",
            "Already a partner of %(count)d authorities of similar size in %(country)s",
            count,
        ) % {"count": count, "country": country_label(country)}
    if code == "peer_country":
        country, partner_country = params
        return _("Authorities of similar size in %(country)s already cooperate with %(partner_country)s") % {
            "country": country_label(country),
            "partner_country": country_label(partner_country),
        }
    if code == "language":
        languages = _join(language_label(code) for code in params)
        return ngettext("Shared language: %(languages)s", "Shared languages: %(languages)s", len(params)) % {
            "languages": languages
        }
    if code in ("similar", "comparable"):
        population = formats.number_format(params[0], force_grouping=True)
        if code == "similar":
            return _("Similar size: %(population)s inhabitants") % {"population": population}
        return _("Comparable size: %(population)s inhabitants") % {"population": population}
    if code == "band":
        return _("The size sought: %(size)s") % {"size": PartnerSize(params[1]).label}
    if code == "sought":
        return _("In a country this post seeks: %(country)s") % {"country": country_label(params[0])}
    if code == "priority":
        return _("A priority country for cooperation: %(country)s") % {"country": country_label(params[0])}
    return code


def reason_texts(reasons: list[Reason], post_kind: str = "") -> list[str]:
    texts = []
    for reason in reasons:
        text = reason_text(reason, post_kind)
        if text not in texts:  # a post's offer and need read the same
            texts.append(text)
    return texts


# --- Loading (selectors) ---------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _open_post_filter(prefix: str = "") -> dict:
    """Open posts: `status=open`, not deleted, `valid_until` today or later (`prefix`: path to the post)."""
    return {
        f"{prefix}deleted_at__isnull": True,
        f"{prefix}status": PostStatus.OPEN,
        f"{prefix}valid_until__gte": _today(),
    }


def open_posts():
    return Post.objects.filter(**_open_post_filter())


def _public_projects():
    """Projects anyone may see: only their themes are used, as a sign of interest."""
    return Project.objects.alive().filter(visibility=Visibility.PUBLIC, published_at__isnull=False)


def _authorities():
    return Organisation.objects.alive().filter(kind=OrganisationKind.LOCAL_AUTHORITY)


def _theme_slugs(values) -> set[str]:
    return {value for value in values or () if isinstance(value, str) and value in THEMES}


def _languages(values) -> set[str]:
    return {normalise_language(value) for value in values or () if isinstance(value, str) and value}


def _networks_of(authority_id: int) -> tuple[frozenset[int], dict[int, set[int]]]:
    """The networks of an authority (direct and through its associations), and every network's parents."""
    parents: dict[int, set[int]] = {}
    for member_id, network_id in NetworkMembership.objects.exclude(
        member__kind=OrganisationKind.LOCAL_AUTHORITY
    ).values_list("member_id", "network_id"):
        parents.setdefault(member_id, set()).add(network_id)
    direct = set(
        NetworkMembership.objects.filter(member_id=authority_id).values_list("network_id", flat=True)
    )
    expanded = set(direct)
    for network_id in direct:
        expanded |= parents.get(network_id, set())
    return frozenset(expanded), parents


def _partners_of(authority_id: int) -> set[int]:
    """Its current partners in the public records: partnerships not deleted (a public register) and the
    partners of its public projects. Suggestions are public: a private or draft project never changes them,
    else a partner vanishing from the list would reveal the project."""
    partnership_ids = PartnershipMember.objects.filter(
        authority_id=authority_id, partnership__deleted_at__isnull=True
    ).values("partnership_id")
    partners = set(
        PartnershipMember.objects.filter(partnership_id__in=partnership_ids).values_list(
            "authority_id", flat=True
        )
    )
    project_ids = ProjectPartner.objects.filter(
        authority_id=authority_id, project__in=_public_projects()
    ).values("project_id")
    partners |= set(
        ProjectPartner.objects.filter(project_id__in=project_ids).values_list("authority_id", flat=True)
    )
    partners.discard(authority_id)
    return partners


def authority_profile(authority: Organisation) -> tuple[Profile, dict[int, set[int]]]:
    themes: set[str] = set()
    needs: set[str] = set()
    offers: set[str] = set()
    languages = set(country_languages(authority.country))
    for kind, slug, working in (
        open_posts().filter(authority=authority).values_list("kind", "themes__slug", "working_languages")
    ):
        languages |= _languages(working)
        if slug:
            themes.add(slug)
            (needs if kind == PostKind.NEED else offers).add(slug)
    themes |= _theme_slugs(
        PartnershipMember.objects.filter(
            authority=authority, partnership__deleted_at__isnull=True
        ).values_list("partnership__themes__slug", flat=True)
    )
    for project_themes in (
        _public_projects().filter(partners__authority=authority).values_list("themes", flat=True)
    ):
        themes |= _theme_slugs(project_themes)
    networks, parents = _networks_of(authority.pk)
    profile = Profile(
        authority_id=authority.pk,
        country=authority.country,
        population=authority.population,
        themes=frozenset(themes),
        needs=frozenset(needs),
        offers=frozenset(offers),
        languages=frozenset(languages),
        networks=networks,
    )
    return profile, parents


def post_profile(post: Post) -> tuple[Profile, dict[int, set[int]]]:
    authority = post.authority
    themes = frozenset(post.themes.values_list("slug", flat=True))
    languages = set(country_languages(authority.country)) | _languages(post.working_languages)
    languages |= _languages([post.language])
    networks, parents = _networks_of(authority.pk)
    sought = tuple(code for code in post.countries_sought or () if isinstance(code, str) and code in Country)
    profile = Profile(
        authority_id=authority.pk,
        country=authority.country,
        population=authority.population,
        themes=themes,
        needs=themes if post.kind == PostKind.NEED else frozenset(),
        offers=themes if post.kind == PostKind.OFFER else frozenset(),
        languages=frozenset(languages),
        networks=networks,
        post_kind=post.kind,
        countries_sought=sought,
        partner_size=post.partner_size if post.partner_size in SIZE_BANDS else "",
    )
    return profile, parents


# The columns of an authority a candidate query reads (after the relation's prefix).
_FIELDS = ("id", "kind", "country", "is_subunit", "level", "population")
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
    return list(Organisation.objects.filter(pk__in=ids).order_by().values_list(*_FIELDS, "deleted_at"))


def _fields(prefix: str) -> list[str]:
    return [f"{prefix}{name}" if name != "id" else f"{prefix}id" for name in _FIELDS]


def _size_bands(profile: Profile) -> list[tuple[int | None, int | None]]:
    """Population bounds (inclusive, None for open) from the best size band to the worst (everything).

    Each band holds the one before it.
    """
    if profile.partner_size:
        return [SIZE_BANDS[profile.partner_size], (None, None)]
    if not profile.population:
        return [(None, None)]
    p = profile.population
    full = (-(-p // SIZE_RATIO_FULL), p * SIZE_RATIO_FULL)
    half = (-(-p // SIZE_RATIO_HALF), p * SIZE_RATIO_HALF)
    return [full, half, (None, None)]


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

    def get(row) -> Candidate | None:
        """The candidate of a row starting with the _FIELDS columns; None when out of scope."""
        pk = row[0]
        candidate = candidates.get(pk)
        if candidate is None:
            if not scope.accepts(*row[:5]):
                return None
            candidate = candidates[pk] = Candidate(pk, row[2], row[5])
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

    # Open posts: working languages (one row per authority and list of languages, decoded once per list)…
    if profile.languages:
        shared_of: dict[str | None, set[str]] = {}
        for *row, working in (
            open_posts()
            .filter(authority__deleted_at__isnull=True)
            .values_list(*_fields("authority__"), Cast("working_languages", TextField()))
            .distinct()
        ):
            languages = shared_of.get(working)
            if languages is None:
                decoded = json.loads(working) if working is not None else None
                languages = shared_of[working] = _languages(decoded) & profile.languages
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

    # Partners of authorities like the source (same country, similar size — or the same level when the size
    # is unknown): per candidate, how many of them share a partnership with it, counted in SQL, starting from
    # those authorities. The source is not left out of them: whoever shares a partnership with it is its
    # partner, never a candidate.
    peer = "partnership__members__authority__"
    like_source = {
        f"{peer}country": profile.country,
        f"{peer}kind": OrganisationKind.LOCAL_AUTHORITY,
        f"{peer}deleted_at__isnull": True,
    }
    if profile.population:
        like_source[f"{peer}population__gte"] = profile.population // SIZE_RATIO_FULL
        like_source[f"{peer}population__lte"] = profile.population * SIZE_RATIO_FULL
    else:
        like_source[f"{peer}level"] = level
    peer_counts = dict(
        PartnershipMember.objects.filter(partnership__deleted_at__isnull=True, **like_source)
        .values_list("authority_id")
        .annotate(
            peers=Count(
                "partnership__members__authority",
                distinct=True,
                filter=~Q(partnership__members__authority=F("authority")),
            )
        )
        .order_by()
    )
    peer_counts = {pk: count for pk, count in peer_counts.items() if count}

    # The authorities of both, in one query. A deleted partner of such authorities still counts (as it always
    # has: see docs/SUGGESTIONS.md); a deleted member of a partnership on the themes does not.
    deleted = read(themes_of.keys() | peer_counts.keys(), keep_deleted=peer_counts)
    for pk, themes in themes_of.items():
        if pk not in deleted and (candidate := candidates.get(pk)) is not None:
            candidate.themes |= themes
    peer_countries: dict[str, int] = {}
    for pk, count in peer_counts.items():
        if (candidate := candidates.get(pk)) is not None:
            candidate.peer_partners = count
            peer_countries[candidate.country] = peer_countries.get(candidate.country, 0) + count

    # The rest score on their country and size only: per country, the first of each size band suffice. Bands
    # hold the narrower ones, so they are read from the widest: a narrower band is read only in the countries
    # where the wider one filled its MAX_SUGGESTIONS (else they were all read already). A band with few
    # authorities in France makes SQLite read all 35,000 communes: this way, in one band at most.
    countries = list(scope.countries)
    for low, high in reversed(_size_bands(profile)):
        if not countries:
            break
        pool = Q()
        for country in countries:
            first = (
                _authorities()
                .filter(scope.filter(), _population_filter(low, high), country=country)
                .exclude(pk__in=scope.excluded)
                .order_by("pk")
                .values("pk")[:MAX_SUGGESTIONS]
            )
            pool |= Q(pk__in=first)
        per_country: dict[str, int] = {}
        for row in Organisation.objects.filter(pool).order_by().values_list(*_FIELDS):
            get(row)
            per_country[row[2]] = per_country.get(row[2], 0) + 1
        countries = [country for country in countries if per_country.get(country, 0) >= MAX_SUGGESTIONS]

    network_names = {
        pk: acronym or name
        for pk, acronym, name in Organisation.objects.filter(pk__in=profile.networks).values_list(
            "pk", "acronym", "name"
        )
    }
    return candidates, Context(network_names=network_names, peer_countries=peer_countries)


def _suggest(
    profile: Profile,
    parents: dict[int, set[int]],
    *,
    level: str,
    subunits: bool,
    levels: tuple[str, ...] = (),
    limit: int,
    offset: int,
) -> SuggestionList:
    excluded = frozenset(_partners_of(profile.authority_id) | {profile.authority_id})
    foreign = tuple(code for code in Country.values if code != profile.country)
    if profile.country in profile.countries_sought:
        scopes = [(*foreign, profile.country)]
    else:
        # Decentralised cooperation is international: the own country only when nothing else fits.
        scopes = [foreign, (profile.country,)]
    ranked = []
    for countries in scopes:
        scope = _Scope(countries=countries, excluded=excluded, subunits=subunits, levels=levels)
        candidates, context = load_candidates(profile, scope, parents, level)
        ranked = rank(profile, candidates.values(), context)
        if ranked:
            break
    page = ranked[max(0, offset) : max(0, offset) + max(0, limit)]
    authorities = _authorities().in_bulk([candidate.id for candidate, _score, _reasons in page])
    items = [
        Suggestion(authorities[candidate.id], score, reason_texts(reasons, profile.post_kind))
        for candidate, score, reasons in page
        if candidate.id in authorities
    ]
    return SuggestionList(count=len(ranked), items=items)


def suggestions_for_authority(
    *, authority_id: int, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> SuggestionList:
    """The partners that would fit a local authority. Raises Organisation.DoesNotExist."""
    authority = _authorities().get(pk=authority_id)
    profile, parents = authority_profile(authority)
    return _suggest(
        profile, parents, level=authority.level, subunits=authority.is_subunit, limit=limit, offset=offset
    )


def post_for_suggestions(post_id: int) -> Post:
    """A post not deleted (closed and expired ones still answer). Raises Post.DoesNotExist."""
    return Post.objects.alive().select_related("authority").get(pk=post_id)


def suggestions_for_post(*, post_id: int, limit: int = DEFAULT_LIMIT, offset: int = 0) -> SuggestionList:
    """The authorities that could answer a post (an offer or a need). Raises Post.DoesNotExist."""
    post = post_for_suggestions(post_id)
    profile, parents = post_profile(post)
    levels = tuple(level for level in post.partner_levels or () if isinstance(level, str) and level in Level)
    return _suggest(
        profile,
        parents,
        level=post.authority.level,
        subunits=post.authority.is_subunit,
        levels=levels,
        limit=limit,
        offset=offset,
    )
