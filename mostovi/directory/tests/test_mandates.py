"""Mandate dates of an authority: who records them, what is refused, the page and the API."""

from datetime import date

import pytest
from django.utils import translation
from simple_history.utils import get_history_model_for_model

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.core.models import Event
from mostovi.directory import services
from mostovi.directory.exceptions import InvalidInput, NotAllowed
from mostovi.directory.models import Organisation
from mostovi.directory.permissions import can_edit_mandate
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

START = date(2024, 6, 9)
ELECTIONS = date(2028, 3, 12)


@pytest.fixture
def nis():
    return AuthorityFactory(name="Ниш", name_latin="Niš", country="RS")


def member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


def update(actor, organisation, start=START, elections=ELECTIONS):
    return services.organisation_mandate_update(
        actor=actor, organisation=organisation, mandate_started_on=start, next_elections_on=elections
    )


# --- permissions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ELECTED])
def test_officers_and_elected_officials_may_edit_their_authority_mandate(nis, role):
    assert can_edit_mandate(member(nis, role), nis) is True


@pytest.mark.parametrize("role", [Role.TECHNICAL, Role.OBSERVER, Role.COORDINATOR])
def test_other_roles_may_not_edit_the_mandate(nis, role):
    assert can_edit_mandate(member(nis, role), nis) is False


def test_staff_may_edit_any_mandate(nis):
    assert can_edit_mandate(UserFactory(is_staff=True), nis) is True


def test_an_officer_of_another_authority_may_not_edit_the_mandate(nis):
    assert can_edit_mandate(member(AuthorityFactory(), Role.OFFICER), nis) is False


def test_a_former_officer_may_not_edit_the_mandate(nis):
    officer = MembershipFactory(organisation=nis, role=Role.OFFICER)
    officer.ended_at = officer.started_at
    officer.save()
    assert can_edit_mandate(officer.user, nis) is False


# --- the service ---------------------------------------------------------------------------------------


def test_an_officer_records_the_mandate_dates_with_an_event_and_a_history_row(nis):
    officer = member(nis, Role.OFFICER)
    update(officer, nis)
    nis.refresh_from_db()
    assert (nis.mandate_started_on, nis.next_elections_on) == (START, ELECTIONS)
    event = Event.objects.get(kind="organisation.mandate_updated")
    assert event.actor == officer
    assert event.data == {
        "mandate_started_on": "2024-06-09",
        "next_elections_on": "2028-03-12",
        "previous_mandate_started_on": None,
        "previous_next_elections_on": None,
    }
    history = get_history_model_for_model(Organisation).objects.filter(id=nis.pk).order_by("history_id")
    assert history.last().next_elections_on == ELECTIONS


def test_dates_may_be_cleared(nis):
    officer = member(nis, Role.OFFICER)
    update(officer, nis)
    update(officer, nis, start=None, elections=None)
    nis.refresh_from_db()
    assert (nis.mandate_started_on, nis.next_elections_on) == (None, None)
    assert Event.objects.filter(kind="organisation.mandate_updated").count() == 2


def test_saving_the_same_dates_records_nothing(nis):
    officer = member(nis, Role.OFFICER)
    update(officer, nis)
    update(officer, nis)
    assert Event.objects.filter(kind="organisation.mandate_updated").count() == 1


def test_an_outsider_is_refused_with_a_reason(nis):
    with translation.override("en"), pytest.raises(NotAllowed) as error:
        update(UserFactory(), nis)
    assert str(error.value) == "You cannot change the mandate dates of Ниш (Niš)."


def test_next_elections_must_come_after_the_mandate_start(nis):
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        update(member(nis, Role.ELECTED), nis, start=date(2028, 3, 12), elections=date(2028, 3, 12))
    assert str(error.value) == "The next elections must come after the start of the current mandate."


@pytest.mark.parametrize(
    ("start", "elections"), [(date(1989, 12, 31), None), (None, date(2101, 1, 1)), (date(2101, 1, 1), None)]
)
def test_years_outside_1990_to_2100_are_refused(nis, start, elections):
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        update(member(nis, Role.OFFICER), nis, start=start, elections=elections)
    assert str(error.value) == "Dates must fall between 1990 and 2100."


