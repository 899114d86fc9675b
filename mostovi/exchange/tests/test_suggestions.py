"""Partner suggestions: known best answers, exclusions, ties, empty cases, the API."""

from datetime import timedelta

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from mostovi.directory.models import Level, NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.exchange.models import Post, PostKind, PostStatus
from mostovi.exchange.suggestions import (
    Candidate,
    Context,
    Profile,
    rank,
    score_candidate,
    suggestions_for_authority,
    suggestions_for_post,
)
from mostovi.partnerships.models import Kind, Partnership, PartnershipMember
from mostovi.themes.models import Theme

pytestmark = pytest.mark.django_db

WATER = "Water and sanitation"


def make_post(authority, kind, slugs, **fields):
    defaults = {
        "language": "en",
        "title": "A post",
        "body": "Text.",
        "valid_until": timezone.localdate() + timedelta(days=30),
    }
    post = Post.objects.create(kind=kind, authority=authority, **{**defaults, **fields})
    post.themes.set(Theme.objects.filter(slug__in=slugs))
    return post


def make_partnership(*authorities, slugs=()):
    partnership = Partnership.objects.create(kind=Kind.TWINNING)
    for authority in authorities:
        PartnershipMember.objects.create(partnership=partnership, authority=authority)
    partnership.themes.set(Theme.objects.filter(slug__in=slugs))
    return partnership


@pytest.fixture
def world():
    """Niš needs help on water; Lyon offers it and shares CEMR through the national associations."""
    cemr = NetworkFactory(name="Council of European Municipalities and Regions", acronym="CEMR")
    skgo = NetworkFactory(name="SKGO", acronym="SKGO", country="RS")
    afccre = NetworkFactory(name="AFCCRE", acronym="AFCCRE", country="FR")
    NetworkMembership.objects.create(member=skgo, network=cemr)
    NetworkMembership.objects.create(member=afccre, network=cemr)

    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS", level=Level.CITY, population=260_000)
    lyon = AuthorityFactory(name="Lyon", country="FR", level=Level.MUNICIPALITY, population=520_000)
    grenoble = AuthorityFactory(name="Grenoble", country="FR", population=160_000)
    annecy = AuthorityFactory(name="Annecy", country="FR", population=130_000)
    tiny = AuthorityFactory(name="Tiny", country="FR", population=500)
    dijon = AuthorityFactory(name="Dijon", country="FR", population=160_000)
    NetworkMembership.objects.create(member=nis, network=skgo)
    NetworkMembership.objects.create(member=lyon, network=afccre)

    need = make_post(nis, PostKind.NEED, ["water-sanitation"], working_languages=["sr", "en"], language="sr")
    make_post(lyon, PostKind.OFFER, ["water-sanitation"], working_languages=["fr"], language="fr")
    # Dijon is already Niš's partner: it offers water too, yet never appears.
    make_partnership(nis, dijon)
    make_post(dijon, PostKind.OFFER, ["water-sanitation"], language="fr")
    return {
        "nis": nis,
        "lyon": lyon,
        "grenoble": grenoble,
        "annecy": annecy,
        "tiny": tiny,
        "dijon": dijon,
        "need": need,
        "cemr": cemr,
    }


def _ranking(result):
    return [(item.authority.name, item.score) for item in result]


def test_post_lyon_first_with_its_reasons(world):
    with translation.override("en"):
        result = suggestions_for_post(post_id=world["need"].pk)
    # Out of the 110 points that could count for this need (no distance: no coordinates), × 100/110.
    assert _ranking(result) == [("Lyon", 69), ("Grenoble", 20), ("Annecy", 19), ("Tiny", 9)]
    assert result.count == 4
    assert result.items[0].reasons == [
        f"An offer meets this need: {WATER} (+27)",
        f"Themes in common: {WATER} (+18)",
        "Similar size: 520,000 inhabitants (+10)",
        "A priority country for cooperation: France (+9)",
        "Networks in common through national associations: CEMR (+5)",
    ]
    assert result.items[3].reasons == ["A priority country for cooperation: France (+9)"]


def test_ties_are_broken_by_id():
    source = Profile(authority_id=1, country="RS", population=10_000)
    candidates = [Candidate(id=pk, country="FR", population=20_000) for pk in (7, 3, 5)]
    assert [candidate.id for candidate, _score, _reasons in rank(source, candidates, Context())] == [3, 5, 7]


