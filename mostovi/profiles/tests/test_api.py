import pytest

from mostovi.profiles import services
from mostovi.profiles.models import AuthorityProfile

from .factories import HERITAGE_FR, HERITAGE_SR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def api(world):
    return f"/api/v1/authorities/{world.nis.pk}/profile"


def test_get_an_empty_profile(client, world):
    response = client.get(api(world))
    assert response.status_code == 200
    body = response.json()
    assert (body["revision"], body["sections"], body["can_edit"]) == (0, [], False)


def test_get_shows_the_text_in_the_reader_language_and_every_language(client, world):
    services.authority_profile_update(
        actor=world.officer_nis,
        authority=world.nis,
        texts=[
            {"section": "heritage", "language": "sr", "text": HERITAGE_SR},
            {"section": "heritage", "language": "fr", "text": HERITAGE_FR},
        ],
    )
    body = client.get(api(world), HTTP_ACCEPT_LANGUAGE="fr").json()
    [section] = body["sections"]
    assert section["section"] == "heritage"
    assert {k: section["shown"][k] for k in ("language", "is_original", "translated_by", "outdated")} == {
        "language": "fr",
        "is_original": False,
        "translated_by": "Ниш (Niš)",
        "outdated": False,
    }
    assert [(t["language"], t["is_original"]) for t in section["texts"]] == [("sr", True), ("fr", False)]


def test_put_by_a_member(client, world):
    client.force_login(world.officer_nis)
    response = client.put(
        api(world),
        {
            "revision": 0,
            "working_languages": ["sr"],
            "texts": [{"section": "protocol", "language": "sr", "text": "x"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["revision"], response.json()["working_languages"]) == (1, ["sr"])


def test_put_anonymous_is_401(client, world):
    assert (
        client.put(api(world), {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").status_code
        == 401
    )


@pytest.mark.parametrize("who", ["officer_lyon", "provisional_nis", "technical_nis"])
def test_put_by_another_is_403(client, world, who):
    client.force_login(getattr(world, who))
    response = client.put(
        api(world),
        {"contact_email": "x@example.org"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the officers and elected officials of Ниш (Niš) change its profile."
    }
    assert not AuthorityProfile.objects.filter(revision__gt=0).exists()


def test_put_invalid_is_422_and_stale_is_409(client, world):
    client.force_login(world.officer_nis)
    response = client.put(
        api(world), {"contact_email": "nope"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert response.json() == {"detail": "Contact e-mail: not a valid e-mail address."}
    client.put(api(world), {"contact_phone": "1"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    response = client.put(
        api(world),
        {"revision": 0, "contact_phone": "2"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409


def test_unknown_authority_is_404(client, world):
    assert client.get(f"/api/v1/authorities/{world.network.pk}/profile").status_code == 404
    assert client.get("/api/v1/authorities/999999/profile", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "detail": "Not found."
    }
