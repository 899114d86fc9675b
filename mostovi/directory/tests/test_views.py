import json
import re
from html import unescape

import pytest
from django.utils import timezone

from mostovi.directory.models import Level, NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.directory.tests.test_selectors import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def result_names(html: str) -> list[str]:
    """The official names in the results table, in order."""
    return re.findall(r'<th scope="row">\s*<a href="/\w+/directory/\d+/"[^>]*>([^<]+)</a>', html)


def map_points(html: str) -> list[dict]:
    """The points given to the map: a data-json attribute (directory) or a json_script (authority page)."""
    match = re.search(r'<div id="map-points" hidden data-json="([^"]*)"', html)
    if match:
        return json.loads(unescape(match.group(1)))
    match = re.search(r'<script id="map-points" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("q", ["Nis", "Niš", "Ниш"])
def test_directory_search_shows_the_city_of_nis_first(client, world, q):
    html = html_of(client.get("/fr/directory/", {"q": q}))
    assert result_names(html)[0] == "Ниш"
    assert '<span class="name-latin">Niš</span>' in html


def test_directory_without_query_lists_authorities_largest_first(client, world):
    names = result_names(html_of(client.get("/fr/directory/")))
    assert names[:3] == ["Београд", "Столична", "Nice"]


def test_directory_shows_level_parent_country_and_localised_population(client, world):
    html = html_of(client.get("/en/directory/", {"q": "Niška Banja"}))
    assert "City municipality or arrondissement" in html
    # The parent in its own script, its Latin reading beside it.
    assert f'<a href="/en/directory/{world["nis"].pk}/">Ниш</a> <span class="name-latin">Niš</span>' in html
    assert "<td>Serbia</td>" in html
    assert '<td class="number">14,680</td>' in html


def test_directory_filters_by_country(client, world):
    assert result_names(html_of(client.get("/fr/directory/", {"country": "BG"}))) == ["Столична"]


def test_directory_filters_by_level_and_population_range(client, world):
    html = html_of(client.get("/fr/directory/", {"level": "city_municipality", "population_min": "50000"}))
    assert result_names(html) == ["Нови Београд", "Медијана", "Палилула", "Пантелеј"]


def test_directory_filters_by_network(client, world):
    network = NetworkFactory(acronym="SKGO")
    NetworkMembership.objects.create(member=world["nis"], network=network)
    assert result_names(html_of(client.get("/fr/directory/", {"network": network.pk}))) == ["Ниш"]


def test_directory_ignores_invalid_filter_values(client, world):
    html = html_of(client.get("/fr/directory/", {"country": "ZZ", "population_min": "many", "network": "x"}))
    assert len(result_names(html)) == 13


def test_directory_sorts_by_name(client, world):
    names = result_names(html_of(client.get("/fr/directory/", {"sort": "name"})))
    assert names[:2] == ["Београд", "Црвени Крст"]  # Beograd, Crveni Krst


def test_directory_country_filter_lists_the_eight_countries_and_the_kosovo_note(client, world):
    html = html_of(client.get("/en/directory/"))
    for code in ["FR", "BG", "RS", "MK", "AL", "BA", "ME", "XK"]:
        assert f'<option value="{code}"' in html
    assert "Kosovo*" in html
    assert "UNSCR 1244/1999" in html


def test_directory_paginates_by_25_and_page_links_keep_the_filters(client):
    for index in range(30):
        AuthorityFactory(name=f"Saint-Test {index}", population=1000 + index)
    html = html_of(client.get("/fr/directory/", {"q": "saint", "country": "FR"}))
    assert len(result_names(html)) == 25
    assert 'href="?q=saint&amp;country=FR&amp;page=2"' in html
    page_two = html_of(client.get("/fr/directory/", {"q": "saint", "country": "FR", "page": 2}))
    assert len(result_names(page_two)) == 5


def test_directory_page_out_of_range_shows_the_last_page(client, world):
    assert len(result_names(html_of(client.get("/fr/directory/", {"page": "99"})))) == 13


def test_directory_htmx_request_returns_the_results_fragment_only(client, world):
    response = client.get("/fr/directory/", {"q": "Ниш"}, headers={"HX-Request": "true"})
    html = html_of(response)
    assert "<html" not in html
    assert '<form id="directory-search"' not in html
    assert result_names(html)[0] == "Ниш"
    assert "HX-Request" in response["Vary"]


def test_directory_full_page_has_live_search_attributes(client, world):
    html = html_of(client.get("/fr/directory/"))
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    assert '<section id="results" class="directory-results" aria-live="polite"' in html
    assert 'method="get"' in html


def test_directory_map_receives_the_points_of_the_results(client, world):
    points = map_points(html_of(client.get("/fr/directory/", {"q": "nis"})))
    assert points == [
        {
            "id": world["nis"].pk,
            "name": "Ниш",
            "latin": "Niš",
            "lat": 43.3209,
            "lon": 21.8958,
            "url": f"/fr/directory/{world['nis'].pk}/",
        }
    ]


def test_directory_map_has_a_label_borders_and_no_inline_script(client, world, settings):
    html = html_of(client.get("/fr/directory/"))
    assert 'data-borders="/static/geo/borders.geojson"' in html
    assert re.search(r'class="map" data-map[^>]*role="region" aria-label="[^"]+"', html)
    assert "data-tiles" not in html  # no tile server configured
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attributes for attributes in scripts)
    assert " onclick=" not in html and " oninput=" not in html


