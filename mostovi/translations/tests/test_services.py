import pytest

from mostovi.core.models import Event
from mostovi.projects import services as project_services
from mostovi.translations.exceptions import InvalidInput, NotAllowed, NotFound
from mostovi.translations.models import Translation
from mostovi.translations.services import translation_save

from .factories import make_scene, provisional_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


def save(scene, actor, **kwargs):
    params = {
        "content": "mission",
        "object_id": scene.mission.pk,
        "field": "findings",
        "language": "sr",
        "text": "Губици од 40 % на мрежи.",
    }
    params.update(kwargs)
    return translation_save(actor=actor, **params)


def test_a_partner_translates_the_other_partners_text(scene):
    translation = save(scene, scene.world.officer_nis)
    assert (translation.language, translation.of_version, translation.authority_id) == (
        "sr",
        1,
        scene.world.nis.pk,
    )
    event = Event.objects.get(kind="translation.saved")
    assert event.scope == f"projects.project:{scene.project.pk}"
    assert event.data == {
        "content": "mission",
        "object": scene.mission.pk,
        "field": "findings",
        "language": "sr",
        "version": 1,
        "authority": scene.world.nis.pk,
    }


def test_rewriting_a_translation_keeps_its_history(scene):
    save(scene, scene.world.officer_nis)
    save(scene, scene.world.elected_nis, text="Губици 40 %.")
    assert Translation.objects.get().text == "Губици 40 %."
    assert Translation.history.count() == 2


@pytest.mark.parametrize("who", ["officer_sofia", "outsider", "observer_nis"])
def test_non_members_are_refused(scene, who):
    actor = scene.observer_nis if who == "observer_nis" else getattr(scene.world, who)
    with pytest.raises((NotAllowed, NotFound)):
        save(scene, actor)
    assert not Translation.objects.exists()


def test_a_provisional_member_translates_in_its_own_project_only(scene):
    world = scene.world
    other = project_services.project_create(
        actor=world.officer_lyon,
        title="Autre projet",
        language="fr",
        partner_ids=[world.lyon.pk, world.nis.pk],
    )
    elsewhere = provisional_member(world, world.nis, other.pk)
    with pytest.raises(NotAllowed):
        save(scene, elsewhere)
    here = provisional_member(world, world.nis, scene.project.pk)
    assert save(scene, here).authority_id == world.nis.pk


def test_only_the_post_authority_translates_its_post(scene):
    post_args = {"content": "post", "object_id": scene.post.pk, "field": "body", "language": "sr"}
    with pytest.raises(NotAllowed):
        save(scene, scene.world.officer_nis, **post_args)
    assert save(scene, scene.world.officer_lyon, **post_args).authority_id == scene.world.lyon.pk


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"language": "fr"}, InvalidInput, "The original is written in that language."),
        ({"language": "xx"}, InvalidInput, "Unknown language code: xx."),
        ({"text": "  "}, InvalidInput, "Write the translation."),
        ({"field": "team"}, NotFound, "There is no such text to translate."),
        ({"content": "nothing"}, NotFound, "There is no such text to translate."),
        ({"object_id": 999999}, NotFound, "There is no such text to translate."),
    ],
)
def test_bad_input_changes_nothing(scene, kwargs, error, message):
    with pytest.raises(error, match=message):
        save(scene, scene.world.officer_nis, **kwargs)
    assert not Translation.objects.exists()
    assert not Event.objects.filter(kind="translation.saved").exists()


def test_an_authority_the_actor_does_not_act_for_is_refused(scene):
    with pytest.raises(NotAllowed):
        save(scene, scene.world.officer_nis, authority_id=scene.world.lyon.pk)


def test_a_private_project_is_not_found_for_a_provisional_member_of_another_project(scene):
    world = scene.world
    Project = scene.project.__class__
    Project.objects.filter(pk=scene.project.pk).update(visibility="private")
    elsewhere = provisional_member(world, world.nis, scene.project.pk + 1000)
    with pytest.raises(NotFound):
        save(scene, elsewhere)
