"""Partner suggestions follow what the authority asks for; facts that hold; a readable scale; feedback."""

import pytest
from django.utils import translation

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.core.models import Event
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.exchange import services
from mostovi.exchange.exceptions import InvalidInput, NotAllowed
from mostovi.exchange.models import PostKind, SuggestionDismissal
from mostovi.exchange.suggestions import (
    Candidate,
    Context,
    Profile,
    rank,
    suggestions_for_authority,
    suggestions_for_post,
)
from mostovi.exchange.tests.test_suggestions import _api_get, make_partnership, make_post, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def balkans(world):  # noqa: F811
    """Besides France: a Bulgarian, a Bosnian and a Macedonian municipality, and a Montenegrin one."""
    return {
        **world,
        "smolyan": AuthorityFactory(name="Smolyan", country="BG", population=28_000),
        "bihac": AuthorityFactory(name="Bihać", country="BA", population=56_000),
        "ohrid": AuthorityFactory(name="Ohrid", country="MK", population=42_000),
        "kotor": AuthorityFactory(name="Kotor", country="ME", population=22_000),
    }


def _countries(result) -> set[str]:
    return {item.authority.country for item in result}


def test_country_filter_is_honoured(balkans):
    nis = balkans["nis"].pk
    for country in ("FR", "BG", "BA", "MK"):
        result = suggestions_for_authority(authority_id=nis, country=country, limit=50)
        assert result.items, country
        assert _countries(result) == {country}
    assert [item.authority.name for item in suggestions_for_authority(authority_id=nis, country="bg")] == [
        "Smolyan"
    ]
    with pytest.raises(InvalidInput):
        suggestions_for_authority(authority_id=nis, country="ZZ")


def test_theme_filter_keeps_only_authorities_on_that_theme(balkans):
    result = suggestions_for_authority(authority_id=balkans["nis"].pk, theme="water-sanitation", limit=50)
    assert [item.authority.name for item in result] == ["Lyon"]
    assert suggestions_for_authority(authority_id=balkans["nis"].pk, theme="youth").items == []
    with pytest.raises(InvalidInput):
        suggestions_for_authority(authority_id=balkans["nis"].pk, theme="not-a-theme")


def test_api_filters_and_bad_filters(client, balkans):
    path = f"/api/v1/authorities/{balkans['nis'].pk}/suggestions"
    body = _api_get(client, f"{path}?country=BA&limit=50").json()
    assert {item["authority"]["country"] for item in body["items"]} == {"BA"}
    body = _api_get(client, f"{path}?theme=water-sanitation").json()
    assert [item["authority"]["name"] for item in body["items"]] == ["Lyon"]
    response = _api_get(client, f"{path}?country=ZZ")
    assert response.status_code == 422
    assert response.json() == {"detail": "Unknown country: ZZ."}
    assert _api_get(client, f"{path}?theme=nope").status_code == 422


def test_lyon_follows_its_water_offer(balkans):
    """Its only open post seeks partners in Serbia, North Macedonia, Albania, Bosnia and Herzegovina."""
    lyon = balkans["lyon"]
    lyon.exchange_posts.update(countries_sought=["RS", "MK", "AL", "BA"])
    with translation.override("en"):
        result = suggestions_for_authority(authority_id=lyon.pk, limit=50)
    assert _countries(result) <= {"RS", "MK", "AL", "BA"}
    assert [item.authority.name for item in result][:1] == ["Ниш"]  # its need on water
    assert "In a country its open posts seek: Serbia" in " ".join(result.items[0].reasons)
    assert "Smolyan" not in [item.authority.name for item in result]
    # A post open to any country leaves the authority's suggestions open too.
    make_post(lyon, PostKind.OFFER, ["youth"])
    assert "BG" in _countries(suggestions_for_authority(authority_id=lyon.pk, limit=50))


