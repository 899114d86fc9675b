"""The entry points: the ranked suggestions of an authority or a post, one page of them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from mostovi.directory.models import Country, Level, Organisation
from mostovi.themes.catalogue import THEMES

from ..exceptions import InvalidInput
from ..models import Post
from .candidates import _Scope, load_candidates
from .explain import reason_texts
from .facts import _authorities, _dismissed_by, _partners_of, authority_profile, post_profile
from .scoring import DEFAULT_LIMIT, MAX_SUGGESTIONS, Candidate, Profile, Reason, rank


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
