"""Bounds of a partnership record: a note without control characters, known languages in one case, dates in
range (core.text)."""

from datetime import date

import pytest
from django.utils import translation

from mostovi.partnerships import services
from mostovi.partnerships.exceptions import InvalidInput
from mostovi.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _create(world, **extra):
    values = {
        "actor": world["officer_lyon"],
        "kind": "twinning",
        "authority_ids": [world["lyon"].pk, world["nis"].pk],
        "signed_on": date(2024, 3, 15),
    }
    return services.partnership_create(**(values | extra))


@pytest.mark.parametrize(
    ("extra", "message", "field"),
    [
        ({"note": "Note\x00"}, "control characters", ""),
        ({"note": "x" * 5001}, "5000 characters at most", ""),
        ({"working_languages": ["fr", "zz"]}, "Unknown language code: zz", "working_languages"),
        ({"working_languages": ["fr\n"]}, "Unknown language code", "working_languages"),
        ({"signed_on": date(1, 1, 1)}, "Dates must fall between 1900 and 2100", "signed_on"),
        ({"ends_on": date(9999, 12, 31)}, "Dates must fall between 1900 and 2100", "ends_on"),
    ],
)
def test_bad_text_codes_and_dates_are_refused(world, extra, message, field):
    with pytest.raises(InvalidInput, match=message) as refusal:
        _create(world, **extra)
    if field:
        assert refusal.value.field == field
    assert not Partnership.objects.exists()


def test_languages_are_stored_in_one_case_and_the_note_keeps_its_lines(world):
    partnership = _create(world, working_languages=["sr-Latn", "sr-latn", "FR"], note="Un.\r\nDeux.")
    assert (partnership.working_languages, partnership.note) == (["sr-latn", "fr"], "Un.\nDeux.")


def test_an_update_is_bounded_too(world):
    partnership = _create(world)
    with pytest.raises(InvalidInput, match="Dates must fall between 1900 and 2100"):
        services.partnership_update(
            actor=world["officer_lyon"],
            partnership=partnership,
            revision=partnership.revision,
            renewed_on=date(9999, 1, 1),
        )
    with pytest.raises(InvalidInput, match="control characters"):
        services.partnership_update(
            actor=world["officer_lyon"],
            partnership=partnership,
            revision=partnership.revision,
            note="\x1b[2J",
        )
    partnership.refresh_from_db()
    assert (partnership.renewed_on, partnership.note) == (None, "")
