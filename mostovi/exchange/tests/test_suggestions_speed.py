"""Partner suggestions stay cheap: a bounded number of queries, bounds that never hide a candidate."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.exchange.models import PostKind
from mostovi.exchange.suggestions import (
    Candidate,
    Context,
    Profile,
    score_candidate,
    suggestions_for_authority,
    suggestions_for_post,
)
from mostovi.exchange.suggestions.scoring import score_bound
from mostovi.exchange.tests.test_suggestions import make_partnership, make_post, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _grow(world, count: int) -> None:  # noqa: F811
    """`count` more Bulgarian authorities with an offer on water, a partnership with Grenoble on it."""
    for index in range(count):
        other = AuthorityFactory(country="BG", population=200_000 + index)
        make_post(other, PostKind.OFFER, ["water-sanitation"])
        make_partnership(other, world["grenoble"], slugs=["water-sanitation"])


def _queries(function) -> int:
    """How many queries a call makes; with more candidates, never more (fewer once 50 score above the
    authorities carrying no signal, whose countries are then not read)."""
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_a_posts_suggestions_read_a_bounded_number_of_queries(world, django_assert_max_num_queries):  # noqa: F811
    post = world["need"]
    _grow(world, 5)
    few = _queries(lambda: suggestions_for_post(post_id=post.pk, limit=50))
    assert few <= 17
    _grow(world, 60)
    with django_assert_max_num_queries(17):
        result = suggestions_for_post(post_id=post.pk, limit=50)
    assert result.count == 50
    many = _queries(lambda: suggestions_for_post(post_id=post.pk, limit=50))
    assert many <= few


def test_an_authoritys_suggestions_read_a_bounded_number_of_queries(world, django_assert_max_num_queries):  # noqa: F811
    nis = world["nis"].pk
    _grow(world, 5)
    few = _queries(lambda: suggestions_for_authority(authority_id=nis, limit=50))
    assert few <= 19
    _grow(world, 60)
    with django_assert_max_num_queries(19):
        result = suggestions_for_authority(authority_id=nis, limit=50)
    assert result.count == 50
    many = _queries(lambda: suggestions_for_authority(authority_id=nis, limit=50))
    assert many <= few


def test_the_bound_is_never_below_the_score():
    """Candidates are read best bound first and left unread below the 50th score: a bound below a real
    score would hide a candidate that ranks."""
    profiles = [
        Profile(authority_id=1, country="RS", population=50_000, location=(43.3, 21.9)),
        Profile(
            authority_id=1,
            country="BG",
            population=9_000,
            location=(43.9, 22.9),
            themes=frozenset({"waste", "youth", "energy"}),
            needs=frozenset({"waste"}),
            offers=frozenset({"youth"}),
            languages=frozenset({"bg", "en"}),
            networks=frozenset({7, 8}),
            direct_networks=frozenset({7}),
        ),
        Profile(
            authority_id=1,
            country="FR",
            themes=frozenset({"waste"}),
            languages=frozenset({"fr"}),
            partner_size="medium",
            countries_sought=("RS", "MK"),
        ),
    ]
    context = Context(peer_countries={"RS": 3, "FR": 9, "MK": 1})
    signals = itertools.product(
        (set(), {"waste"}, {"waste", "youth"}),  # themes
        (False, True),  # offer meeting a need
        (set(), {"en"}),  # languages of its posts
        (set(), {8}, {7}),  # networks (8 through an association, 7 directly)
        ((0, 0), (1, 1), (0, 3), (2, 5)),  # partners in the source's country (similar, all)
    )
    for profile, (themes, offer_need, languages, networks, (peers, partners)) in itertools.product(
        profiles, list(signals)
    ):
        for country, population, location in itertools.product(
            ("RS", "MK", "FR", "BA"), (None, 900, 30_000, 60_000), (None, (43.5, 22.5), (48.8, 2.3))
        ):
            candidate = Candidate(
                id=2,
                country=country,
                population=population,
                location=location,
                themes=themes,
                offers={"waste"} if offer_need else set(),
                languages=languages,
                networks=networks,
                direct_networks=networks & {7},
                peer_partners=peers,
                country_partners=partners,
            )
            score, _reasons = score_candidate(profile, candidate, context)
            bound = score_bound(
                profile,
                context,
                country,
                themes=len(themes & profile.themes),
                offer_need=bool(candidate.offers & profile.needs),
                languages=bool(languages & profile.languages),
                networks=2
                if networks & {7} & profile.direct_networks
                else 1
                if networks & profile.networks
                else 0,
                peers=peers,
                country_partners=partners,
            )
            assert bound >= score, (profile, candidate)
