"""Partner suggestions: which authorities would fit an authority, and who could answer a post.

The weights, signals and the reasoning behind them are in `docs/SUGGESTIONS.md`. Two layers:

- pure functions (`score_candidate`, `rank`, `reason_text`) over plain data (`Profile`, `Candidate`,
  `Context`): no database, easy to test and to reason about;
- two selector-style entry points (`suggestions_for_authority`, `suggestions_for_post`) that load the source,
  find the candidates in a handful of queries and preload their signals, then call the pure functions.

Candidates are found in SQL, never by scoring the whole directory in Python: every authority that carries a
candidate-specific signal (an open post, a public project on the source's themes, a network in common), then
those whose signals are known by id only (partnerships on the themes, partners in the source's country), read
best score bound first and only while they can still rank, then, per country whose best could still rank,
the first `MAX_SUGGESTIONS` authorities by id and by closeness of size. Every other authority scores only on
its country, size and distance, so it cannot rank above those: the ranking is the one a full scan would give.
"""

from __future__ import annotations

import heapq
import json
import math
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from mostovi.directory.models import Country, Level, NetworkMembership, Organisation, OrganisationKind
from mostovi.partnerships.models import Partnership, PartnershipMember
from mostovi.projects.models import Project, ProjectPartner, Visibility
from mostovi.themes.catalogue import THEMES, theme_label

from .exceptions import InvalidInput
from .models import PartnerSize, Post, PostKind, PostStatus, SuggestionDismissal

# --- Signals and weights (docs/SUGGESTIONS.md explains each number) ---------------------------------------

OFFER_NEED = "offer_need"
THEMES_IN_COMMON = "themes"
NETWORKS = "networks"
PEERS = "peers"
LANGUAGE = "language"
SIZE = "size"
GEOGRAPHY = "geography"
DISTANCE = "distance"

WEIGHTS: dict[str, int] = {
    OFFER_NEED: 30,
    THEMES_IN_COMMON: 20,
    NETWORKS: 10,
    PEERS: 15,
    LANGUAGE: 10,
    SIZE: 15,
    GEOGRAPHY: 10,
    DISTANCE: 10,
}
# Order of the reasons of equal strength.
SIGNAL_ORDER = (OFFER_NEED, THEMES_IN_COMMON, NETWORKS, PEERS, LANGUAGE, SIZE, DISTANCE, GEOGRAPHY)

# Themes in common reach full weight at this many (or at all the source's themes if it has fewer).
THEMES_FULL_AT = 2
# Population ratios: within FULL → full size points, within HALF → half.
SIZE_RATIO_FULL = 3
SIZE_RATIO_HALF = 10
# A partnership of similar authorities with the candidate's country is worth at most this share of PEERS.
PEER_COUNTRY_SHARE = 0.2
# Partners in the source's country: PEERS in full at this many (similar authorities count 1, others 1/2).
PEERS_FULL_AT = 2
# Networks reached only through national associations count this share of NETWORKS.
INDIRECT_NETWORK_SHARE = 0.5
# Across a land border (cross-border programmes: Interreg IPA), nearness counts: full at the border, nothing
# from this far (km, as the crow flies between the authorities' points).
DISTANCE_NOTHING_FROM_KM = 250
NEIGHBOURS: dict[str, frozenset[str]] = {
    "BG": frozenset({"RS", "MK"}),
    "RS": frozenset({"BG", "MK", "BA", "ME", "XK"}),
    "MK": frozenset({"BG", "RS", "AL", "XK"}),
    "AL": frozenset({"MK", "ME", "XK"}),
    "BA": frozenset({"RS", "ME"}),
    "ME": frozenset({"BA", "RS", "AL", "XK"}),
    "XK": frozenset({"RS", "MK", "AL", "ME"}),
}
# A reason worth less than this is not shown (nor counted).
MIN_POINTS = 1.0