def test_the_limits_1990_and_2100_are_accepted(nis):
    update(member(nis, Role.OFFICER), nis, start=date(1990, 1, 1), elections=date(2100, 12, 31))
    nis.refresh_from_db()
    assert nis.next_elections_on == date(2100, 12, 31)


def test_a_network_records_no_mandate():
    network = NetworkFactory()
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        update(UserFactory(is_staff=True), network)
    assert str(error.value) == "Only local authorities record mandate dates."


# --- the authority's page ------------------------------------------------------------------------------


def test_the_page_shows_the_dates_to_everyone(client, nis):
    Organisation.objects.filter(pk=nis.pk).update(mandate_started_on=START, next_elections_on=ELECTIONS)
    html = client.get(f"/en/directory/{nis.pk}/").content.decode()
    assert "Current mandate since 9 June 2024" in html
    assert "Next local elections: 12 March 2028" in html
    assert "Change the mandate dates" not in html


def test_the_page_says_when_dates_are_not_recorded(client, nis):
    html = client.get(f"/en/directory/{nis.pk}/").content.decode()
    assert "Start of the current mandate: not recorded" in html
    assert "Next local elections: not recorded" in html


def test_the_dates_follow_the_reader_locale(client, nis):
    Organisation.objects.filter(pk=nis.pk).update(next_elections_on=ELECTIONS)
    html = client.get(f"/fr/directory/{nis.pk}/").content.decode()
    assert "12 mars 2028" in html


def test_an_officer_sees_the_form_and_saves_the_dates(client, nis):
    client.force_login(member(nis, Role.OFFICER))
    html = client.get(f"/en/directory/{nis.pk}/").content.decode()
    assert f'action="/en/directory/{nis.pk}/mandate/"' in html
    assert '<label for="id_next_elections_on">Next local elections:</label>' in html
    response = client.post(
        f"/en/directory/{nis.pk}/mandate/",
        {"mandate_started_on": "2024-06-09", "next_elections_on": "2028-03-12"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/directory/{nis.pk}/#mandate"
    nis.refresh_from_db()
    assert nis.next_elections_on == ELECTIONS


def test_a_refused_date_answers_422_with_the_reason_in_the_form(client, nis):
    client.force_login(member(nis, Role.OFFICER))
    response = client.post(
        f"/en/directory/{nis.pk}/mandate/",
        {"mandate_started_on": "2028-06-09", "next_elections_on": "2024-03-12"},
    )
    assert response.status_code == 422
    assert "The next elections must come after the start of the current mandate." in response.content.decode()


def test_a_malformed_date_answers_422(client, nis):
    client.force_login(member(nis, Role.OFFICER))
    response = client.post(f"/en/directory/{nis.pk}/mandate/", {"next_elections_on": "2028-13-45"})
    assert response.status_code == 422
    assert "Enter a valid date." in response.content.decode()


def test_an_outsider_posting_is_refused_with_403(client, nis):
    client.force_login(UserFactory())
    response = client.post(f"/en/directory/{nis.pk}/mandate/", {"next_elections_on": "2028-03-12"})
    assert response.status_code == 403
    nis.refresh_from_db()
    assert nis.next_elections_on is None


def test_an_anonymous_post_is_sent_to_sign_in(client, nis):
    response = client.post(f"/en/directory/{nis.pk}/mandate/", {"next_elections_on": "2028-03-12"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- the API -------------------------------------------------------------------------------------------


def test_the_api_gives_the_mandate_dates(client, nis):
    Organisation.objects.filter(pk=nis.pk).update(mandate_started_on=START, next_elections_on=ELECTIONS)
    body = client.get(f"/api/v1/authorities/{nis.pk}").json()
    assert (body["mandate_started_on"], body["next_elections_on"]) == ("2024-06-09", "2028-03-12")


def test_the_api_gives_null_when_not_recorded(client, nis):
    body = client.get(f"/api/v1/authorities/{nis.pk}").json()
    assert (body["mandate_started_on"], body["next_elections_on"]) == (None, None)
