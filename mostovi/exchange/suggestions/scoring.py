"""Signals, weights and the pure scoring of candidates: plain data in, scores and reasons out (no database).

The weights and the reasoning behind them are in `docs/SUGGESTIONS.md`.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from mostovi.themes.catalogue import THEMES

from ..models import PartnerSize

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
    return partner_points(candidate.peer_partners, candidate.country_partners)


def partner_points(peers: int, country_partners: int) -> float:
    """`peer_points` of a candidate partner of `peers` similar authorities, `country_partners` in all."""
    weight = peers + 0.5 * max(0, country_partners - peers)
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


def score_bound(
    profile: Profile,
    context: Context,
    country: str,
    *,
    themes: int = 0,
    offer_need: bool = False,
    languages: bool = False,
    networks: int = 0,
    peers: int = 0,
    country_partners: int = 0,
) -> int:
    """At least the score of any authority of `country` carrying these signals, whatever its size and place.

    The signals: `themes` in common, an offer meeting a need (or the reverse), a language of its posts that
    the source uses, networks in common (2: one both belong to directly; 1: through associations), `peers`
    and `country_partners` in the source's country. The best size and nearness count in full, and the points
    are summed without the MIN_POINTS cut, rounded half up: never below `score_candidate`, and cheap (it is
    computed for every kind of candidate before any is read).
    """
    points = 0.0
    if offer_need and (profile.needs or profile.offers):
        points += WEIGHTS[OFFER_NEED]
    if themes and profile.themes:
        points += WEIGHTS[THEMES_IN_COMMON] * min(1.0, themes / min(THEMES_FULL_AT, len(profile.themes)))
    if networks and profile.networks:
        points += WEIGHTS[NETWORKS] * (1.0 if networks == 2 else INDIRECT_NETWORK_SHARE)
    if country_partners:
        points += partner_points(peers, country_partners)
    elif context.peer_countries.get(country):
        share = context.peer_countries[country] / max(context.peer_countries.values())
        points += WEIGHTS[PEERS] * PEER_COUNTRY_SHARE * share
    if languages or country_languages(country) & profile.languages:
        points += WEIGHTS[LANGUAGE]
    if profile.population or profile.partner_size:
        points += WEIGHTS[SIZE]
    if profile.location is not None and country in NEIGHBOURS.get(profile.country, ()):
        points += WEIGHTS[DISTANCE]
    points += geography_points(profile, country)[0]
    return min(100, math.floor(points * 100 / available_points(profile) + 0.5 + 1e-9))


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