def test_never_itself_nor_its_partners_nor_networks(world):
    names = {item.authority.name for item in suggestions_for_post(post_id=world["need"].pk, limit=50)}
    names |= {
        item.authority.name for item in suggestions_for_authority(authority_id=world["nis"].pk, limit=50)
    }
    assert "Dijon" not in names
    assert "Ниш" not in names
    assert not names & {"CEMR", "SKGO", "AFCCRE", "Council of European Municipalities and Regions"}


def _project(world, *authorities, public: bool):
    from mostovi.accounts.models import User
    from mostovi.projects.models import Project, ProjectPartner, Visibility

    user = User.objects.create_user(email="officer@example.org", password="x")
    fields = {"visibility": Visibility.PUBLIC, "published_at": timezone.now()} if public else {}
    project = Project.objects.create(created_by=user, **fields)
    for index, authority in enumerate(authorities):
        ProjectPartner.objects.create(project=project, authority=authority, is_lead=index == 0)
    return project


def test_partners_of_a_public_project_are_partners_too(world):
    _project(world, world["nis"], world["lyon"], public=True)
    result = suggestions_for_post(post_id=world["need"].pk)
    assert "Lyon" not in [item.authority.name for item in result]


def _answer(result) -> list[tuple[int, int, list[str]]]:
    return [(item.authority.pk, item.score, item.reasons) for item in result]


def test_a_private_project_changes_nothing_in_the_suggestions(world):
    """Suggestions are public: a private draft between Niš and Lyon must not show by Lyon vanishing."""
    with translation.override("en"):
        before_authority = _answer(suggestions_for_authority(authority_id=world["nis"].pk, limit=50))
        before_post = _answer(suggestions_for_post(post_id=world["need"].pk, limit=50))
        _project(world, world["nis"], world["lyon"], public=False)
        after_authority = _answer(suggestions_for_authority(authority_id=world["nis"].pk, limit=50))
        after_post = _answer(suggestions_for_post(post_id=world["need"].pk, limit=50))
    assert world["lyon"].pk in [pk for pk, _score, _reasons in before_authority]
    assert after_authority == before_authority
    assert after_post == before_post


def test_a_private_project_changes_nothing_in_the_public_api(world, client):
    url = f"/api/v1/authorities/{world['nis'].pk}/suggestions?limit=50"
    before = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    _project(world, world["nis"], world["lyon"], public=False)
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").json() == before


def test_authority_level_reasons(world):
    with translation.override("en"):
        result = suggestions_for_authority(authority_id=world["nis"].pk)
    assert _ranking(result)[0] == ("Lyon", 69)
    assert result.items[0].reasons[:3] == [
        f"Offers what this authority needs: {WATER} (+27)",
        f"Themes in common: {WATER} (+18)",
        "Similar size: 520,000 inhabitants (+10)",
    ]


def test_similar_size_beats_different_size():
    source = Profile(authority_id=1, country="RS", population=10_000)
    candidates = [
        Candidate(id=2, country="FR", population=1_000_000),  # 1:100 → nothing
        Candidate(id=3, country="FR", population=60_000),  # 1:6 → half
        Candidate(id=4, country="FR", population=25_000),  # 1:2.5 → full
    ]
    ranked = rank(source, candidates, Context())
    # Out of 40 (partners 15, geography 10, size 15): size is graded, full at the same population.
    assert [(candidate.id, score) for candidate, score, _reasons in ranked] == [(4, 48), (3, 34), (2, 25)]


def test_themes_points_and_peer_reasons():
    source = Profile(authority_id=1, country="FR", themes=frozenset({"waste", "energy", "youth"}))
    one = Candidate(id=2, country="BG", themes={"waste"}, peer_partners=3, country_partners=3)
    two = Candidate(id=3, country="BG", themes={"waste", "energy"})
    context = Context(peer_countries={"BG": 4, "RS": 8})
    with translation.override("en"):
        score_one, reasons_one = score_candidate(source, one, context)
        score_two, reasons_two = score_candidate(source, two, context)
        from mostovi.exchange.suggestions import reason_texts

        # Out of 45 (themes 20, partners 15, geography 10): one theme of three (half), partners, geography.
        assert score_one == round((10 + 15 + 10) * 100 / 45)
        assert reason_texts(reasons_one) == [
            "Already a partner of 3 authorities of similar size in France (+33)",
            "Themes in common: Waste (+22)",
            "A priority country for cooperation: Bulgaria (+22)",
        ]
        # 20 + 10 + 1.5 (a fifth of PARTNERS × 4/8 for the country of peers), out of 45
        assert score_two == 70
        assert reason_texts(reasons_two)[1:] == [
            "A priority country for cooperation: Bulgaria (+22)",
            "Authorities of similar size in France already cooperate with Bulgaria (+3)",
        ]


