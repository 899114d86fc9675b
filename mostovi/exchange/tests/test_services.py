import datetime

import pytest
from django.core import mail
from django.utils import translation

from mostovi.core.models import Event
from mostovi.exchange import services
from mostovi.exchange.exceptions import InvalidInput, NotAllowed, StaleVersion
from mostovi.exchange.models import Interest, InterestMessage, InterestStatus, Post, PostStatus, SavedFilter
from mostovi.exchange.tasks import interest_event_message
from mostovi.partnerships.models import Partnership
from mostovi.projects.models import Project

from .factories import in_days, make_post, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


# --- post_create ---------------------------------------------------------------------------------


def test_an_officer_posts_for_their_authority(world):
    post = make_post(world, partner_levels=["city"], working_languages=["fr", "sr"], duration_months=12)
    assert post.authority == world.lyon and post.posted_by == world.officer_lyon
    assert [t.slug for t in post.themes.all()] == ["water-sanitation"]
    assert post.countries_sought == ["RS", "MK"] and post.status == PostStatus.OPEN
    assert Event.objects.filter(kind="exchange.post_created", target_id=str(post.pk)).exists()


def test_technical_staff_may_post_but_observers_may_not(world):
    assert make_post(world, actor=world.technical_lyon).pk
    with pytest.raises(NotAllowed):
        make_post(world, actor=world.observer_lyon)


def test_a_coordinator_posts_on_behalf_of_their_network(world):
    post = make_post(
        world, actor=world.coordinator, authority=world.sofia, on_behalf_of_network=world.network
    )
    assert post.on_behalf_of_network == world.network


def test_a_coordinator_must_name_the_network(world):
    with pytest.raises(NotAllowed, match="network"):
        make_post(world, actor=world.coordinator, authority=world.sofia)