def test_directory_map_uses_tiles_when_configured(client, world, settings):
    settings.MAP_TILE_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    html = html_of(client.get("/fr/directory/"))
    assert 'data-tiles="https://tile.example.org/{z}/{x}/{y}.png"' in html


@pytest.mark.parametrize(
    "q", ["x" * 5000, "'; DROP TABLE directory_organisation; --", "%", "_", "🙂", '"Niš" OR 1=1', "<script>"]
)
def test_directory_hostile_query_answers_200(client, world, q):
    html = html_of(client.get("/fr/directory/", {"q": q}))
    assert "<script>" not in html.split("<main", 1)[1].replace("&lt;script&gt;", "")


def test_directory_page_uses_at_most_10_queries_whatever_the_number_of_results(
    client, django_assert_max_num_queries
):
    parent = AuthorityFactory(name="Grad", level=Level.CITY, country="RS", latitude=44.0, longitude=20.0)
    network = NetworkFactory()
    for index in range(60):
        authority = AuthorityFactory(
            name=f"Opština {index}", parent=parent, country="RS", latitude=44.0 + index / 100, longitude=20.0
        )
        NetworkMembership.objects.create(member=authority, network=network)
    with django_assert_max_num_queries(10):
        html = html_of(client.get("/fr/directory/", {"q": "opst"}))
    assert len(result_names(html)) == 25
    with django_assert_max_num_queries(10):
        html_of(client.get("/fr/directory/", {"page": 2, "network": network.pk}))


def test_authority_page_shows_names_parent_population_code_and_kosovo_note(client):
    pristina = AuthorityFactory(
        name="Prishtinë",
        name_latin="Prishtinë",
        country="XK",
        level=Level.MUNICIPALITY,
        other_names=[{"lang": "sr-Cyrl", "name": "Приштина"}, {"lang": "sr-Latn", "name": "Priština"}],
        population=227_154,
        population_year=2024,
        code="7",
        code_scheme="iso3166-2",
    )
    html = html_of(client.get(f"/en/directory/{pristina.pk}/"))
    assert '<span lang="sr-Cyrl">Приштина</span>' in html
    assert "(Serbian, Cyrillic)" in html
    assert "transliteration: Priština" in html
    assert "227,154" in html and "(2024)" in html
    assert "ISO 3166-2" in html
    assert "Kosovo*" in html and "UNSCR 1244/1999" in html


def test_authority_page_transliterates_a_bulgarian_name_the_bulgarian_way(client, world):
    html = html_of(client.get(f"/en/directory/{world['sofia'].pk}/"))
    assert "transliteration: Stolichna" in html


