import pytest

from mostovi.projects import services as project_services
from mostovi.projects.models import ExpertiseMission, Project
from mostovi.translations.contents import CONTENTS
from mostovi.translations.selectors import multilingual
from mostovi.translations.services import translation_save

from .factories import make_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    s = make_scene()
    translation_save(
        actor=s.world.officer_nis,
        content="mission",
        object_id=s.mission.pk,
        field="findings",
        language="sr",
        text="Губици од 40 % на мрежи.",
    )
    return s


def findings(scene, language):
    mission = ExpertiseMission.objects.get(pk=scene.mission.pk)
    return multilingual(content=CONTENTS["mission"], obj=mission, field_name="findings", language=language)


def test_the_reader_sees_the_translation_in_their_language_beside_the_original(scene):
    ml = findings(scene, "sr")
    assert (ml.shown.language, ml.shown.is_original, ml.shown.by) == ("sr", False, "Ниш (Niš)")
    assert (ml.original.language, ml.original.text) == ("fr", "Pertes de 40 % sur le réseau.")


def test_the_serbian_latin_reader_gets_the_translation_transliterated(scene):
    ml = findings(scene, "sr-latn")
    assert (ml.shown.text, ml.shown.transliterated_from) == ("Gubici od 40 % na mreži.", "sr")


def test_another_reader_sees_the_original_and_the_translation_among_the_others(scene):
    ml = findings(scene, "bg")
    assert ml.shown.is_original and ml.shown.language == "fr"
    assert [(t.language, t.outdated) for t in ml.others] == [("sr", False)]


def test_a_new_version_of_the_original_marks_the_translation_outdated(scene):
    project_services.mission_update(
        actor=scene.world.officer_lyon, mission=scene.mission, revision=1, findings="Pertes de 35 %."
    )
    ml = findings(scene, "sr")
    assert ml.shown.is_original
    assert [(t.language, t.outdated) for t in ml.others] == [("sr", True)]


def test_the_programme_translation_follows_the_programme_version(scene):
    project = Project.objects.get(pk=scene.project.pk)
    translation_save(
        actor=scene.world.officer_nis,
        content="programme",
        object_id=project.pk,
        field="objectives",
        language="sr",
        text="Смањити губитке воде.",
    )
    project_services.programme_update(
        actor=scene.world.officer_lyon,
        project=project,
        version=1,
        actions=[],
        objectives="Réduire les pertes.",
    )
    from mostovi.projects.selectors import project_get_for_page

    ml = multilingual(
        content=CONTENTS["programme"],
        obj=project_get_for_page(pk=project.pk),
        field_name="objectives",
        language="sr",
    )
    assert ml.shown.is_original and ml.others[0].outdated


def test_a_post_shows_its_earlier_translations_too(scene):
    from mostovi.exchange import services as exchange_services
    from mostovi.exchange.selectors import post_get

    exchange_services.post_translate(
        actor=scene.world.officer_lyon,
        post=scene.post,
        language="en",
        title="Water",
        body="We share our method.",
    )
    ml = multilingual(
        content=CONTENTS["post"], obj=post_get(pk=scene.post.pk), field_name="body", language="en"
    )
    assert (ml.shown.language, ml.shown.text, ml.shown.by) == ("en", "We share our method.", "Lyon")
