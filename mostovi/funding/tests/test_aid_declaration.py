"""The e-APD declaration recorded as filed: the service, the page action, the rule and the calendar."""

from datetime import date

import pytest

from mostovi.core.errors import InvalidInput, NotAllowed
from mostovi.funding.catalogue.services import aid_declaration_record
from mostovi.funding.eapd import eapd_campaign
from mostovi.funding.models import AidDeclarationFiling
from mostovi.funding.plans import selectors as plan_selectors
from mostovi.projects.tests.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_campaign_of_a_day():
    assert eapd_campaign(date(2026, 4, 14)) == 2025
    assert eapd_campaign(date(2026, 4, 15)) == 2026
    assert eapd_campaign(date(2026, 12, 7)) == 2026


def test_a_member_records_the_filing_once_a_year(world):
    filing = aid_declaration_record(
        actor=world.officer_lyon, authority=world.lyon, year=2026, filed_on=date(2026, 5, 12)
    )
    assert (filing.year, filing.filed_on, filing.recorded_by) == (2026, date(2026, 5, 12), world.officer_lyon)
    # Recording it again with another date corrects it; the same date changes nothing.
    aid_declaration_record(
        actor=world.officer_lyon, authority=world.lyon, year=2026, filed_on=date(2026, 5, 13)
    )
    aid_declaration_record(
        actor=world.officer_lyon, authority=world.lyon, year=2026, filed_on=date(2026, 5, 13)
    )
    assert AidDeclarationFiling.objects.get().filed_on == date(2026, 5, 13)
    assert AidDeclarationFiling.history.count() == 2


@pytest.mark.parametrize(
    ("year", "filed_on"),
    [(2026, date(2099, 5, 1)), (2025, date(2026, 5, 1)), (1999, date(2026, 5, 1))],
)
def test_bad_dates_are_refused_and_change_nothing(world, year, filed_on):
    with pytest.raises(InvalidInput):
        aid_declaration_record(actor=world.officer_lyon, authority=world.lyon, year=year, filed_on=filed_on)
    assert not AidDeclarationFiling.objects.exists()


def test_only_members_of_a_french_authority_record(world):
    with pytest.raises(NotAllowed):
        aid_declaration_record(
            actor=world.outsider, authority=world.lyon, year=2026, filed_on=date(2026, 5, 1)
        )
    with pytest.raises(NotAllowed):
        aid_declaration_record(
            actor=world.officer_nis, authority=world.lyon, year=2026, filed_on=date(2026, 5, 1)
        )
    # Niš is not a French authority: no e-APD.
    with pytest.raises(NotAllowed):
        aid_declaration_record(
            actor=world.officer_nis, authority=world.nis, year=2026, filed_on=date(2026, 5, 1)
        )
    assert not AidDeclarationFiling.objects.exists()


def test_the_declaration_page_records_the_filing(client, world):
    client.force_login(world.officer_lyon)
    page = client.get(f"/en/open-data/authorities/{world.lyon.pk}/aid-declaration/").content.decode()
    assert "Record the declaration as filed" in page and "No filed declaration is recorded." in page
    url = f"/en/funding/authorities/{world.lyon.pk}/aid-declaration/filed/"
    response = client.post(url, {"year": "2026", "filed_on": "2026-05-12"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/open-data/authorities/{world.lyon.pk}/aid-declaration/"
    page = client.get(response["Location"]).content.decode()
    assert "Campaign 2026: filed on 12 May 2026" in page
    # A wrong date is refused with its reason, nothing written.
    client.post(url, {"year": "2025", "filed_on": "2026-05-12"}, follow=True)
    assert AidDeclarationFiling.objects.count() == 1


def test_strangers_cannot_record_a_filing(client, world):
    url = f"/en/funding/authorities/{world.lyon.pk}/aid-declaration/filed/"
    client.force_login(world.officer_nis)
    assert client.post(url, {"year": "2026", "filed_on": "2026-05-12"}).status_code == 403
    assert client.post(url, {"year": "x"}).status_code == 403
    assert client.get(url).status_code == 405
    assert client.post("/en/funding/authorities/999999/aid-declaration/filed/", {}).status_code == 404
    assert not AidDeclarationFiling.objects.exists()


def test_the_calendar_shows_each_years_declaration_window_to_french_authorities(world):
    events = plan_selectors.calendar_events(
        user=world.officer_lyon, start=date(2026, 12, 1), end=date(2027, 11, 30)
    )
    [window] = [e for e in events if e.kind == "declaration"]
    assert (window.on, window.ends_on) == (date(2027, 4, 15), date(2027, 5, 31))
    assert window.title == "e-APD declaration of Lyon: the aid paid in 2026 (campaign 2027)"
    assert window.url == f"/en/open-data/authorities/{world.lyon.pk}/aid-declaration/?year=2026"
    # Niš is not French: no window.
    events = plan_selectors.calendar_events(
        user=world.officer_nis, start=date(2026, 12, 1), end=date(2027, 11, 30)
    )
    assert not [e for e in events if e.kind == "declaration"]


def test_the_calendar_shows_when_a_call_opens_and_closes(world):
    from mostovi.funding.models import Call, Instrument

    instrument = Instrument.objects.create(
        slug="cerv-nt", name="CERV – Networks of Towns", funder="EU", kind="grant"
    )
    Call.objects.create(
        instrument=instrument,
        title="Networks of Towns 2027",
        opens_on=date(2026, 12, 17),
        closes_on=date(2027, 4, 15),
    )
    events = plan_selectors.calendar_events(
        user=world.officer_nis, start=date(2026, 12, 1), end=date(2027, 11, 30)
    )
    assert [(e.on, e.title) for e in events if e.kind == "call"] == [
        (date(2026, 12, 17), "Call opens: Networks of Towns 2027 (CERV – Networks of Towns)"),
        (date(2027, 4, 15), "Call closes: Networks of Towns 2027 (CERV – Networks of Towns)"),
    ]
