from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mostovi.exchange import services
from mostovi.exchange.models import Post, SavedFilter
from mostovi.exchange.tasks import exchange_digest_send

from .factories import make_post, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def _backdate(saved: SavedFilter, minutes=10):
    SavedFilter.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


def test_digest_sends_new_matching_posts_in_the_users_language(world):
    saved = services.saved_filter_create(actor=world.officer_nis, params={"kind": "offer"}, name="Понуде")
    _backdate(saved)
    post = make_post(world)
    services.post_translate(actor=world.officer_lyon, post=post, language="sr", title="Губици воде", body="b")
    make_post(world, actor=world.officer_sofia, authority=world.sofia, kind="need", title="Not an offer")
    assert exchange_digest_send.call(user_id=world.officer_nis.pk) == 1
    (message,) = mail.outbox
    assert message.to == [world.officer_nis.email]
    assert "Губици воде" in message.body and "Not an offer" not in message.body
    assert "Понуде" in message.body
    assert f"/sr/exchange/{post.pk}/" in message.body  # links in the reader's language
    assert "(1)" in message.subject
    # Nothing new: nothing sent.
    assert exchange_digest_send.call(user_id=world.officer_nis.pk) == 0
    assert len(mail.outbox) == 1


def test_digest_shows_the_original_with_no_translation_and_skips_old_posts(world):
    old = make_post(world, title="Avant")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    saved = services.saved_filter_create(actor=world.elected_nis, params={})
    _backdate(saved)
    make_post(world, title="Après")
    assert exchange_digest_send.call(user_id=world.elected_nis.pk) == 1
    assert "Après" in mail.outbox[0].body and "Avant" not in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[Mostovi] New offers and needs")  # elected_nis reads English


def test_digest_without_saved_filters_or_new_posts_sends_nothing(world):
    make_post(world)
    assert exchange_digest_send.call(user_id=world.outsider.pk) == 0
    saved = services.saved_filter_create(actor=world.outsider, params={"kind": "need"})
    _backdate(saved)
    assert exchange_digest_send.call(user_id=world.outsider.pk) == 0
    assert mail.outbox == []


def test_command_enqueues_a_digest_per_user(world):
    for user in (world.officer_nis, world.officer_sofia):
        _backdate(services.saved_filter_create(actor=user, params={"kind": "offer"}))
    make_post(world)
    call_command("send_exchange_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.officer_nis.email, world.officer_sofia.email]
    )
