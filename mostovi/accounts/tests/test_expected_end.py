"""When a member is expected to leave: who says it, what is refused, the forms on the members pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from mostovi.accounts import services
from mostovi.accounts.exceptions import InvalidInput, MembershipAlreadyEnded, NotAllowed
from mostovi.accounts.models import Role
from mostovi.accounts.permissions import can_set_expected_end
from mostovi.core.models import Event
from mostovi.directory.tests.factories import AuthorityFactory

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nis():
    return AuthorityFactory(name="Ниш", name_latin="Niš", country="RS")


@pytest.fixture
def ana(nis):
    return MembershipFactory(organisation=nis, role=Role.ELECTED, user=UserFactory(full_name="Ana Petrović"))


def later(days=60) -> date:
    return timezone.localdate() + timedelta(days=days)


# --- permissions -------------------------------------------------------------------------------------


def test_the_member_themself_may_say_when_they_leave(ana):
    assert can_set_expected_end(ana.user, ana) is True


def test_an_officer_of_the_same_organisation_may_say_it(nis, ana):
    officer = MembershipFactory(organisation=nis, role=Role.OFFICER).user
    assert can_set_expected_end(officer, ana) is True


@pytest.mark.parametrize("role", [Role.ELECTED, Role.TECHNICAL, Role.OBSERVER])
def test_other_colleagues_may_not(nis, ana, role):
    assert can_set_expected_end(MembershipFactory(organisation=nis, role=role).user, ana) is False


def test_an_officer_of_another_organisation_may_not(ana):
    assert can_set_expected_end(MembershipFactory(role=Role.OFFICER).user, ana) is False


# --- the service -------------------------------------------------------------------------------------


def test_the_member_sets_the_date_with_an_event(ana):
    services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=later())
    ana.refresh_from_db()
    assert ana.expected_end_on == later()
    event = Event.objects.get(kind="membership.expected_end_set")
    assert event.data == {
        "user": ana.user.email,
        "organisation": ana.organisation_id,
        "role": "elected",
        "expected_end_on": later().isoformat(),
        "previous": None,
    }
    assert ana.history.first().expected_end_on == later()


def test_today_is_accepted(ana):
    services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=timezone.localdate())
    ana.refresh_from_db()
    assert ana.expected_end_on == timezone.localdate()


def test_the_date_may_be_cleared(ana):
    services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=later())
    services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=None)
    ana.refresh_from_db()
    assert ana.expected_end_on is None
    assert Event.objects.filter(kind="membership.expected_end_set").count() == 2


def test_the_same_date_again_records_nothing(ana):
    services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=later())
    services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=later())
    assert Event.objects.filter(kind="membership.expected_end_set").count() == 1


def test_a_past_date_is_refused(ana):
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=later(-1))
    assert str(error.value) == "The expected departure date must be today or later."


def test_an_ended_membership_is_refused(ana):
    ana.ended_at = timezone.now()
    ana.save()
    with translation.override("en"), pytest.raises(MembershipAlreadyEnded) as error:
        services.membership_expected_end_set(actor=ana.user, membership=ana, expected_end_on=later())
    assert str(error.value) == "This membership has already ended."


def test_a_colleague_who_is_not_an_officer_is_refused(nis, ana):
    technical = MembershipFactory(organisation=nis, role=Role.TECHNICAL).user
    with translation.override("en"), pytest.raises(NotAllowed) as error:
        services.membership_expected_end_set(actor=technical, membership=ana, expected_end_on=later())
    assert str(error.value) == "You cannot say when this member is expected to leave."


# --- the pages ---------------------------------------------------------------------------------------


def test_the_profile_offers_the_form_and_saves_the_date(client, ana):
    client.force_login(ana.user)
    html = client.get("/en/me/").content.decode()
    assert f'action="/en/me/memberships/{ana.pk}/expected-end/"' in html
    assert f'<input type="date" name="expected_end_on" id="id_m{ana.pk}_expected_end_on"' in html
    response = client.post(
        f"/en/me/memberships/{ana.pk}/expected-end/",
        {"expected_end_on": later().isoformat(), "back": "profile"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/me/"
    ana.refresh_from_db()
    assert ana.expected_end_on == later()


def test_a_past_date_answers_422_with_the_reason_beside_the_field(client, ana):
    client.force_login(ana.user)
    response = client.post(
        f"/en/me/memberships/{ana.pk}/expected-end/",
        {"expected_end_on": later(-3).isoformat(), "back": "profile"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "The expected departure date must be today or later." in html
    assert 'aria-invalid="true"' in html


def test_an_officer_dates_a_colleague_from_the_organisation_page(client, nis, ana):
    officer = MembershipFactory(organisation=nis, role=Role.OFFICER).user
    client.force_login(officer)
    html = client.get(f"/en/me/organisations/{nis.pk}/invite/").content.decode()
    assert "Ana Petrović" in html
    assert f'action="/en/me/memberships/{ana.pk}/expected-end/"' in html
    response = client.post(
        f"/en/me/memberships/{ana.pk}/expected-end/",
        {"expected_end_on": later().isoformat(), "back": "organisation"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/me/organisations/{nis.pk}/invite/"
    ana.refresh_from_db()
    assert ana.expected_end_on == later()


def test_an_elected_official_sees_colleagues_dates_without_the_form(client, nis, ana):
    ana.expected_end_on = later()
    ana.save()
    colleague = MembershipFactory(organisation=nis, role=Role.ELECTED).user
    client.force_login(colleague)
    html = client.get(f"/en/me/organisations/{nis.pk}/invite/").content.decode()
    assert f'action="/en/me/memberships/{ana.pk}/expected-end/"' not in html


def test_an_outsider_posting_gets_403(client, ana):
    client.force_login(UserFactory())
    response = client.post(
        f"/en/me/memberships/{ana.pk}/expected-end/", {"expected_end_on": later().isoformat()}
    )
    assert response.status_code == 403
    ana.refresh_from_db()
    assert ana.expected_end_on is None


def test_the_members_page_decides_who_may_be_dated_in_constant_queries(client, nis, ana):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = MembershipFactory(organisation=nis, role=Role.OFFICER).user
    client.force_login(officer)
    url = f"/en/me/organisations/{nis.pk}/invite/"
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert html.count("/expected-end/") == 2  # Ana and the officer themself
    MembershipFactory.create_batch(10, organisation=nis, role=Role.TECHNICAL)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("/expected-end/") == 12
    assert len(many.captured_queries) == len(few.captured_queries)
