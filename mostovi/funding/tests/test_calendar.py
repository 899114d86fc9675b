"""The deadlines calendar: the page, the iCal feed at its private address, reminders sent once a day."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.management import call_command

from mostovi.funding import calendar as ical
from mostovi.funding.models import CalendarToken, Call, Instrument, ReminderSent
from mostovi.funding.plans import services as plan_services
from mostovi.funding.plans.selectors import CalendarEvent
from mostovi.funding.tasks import reminders_send_for
from mostovi.projects import services as project_services
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db

STAMP = datetime(2027, 1, 2, 8, 30, tzinfo=UTC)


def test_ical_lines_for_one_event_exactly():
    event = CalendarEvent(
        uid="call-7@mostovi", on=date(2027, 5, 30), title="Call closes: AAP, 2027; DCTCIV", kind="call"
    )
    body = ical.calendar_ics([event], name="Mostovi deadlines", stamp=STAMP)
    assert body == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//Mostovi//Deadlines calendar//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "X-WR-CALNAME:Mostovi deadlines\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:call-7@mostovi\r\n"
        "DTSTAMP:20270102T083000Z\r\n"
        "DTSTART;VALUE=DATE:20270530\r\n"
        "SUMMARY:Call closes: AAP\\, 2027\\; DCTCIV\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


def test_long_lines_are_folded_at_75_octets_without_cutting_a_character():
    line = "SUMMARY:" + "Обука техничара " * 10
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


@pytest.fixture
def world_with_deadlines():
    world = make_world()
    project = make_project(world)
    instrument = Instrument.objects.create(
        slug="cerv-town-twinning", name="CERV Town Twinning", funder="EU", kind="lump_sum"
    )
    Call.objects.create(instrument=instrument, title="Town Twinning 2027", closes_on=date(2027, 9, 19))
    project_services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Atelier à Niš",
        partner_id=world.nis.pk,
        starts_on=date(2027, 9, 19),
        ends_on=date(2027, 9, 19),
        is_milestone=True,
    )
    return world, project


def test_the_feed_at_its_private_address_and_revoked(client, world_with_deadlines):
    world, _project = world_with_deadlines
    raw = plan_services.calendar_token_regenerate(actor=world.officer_lyon)
    stored = CalendarToken.objects.get(user=world.officer_lyon)
    assert raw not in stored.token_digest and len(stored.token_digest) == 64
    response = client.get(f"/en/funding/calendar/{raw}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "SUMMARY:Call closes: Town Twinning 2027 (CERV Town Twinning)\r\n" in body
    assert "DTSTART;VALUE=DATE:20270919\r\n" in body
    assert "Milestone: Atelier à Niš" in body
    assert client.get("/en/funding/calendar/not-a-token.ics").status_code == 404
    plan_services.calendar_token_revoke(actor=world.officer_lyon)
    assert client.get(f"/en/funding/calendar/{raw}.ics").status_code == 404


def test_the_calendar_page_by_month_and_the_address_shown_once(client, world_with_deadlines):
    world, _project = world_with_deadlines
    client.force_login(world.officer_lyon)
    page = client.get("/en/funding/calendar/?start=2027-09-01").content.decode()
    assert "September 2027" in page and "Town Twinning 2027" in page and "Atelier à Niš" in page
    response = client.post("/en/funding/calendar/address/", {"action": "regenerate"})
    assert response.status_code == 200 and 'data-testid="new-feed-url"' in response.content.decode()
    assert client.get("/en/funding/calendar/?authority=abc").status_code == 400
    client.force_login(world.officer_sofia)  # Sofia is no partner: only the call
    page = client.get("/en/funding/calendar/?start=2027-09-01").content.decode()
    assert "Town Twinning 2027" in page and "Atelier à Niš" not in page


def test_reminders_are_sent_once_per_event_and_day(world_with_deadlines):
    world, _project = world_with_deadlines
    plan_services.calendar_reminders_set(actor=world.officer_lyon, days=14)
    today = date(2027, 9, 5)
    assert reminders_send_for(user_id=world.officer_lyon.pk, today=today) == 2
    assert len(mail.outbox) == 1 and "Town Twinning 2027" in mail.outbox[0].body
    assert reminders_send_for(user_id=world.officer_lyon.pk, today=today) == 0
    call_command("send_deadline_reminders", "--date", "2027-09-05")
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == 2
    assert reminders_send_for(user_id=world.officer_lyon.pk, today=date(2027, 9, 6)) == 0  # not 14 days ahead
    with pytest.raises(Exception, match="between 0 and 90"):
        plan_services.calendar_reminders_set(actor=world.officer_lyon, days=120)