def test_post_suggestions_only_in_the_countries_it_seeks(balkans):
    sofia = AuthorityFactory(name="Sofia", country="BG", population=1_200_000)
    post = make_post(sofia, PostKind.OFFER, ["water-sanitation"], countries_sought=["MK", "RS"])
    result = suggestions_for_post(post_id=post.pk, limit=50)
    assert [item.authority.name for item in result] == ["Ниш", "Ohrid"]  # no French town


def test_no_shared_language_unless_both_ends_use_it(balkans):
    """A Bosnian municipality may not use Serbian; Montenegrin is not Serbian; a declared one counts."""
    nis = balkans["nis"]
    with translation.override("en"):
        result = suggestions_for_authority(authority_id=nis.pk, limit=50)
        reasons = [reason for item in result for reason in item.reasons]
        assert not [reason for reason in reasons if reason.startswith("Shared language")]
        make_post(balkans["bihac"], PostKind.OFFER, ["youth"], language="bs", working_languages=["bs", "sr"])
        result = suggestions_for_authority(authority_id=nis.pk, country="BA")
    assert any(reason.startswith("Shared language: Serbian") for reason in result.items[0].reasons)


def test_scores_spread_when_candidates_differ():
    """The best stands out: the first ten differ by 10 points or more when their facts differ."""
    source = Profile(
        authority_id=1,
        country="RS",
        population=50_000,
        themes=frozenset({"waste", "youth"}),
        needs=frozenset({"waste"}),
    )
    candidates = [
        Candidate(id=2, country="FR", population=60_000, offers={"waste"}, themes={"waste", "youth"}),
        Candidate(id=3, country="FR", population=45_000, themes={"youth"}),
        *[Candidate(id=10 + i, country="FR", population=50_000 * (i + 2)) for i in range(10)],
    ]
    scores = [score for _candidate, score, _reasons in rank(source, candidates, Context(), limit=10)]
    assert scores[0] - scores[1] >= 10
    assert scores[1] - scores[2] >= 10
    assert scores[0] - scores[-1] >= 50


# --- "Not relevant" ----------------------------------------------------------------------------------------


@pytest.fixture
def officer_nis(world):  # noqa: F811
    return MembershipFactory(organisation=world["nis"], role=Role.OFFICER).user


def test_dismissed_suggestion_is_gone_and_remembered(world, officer_nis):  # noqa: F811
    nis, lyon = world["nis"], world["lyon"]
    services.suggestion_dismiss(actor=officer_nis, authority=nis, suggested=lyon)
    services.suggestion_dismiss(actor=officer_nis, authority=nis, suggested=lyon)  # twice: nothing more
    assert SuggestionDismissal.objects.filter(authority=nis, suggested=lyon).count() == 1
    assert Event.objects.filter(kind="exchange.suggestion_dismissed").count() == 1
    assert "Lyon" not in [item.authority.name for item in suggestions_for_authority(authority_id=nis.pk)]
    assert "Lyon" not in [item.authority.name for item in suggestions_for_post(post_id=world["need"].pk)]
    # Only for Niš: Lyon still gets Niš suggested.
    assert "Ниш" in [item.authority.name for item in suggestions_for_authority(authority_id=lyon.pk)]


def test_only_those_acting_for_the_authority_dismiss(world):  # noqa: F811
    outsider = UserFactory()
    observer = MembershipFactory(organisation=world["nis"], role=Role.OBSERVER).user
    for user in (outsider, observer):
        with pytest.raises(NotAllowed):
            services.suggestion_dismiss(actor=user, authority=world["nis"], suggested=world["lyon"])
    assert not SuggestionDismissal.objects.exists()


def test_dismiss_bad_input(world, officer_nis):  # noqa: F811
    with pytest.raises(InvalidInput):
        services.suggestion_dismiss(actor=officer_nis, authority=world["nis"], suggested=world["nis"])
    with pytest.raises(InvalidInput):
        services.suggestion_dismiss(actor=officer_nis, authority=world["nis"], suggested=world["cemr"])
    assert not SuggestionDismissal.objects.exists()