DEFAULT_LIMIT = 10
# The ranked list is at most this long (the API pages within it).
MAX_SUGGESTIONS = 50

# Official languages per country (ISO 639).
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
# A language counts as shared only when it is certain at both ends. The directory does not carry the
# languages of each authority yet: the country's language is certain only where the country has one
# official language in all its municipalities (not Bosnia and Herzegovina, Kosovo*: several, by
# municipality); the rest comes from what the authority declares (working languages and language of its
# open posts).
CERTAIN_LANGUAGES: dict[str, str] = {"FR": "fr", "BG": "bg", "RS": "sr", "MK": "mk", "AL": "sq", "ME": "cnr"}
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
    direct_networks: frozenset[int] = frozenset()
    post_kind: str = ""  # "" for an authority, else the post's kind
    countries_sought: tuple[str, ...] = ()  # the post's, or those of the authority's open posts
    partner_size: str = ""
    location: tuple[float, float] | None = None  # latitude, longitude
    countries_asked: tuple[str, ...] = ()  # the `country` filter of the page or the API


@dataclass
class Candidate:
    id: int
    country: str
    population: int | None = None
    themes: set[str] = field(default_factory=set)  # only those in common with the source
    offers: set[str] = field(default_factory=set)  # themes of its open offers meeting the source's needs
    needs: set[str] = field(default_factory=set)  # themes of its open needs the source's offers meet
    languages: set[str] = field(default_factory=set)  # working languages and language of its open posts
    networks: set[int] = field(default_factory=set)  # networks in common with the source
    direct_networks: set[int] = field(default_factory=set)  # … that both belong to directly
    peer_partners: int = 0  # authorities like the source it is already a partner of
    country_partners: int = 0  # authorities of the source's country it is a partner of (any size)
    location: tuple[float, float] | None = None


@dataclass(frozen=True)
class Context:
    """Facts shared by every candidate of one source."""

    network_names: dict[int, str] = field(default_factory=dict)
    # Partnerships of authorities like the source, per partner country.
    peer_countries: dict[str, int] = field(default_factory=dict)
    # Scores already computed, per kind of candidate and per candidate (`_scorer`), once signals are final.
    scores: dict = field(default_factory=dict, compare=False)


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


_COUNTRY_LANGUAGES = {country: frozenset({code}) for country, code in CERTAIN_LANGUAGES.items()}


def country_languages(country: str) -> frozenset[str]:
    """The language every authority of the country uses (empty where there are several official ones)."""
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
    """Points and sentence code of the size signal (a post's band, or the ratio to the source).

    Graded: full at the same population, half at a ratio of about 1:3, nothing from 1:10.
    """
    if profile.partner_size:
        return (WEIGHTS[SIZE], "band") if size_band(population) == profile.partner_size else (0.0, "")
    ratio = population_ratio(profile.population, population)
    if ratio is None or ratio > SIZE_RATIO_HALF:
        return 0.0, ""
    # By half points: a few dozen kinds of candidates, not one per population.
    points = round(2 * WEIGHTS[SIZE] * (1 - math.log(ratio) / math.log(SIZE_RATIO_HALF))) / 2
    return points, "similar" if ratio <= SIZE_RATIO_FULL else "comparable"


def geography_points(profile: Profile, country: str) -> tuple[float, str]:
    if profile.countries_asked:
        return (WEIGHTS[GEOGRAPHY], "asked") if country in profile.countries_asked else (0.0, "")
    if profile.countries_sought:
        if country not in profile.countries_sought:
            return 0.0, ""
        return WEIGHTS[GEOGRAPHY], "sought" if profile.post_kind else "sought_by_posts"
    if country in PRIORITY_COUNTRIES.get(profile.country, ()):
        return WEIGHTS[GEOGRAPHY], "priority"
    return 0.0, ""


