import pytest

from mostovi.accounts.models import ApiToken
from mostovi.exchange import services
from mostovi.exchange.models import Post

from .factories import in_days, make_post, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def token_for(user) -> str:
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, prefix=raw[:8], token_digest=ApiToken.digest(raw))
    return raw


def test_list_exact_json(client, world):
    post = make_post(world, is_demo=True)
    services.post_translate(actor=world.officer_lyon, post=post, language="en", title="Water", body="Text")
    response = client.get("/api/v1/exchange")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": post.pk,
                "kind": "offer",
                "authority_id": world.lyon.pk,
                "on_behalf_of_network_id": None,
                "themes": ["water-sanitation"],
                "title": "Réduire les pertes d'eau",
                "body": "Nous partageons notre méthode de sectorisation.",
                "language": "fr",
                "translations": [{"language": "en", "title": "Water", "body": "Text"}],
                "valid_until": in_days(90).isoformat(),
                "countries_sought": ["RS", "MK"],
                "partner_levels": [],
                "partner_size": "",
                "working_languages": [],
                "duration_months": None,
                "status": "open",
                "is_demo": True,
            }
        ],
    }


def test_list_filters_and_pagination(client, world):
    make_post(world, title="A")
    make_post(world, actor=world.officer_nis, authority=world.nis, kind="need", title="B", themes=["youth"])
    make_post(world, title="C")
    assert [i["title"] for i in client.get("/api/v1/exchange?kind=need").json()["items"]] == ["B"]
    assert [i["title"] for i in client.get("/api/v1/exchange?theme=youth").json()["items"]] == ["B"]
    assert [i["title"] for i in client.get("/api/v1/exchange?country=FR").json()["items"]] == ["C", "A"]
    page = client.get("/api/v1/exchange?limit=1&offset=1").json()
    assert page["count"] == 3 and [i["title"] for i in page["items"]] == ["B"]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("kind=gift", "Unknown kind of post: gift."),
        ("theme=astrology", "Unknown theme: astrology."),
        ("country=DE", "Unknown country: DE."),
    ],
)
def test_unknown_values_answer_422_with_a_detail(client, world, query, detail):
    response = client.get(f"/api/v1/exchange?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json() == {"detail": detail}


def test_detail_and_404(client, world):
    post = make_post(world)
    assert client.get(f"/api/v1/exchange/{post.pk}").json()["id"] == post.pk
    services.post_delete(actor=world.officer_lyon, post=post)
    response = client.get(f"/api/v1/exchange/{post.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response.json() == {"detail": "No post has this id."}


def test_create(client, world):
    body = {
        "authority_id": world.nis.pk,
        "kind": "need",
        "themes": ["energy"],
        "title": "Енергетска ефикасност",
        "body": "Тражимо партнера.",
        "language": "sr",
        "valid_until": in_days(60).isoformat(),
        "countries_sought": ["FR"],
    }
    assert client.post("/api/v1/exchange", body, content_type="application/json").status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(world.officer_nis)}", "HTTP_ACCEPT_LANGUAGE": "en"}
    response = client.post("/api/v1/exchange", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert response.json()["authority_id"] == world.nis.pk and response.json()["themes"] == ["energy"]
    bad = {**body, "countries_sought": ["XX"]}
    response = client.post("/api/v1/exchange", bad, content_type="application/json", **auth)
    assert response.status_code == 422 and response.json() == {"detail": "Unknown country: XX."}
    other = {**body, "authority_id": world.lyon.pk}
    response = client.post("/api/v1/exchange", other, content_type="application/json", **auth)
    assert response.status_code == 403 and "act for" in response.json()["detail"]
    assert Post.objects.count() == 1


def test_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/exchange"])
    assert "get" in paths["/api/v1/exchange/{post_id}"]
