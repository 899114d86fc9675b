from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mostovi.core.models import Event
from mostovi.partnerships import permissions, services
from mostovi.partnerships.exceptions import InvalidInput, NotAllowed, StaleVersion
from mostovi.partnerships.models import Kind, Partnership, Status


def _create(world, actor=None, **extra):
    values = {
        "actor": actor or world["officer_lyon"],
        "kind": Kind.COOPERATION,
        "authority_ids": [world["lyon"].pk, world["nis"].pk],
        "signed_on": date(2024, 3, 15),
        "themes": ["water-sanitation", "public-administration"],
    }
    values.update(extra)
    return services.partnership_create(**values)


def test_create_records_members_themes_event_and_history(world):
    partnership = _create(world)
    assert {m.authority_id for m in partnership.members.all()} == {world["lyon"].pk, world["nis"].pk}
    assert sorted(t.slug for t in partnership.themes.all()) == ["public-administration", "water-sanitation"]
    assert partnership.since_year == 2024 and partnership.created_by == world["officer_lyon"]
    assert Event.objects.filter(kind="partnership.created", target_id=str(partnership.pk)).exists()
    assert partnership.history.exists()


def test_elected_member_of_the_other_side_may_create(world):
    assert _create(world, actor=world["elected_nis"]).pk


@pytest.mark.parametrize("who", ["technical_lyon", "outsider", "officer_sofia"])
def test_only_officers_or_elected_of_a_partner_create(world, who):
    with pytest.raises(NotAllowed):
        _create(world, actor=world[who])
    assert not Partnership.objects.exists()


def test_two_distinct_authorities(world):
    with pytest.raises(InvalidInput):
        _create(world, authority_ids=[world["lyon"].pk, world["lyon"].pk])
    with pytest.raises(InvalidInput):
        _create(world, authority_ids=[world["lyon"].pk, world["network"].pk])
    assert not Partnership.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"signed_on": date(2024, 1, 1), "renewed_on": date(2023, 1, 1)},
        {"signed_on": date(2024, 1, 1), "ends_on": date(2023, 12, 31)},
    ],
)
def test_dates_must_be_consistent(world, dates):
    with pytest.raises(InvalidInput):
        _create(world, **dates)


def test_unknown_theme_is_refused(world):
    with pytest.raises(InvalidInput):
        _create(world, themes=["no-such-theme"])


def test_update_by_the_other_side_keeps_history_and_journal(world):
    partnership = _create(world)
    versions = partnership.history.count()
    updated = services.partnership_update(
        actor=world["elected_nis"],
        partnership=partnership,
        revision=1,
        status=Status.ACTIVE,
        themes=["youth"],
    )
    assert updated.revision == 2 and updated.status == Status.ACTIVE
    assert [t.slug for t in updated.themes.all()] == ["youth"]
    event = Event.objects.get(kind="partnership.updated")
    assert event.data["changes"]["status"] == ["unknown", "active"]
    assert updated.history.count() > versions
    assert updated.history.first().history_user == world["elected_nis"]


def test_update_with_a_stale_revision_carries_both_values(world):
    partnership = _create(world)
    services.partnership_update(
        actor=world["officer_lyon"], partnership=partnership, revision=1, note="first"
    )
    with pytest.raises(StaleVersion) as error:
        services.partnership_update(
            actor=world["elected_nis"], partnership=partnership, revision=1, note="second"
        )
    assert error.value.current == {"note": "first"} and error.value.submitted == {"note": "second"}
    assert (error.value.current_revision, error.value.read_revision) == (2, 1)


def test_update_refuses_outsiders_and_bad_dates(world):
    partnership = _create(world)
    with pytest.raises(NotAllowed):
        services.partnership_update(
            actor=world["officer_sofia"], partnership=partnership, revision=1, note="x"
        )
    with pytest.raises(InvalidInput):
        services.partnership_update(
            actor=world["officer_lyon"], partnership=partnership, revision=1, ends_on=date(2020, 1, 1)
        )
    partnership.refresh_from_db()
    assert partnership.revision == 1 and partnership.ends_on is None


def test_delete_and_restore_are_soft(world):
    partnership = _create(world)
    services.partnership_delete(actor=world["elected_nis"], partnership=partnership)
    partnership.refresh_from_db()
    assert partnership.deleted_at is not None
    assert not permissions.can_view_partnership(world["outsider"], partnership)
    assert permissions.can_view_partnership(world["officer_lyon"], partnership)
    services.partnership_restore(actor=world["officer_lyon"], partnership=partnership)
    partnership.refresh_from_db()
    assert partnership.deleted_at is None
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"partnership.deleted", "partnership.restored"} <= kinds


def test_convention_is_checked_by_content_and_size(world, settings):
    partnership = _create(world)
    fake = SimpleUploadedFile("convention.pdf", b"just some text, not a PDF", content_type="application/pdf")
    with pytest.raises(InvalidInput):
        services.partnership_attach_convention(
            actor=world["officer_lyon"], partnership=partnership, file=fake
        )
    settings.DOCUMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("c.pdf", b"%PDF-1.4 " + b"x" * 20, content_type="application/pdf")
    with pytest.raises(InvalidInput):
        services.partnership_attach_convention(actor=world["officer_lyon"], partnership=partnership, file=big)
    settings.DOCUMENT_MAX_BYTES = 1000
    pdf = SimpleUploadedFile("c.txt", b"%PDF-1.4 signed", content_type="text/plain")
    services.partnership_attach_convention(actor=world["elected_nis"], partnership=partnership, file=pdf)
    partnership.refresh_from_db()
    assert partnership.convention_content_type == "application/pdf"
    assert partnership.convention.name.endswith(".pdf")
    with pytest.raises(NotAllowed):
        services.partnership_attach_convention(actor=world["outsider"], partnership=partnership, file=pdf)
