from datetime import date

from mostovi.partnerships import services
from mostovi.partnerships.models import Kind


def _create(world, **extra):
    values = {
        "actor": world["officer_lyon"],
        "kind": Kind.COOPERATION,
        "authority_ids": [world["lyon"].pk, world["nis"].pk],
        "signed_on": date(2024, 3, 15),
        "themes": ["water-sanitation"],
    }
    values.update(extra)
    return services.partnership_create(**values)


def test_list_and_filters(client, world):
    first = _create(world, is_demo=True)
    _create(
        world, actor=world["officer_sofia"], authority_ids=[world["sofia"].pk, world["nis"].pk], themes=[]
    )
    body = client.get("/api/v1/partnerships").json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["id"] == first.pk)
    assert set(item["partner_ids"]) == {world["lyon"].pk, world["nis"].pk}
    assert item["kind"] == "cooperation" and item["status"] == "unknown" and item["signed_on"] == "2024-03-15"
    assert item["themes"] == ["water-sanitation"] and item["is_demo"] is True
    assert {p["name_latin"] for p in item["partners"]} == {"Lyon", "Niš"}
    assert client.get("/api/v1/partnerships?country=bg").json()["count"] == 1
    assert client.get(f"/api/v1/partnerships?authority={world['lyon'].pk}").json()["count"] == 1
    assert client.get("/api/v1/partnerships?theme=water-sanitation").json()["count"] == 1
    page = client.get("/api/v1/partnerships?limit=1&offset=1").json()
    assert page["count"] == 2 and len(page["items"]) == 1


def test_unknown_theme_or_country_is_422(client, world):
    for query in ("theme=nope", "country=XX"):
        response = client.get(f"/api/v1/partnerships?{query}")
        assert response.status_code == 422
        assert "detail" in response.json()


def test_detail_and_404(client, world):
    partnership = _create(world)
    assert client.get(f"/api/v1/partnerships/{partnership.pk}").json()["id"] == partnership.pk
    services.partnership_delete(actor=world["officer_lyon"], partnership=partnership)
    assert client.get(f"/api/v1/partnerships/{partnership.pk}").status_code == 404
    assert client.get("/api/v1/partnerships/999999").status_code == 404


def test_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/partnerships" in paths and "/api/v1/partnerships/{partnership_id}" in paths
