import pytest

from mostovi.profiles import services
from mostovi.profiles.selectors import profile_for_reader, profile_history

from .factories import HERITAGE_FR, HERITAGE_SR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = make_world()
    services.authority_profile_update(
        actor=w.officer_nis,
        authority=w.nis,
        texts=[
            {"section": "heritage", "language": "sr", "text": HERITAGE_SR},
            {"section": "heritage", "language": "fr", "text": HERITAGE_FR},
        ],
    )
    return w


def heritage(world, language):
    view = profile_for_reader(authority=world.nis, language=language)
    return next(s for s in view.sections if s.section == "heritage")


def test_a_reader_sees_the_translation_in_their_language_said_to_be_one(world):
    section = heritage(world, "fr")
    assert (section.shown.language, section.shown.is_original, section.shown.by) == ("fr", False, "Ниш (Niš)")
    assert (section.original.language, section.original.text) == ("sr", HERITAGE_SR)


def test_a_reader_without_a_translation_sees_the_original(world):
    section = heritage(world, "bg")
    assert (section.shown.language, section.shown.is_original) == ("sr", True)
    assert [t.language for t in section.others] == ["fr"]


def test_a_serbian_latin_reader_sees_the_original_transliterated_and_told_so(world):
    section = heritage(world, "sr-latn")
    assert section.shown.text == "Niš je jedan od najstarijih gradova na Balkanu."
    assert (section.shown.transliterated_from, section.shown.is_original) == ("sr", True)


def test_a_translation_of_an_earlier_version_is_outdated_and_not_shown(world):
    services.authority_profile_update(
        actor=world.officer_nis,
        authority=world.nis,
        texts=[{"section": "heritage", "language": "sr", "text": HERITAGE_SR + " Ново."}],
    )
    section = heritage(world, "fr")
    assert section.shown.is_original
    assert [(t.language, t.outdated) for t in section.others] == [("fr", True)]


def test_sections_of_facts_are_listed_without_text(world):
    view = profile_for_reader(authority=world.nis, language="en")
    assert [(s.section, s.shown is None) for s in view.sections] == [
        ("heritage", False),
        ("languages", True),
        ("service", True),
    ]


def test_history_names_who_changed_what(world):
    services.authority_profile_update(actor=world.elected_nis, authority=world.nis, working_languages=["sr"])
    lines = profile_history(authority=world.nis)
    assert [(line.revision, line.user, line.changed) for line in lines] == [
        (2, world.elected_nis, ["Languages and interpretation"]),
        (1, world.officer_nis, ["Heritage"]),
    ]
