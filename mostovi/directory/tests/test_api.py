import pytest

from mostovi.directory.models import Level, NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.directory.tests.test_selectors import build_world

pytestmark = pytest.mark.django_db

VALIDATION_DETAIL = "The request is not valid: check the fields listed."


@pytest.fixture
def world():
    return build_world()


def get(client, path, **headers):
    return client.get(path, headers={"Accept-Language": "en", **headers})


def test_authorities_search_answers_count_and_items_with_the_city_of_nis_first(client, world):
    response = get(client, "/api/v1/authorities?q=Ниш")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    nis = world["nis"]
    assert body["items"][0] == {
        "id": nis.pk,
        "name": "Ниш",
        "name_latin": "Niš",
        "country": "RS",
        "level": "city",
        "code": "70165",
        "code_scheme": "",
        "population": 260_237,
        "population_year": 2021,
        "latitude": 43.3209,
        "longitude": 21.8958,
        "parent_id": None,
        "is_subunit": False,
        "is_demo": False,
        "url": f"/en/directory/{nis.pk}/",
        "names": {"sr": "Ниш", "sr-Latn": "Niš"},
    }
    assert [item["name_latin"] for item in body["items"]] == ["Niš", "Nisava", "Niška Banja"]


@pytest.mark.parametrize("q", ["Nis", "Niš", "Ниш"])
def test_authorities_search_finds_nis_in_any_script(client, world, q):
    assert get(client, f"/api/v1/authorities?q={q}").json()["items"][0]["id"] == world["nis"].pk


