import pytest
from django.urls import reverse
from django.utils import translation

from mostovi.translations.models import Translation
from mostovi.translations.services import translation_save

from .factories import make_scene, provisional_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


def page(scene, lang="en", content="mission", field="findings", pk=None):
    with translation.override(lang):
        return reverse("translations:page", args=[content, pk or scene.mission.pk, field])


def project_page(scene, lang):
    with translation.override(lang):
        return reverse("projects:detail", args=[scene.project.pk])


def test_a_partner_adds_a_translation_from_the_form(client, scene):
    client.force_login(scene.world.officer_nis)
    assert 'name="text"' in client.get(page(scene)).content.decode()
    response = client.post(page(scene), {"language": "sr", "text": "Губици од 40 %.", "authority": ""})
    assert response.status_code == 302
    assert response.url.endswith("#mission")
    assert Translation.objects.get().authority_id == scene.world.nis.pk


@pytest.mark.parametrize("who", ["officer_sofia", "observer"])
def test_a_non_member_gets_403_and_nothing_is_written(client, scene, who):
    user = scene.observer_nis if who == "observer" else getattr(scene.world, who)
    client.force_login(user)
    response = client.post(page(scene), {"language": "sr", "text": "x"})
    assert response.status_code == 403
    assert not Translation.objects.exists()


def test_a_provisional_member_of_another_project_gets_403(client, scene):
    client.force_login(provisional_member(scene.world, scene.world.nis, scene.project.pk + 1000))
    assert 'name="text"' not in client.get(page(scene)).content.decode()
    assert client.post(page(scene), {"language": "sr", "text": "x"}).status_code == 403
    assert not Translation.objects.exists()


def test_a_reader_sees_the_page_without_the_form(client, scene):
    response = client.get(page(scene))
    assert response.status_code == 200
    assert 'name="text"' not in response.content.decode()


def test_an_unknown_field_is_404(client, scene):
    assert client.get(page(scene, field="team")).status_code == 404


def test_bad_input_is_a_form_error(client, scene):
    client.force_login(scene.world.officer_nis)
    response = client.post(page(scene), {"language": "fr", "text": "Même langue"})
    assert response.status_code == 422
    assert "The original is written in that language." in response.content.decode()


def test_the_project_page_shows_original_and_translation_side_by_side(client, scene):
    translation_save(
        actor=scene.world.officer_nis,
        content="mission",
        object_id=scene.mission.pk,
        field="findings",
        language="sr",
        text="Губици од 40 % на мрежи.",
    )
    html = client.get(project_page(scene, "sr")).content.decode()
    assert '<div class="multilingual-pair two">' in html
    assert '<div class="multilingual-text translation" lang="sr">' in html
    assert "Губици од 40 % на мрежи." in html
    assert '<div class="multilingual-text original" lang="fr">' in html


def test_the_project_page_offers_the_form_to_partners_only(client, scene):
    link = page(scene, "en")
    assert link not in client.get(project_page(scene, "en")).content.decode()
    client.force_login(scene.world.officer_nis)
    assert link in client.get(project_page(scene, "en")).content.decode()


def test_the_post_page_shows_the_text_with_its_language(client, scene):
    with translation.override("en"):
        html = client.get(reverse("exchange:detail", args=[scene.post.pk])).content.decode()
    assert '<div class="multilingual-text original" lang="fr">' in html
    assert "Nous partageons notre méthode de sectorisation." in html
