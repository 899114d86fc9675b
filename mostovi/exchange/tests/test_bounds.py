"""Bounds of what people write on the exchange: one-line titles, texts without control characters, known
language codes in one case, dates in range (core.text)."""

import datetime

import pytest
from django.utils import translation

from mostovi.core.models import Event
from mostovi.exchange import services
from mostovi.exchange.exceptions import InvalidInput
from mostovi.exchange.models import InterestMessage, Post, PostTranslation, SavedFilter

from .factories import make_post, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return make_world()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "Eau\r\nBcc: victim@example.org"}, "one line only"),
        ({"title": "Eau\tpotable"}, "one line only"),
        ({"body": "Texte\x00"}, "control characters"),
        ({"working_languages": ["fr", "xx"]}, "Unknown language code: xx"),
        ({"working_languages": "fr"}, "a list is expected"),
        ({"language": "qq"}, "Unknown language code: qq"),
        ({"valid_until": datetime.date(9999, 12, 31)}, "Dates must fall between 1950 and 2100"),
    ],
)
def test_bad_text_codes_and_dates_are_refused_and_nothing_written(world, changes, message):
    events = Event.objects.count()
    with pytest.raises(InvalidInput, match=message):
        make_post(world, **changes)
    assert (Post.objects.count(), Event.objects.count()) == (0, events)


def test_languages_are_stored_in_one_case_and_line_breaks_kept(world):
    post = make_post(world, language="sr-Latn", working_languages=["sr-Latn", "sr-latn", "FR"], body="A\r\nB")
    post.refresh_from_db()
    assert (post.language, post.working_languages, post.body) == ("sr-latn", ["sr-latn", "fr"], "A\nB")


def test_an_update_and_a_translation_are_bounded_too(world):
    post = make_post(world)
    with pytest.raises(InvalidInput, match="one line only"):
        services.post_update(actor=world.officer_lyon, post=post, revision=post.revision, title="A\nB")
    with pytest.raises(InvalidInput, match="one line only"):
        services.post_translate(
            actor=world.officer_lyon, post=post, language="en", title="A\r\nB", body="Text"
        )
    with pytest.raises(InvalidInput, match="Unknown language code"):
        services.post_update(
            actor=world.officer_lyon, post=post, revision=post.revision, working_languages=["??"]
        )
    post.refresh_from_db()
    assert (post.revision, post.title) == (1, "Réduire les pertes d'eau")
    assert not PostTranslation.objects.exists()


def test_a_saved_search_name_is_one_line(world):
    with pytest.raises(InvalidInput, match="one line only"):
        services.saved_filter_create(actor=world.officer_lyon, params={"kind": "offer"}, name="Eau\r\nX")
    assert not SavedFilter.objects.exists()


def test_a_message_of_interest_holds_no_control_character(world):
    post = make_post(world)
    with pytest.raises(InvalidInput, match="control characters"):
        services.interest_open(
            actor=world.officer_nis,
            from_authority=world.nis,
            to_authority=world.lyon,
            post=post,
            message="Bonjour\x1b",
        )
    assert not InterestMessage.objects.exists()


def test_the_api_answers_422_for_a_title_with_a_line_break_and_a_far_date(world, client):
    client.force_login(world.officer_nis)
    body = {
        "authority_id": world.nis.pk,
        "kind": "need",
        "themes": ["energy"],
        "title": "Енергетска\r\nBcc: x@example.org",
        "body": "Тражимо партнера.",
        "language": "sr",
        "valid_until": "2030-01-01",
    }
    response = client.post(
        "/api/v1/exchange", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "Title: one line only, without line breaks, tabs or control characters."},
    )
    body |= {"title": "Енергетска ефикасност", "valid_until": "9999-12-31"}
    response = client.post(
        "/api/v1/exchange", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "Dates must fall between 1950 and 2100."},
    )
    assert not Post.objects.exists()