def test_authorities_pagination_uses_limit_and_offset(client, world):
    first = get(client, "/api/v1/authorities?limit=2").json()
    second = get(client, "/api/v1/authorities?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 13
    assert [i["name_latin"] for i in first["items"]] == ["Beograd", "Stolichna"]
    assert [i["name_latin"] for i in second["items"]] == ["Nice", "Niš"]


def test_authorities_default_page_holds_twenty_items(client):
    for _ in range(25):
        AuthorityFactory()
    body = get(client, "/api/v1/authorities").json()
    assert body["count"] == 25
    assert len(body["items"]) == 20


def test_authorities_offset_past_the_end_answers_an_empty_page(client, world):
    assert get(client, "/api/v1/authorities?offset=500").json() == {"count": 13, "items": []}


@pytest.mark.parametrize(
    "query", ["limit=1000", "limit=101", "limit=0", "limit=-1", "offset=-1", "limit=abc"]
)
def test_authorities_invalid_pagination_answers_422_with_detail(client, query):
    response = get(client, f"/api/v1/authorities?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == VALIDATION_DETAIL
    assert body["errors"][0]["loc"][-1] in {"limit", "offset"}


def test_authorities_limit_100_is_accepted(client, world):
    assert get(client, "/api/v1/authorities?limit=100").status_code == 200


def test_authorities_unknown_country_answers_422_with_a_clear_message(client):
    response = get(client, "/api/v1/authorities?country=DE")
    assert response.status_code == 422
    assert response.json() == {"detail": "Unknown country: DE."}


def test_authorities_unknown_country_message_follows_accept_language(client):
    response = client.get("/api/v1/authorities?country=ZZ", headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    assert response.headers["Content-Language"] == "fr"
    assert "ZZ" in response.json()["detail"]


def test_authorities_unknown_level_answers_422(client):
    response = get(client, "/api/v1/authorities?level=galaxy")
    assert response.status_code == 422
    assert response.json() == {"detail": "Unknown level: galaxy."}


def test_authorities_filter_by_country_is_case_insensitive(client, world):
    body = get(client, "/api/v1/authorities?country=bg").json()
    assert [i["name"] for i in body["items"]] == ["Столична"]


def test_authorities_filter_by_level_and_network(client, world):
    network = NetworkFactory(acronym="NALAS")
    NetworkMembership.objects.create(member=world["belgrade"], network=network)
    assert get(client, f"/api/v1/authorities?level=city&network={network.pk}").json()["count"] == 1
    assert get(client, "/api/v1/authorities?level=city").json()["count"] == 2


@pytest.mark.parametrize(
    "q", ["x" * 5000, "'; DROP TABLE directory_organisation; --", "%", "_", "🙂", '"Niš"', "%25%25"]
)
def test_authorities_hostile_query_answers_200(client, world, q):
    response = client.get("/api/v1/authorities", {"q": q})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])


def test_authority_detail_has_networks_children_and_empty_partnerships(client, world):
    network = NetworkFactory(
        name="Network of Associations of Local Authorities of South-East Europe", acronym="NALAS"
    )
    NetworkMembership.objects.create(member=world["nis"], network=network, since=2001, status="member")
    body = get(client, f"/api/v1/authorities/{world['nis'].pk}").json()
    assert body["networks"] == [
        {
            "network_id": network.pk,
            "id": network.pk,
            "acronym": "NALAS",
            "name": "Network of Associations of Local Authorities of South-East Europe",
            "since": 2001,
            "status": "member",
        }
    ]
    assert body["partnerships"] == []
    assert body["children"] == [m.pk for m in world["nis_municipalities"]]
    assert body["parent"] is None
    assert body["name"] == "Ниш"


def test_authority_detail_of_a_sub_unit_names_its_parent(client, world):
    banja = world["nis_municipalities"][-1]
    body = get(client, f"/api/v1/authorities/{banja.pk}").json()
    assert body["parent"] == {"id": world["nis"].pk, "name": "Ниш", "name_latin": "Niš", "level": "city"}
    assert body["parent_id"] == world["nis"].pk
    assert body["is_subunit"] is True


def test_authority_detail_lists_other_names(client):
    authority = AuthorityFactory(
        name="Prishtinë",
        country="XK",
        other_names=[{"lang": "sr-Cyrl", "name": "Приштина"}],
        level=Level.CITY,
    )
    body = get(client, f"/api/v1/authorities/{authority.pk}").json()
    assert body["other_names"] == [{"lang": "sr-Cyrl", "name": "Приштина"}]


def test_authority_detail_unknown_id_answers_404_with_detail(client):
    response = get(client, "/api/v1/authorities/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No local authority has this id."}


def test_authority_detail_of_a_network_answers_404(client):
    network = NetworkFactory()
    assert get(client, f"/api/v1/authorities/{network.pk}").status_code == 404


def test_networks_list_counts_members(client, world):
    network = NetworkFactory(
        acronym="NALAS", name="NALAS network", country="MK", website="https://www.nalas.eu/"
    )
    for authority in (world["nis"], world["sofia"]):
        NetworkMembership.objects.create(member=authority, network=network)
    assert get(client, "/api/v1/networks").json() == {
        "count": 1,
        "items": [
            {
                "id": network.pk,
                "acronym": "NALAS",
                "name": "NALAS network",
                "name_latin": "NALAS network",
                "country": "MK",
                "website": "https://www.nalas.eu/",
                "kind": "",
                "member_count": 2,
                "member_count_indirect": 0,
            }
        ],
    }


def test_networks_list_rejects_a_limit_over_100(client):
    response = get(client, "/api/v1/networks?limit=1000")
    assert response.status_code == 422
    assert response.json()["detail"] == VALIDATION_DETAIL


def test_openapi_documents_the_directory_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    # 400 (a NUL character), 401 (an unknown token) and 422 (invalid input) are documented on every operation.
    assert set(schema["paths"]["/api/v1/authorities"]["get"]["responses"]) == {"200", "400", "401", "422"}
    assert set(schema["paths"]["/api/v1/authorities/{authority_id}"]["get"]["responses"]) == {
        "200",
        "400",
        "401",
        "404",
        "422",
    }
    paged = schema["components"]["schemas"]["PagedAuthorityOut"]
    assert set(paged["properties"]) == {"items", "count"}
    assert {
        "id",
        "name",
        "name_latin",
        "country",
        "level",
        "code",
        "population",
        "latitude",
        "longitude",
    } <= set(schema["components"]["schemas"]["AuthorityOut"]["properties"])
    assert "member_count" in schema["components"]["schemas"]["NetworkOut"]["properties"]


def test_authorities_search_uses_few_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert get(client, "/api/v1/authorities?q=ni").status_code == 200