def test_post_countries_sought_and_size_band(world):
    kosovo = AuthorityFactory(name="Prishtina", country="XK", population=200_000)
    post = make_post(
        world["lyon"],
        PostKind.OFFER,
        ["water-sanitation"],
        countries_sought=["XK"],
        partner_size="large",
    )
    with translation.override("en"):
        result = suggestions_for_post(post_id=post.pk)
    # Only the country sought: Niš's open need on water is not in Kosovo*.
    assert _ranking(result) == [("Prishtina", 23)]
    assert result.items[0].authority == kosovo
    assert result.items[0].reasons == [
        "The size sought: Large (over 100,000) (+14)",
        "In a country this post seeks: Kosovo* (+9)",
    ]
    post.countries_sought = ["RS", "XK"]
    post.save()
    with translation.override("en"):
        result = suggestions_for_post(post_id=post.pk)
    assert _ranking(result) == [("Ниш", 85), ("Prishtina", 23)]
    assert result.items[0].reasons == [
        f"A need this offer meets: {WATER} (+27)",
        f"Themes in common: {WATER} (+18)",
        "The size sought: Large (over 100,000) (+14)",
        "Shared language: English (+9)",  # Niš's need works in English, this offer is written in it
        "In a country this post seeks: Serbia (+9)",
        "Networks in common through national associations: CEMR (+5)",
        "Already a partner of 1 authority in France (+3)",  # Dijon, of any size: counts half
    ]


def test_an_authority_with_no_data_still_gets_suggestions():
    lonely = AuthorityFactory(name="Lonely", country="FR", population=10_000)
    bulgarian = AuthorityFactory(name="Smolyan", country="BG", population=25_000)
    with translation.override("en"):
        result = suggestions_for_authority(authority_id=lonely.pk)
    assert [(item.authority, item.score, item.reasons) for item in result] == [
        (
            bulgarian,
            38,
            ["A priority country for cooperation: Bulgaria (+20)", "Similar size: 25,000 inhabitants (+18)"],
        )
    ]


def test_own_country_only_when_nothing_else():
    lonely = AuthorityFactory(name="Lonely", country="FR", population=10_000)
    other = AuthorityFactory(name="Other", country="FR", population=12_000)
    AuthorityFactory(name="Arrondissement", country="FR", population=12_000, level=Level.CITY_MUNICIPALITY)
    with translation.override("en"):
        result = suggestions_for_authority(authority_id=lonely.pk)
    assert [(item.authority, item.score, item.reasons) for item in result] == [
        (other, 48, ["Similar size: 12,000 inhabitants (+28)", "Shared language: French (+20)"])
    ]


def test_partners_of_authorities_of_similar_size():
    source = AuthorityFactory(name="Kragujevac", country="RS", population=100_000)
    cacak = AuthorityFactory(name="Čačak", country="RS", population=60_000)
    kraljevo = AuthorityFactory(name="Kraljevo", country="RS", population=150_000)
    small = AuthorityFactory(name="Small", country="RS", population=10_000)  # 1:10, not alike
    fougeres = AuthorityFactory(name="Fougères", country="FR", population=5_000)
    gap = AuthorityFactory(name="Gap", country="FR", population=5_000)
    hyeres = AuthorityFactory(name="Hyères", country="FR", population=5_000)
    make_partnership(cacak, fougeres)
    make_partnership(kraljevo, fougeres)
    make_partnership(small, fougeres)
    make_partnership(cacak, gap)
    ended = make_partnership(kraljevo, hyeres)
    Partnership.objects.filter(pk=ended.pk).update(deleted_at=timezone.now())
    with translation.override("en"):
        result = suggestions_for_authority(authority_id=source.pk)
    assert [(item.authority, item.score, item.reasons) for item in result] == [
        (
            fougeres,
            50,  # two like Kragujevac and one smaller: full; out of 50 (no theme, network nor post)
            [
                "Already a partner of 2 authorities of similar size in Serbia (+30)",
                "A priority country for cooperation: France (+20)",
            ],
        ),
        (
            gap,
            35,
            [
                "A priority country for cooperation: France (+20)",
                "Already a partner of 1 authority of similar size in Serbia (+15)",
            ],
        ),
        (
            hyeres,
            26,
            [
                "A priority country for cooperation: France (+20)",
                "Authorities of similar size in Serbia already cooperate with France (+6)",
            ],
        ),
    ]