def test_api_dismiss(client, world, officer_nis):  # noqa: F811
    path = f"/api/v1/authorities/{world['nis'].pk}/suggestions/{world['lyon'].pk}/dismiss"
    assert client.post(path).status_code == 401
    client.force_login(UserFactory())
    response = client.post(path)
    assert response.status_code == 403
    assert not SuggestionDismissal.objects.exists()
    client.force_login(officer_nis)
    response = client.post(path)
    assert response.status_code == 200
    assert response.json() == {"authority_id": world["nis"].pk, "suggested_id": world["lyon"].pk}
    response = client.post(f"/api/v1/authorities/987654/suggestions/{world['lyon'].pk}/dismiss")
    assert response.status_code == 404
    response = client.post(f"/api/v1/authorities/{world['nis'].pk}/suggestions/{world['nis'].pk}/dismiss")
    assert response.status_code == 422


def test_page_button_and_htmx_dismiss(client, world, officer_nis):  # noqa: F811
    page = f"/en/exchange/authorities/{world['nis'].pk}/suggestions/"
    dismiss = f"/en/exchange/authorities/{world['nis'].pk}/suggestions/{world['lyon'].pk}/dismiss/"
    assert "Not relevant" not in client.get(page).content.decode()  # anonymous: no button
    assert client.post(dismiss).status_code == 302  # to the login page
    assert not SuggestionDismissal.objects.exists()
    client.force_login(officer_nis)
    html = client.get(page).content.decode()
    assert "Not relevant" in html and f'hx-post="{dismiss}"' in html
    assert "Contact: express an interest" in html
    response = client.post(dismiss, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Lyon will no longer be suggested." in response.content.decode()
    assert "Lyon" not in client.get(page).content.decode()
    assert client.get(page + "?country=ZZ").status_code == 422


def test_nearness_counts_across_a_land_border_only():
    """Cross-border programmes: Bulgaria ↔ Serbia; not Bulgaria ↔ Montenegro (no common border)."""
    size = {"population": 40_000}
    vidin = AuthorityFactory(name="Vidin", country="BG", latitude=43.99, longitude=22.88, **size)
    zajecar = AuthorityFactory(name="Zaječar", country="RS", latitude=43.90, longitude=22.27, **size)
    subotica = AuthorityFactory(name="Subotica", country="RS", latitude=46.10, longitude=19.67, **size)
    with translation.override("en"):
        result = suggestions_for_authority(authority_id=vidin.pk, country="RS")
    assert [item.authority for item in result] == [zajecar, subotica]
    assert any(reason.startswith("Across the border, 50 km away") for reason in result.items[0].reasons)
    assert not any("Across the border" in reason for reason in result.items[1].reasons)  # ~340 km


def test_ranking_for_the_benchmark_goes_beyond_fifty():
    from mostovi.exchange.suggestions import ranking_for_authority

    source = AuthorityFactory(country="BG", population=10_000)
    towns = [AuthorityFactory(country="MK", population=10_000 + index) for index in range(60)]
    ranked = ranking_for_authority(authority_id=source.pk, country="MK")
    assert [pk for pk, _score in ranked] == [town.pk for town in towns]


def test_a_language_in_official_use_in_the_authority_itself_counts(balkans):
    """A Kosovo municipality where Serbian is in official use shares it with Niš; one where it is not, does
    not (the languages come from the directory, per authority, not from the country)."""
    nis = balkans["nis"]
    gracanica = AuthorityFactory(
        name="Graçanicë",
        country="XK",
        population=11_000,
        languages=[{"lang": "sr", "status": "official"}, {"lang": "sq", "status": "official"}],
    )
    prizren = AuthorityFactory(
        name="Prizren", country="XK", population=85_000, languages=[{"lang": "sq", "status": "official"}]
    )
    with translation.override("en"):
        for source, shares in ((gracanica, True), (prizren, False)):
            result = suggestions_for_authority(authority_id=source.pk, country="RS", limit=50)
            reasons = next(item.reasons for item in result if item.authority.pk == nis.pk)
            assert any(r.startswith("Shared language: Serbian") for r in reasons) is shares, (source, reasons)