def _location(latitude, longitude) -> tuple[float, float] | None:
    return None if latitude is None or longitude is None else (float(latitude), float(longitude))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def distance_points(profile: Profile, candidate: Candidate) -> tuple[float, int]:
    """Points of nearness across a land border, and the distance in km (0 points elsewhere)."""
    if (
        profile.location is None
        or candidate.location is None
        or candidate.country not in NEIGHBOURS.get(profile.country, ())
    ):
        return 0.0, 0
    km = distance_km(profile.location, candidate.location)
    return round(2 * WEIGHTS[DISTANCE] * max(0.0, 1 - km / DISTANCE_NOTHING_FROM_KM)) / 2, round(km)


def peer_points(candidate: Candidate) -> float:
    """Partners in the source's country: similar authorities count 1, others 1/2; full at PEERS_FULL_AT."""
    weight = candidate.peer_partners + 0.5 * max(0, candidate.country_partners - candidate.peer_partners)
    return round(WEIGHTS[PEERS] * min(1.0, weight / PEERS_FULL_AT), 1)


def available_points(profile: Profile) -> int:
    """The most a candidate could get from what is known of the source: the scale of its scores.

    A source that published no need or offer cannot be met by one, one without themes cannot share any:
    its scores are read out of what could count for it, so that its best suggestions stand out.
    """
    total = WEIGHTS[PEERS] + WEIGHTS[GEOGRAPHY]
    if profile.needs or profile.offers:
        total += WEIGHTS[OFFER_NEED]
    if profile.themes:
        total += WEIGHTS[THEMES_IN_COMMON]
    if profile.networks:
        total += WEIGHTS[NETWORKS]
    if profile.languages:
        total += WEIGHTS[LANGUAGE]
    if profile.population or profile.partner_size:
        total += WEIGHTS[SIZE]
    if profile.location is not None and profile.country in NEIGHBOURS:
        total += WEIGHTS[DISTANCE]
    return total


def score_candidate(profile: Profile, candidate: Candidate, context: Context) -> tuple[int, list[Reason]]:
    """The score (0–100) of one candidate and its reasons, strongest first.

    The points of the signals are summed, then read on the scale of `available_points` (100 = every signal
    that could count for this source). Each reason carries its points on that scale.
    """
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
        direct = candidate.direct_networks & profile.direct_networks
        shown = direct or networks
        names = tuple(sorted({context.network_names.get(n, str(n)) for n in shown}, key=str.casefold))
        points = WEIGHTS[NETWORKS] * (1.0 if direct else INDIRECT_NETWORK_SHARE)
        reasons.append(Reason(NETWORKS, points, "networks" if direct else "networks_indirect", names))

    if candidate.country_partners:
        code = "peers" if candidate.peer_partners else "country_partners"
        count = candidate.peer_partners or candidate.country_partners
        reasons.append(Reason(PEERS, peer_points(candidate), code, (count, profile.country)))
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

    points, km = distance_points(profile, candidate)
    if points:
        reasons.append(Reason(DISTANCE, points, "distance", (km,)))

    points, code = geography_points(profile, candidate.country)
    if points:
        reasons.append(Reason(GEOGRAPHY, points, code, (candidate.country,)))

    scale = 100 / available_points(profile)
    reasons = [
        Reason(reason.signal, reason.points * scale, reason.code, reason.params)
        for reason in reasons
        if reason.points * scale >= MIN_POINTS
    ]
    # A signal counts once, even with two sentences (an offer and a need).
    total = sum({reason.signal: reason.points for reason in reasons}.values())
    reasons.sort(key=lambda reason: (-reason.points, SIGNAL_ORDER.index(reason.signal)))
    return min(100, round(total)), reasons


def _kind(profile: Profile, candidate: Candidate) -> tuple:
    """What the score of a candidate depends on (not the details of its signals)."""
    return (
        candidate.country,
        size_points(profile, candidate.population)[0],
        distance_points(profile, candidate)[0],
        peer_points(candidate),
        len(candidate.themes & profile.themes),
        bool(candidate.offers & profile.needs or candidate.needs & profile.offers),
        bool(candidate.languages & profile.languages),
        bool(candidate.networks & profile.networks),
        bool(candidate.direct_networks & profile.direct_networks),
    )