def test_authorities_without_signals_by_size_band_then_id():
    """Beyond the first 50 of a country, those of a better size band still come first."""
    source = AuthorityFactory(name="Niš", country="RS", population=200_000)
    villages = [AuthorityFactory(country="FR", population=500) for _ in range(55)]
    comparable = AuthorityFactory(name="Comparable", country="FR", population=30_000)  # 1:6.7
    similar = AuthorityFactory(name="Similar", country="FR", population=150_000)  # 1:1.3
    result = suggestions_for_authority(authority_id=source.pk, limit=50)
    assert result.count == 50
    assert [(item.authority, item.score) for item in result] == [
        (similar, 46),
        (comparable, 25),
        *[(village, 20) for village in villages[:48]],
    ]


def test_alone_in_the_directory_is_an_empty_answer():
    alone = AuthorityFactory(population=None)
    assert suggestions_for_authority(authority_id=alone.pk).items == []


def test_unknown_or_deleted_sources_raise(world):
    from mostovi.directory.models import Organisation

    with pytest.raises(Organisation.DoesNotExist):
        suggestions_for_authority(authority_id=987654)
    with pytest.raises(Organisation.DoesNotExist):
        suggestions_for_authority(authority_id=world["cemr"].pk)  # a network is no local authority
    post = world["need"]
    post.deleted_at = timezone.now()
    post.save()
    with pytest.raises(Post.DoesNotExist):
        suggestions_for_post(post_id=post.pk)


def test_closed_and_expired_posts_still_answer(world):
    post = world["need"]
    post.status = PostStatus.CLOSED
    post.valid_until = timezone.localdate() - timedelta(days=1)
    post.save()
    assert _ranking(suggestions_for_post(post_id=post.pk))[0] == ("Lyon", 69)


def test_query_count_does_not_grow_with_candidates(world, django_assert_num_queries):
    for index in range(20):
        other = AuthorityFactory(country="BG", population=200_000 + index)
        make_post(other, PostKind.OFFER, ["water-sanitation"])
        make_partnership(other, world["grenoble"], slugs=["water-sanitation"])
    with django_assert_num_queries(17):
        result = suggestions_for_post(post_id=world["need"].pk, limit=50)
    assert result.count == 24  # 4 French + 20 Bulgarian


# --- API -------------------------------------------------------------------------------------------------


def _api_get(client, path: str, lang: str = "en"):
    """Through the real URL once the router is mounted; through the router alone until then."""
    try:
        resolve(path.split("?")[0])
        mounted = True
    except Resolver404:
        mounted = False
    if mounted:
        return client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
    from ninja.testing import TestClient

    from mostovi.exchange.api_suggestions import router

    with translation.override(lang):
        return TestClient(router).get(path.removeprefix("/api/v1"))


def test_api_authority_suggestions(client, world):
    response = _api_get(client, f"/api/v1/authorities/{world['nis'].pk}/suggestions?limit=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert [item["authority"]["name"] for item in body["items"]] == ["Lyon", "Grenoble"]
    first = body["items"][0]
    assert first["score"] == 69
    assert first["authority"]["country"] == "FR"
    assert first["authority"]["population"] == 520_000
    assert first["reasons"][0] == f"Offers what this authority needs: {WATER} (+27)"


def test_api_post_suggestions_in_french(client, world):
    response = _api_get(client, f"/api/v1/exchange/{world['need'].pk}/suggestions", lang="fr")
    assert response.status_code == 200
    first = response.json()["items"][0]
    assert first["authority"]["name"] == "Lyon"
    assert "Eau et assainissement" in first["reasons"][0]


def test_api_not_found_and_bad_limit(client, world):
    response = _api_get(client, "/api/v1/authorities/987654/suggestions")
    assert response.status_code == 404
    assert response.json() == {"detail": "No local authority has this id."}
    response = _api_get(client, "/api/v1/exchange/987654/suggestions")
    assert response.status_code == 404
    assert response.json() == {"detail": "No exchange post has this id."}
    response = _api_get(client, f"/api/v1/authorities/{world['nis'].pk}/suggestions?limit=51")
    assert response.status_code == 422


def test_template_include(rf, world):
    from django.template.loader import render_to_string

    with translation.override("en"):
        result = suggestions_for_post(post_id=world["need"].pk)
        html = render_to_string("exchange/_suggestions.html", {"suggestions": result, "post": world["need"]})
    lyon = world["lyon"].pk
    assert f'href="/en/directory/{lyon}/"' in html
    assert f'href="/en/exchange/interests/new/?to={lyon}&amp;post={world["need"].pk}"' in html
    assert "Networks in common through national associations: CEMR (+5)" in html
