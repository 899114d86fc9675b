import pytest
from django.urls import reverse
from django.utils import translation

from mostovi.evaluation.reviews import services as review_services
from mostovi.evaluation.tests.review_world import review_world, scored
from mostovi.translations.exceptions import NotFound
from mostovi.translations.services import translation_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    world, project, review = review_world()
    review = scored(world, review)
    review = review_services.review_synthesis_update(
        actor=world.officer_lyon, review=review, synthesis="Sectoriser le réseau.", language="fr", version=0
    )
    return world, project, review


def save(world, review, actor):
    return translation_save(
        actor=actor,
        content="review",
        object_id=review.pk,
        field="synthesis",
        language="sr",
        text="Секторисати мрежу.",
    )


def test_a_partner_translates_the_synthesis_and_the_review_page_shows_both(client, setup):
    world, project, review = setup
    assert save(world, review, world.officer_nis).of_version == review.synthesis_version
    client.force_login(world.officer_nis)
    with translation.override("sr"):
        html = client.get(reverse("evaluation:review", args=[project.pk, review.pk])).content.decode()
    assert '<div class="multilingual-text translation" lang="sr">' in html
    assert '<div class="multilingual-text original" lang="fr">' in html


def test_a_new_synthesis_marks_the_translation_outdated(client, setup):
    world, project, review = setup
    save(world, review, world.officer_nis)
    review_services.review_synthesis_update(
        actor=world.officer_lyon, review=review, synthesis="Sectoriser.", language="fr", version=1
    )
    client.force_login(world.officer_lyon)
    with translation.override("sr"):
        html = client.get(reverse("evaluation:review", args=[project.pk, review.pk])).content.decode()
    assert 'data-testid="outdated"' in html


def test_another_authority_cannot_translate_the_synthesis_of_a_project_it_does_not_see(setup):
    world, _project, review = setup
    with pytest.raises(NotFound):
        save(world, review, world.officer_sofia)
