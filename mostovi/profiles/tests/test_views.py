import pytest
from django.urls import reverse
from django.utils import translation

from mostovi.profiles import services
from mostovi.profiles.models import ProfileText

from .factories import HERITAGE_FR, HERITAGE_SR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = make_world()
    services.authority_profile_update(
        actor=w.officer_nis,
        authority=w.nis,
        interpretation_needed=True,
        interpretation_pairs=[["fr", "sr"]],
        service_people=[{"name": "Milica Petrović", "role": "Head of the office"}],
        texts=[
            {"section": "heritage", "language": "sr", "text": HERITAGE_SR},
            {"section": "heritage", "language": "fr", "text": HERITAGE_FR},
        ],
    )
    return w


def url(name, world, lang="en"):
    with translation.override(lang):
        return reverse(f"profiles:{name}", args=[world.nis.pk])


def test_anyone_reads_the_profile_in_their_language_with_the_original_beside(client, world):
    response = client.get(url("detail", world, "fr"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="multilingual-text original" lang="sr">' in html
    assert '<div class="multilingual-text translation" lang="fr">' in html
    assert "Milica Petrović" in html
    assert 'data-testid="profile-edit"' not in html
    assert 'data-testid="profile-history"' in html


def test_the_page_says_the_original_language_when_no_translation_exists(client, world):
    html = client.get(url("detail", world, "en")).content.decode()
    assert "Original (Serbian)" in html
    assert "Translation into French by Ниш (Niš)" in html  # among the other translations


def test_a_member_gets_the_edit_link(client, world):
    client.force_login(world.officer_nis)
    assert 'data-testid="profile-edit"' in client.get(url("detail", world)).content.decode()


@pytest.mark.parametrize("who", ["officer_lyon", "provisional_nis", "observer_nis"])
def test_others_get_403_on_the_forms(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(url("edit", world)).status_code == 403
    response = client.post(url("text", world), {"section": "culture", "language": "en", "text": "Hijacked"})
    assert response.status_code == 403
    assert not ProfileText.objects.filter(section="culture").exists()


def test_a_member_writes_a_section(client, world):
    client.force_login(world.elected_nis)
    response = client.post(url("text", world), {"section": "culture", "language": "sr", "text": "Нишвил"})
    assert response.status_code == 302
    assert ProfileText.objects.get(section="culture").is_original


def test_a_member_saves_the_facts_and_a_bad_address_is_a_form_error(client, world):
    client.force_login(world.officer_nis)
    data = {
        "revision": 1,
        "working_languages": "sr, fr",
        "interpretation_pairs": "fr>sr",
        "service_people": "Milica Petrović | Head of the office | ir@example.org",
        "contact_email": "nope",
        "contact_phone": "",
    }
    response = client.post(url("edit", world), data)
    assert response.status_code == 422
    assert "Contact e-mail: not a valid e-mail address." in response.content.decode()
    response = client.post(url("edit", world), {**data, "contact_email": "ir@example.org"})
    assert response.status_code == 302
    world.nis.profile.refresh_from_db()
    assert world.nis.profile.working_languages == ["sr", "fr"]
    assert world.nis.profile.interpretation_needed is False


def test_the_directory_page_links_to_the_profile(client, world):
    with translation.override("en"):
        html = client.get(reverse("directory:detail", args=[world.nis.pk])).content.decode()
    assert url("detail", world) in html
    assert "Heritage" in html


def test_a_network_has_no_profile_page(client, world):
    with translation.override("en"):
        assert client.get(reverse("profiles:detail", args=[world.network.pk])).status_code == 404
