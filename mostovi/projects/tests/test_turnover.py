"""Turnover ahead: elections and expected departures warned on the project page and the home page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from mostovi.accounts.models import Membership, Role
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.directory.models import Organisation
from mostovi.evaluation.models import ActionStatus, FollowUpAction, Indicator, Level, Measure, Result
from mostovi.projects import selectors
from mostovi.projects.models import Phase, Project, ProjectPartner
from mostovi.projects.turnover import projects_with_turnover_warnings, turnover_warnings

from .factories import make_project, make_world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 10)
LEAVES = date(2027, 3, 12)  # 92 days after TODAY


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def project(world):
    return make_project(world)


def person(authority, name, *, role=Role.OFFICER, leaves=None, days_ago=0):
    return MembershipFactory(
        organisation=authority,
        role=role,
        user=UserFactory(full_name=name),
        expected_end_on=leaves,
        started_at=timezone.now() - timedelta(days=days_ago),
    )


def name_roles(project, authority, responsible=None, deputy=None):
    ProjectPartner.objects.filter(project=project, authority=authority).update(
        responsible=responsible, deputy=deputy
    )


def for_page(project):
    return selectors.project_get_for_page(pk=project.pk)


def messages(project, today=TODAY, **kwargs):
    return [w.message for w in turnover_warnings(for_page(project), today=today, **kwargs)]


def end_officers_of_nis(world):
    Membership.objects.filter(organisation=world.nis, role=Role.OFFICER).update(ended_at=timezone.now())


def action(world, project, owner, *, status=ActionStatus.OPEN, title="Sectoriser le réseau"):
    return FollowUpAction.objects.create(
        project=project,
        title=title,
        language="fr",
        owner_authority=owner.organisation,
        owner=owner,
        due_on=date(2027, 6, 1),
        status=status,
        created_by=world.officer_lyon,
    )


def indicator(world, project, reporter):
    result = Result.objects.create(
        project=project,
        level=Level.OUTCOME,
        title="Pertes réduites",
        language="fr",
        created_by=world.officer_lyon,
    )
    return Indicator.objects.create(
        result=result,
        title="Part de l'eau perdue",
        measure=Measure.PERCENTAGE,
        reporting_partner=reporter.organisation,
        reporter=reporter,
        created_by=world.officer_lyon,
    )


# --- elections ---------------------------------------------------------------------------------------


def test_elections_within_three_months_are_announced(world, project):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    assert messages(project) == [
        "Local elections in Ниш (Niš) on 12 March 2027: responsible people may change."
    ]


@pytest.mark.parametrize("elections", [LEAVES + timedelta(days=1), TODAY - timedelta(days=1)])
def test_elections_beyond_the_horizon_or_past_are_not(world, project, elections):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=elections)
    assert messages(project) == []


def test_elections_today_are_announced(world, project):
    Organisation.objects.filter(pk=world.lyon.pk).update(next_elections_on=TODAY)
    assert messages(project) == [
        "Local elections in Lyon on 10 December 2026: responsible people may change."
    ]


def test_the_horizon_can_be_narrowed(world, project):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    assert messages(project, horizon_days=30) == []


def test_a_finished_project_warns_of_nothing(world, project):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    Project.objects.filter(pk=project.pk).update(phase=Phase.CLOSED)
    assert messages(project) == []


# --- departures and who would take over ----------------------------------------------------------------


def test_a_leaving_responsible_person_hands_over_to_the_deputy(world, project):
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES)
    marko = person(world.nis, "Marko Jović")
    name_roles(project, world.nis, ana, marko)
    [warning] = turnover_warnings(for_page(project), today=TODAY)
    assert (warning.kind, warning.authority, warning.date) == ("departure", world.nis, LEAVES)
    assert (warning.person, warning.roles, warning.successor) == (ana, ("responsible",), marko)
    assert warning.message == (
        "Ana Petrović, responsible for Ниш (Niš), is expected to leave on 12 March 2027; "
        "the deputy Marko Jović would take over."
    )


def test_without_a_deputy_the_longest_standing_officer_would_take_over(world, project):
    end_officers_of_nis(world)
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES, days_ago=900)
    person(world.nis, "Newer Officer", days_ago=10)
    person(world.nis, "Senior Officer", days_ago=400)
    name_roles(project, world.nis, ana)
    assert messages(project) == [
        "Ana Petrović, responsible for Ниш (Niš), is expected to leave on 12 March 2027; "
        "Senior Officer, the longest-standing officer, would take over."
    ]


def test_a_deputy_leaving_first_cannot_take_over(world, project):
    end_officers_of_nis(world)
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES, days_ago=900)
    marko = person(world.nis, "Marko Jović", leaves=LEAVES - timedelta(days=30), days_ago=20)
    name_roles(project, world.nis, ana, marko)
    assert messages(project) == [
        "Marko Jović, deputy for Ниш (Niš), is expected to leave on 10 February 2027; "
        "the place of deputy will be empty.",
        "Ana Petrović, responsible for Ниш (Niš), is expected to leave on 12 March 2027; "
        "nobody would take over yet: name a deputy.",
    ]


def test_nobody_would_take_over_when_no_officer_remains(world, project):
    end_officers_of_nis(world)
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES)
    name_roles(project, world.nis, ana)
    [warning] = turnover_warnings(for_page(project), today=TODAY)
    assert warning.successor is None
    assert warning.message.endswith("nobody would take over yet: name a deputy.")


def test_departures_beyond_the_horizon_are_not_announced(world, project):
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES + timedelta(days=1))
    name_roles(project, world.nis, ana)
    assert messages(project) == []


def test_an_ended_membership_is_not_announced(world, project):
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES)
    name_roles(project, world.nis, ana)
    Membership.objects.filter(pk=ana.pk).update(ended_at=timezone.now())
    assert messages(project) == []


def test_owner_of_actions_and_reporter_of_indicators_hands_over_to_the_responsible_person(world, project):
    ana = person(world.nis, "Ana Petrović")
    jelena = person(world.nis, "Jelena Ilić", role=Role.TECHNICAL, leaves=LEAVES)
    name_roles(project, world.nis, ana)
    action(world, project, jelena)
    action(world, project, jelena, status=ActionStatus.IN_PROGRESS)
    action(world, project, jelena, status=ActionStatus.DONE)
    action(world, project, jelena, status=ActionStatus.CANCELLED)
    FollowUpAction.objects.filter(pk=action(world, project, jelena).pk).update(deleted_at=timezone.now())
    indicator(world, project, jelena)
    [warning] = turnover_warnings(for_page(project), today=TODAY)
    assert (warning.open_actions, warning.indicators, warning.roles) == (2, 1, ())
    assert warning.message == (
        "Jelena Ilić, for Ниш (Niš), owner of 2 open follow-up actions, reporter of 1 indicator, "
        "is expected to leave on 12 March 2027; the responsible person Ana Petrović would take over."
    )


def test_a_leaving_deputy_with_actions_empties_the_place_and_hands_the_actions_on(world, project):
    ana = person(world.nis, "Ana Petrović")
    marko = person(world.nis, "Marko Jović", leaves=LEAVES)
    name_roles(project, world.nis, ana, marko)
    action(world, project, marko)
    assert messages(project) == [
        "Marko Jović, deputy for Ниш (Niš), owner of 1 open follow-up action, is expected to leave on "
        "12 March 2027; the place of deputy will be empty; "
        "the responsible person Ana Petrović would take over."
    ]


def test_elections_come_before_departures_on_the_same_day_and_dates_are_in_order(world, project):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES)
    marko = person(world.nis, "Marko Jović", leaves=TODAY + timedelta(days=5))
    name_roles(project, world.nis, ana)
    name_roles(project, world.lyon, world.membership(world.officer_lyon, world.lyon), marko)
    kinds = [(w.kind, w.date) for w in turnover_warnings(for_page(project), today=TODAY)]
    assert kinds == [("departure", date(2026, 12, 15)), ("elections", LEAVES), ("departure", LEAVES)]


def test_messages_follow_the_reader_language(world, project):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    [warning] = turnover_warnings(for_page(project), today=TODAY)
    with translation.override("fr"):
        assert "12 mars 2027" in warning.message


# --- queries -------------------------------------------------------------------------------------------


def test_nothing_ahead_costs_one_query(world, project, django_assert_num_queries):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    page_project = for_page(project)
    with django_assert_num_queries(1):
        assert len(turnover_warnings(page_project, today=TODAY)) == 1


def test_departures_cost_two_queries_whatever_their_number(world, project, django_assert_num_queries):
    end_officers_of_nis(world)
    person(world.nis, "Senior Officer", days_ago=400)
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES)
    name_roles(project, world.nis, ana)
    for name in ("Jelena Ilić", "Petar Marković", "Milica Stojanović"):
        holder = person(world.nis, name, role=Role.TECHNICAL, leaves=LEAVES - timedelta(days=10))
        action(world, project, holder)
        indicator(world, project, holder)
    page_project = for_page(project)
    with django_assert_num_queries(2):
        warnings = turnover_warnings(page_project, today=TODAY)
    # Those who leave before Ana hand their work to her; she hands hers to the officer who stays.
    assert [w.successor.user.full_name for w in warnings] == ["Ana Petrović"] * 3 + ["Senior Officer"]


# --- the user's projects -------------------------------------------------------------------------------


def test_the_users_partner_projects_with_changes_ahead_are_listed(world, project):
    quiet = make_project(world, title="Projet calme", partner_ids=[world.lyon.pk, world.sofia.pk])
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    rows = projects_with_turnover_warnings(world.officer_lyon, today=TODAY)
    assert [(p, [w.kind for w in warnings]) for p, warnings in rows] == [(project, ["elections"])]
    assert quiet not in [p for p, _warnings in rows]
    assert projects_with_turnover_warnings(world.officer_sofia, today=TODAY) == []


def test_finished_and_deleted_projects_are_not_listed(world, project):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    closed = make_project(world, title="Projet clos")
    Project.objects.filter(pk=closed.pk).update(phase=Phase.CANCELLED)
    deleted = make_project(world, title="Projet supprimé")
    Project.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    assert [p for p, _w in projects_with_turnover_warnings(world.officer_nis, today=TODAY)] == [project]


def test_an_anonymous_user_has_no_list():
    from django.contrib.auth.models import AnonymousUser

    assert projects_with_turnover_warnings(AnonymousUser(), today=TODAY) == []


def test_the_list_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=LEAVES)
    end_officers_of_nis(world)
    person(world.nis, "Senior Officer", days_ago=400)
    for number in range(6):
        project = make_project(world, title=f"Projet {number}")
        holder = person(world.nis, f"Responsable {number}", leaves=LEAVES)
        name_roles(project, world.nis, holder)
        action(world, project, holder)
    with django_assert_max_num_queries(6):
        rows = projects_with_turnover_warnings(world.officer_lyon, today=TODAY)
    assert len(rows) == 6
    assert all(len(warnings) == 2 for _p, warnings in rows)


# --- the pages -----------------------------------------------------------------------------------------


def test_the_banner_shows_on_the_project_page_when_something_changes(client, world, project):
    soon = timezone.localdate() + timedelta(days=20)
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=soon)
    client.force_login(world.officer_lyon)
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert '<section class="notice turnover-banner" role="status" aria-labelledby="turnover-title">' in html
    assert '<h2 id="turnover-title">Changes ahead among the partners</h2>' in html
    assert "Local elections in Ниш (Niš) on" in html


def test_no_banner_when_nothing_changes(client, world, project):
    client.force_login(world.officer_lyon)
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert "turnover-banner" not in html


def test_no_banner_for_anonymous_readers_of_a_public_project(client, world, project, monkeypatch):
    soon = timezone.localdate() + timedelta(days=20)
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=soon)
    monkeypatch.setattr("mostovi.projects.permissions.can_view_project", lambda user, project: True)
    response = client.get(f"/en/projects/{project.pk}/")
    assert response.status_code == 200
    assert "turnover-banner" not in response.content.decode()


def page_queries(client, project) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/en/projects/{project.pk}/").content.decode()
    return len(queries), html


def test_the_banner_costs_no_query_when_nobody_leaves(client, world, project):
    client.force_login(world.officer_lyon)
    quiet, _html = page_queries(client, project)
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=timezone.localdate())
    with_elections, html = page_queries(client, project)
    assert "Local elections in Ниш (Niš) on" in html
    assert with_elections == quiet


def test_the_banner_adds_at_most_two_queries_when_people_leave(client, world, project):
    client.force_login(world.officer_lyon)
    quiet, _html = page_queries(client, project)
    soon = timezone.localdate() + timedelta(days=20)
    end_officers_of_nis(world)
    person(world.nis, "Senior Officer", days_ago=400)
    name_roles(project, world.nis, person(world.nis, "Ana Petrović", leaves=soon))
    action(world, project, person(world.nis, "Jelena Ilić", role=Role.TECHNICAL, leaves=soon))
    busy, html = page_queries(client, project)
    assert "Senior Officer, the longest-standing officer, would take over." in html
    assert "the responsible person Ana Petrović would take over." not in html  # Ana leaves the same day
    assert "owner of 1 open follow-up action" in html
    assert busy - quiet <= 2


def test_the_home_page_lists_the_users_projects_with_changes_ahead(client, world, project):
    soon = timezone.localdate() + timedelta(days=20)
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=soon)
    client.force_login(world.officer_nis)
    html = client.get("/en/").content.decode()
    assert '<h2 id="turnover-home-title">Changes ahead in your projects</h2>' in html
    assert f'<a href="/en/projects/{project.pk}/" lang="fr">Gestion de l&#x27;eau à Niš</a>' in html
    assert "Local elections in Ниш (Niš) on" in html


def test_the_home_page_has_no_block_without_changes_or_signed_out(client, world, project):
    client.force_login(world.officer_nis)
    assert "turnover-home" not in client.get("/en/").content.decode()
    soon = timezone.localdate() + timedelta(days=20)
    Organisation.objects.filter(pk=world.nis.pk).update(next_elections_on=soon)
    client.logout()
    assert "turnover-home" not in client.get("/en/").content.decode()


def test_a_deputy_taking_over_needs_no_officer_query(world, project, django_assert_num_queries):
    ana = person(world.nis, "Ana Petrović", leaves=LEAVES)
    name_roles(project, world.nis, ana, person(world.nis, "Marko"))
    page_project = for_page(project)
    with django_assert_num_queries(1):
        [warning] = turnover_warnings(page_project, today=TODAY)
    assert warning.successor.user.full_name == "Marko"