def test_a_coordinator_cannot_post_for_an_authority_outside_the_network(world):
    with pytest.raises(NotAllowed):
        make_post(world, actor=world.coordinator, authority=world.lyon, on_behalf_of_network=world.network)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"themes": ["no-such-theme"]}, "Unknown theme: no-such-theme"),
        ({"themes": []}, "at least one theme"),
        ({"countries_sought": ["FR", "DE"]}, "Unknown country: DE"),
        ({"valid_until": datetime.date(2020, 1, 1)}, "in the past"),
        ({"valid_until": None}, "Give the date"),
        ({"kind": "gift"}, "Unknown kind of post: gift"),
        ({"title": "  "}, "A title is required"),
        ({"title": "x" * 201}, "too long"),
        ({"body": ""}, "A text is required"),
        ({"language": "French!"}, "Unknown language code"),
        ({"partner_levels": ["galaxy"]}, "Unknown kind of partner"),
        ({"partner_size": "huge"}, "Unknown partner size"),
        ({"duration_months": 0}, "duration"),
        ({"working_languages": ["??"]}, "Unknown language code"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(world, changes, message):
    events = Event.objects.count()
    with pytest.raises(InvalidInput, match=message):
        make_post(world, **changes)
    assert Post.objects.count() == 0 and Event.objects.count() == events


def test_posting_for_an_authority_one_does_not_belong_to(world):
    with pytest.raises(NotAllowed, match="authority you act for"):
        make_post(world, actor=world.officer_nis)
    with pytest.raises(NotAllowed):
        make_post(world, actor=world.outsider)
    assert Post.objects.count() == 0


def test_a_network_cannot_be_the_posting_authority(world):
    with pytest.raises(InvalidInput):
        make_post(world, authority=world.network)


# --- update, translate, close, delete -------------------------------------------------------------


def test_update_checks_the_revision(world):
    post = make_post(world)
    post = services.post_update(actor=world.officer_lyon, post=post, revision=1, title="Nouveau titre")
    assert post.revision == 2 and post.title == "Nouveau titre"
    with pytest.raises(StaleVersion):
        services.post_update(actor=world.officer_lyon, post=post, revision=1, title="Autre")
    assert Post.objects.get(pk=post.pk).title == "Nouveau titre"


def test_update_refuses_bad_input_and_other_authorities(world):
    post = make_post(world)
    with pytest.raises(InvalidInput, match="Unknown country"):
        services.post_update(actor=world.officer_lyon, post=post, revision=1, countries_sought=["ZZ"])
    with pytest.raises(InvalidInput, match="Unknown field"):
        services.post_update(actor=world.officer_lyon, post=post, revision=1, authority=world.nis)
    with pytest.raises(NotAllowed):
        services.post_update(actor=world.officer_nis, post=post, revision=1, title="x")
    assert Post.objects.get(pk=post.pk).revision == 1


def test_translate(world):
    post = make_post(world)
    services.post_translate(
        actor=world.officer_lyon, post=post, language="sr", title="Губици воде", body="Текст"
    )
    services.post_translate(actor=world.officer_lyon, post=post, language="sr", title="Губици", body="Текст")
    assert list(post.translations.values_list("language", "title")) == [("sr", "Губици")]
    with pytest.raises(InvalidInput, match="original"):
        services.post_translate(actor=world.officer_lyon, post=post, language="fr", title="t", body="b")
    with pytest.raises(NotAllowed):
        services.post_translate(actor=world.officer_nis, post=post, language="en", title="t", body="b")


def test_close_reopen_delete_restore(world):
    post = make_post(world)
    services.post_close(actor=world.officer_lyon, post=post)
    with pytest.raises(InvalidInput):
        services.post_close(actor=world.officer_lyon, post=post)
    services.post_reopen(actor=world.officer_lyon, post=post)
    services.post_delete(actor=world.officer_lyon, post=post)
    assert not Post.objects.alive().filter(pk=post.pk).exists()
    with pytest.raises(NotAllowed):
        services.post_restore(actor=world.officer_nis, post=post)
    services.post_restore(actor=world.officer_lyon, post=post)
    assert Post.objects.alive().filter(pk=post.pk).exists()


# --- saved filters -------------------------------------------------------------------------------


def test_saved_filters(world):
    saved = services.saved_filter_create(actor=world.officer_nis, params={"kind": "offer", "country": "fr"})
    assert saved.params == {"kind": "offer", "country": "FR"}
    with pytest.raises(InvalidInput, match="already saved"):
        services.saved_filter_create(actor=world.officer_nis, params={"kind": "offer", "country": "FR"})
    with pytest.raises(InvalidInput, match="Unknown theme"):
        services.saved_filter_create(actor=world.officer_nis, params={"theme": "nope"})
    with pytest.raises(NotAllowed):
        services.saved_filter_delete(actor=world.officer_lyon, saved_filter=saved)
    services.saved_filter_delete(actor=world.officer_nis, saved_filter=saved)
    assert not SavedFilter.objects.exists()


# --- expressions of interest ---------------------------------------------------------------------


def open_interest(world, post=None):
    return services.interest_open(
        actor=world.officer_nis,
        from_authority=world.nis,
        to_authority=world.lyon,
        post=post,
        message="Здраво, заинтересовани смо.",
    )


def test_open_notifies_the_other_side_in_their_language(world, django_capture_on_commit_callbacks):
    post = make_post(world)
    with django_capture_on_commit_callbacks(execute=True):
        interest = open_interest(world, post)
    assert interest.status == InterestStatus.OPEN
    assert interest.messages.get().body == "Здраво, заинтересовани смо."
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([world.officer_lyon.email, world.technical_lyon.email])
    french = next(m for m in mail.outbox if m.to == [world.officer_lyon.email])
    with translation.override("fr"):
        assert french.subject == f"[Mostovi] {interest_event_message('interest.opened')}"
    assert f"/fr/exchange/interests/{interest.pk}/" in french.body


def test_open_refusals(world):
    post = make_post(world)
    with pytest.raises(NotAllowed):
        services.interest_open(
            actor=world.officer_lyon, from_authority=world.nis, to_authority=world.lyon, message="x"
        )
    with pytest.raises(InvalidInput, match="itself"):
        services.interest_open(
            actor=world.officer_lyon, from_authority=world.lyon, to_authority=world.lyon, message="x"
        )
    with pytest.raises(InvalidInput, match="not one of the authority"):
        services.interest_open(
            actor=world.officer_nis,
            from_authority=world.nis,
            to_authority=world.sofia,
            post=post,
            message="x",
        )
    with pytest.raises(InvalidInput, match="Write a message"):
        services.interest_open(
            actor=world.officer_nis, from_authority=world.nis, to_authority=world.lyon, message=" "
        )
    open_interest(world, post)
    with pytest.raises(InvalidInput, match="already has an open thread"):
        open_interest(world, post)
    services.post_close(actor=world.officer_lyon, post=post)
    with pytest.raises(InvalidInput, match="closed"):
        services.interest_open(
            actor=world.officer_sofia,
            from_authority=world.sofia,
            to_authority=world.lyon,
            post=post,
            message="x",
        )
    assert Interest.objects.count() == 1


def test_messages_and_who_may_write(world):
    interest = open_interest(world)
    services.interest_message_post(actor=world.officer_lyon, interest=interest, body="Avec plaisir.")
    with pytest.raises(NotAllowed):
        services.interest_message_post(actor=world.officer_sofia, interest=interest, body="Moi aussi")
    with pytest.raises(NotAllowed):
        services.interest_message_post(actor=world.observer_lyon, interest=interest, body="Moi aussi")
    assert interest.messages.count() == 2


def test_only_the_receiving_side_decides(world):
    interest = open_interest(world)
    with pytest.raises(NotAllowed):
        services.interest_accept(actor=world.officer_nis, interest=interest, create="partnership", kind="mou")
    with pytest.raises(NotAllowed):
        services.interest_decline(actor=world.officer_nis, interest=interest)


def test_accept_creates_a_partnership_and_closes_the_thread(world, django_capture_on_commit_callbacks):
    post = make_post(world)
    interest = open_interest(world, post)
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.interest_accept(
            actor=world.officer_lyon, interest=interest, create="partnership", kind="cooperation"
        )
    partnership = Partnership.objects.get()
    assert interest.partnership == partnership and interest.status == InterestStatus.ACCEPTED
    assert sorted(m.authority_id for m in partnership.members.all()) == sorted([world.lyon.pk, world.nis.pk])
    assert partnership.kind == "cooperation"
    system = interest.messages.get(is_system=True)
    assert system.data == {
        "event": "accepted",
        "created": "partnership",
        "id": partnership.pk,
        "kind": "cooperation",
    }
    assert {address for m in mail.outbox for address in m.to} >= {
        world.officer_nis.email,
        world.elected_nis.email,
    }
    with pytest.raises(InvalidInput, match="closed"):
        services.interest_message_post(actor=world.officer_nis, interest=interest, body="Merci !")
    with pytest.raises(InvalidInput, match="closed"):
        services.interest_decline(actor=world.officer_lyon, interest=interest)


def test_accept_creates_a_project_in_the_accepting_users_language(world):
    post = make_post(world)
    services.post_translate(
        actor=world.officer_lyon, post=post, language="en", title="Cut water losses", body="b"
    )
    interest = services.interest_open(
        actor=world.officer_lyon, from_authority=world.lyon, to_authority=world.nis, message="Bonjour"
    )
    nis_post = make_post(world, actor=world.officer_nis, authority=world.nis, title="Вода", language="sr")
    services.post_translate(actor=world.officer_nis, post=nis_post, language="en", title="Water", body="b")
    interest = services.interest_open(
        actor=world.officer_lyon,
        from_authority=world.lyon,
        to_authority=world.nis,
        post=nis_post,
        message="x",
    )
    interest = services.interest_accept(actor=world.elected_nis, interest=interest, create="project")
    project = Project.objects.get()
    assert interest.project == project
    title = project.texts.get(field="title")
    assert (title.language, title.text) == ("en", "Water")  # elected_nis reads English
    assert sorted(p.authority_id for p in project.partners.all()) == sorted([world.lyon.pk, world.nis.pk])
    assert interest.messages.get(is_system=True).data["created"] == "project"


def test_accept_refuses_bad_choices_and_writes_nothing(world):
    interest = open_interest(world)
    with pytest.raises(InvalidInput):
        services.interest_accept(actor=world.officer_lyon, interest=interest, create="friendship")
    with pytest.raises(InvalidInput, match="kind of partnership"):
        services.interest_accept(actor=world.officer_lyon, interest=interest, create="partnership", kind="")
    with pytest.raises(InvalidInput, match="title"):
        services.interest_accept(actor=world.officer_lyon, interest=interest, create="project")
    interest.refresh_from_db()
    assert interest.status == InterestStatus.OPEN
    assert not Partnership.objects.exists() and not Project.objects.exists()
    assert not InterestMessage.objects.filter(is_system=True).exists()


def test_decline(world):
    interest = open_interest(world)
    interest = services.interest_decline(
        actor=world.officer_lyon, interest=interest, reason="Pas cette année."
    )
    assert interest.status == InterestStatus.DECLINED
    assert [m.body for m in interest.messages.all()][-2:] == ["Pas cette année.", "Declined."]
    with pytest.raises(InvalidInput, match="closed"):
        services.interest_message_post(actor=world.officer_nis, interest=interest, body="Dommage")


def test_demo_posts_by_real_directory_authorities(world):
    from mostovi.exchange.demo import demo_exchange_ensure

    world.lyon.ref_key = "FR:insee:69123"
    world.lyon.save()
    world.nis.ref_key = "RS:city:Niš"
    world.nis.save()
    users = {"officer.lyon@example.org": world.officer_lyon, "officer.nis@example.org": world.officer_nis}
    lines = demo_exchange_ensure(users=users, organisations={})
    assert Post.objects.filter(is_demo=True).count() == 2
    assert any("skipped" in line for line in lines)
    assert Interest.objects.count() == 1
    demo_exchange_ensure(users=users, organisations={})
    assert Post.objects.count() == 2 and Interest.objects.count() == 1
    assert Post.objects.get(authority=world.lyon).translations.get().language == "en"
    assert in_days(0) < Post.objects.first().valid_until