def _scorer(profile: Profile, context: Context):
    """A function giving the score of a candidate, computed once per kind of candidate."""
    same_kind: dict[tuple, int] = context.scores.setdefault("kinds", {})
    by_id: dict[int, int] = context.scores.setdefault("ids", {})
    size_of: dict[int | None, float] = {}
    neighbours = NEIGHBOURS.get(profile.country, frozenset()) if profile.location else frozenset()
    themes, needs, offers = profile.themes, profile.needs, profile.offers
    languages, networks, direct = profile.languages, profile.networks, profile.direct_networks

    def kind(candidate: Candidate) -> tuple:
        """`_kind`, faster: thousands of candidates per call, most carrying one signal or none."""
        population = candidate.population
        size = size_of.get(population)
        if size is None:
            size = size_of[population] = size_points(profile, population)[0]
        return (
            candidate.country,
            size,
            distance_points(profile, candidate)[0] if candidate.country in neighbours else 0.0,
            peer_points(candidate) if candidate.country_partners else 0.0,
            len(candidate.themes & themes) if candidate.themes else 0,
            bool(candidate.offers and candidate.offers & needs)
            or bool(candidate.needs and candidate.needs & offers),
            bool(candidate.languages and candidate.languages & languages),
            bool(candidate.networks and candidate.networks & networks),
            bool(candidate.direct_networks and candidate.direct_networks & direct),
        )

    def score(candidate: Candidate) -> int:
        value = by_id.get(candidate.id) if candidate.id else None
        if value is None:
            key = kind(candidate)
            value = same_kind.get(key)
            if value is None:
                value = same_kind[key] = score_candidate(profile, candidate, context)[0]
            if candidate.id:
                by_id[candidate.id] = value
        return value

    return score


