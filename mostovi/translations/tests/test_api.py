import pytest

from mostovi.translations.models import Translation

from .factories import make_scene, provisional_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


def url(scene, language=None):
    base = f"/api/v1/translations/mission/{scene.mission.pk}/findings"
    return f"{base}/{language}" if language else base


def test_get_shows_the_original_for_a_reader_without_translation(client, scene):
    body = client.get(url(scene), HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["shown"]["is_original"] and body["shown"]["language"] == "fr"
    assert (body["label"], body["can_translate"], len(body["texts"])) == ("Findings", False, 1)


def test_a_partner_puts_a_translation(client, scene):
    client.force_login(scene.world.officer_nis)
    response = client.put(
        url(scene, "sr"),
        {"text": "Губици од 40 %."},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="sr",
    )
    assert response.status_code == 200
    shown = response.json()["shown"]
    assert (shown["language"], shown["is_original"], shown["translated_by"], shown["outdated"]) == (
        "sr",
        False,
        "Ниш",  # a Serbian reader reads the name in Cyrillic alone
        False,
    )


def test_anonymous_put_is_401(client, scene):
    assert client.put(url(scene, "sr"), {"text": "x"}, content_type="application/json").status_code == 401


def test_a_provisional_member_of_another_project_gets_403(client, scene):
    client.force_login(provisional_member(scene.world, scene.world.nis, scene.project.pk + 1000))
    response = client.put(
        url(scene, "sr"), {"text": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the members of the authorities this text belongs to translate it."
    }
    assert not Translation.objects.exists()


def test_bad_language_is_422_and_unknown_field_404(client, scene):
    client.force_login(scene.world.officer_nis)
    response = client.put(
        url(scene, "xx"), {"text": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, response.json()) == (422, {"detail": "Unknown language code: xx."})
    assert client.get(f"/api/v1/translations/mission/{scene.mission.pk}/team").status_code == 404
