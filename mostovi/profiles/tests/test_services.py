import pytest

from mostovi.core.models import Event
from mostovi.profiles import services
from mostovi.profiles.exceptions import InvalidInput, NotAllowed, NotFound, StaleVersion
from mostovi.profiles.models import AuthorityProfile, ProfileText

from .factories import HERITAGE_FR, HERITAGE_SR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def write(world, actor=None, **kwargs):
    return services.authority_profile_update(actor=actor or world.officer_nis, authority=world.nis, **kwargs)


def test_first_text_of_a_section_is_its_original_and_an_event_is_recorded(world):
    profile = write(world, texts=[{"section": "heritage", "language": "sr", "text": HERITAGE_SR}])
    text = ProfileText.objects.get(profile=profile)
    assert (text.section, text.language, text.is_original, text.revision) == ("heritage", "sr", True, 1)
    assert profile.revision == 1 and profile.updated_by == world.officer_nis
    event = Event.objects.get(kind="profile.updated")
    assert event.data == {
        "authority": world.nis.pk,
        "revision": 1,
        "sections": ["heritage"],
        "facts": [],
        "languages": ["sr"],
    }
    assert event.scope == f"directory.organisation:{world.nis.pk}"


def test_a_second_language_is_a_translation_of_the_current_revision(world):
    write(world, texts=[{"section": "heritage", "language": "sr", "text": HERITAGE_SR}])
    write(world, texts=[{"section": "heritage", "language": "sr", "text": HERITAGE_SR + " Ново."}])
    write(
        world, actor=world.elected_nis, texts=[{"section": "heritage", "language": "fr", "text": HERITAGE_FR}]
    )
    translation = ProfileText.objects.get(language="fr")
    assert (translation.is_original, translation.revision) == (False, 2)


def test_the_original_keeps_its_language(world):
    write(world, texts=[{"section": "heritage", "language": "sr", "text": HERITAGE_SR}])
    with pytest.raises(InvalidInput, match="its original stays in that language"):
        write(world, texts=[{"section": "heritage", "language": "fr", "text": HERITAGE_FR, "original": True}])


def test_removing_the_original_removes_the_section(world):
    write(
        world,
        texts=[
            {"section": "heritage", "language": "sr", "text": HERITAGE_SR},
            {"section": "heritage", "language": "fr", "text": HERITAGE_FR},
        ],
    )
    write(world, texts=[{"section": "heritage", "language": "sr", "text": ""}])
    assert not ProfileText.objects.exists()


def test_facts_are_checked_and_saved(world):
    profile = write(
        world,
        working_languages=["sr", "FR"],
        interpretation_needed=True,
        interpretation_pairs=[["fr", "sr"]],
        service_people=[{"name": "Milica Petrović", "role": "Head of the office", "email": "ir@example.org"}],
        contact_email="ir@example.org",
    )
    assert profile.working_languages == ["sr", "fr"]
    assert profile.interpretation_pairs == [["fr", "sr"]]
    assert profile.service_people == [
        {"name": "Milica Petrović", "role": "Head of the office", "email": "ir@example.org", "phone": ""}
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"contact_email": "not an address"}, "Contact e-mail: not a valid e-mail address."),
        ({"interpretation_pairs": [["fr", "fr"]]}, "A pair of languages needs two different languages."),
        ({"working_languages": ["xx-nope"]}, "Unknown language code: xx-nope."),
        ({"service_people": [{"role": "Officer"}]}, "Each person of the international service needs a name."),
        ({"texts": [{"section": "gossip", "language": "fr", "text": "x"}]}, "Unknown section: gossip."),
        ({"texts": [{"section": "heritage", "language": "fr", "text": "a\x00b"}]}, "control characters"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        write(world, **kwargs)
    assert not AuthorityProfile.objects.filter(revision__gt=0).exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "who", ["technical_nis", "observer_nis", "provisional_nis", "outsider", "officer_lyon"]
)
def test_only_confirmed_officers_and_elected_officials_write(world, who):
    with pytest.raises(NotAllowed):
        write(world, actor=getattr(world, who), texts=[{"section": "culture", "language": "sr", "text": "x"}])
    assert not ProfileText.objects.exists()


def test_a_network_has_no_profile(world):
    with pytest.raises(NotFound):
        services.authority_profile_update(actor=world.officer_nis, authority=world.network)


def test_a_stale_revision_is_a_conflict(world):
    write(world, contact_phone="+381 18 000")
    with pytest.raises(StaleVersion):
        write(world, revision=0, contact_phone="+381 18 111")
    assert AuthorityProfile.objects.get().contact_phone == "+381 18 000"


def test_nothing_changed_records_nothing(world):
    write(world, contact_phone="+381 18 000")
    write(world, contact_phone="+381 18 000")
    assert AuthorityProfile.objects.get().revision == 1
    assert Event.objects.count() == 1


def test_history_keeps_every_version_with_its_author(world):
    write(world, texts=[{"section": "heritage", "language": "sr", "text": HERITAGE_SR}])
    write(world, actor=world.elected_nis, contact_email="ir@example.org")
    profile = AuthorityProfile.objects.get()
    rows = list(
        profile.history.order_by("history_date").values_list(
            "revision", "history_user", "history_change_reason"
        )
    )
    assert rows[-2:] == [(1, world.officer_nis.pk, "heritage"), (2, world.elected_nis.pk, "contact_email")]
    assert ProfileText.history.count() == 1