def rank(
    profile: Profile, candidates, context: Context, limit: int | None = MAX_SUGGESTIONS
) -> list[tuple[Candidate, int, list[Reason]]]:
    """The best candidates (a positive score), highest score first, ties broken by id.

    The score depends only on the country and on which signals a candidate carries (`_kind`), not on their
    details: thousands of candidates share a few hundred kinds, scored once each; the reasons are written only
    for the candidates returned. `limit` None ranks them all.
    """
    scored = []
    score_of = _scorer(profile, context)
    for candidate in candidates:
        score = score_of(candidate)
        if score > 0:
            scored.append((-score, candidate.id, candidate))
    best = sorted(scored) if limit is None else heapq.nsmallest(limit, scored)
    return [
        (candidate, -negative, score_candidate(profile, candidate, context)[1])
        for negative, _pk, candidate in best
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
    if code == "networks_indirect":
        return _("Networks in common through national associations: %(networks)s") % {
            "networks": _join(params)
        }
    if code == "country_partners":
        count, country = params
        return ngettext(
            "Already a partner of %(count)d authority in %(country)s",
            "Already a partner of %(count)d authorities in %(country)s",
            count,
        ) % {"count": count, "country": country_label(country)}
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
    if code == "distance":
        return _("Across the border, %(km)s km away") % {"km": formats.number_format(params[0])}
    if code == "sought":
        return _("In a country this post seeks: %(country)s") % {"country": country_label(params[0])}
    if code == "asked":
        return _("In the country asked for: %(country)s") % {"country": country_label(params[0])}
    if code == "sought_by_posts":
        return _("In a country its open posts seek: %(country)s") % {"country": country_label(params[0])}
    if code == "priority":
        return _("A priority country for cooperation: %(country)s") % {"country": country_label(params[0])}
    return code


def reason_texts(reasons: list[Reason], post_kind: str = "") -> list[str]:
    texts = []
    for reason in reasons:
        # Each sentence says how much it counts, in points of the score.
        text = f"{reason_text(reason, post_kind)} (+{max(1, round(reason.points))})"
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


def _networks_of(authority_id: int) -> tuple[frozenset[int], frozenset[int], dict[int, set[int]]]:
    """The networks of an authority (direct and through its associations), the direct ones, and every
    network's parents."""
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
    return frozenset(expanded), frozenset(direct), parents


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


def _dismissed_by(authority_id: int) -> set[int]:
    """The authorities it marked 'not relevant' (`suggestion_dismiss`)."""
    return set(
        SuggestionDismissal.objects.filter(authority_id=authority_id).values_list("suggested_id", flat=True)
    )


def _countries(values) -> tuple[str, ...]:
    return tuple(code for code in values or () if isinstance(code, str) and code in Country)


def authority_profile(authority: Organisation) -> tuple[Profile, dict[int, set[int]]]:
    """What an authority says it wants: the themes, languages and countries of its open posts, the themes of
    its partnerships and public projects. The countries sought hold only when every open post names some (a
    post open to any country leaves them open)."""
    themes: set[str] = set()
    needs: set[str] = set()
    offers: set[str] = set()
    languages = set(country_languages(authority.country))
    sought: set[str] = set()
    open_to_any = False
    for kind, slug, working, language, countries in (
        open_posts()
        .filter(authority=authority)
        .values_list("kind", "themes__slug", "working_languages", "language", "countries_sought")
    ):
        languages |= _languages(working) | _languages([language])
        countries = _countries(countries)
        sought |= set(countries)
        open_to_any |= not countries
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
    networks, direct, parents = _networks_of(authority.pk)
    profile = Profile(
        authority_id=authority.pk,
        country=authority.country,
        population=authority.population,
        location=_location(authority.latitude, authority.longitude),
        themes=frozenset(themes),
        needs=frozenset(needs),
        offers=frozenset(offers),
        languages=frozenset(languages),
        networks=networks,
        direct_networks=direct,
        countries_sought=() if open_to_any else tuple(sorted(sought)),
    )
    return profile, parents


def post_profile(post: Post) -> tuple[Profile, dict[int, set[int]]]:
    authority = post.authority
    themes = frozenset(post.themes.values_list("slug", flat=True))
    languages = set(country_languages(authority.country)) | _languages(post.working_languages)
    languages |= _languages([post.language])
    networks, direct, parents = _networks_of(authority.pk)
    profile = Profile(
        authority_id=authority.pk,
        country=authority.country,
        population=authority.population,
        location=_location(authority.latitude, authority.longitude),
        themes=themes,
        needs=themes if post.kind == PostKind.NEED else frozenset(),
        offers=themes if post.kind == PostKind.OFFER else frozenset(),
        languages=frozenset(languages),
        networks=networks,
        direct_networks=direct,
        post_kind=post.kind,
        countries_sought=_countries(post.countries_sought),
        partner_size=post.partner_size if post.partner_size in SIZE_BANDS else "",
    )
    return profile, parents


# The columns of an authority a candidate query reads (after the relation's prefix).
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


def _scopes(profile: Profile, countries: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The countries to look in, in turn: the filter asked for, else the countries sought, else abroad and,
    when nothing abroad fits, at home (decentralised cooperation is international)."""
    if countries:
        return [countries]
    if profile.countries_sought:
        return [profile.countries_sought]
    foreign = tuple(code for code in Country.values if code != profile.country)
    return [foreign, (profile.country,)]


def clean_filters(country: str = "", theme: str = "") -> tuple[tuple[str, ...], str]:
    """The page's and the API's filters, checked: a country code, a theme slug. Raises InvalidInput."""
    country = (country or "").strip().upper()
    theme = (theme or "").strip()
    if country and country not in Country.values:
        raise InvalidInput(_("Unknown country: %(country)s.") % {"country": country})
    if theme and theme not in THEMES:
        raise InvalidInput(_("Unknown theme: %(theme)s.") % {"theme": theme})
    return ((country,) if country else ()), theme


def _ranking(
    profile: Profile,
    parents: dict[int, set[int]],
    *,
    level: str,
    subunits: bool,
    levels: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    theme: str = "",
    exhaustive: bool = False,
) -> tuple[Profile, list[tuple[Candidate, int, list[Reason]]]]:
    excluded = frozenset(
        _partners_of(profile.authority_id) | _dismissed_by(profile.authority_id) | {profile.authority_id}
    )
    if countries:
        profile = replace(profile, countries_asked=countries)
    if theme:
        # The theme asked for is the only one that counts.
        only = frozenset({theme})
        profile = replace(profile, themes=only, needs=profile.needs & only, offers=profile.offers & only)
    ranked = []
    for scope_countries in _scopes(profile, countries):
        scope = _Scope(
            countries=scope_countries,
            excluded=excluded,
            subunits=subunits,
            levels=levels,
            themes=frozenset({theme}) if theme else frozenset(),
            exhaustive=exhaustive,
        )
        candidates, context = load_candidates(profile, scope, parents, level)
        ranked = rank(profile, candidates.values(), context, limit=None if exhaustive else MAX_SUGGESTIONS)
        if ranked:
            break
    return profile, ranked


def _page(profile: Profile, ranked, limit: int, offset: int) -> SuggestionList:
    page = ranked[max(0, offset) : max(0, offset) + max(0, limit)]
    authorities = _authorities().in_bulk([candidate.id for candidate, _score, _reasons in page])
    items = [
        Suggestion(authorities[candidate.id], score, reason_texts(reasons, profile.post_kind))
        for candidate, score, reasons in page
        if candidate.id in authorities
    ]
    return SuggestionList(count=len(ranked), items=items)


def suggestions_for_authority(
    *, authority_id: int, limit: int = DEFAULT_LIMIT, offset: int = 0, country: str = "", theme: str = ""
) -> SuggestionList:
    """The partners that would fit a local authority, in `country` and on `theme` when given.

    Raises Organisation.DoesNotExist, InvalidInput (an unknown country or theme)."""
    countries, theme = clean_filters(country, theme)
    authority = _authorities().get(pk=authority_id)
    profile, parents = authority_profile(authority)
    profile, ranked = _ranking(
        profile,
        parents,
        level=authority.level,
        subunits=authority.is_subunit,
        countries=countries,
        theme=theme,
    )
    return _page(profile, ranked, limit, offset)


def ranking_for_authority(*, authority_id: int, country: str) -> list[tuple[int, int]]:
    """Every authority of `country` that scores, best first, as (id, score): the leave-one-out benchmark."""
    countries, _theme = clean_filters(country)
    authority = _authorities().get(pk=authority_id)
    profile, parents = authority_profile(authority)
    _profile, ranked = _ranking(
        profile,
        parents,
        level=authority.level,
        subunits=authority.is_subunit,
        countries=countries,
        exhaustive=True,
    )
    return [(candidate.id, score) for candidate, score, _reasons in ranked]


def post_for_suggestions(post_id: int) -> Post:
    """A post not deleted (closed and expired ones still answer). Raises Post.DoesNotExist."""
    return Post.objects.alive().select_related("authority").get(pk=post_id)


def suggestions_for_post(*, post_id: int, limit: int = DEFAULT_LIMIT, offset: int = 0) -> SuggestionList:
    """The authorities that could answer a post (an offer or a need), in the countries it seeks only.

    Raises Post.DoesNotExist."""
    post = post_for_suggestions(post_id)
    profile, parents = post_profile(post)
    levels = tuple(level for level in post.partner_levels or () if isinstance(level, str) and level in Level)
    profile, ranked = _ranking(
        profile,
        parents,
        level=post.authority.level,
        subunits=post.authority.is_subunit,
        levels=levels,
    )
    return _page(profile, ranked, limit, offset)