def test_city_page_lists_its_city_municipalities(client, world):
    html = html_of(client.get(f"/fr/directory/{world['nis'].pk}/"))
    for municipality in world["nis_municipalities"]:
        assert f'href="/fr/directory/{municipality.pk}/"' in html
    assert "Нишка Бања (Niška Banja)" in html


def test_sub_unit_page_links_to_its_city(client, world):
    banja = world["nis_municipalities"][-1]
    html = html_of(client.get(f"/fr/directory/{banja.pk}/"))
    assert f'<a href="/fr/directory/{world["nis"].pk}/">Ниш (Niš)</a>' in html


def test_authority_page_shows_networks_sources_unverified_and_demo_badges(client):
    network = NetworkFactory(acronym="NALAS")
    authority = AuthorityFactory(
        name="Demo-ville",
        is_demo=True,
        unverified="coordinates",
        sources=[{"title": "INSEE COG 2024", "url": "https://www.insee.fr/", "licence": "Licence Ouverte"}],
        latitude=45.0,
        longitude=4.0,
    )
    NetworkMembership.objects.create(member=authority, network=network, since=2015)
    html = html_of(client.get(f"/en/directory/{authority.pk}/"))
    assert f'href="/en/directory/{network.pk}/"' in html and "NALAS" in html and "since 2015" in html
    assert '<a href="https://www.insee.fr/" rel="noopener">INSEE COG 2024</a>' in html
    assert '<span class="badge badge-unverified">unverified</span>' in html
    assert '<span class="badge badge-demo">demo record</span>' in html
    assert map_points(html)[0]["lat"] == 45.0


def test_authority_page_of_a_deleted_record_is_404(client):
    authority = AuthorityFactory(deleted_at=timezone.now())
    assert client.get(f"/fr/directory/{authority.pk}/").status_code == 404


def test_authority_page_unknown_id_is_404(client):
    assert client.get("/fr/directory/999999/").status_code == 404


def test_network_page_lists_its_members(client, world):
    network = NetworkFactory(acronym="SKGO", name="Stalna konferencija gradova i opština")
    NetworkMembership.objects.create(member=world["nis"], network=network, since=1953)
    html = html_of(client.get(f"/en/directory/{network.pk}/"))
    assert f'href="/en/directory/{world["nis"].pk}/"' in html
    assert "1953" in html


def test_networks_page_lists_acronym_name_country_and_member_count(
    client, world, django_assert_max_num_queries
):
    network = NetworkFactory(acronym="NAMRB", name="National Association of Municipalities", country="BG")
    NetworkMembership.objects.create(member=world["sofia"], network=network)
    NetworkMembership.objects.create(member=world["nis"], network=network)
    with django_assert_max_num_queries(3):
        html = html_of(client.get("/en/directory/networks/"))
    assert "<td>NAMRB</td>" in html
    assert f'href="/en/directory/{network.pk}/">National Association of Municipalities</a>' in html
    assert "<td>Bulgaria</td>" in html
    assert '<td class="number">2</td>' in html


def test_stored_notes_are_read_in_the_reader_language_or_not_shown():
    from django.utils import translation

    from mostovi.directory.templatetags.directory_tags import licence_label, translated

    arm = "Coordinates: derived: unweighted mean of 9 ARM points."
    with translation.override("fr"):
        rzs = translated("Code in the Serbian register (RZS): 70203")
        assert rzs == "Code dans le registre serbe (RZS) : 70203"
        assert translated("NALAS: full member") == ""  # an import file's own English words
        assert "ARM" not in translated(arm) and "derived" not in translated(arm)
        assert licence_label("ODbL-1.0") == "ODbL-1.0"
    with translation.override("en"):
        assert translated(arm) == (
            "Coordinates: mean of the points of its municipal arrondissements (derived)."
        )
        assert translated("NALAS: full member") == "NALAS: full member"
        assert licence_label("official facts") == "official facts"
