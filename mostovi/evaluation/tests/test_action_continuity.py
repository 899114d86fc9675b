"""Continuity: action owners and indicator reporters move when their membership ends; unheld ones listed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from mostovi.accounts import services as account_services
from mostovi.accounts.exceptions import MembershipAlreadyEnded
from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.core.models import Event
from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.models import FollowUpAction, Indicator
from mostovi.evaluation.tests.world import logframe_world
from mostovi.projects import continuity
from mostovi.projects import services as project_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _officer(authority, name, days_ago):
    user = UserFactory(full_name=name)
    return MembershipFactory(
        user=user,
        organisation=authority,
        role=Role.OFFICER,
        started_at=timezone.now() - timedelta(days=days_ago),
    )


def _action(world, project, owner):
    return action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        title="Sectoriser le réseau",
        owner_id=owner.pk,
        due_on=date(2027, 6, 30),
        language="fr",
    )


def test_the_partner_responsible_takes_over_the_action_with_an_event():
    world, project, _results, _losses, _trained = logframe_world()
    leaver = _officer(world.nis, "Milan Petrović", 30)
    responsible = world.membership(world.officer_nis, world.nis)
    project_services.partner_set_roles(
        actor=world.officer_nis,
        project=project,
        authority_id=world.nis.pk,
        responsible_id=responsible.pk,
        deputy_id=None,
    )
    action = _action(world, project, leaver)
    account_services.membership_end(actor=leaver.user, membership=leaver)
    action.refresh_from_db()
    assert action.owner_id == responsible.pk
    event = Event.objects.get(kind="responsibility.moved", data__responsibility="action.owner")
    assert (event.data["reason"], event.data["title"], event.data["new_membership"]) == (
        "partner_responsible",
        "Sectoriser le réseau",
        responsible.pk,
    )
    assert continuity.describe(event.data) == (
        f"Ниш (Niš): Milan Petrović left; {world.officer_nis} now owns the follow-up action "
        "“Sectoriser le réseau”."
    )


def test_without_anyone_left_the_action_is_unheld_and_listed():
    world, project, _results, _losses, _trained = logframe_world()
    leaver = world.membership(world.officer_nis, world.nis)
    action = _action(world, project, leaver)
    account_services.membership_end(actor=world.officer_nis, membership=leaver)
    action.refresh_from_db()
    assert action.owner_id is None
    rows = [r for r in continuity.unheld_responsibilities() if r.responsibility == "action.owner"]
    assert [(r.target.pk, r.authority.pk) for r in rows] == [(action.pk, world.nis.pk)]
    event = Event.objects.get(kind="responsibility.moved", data__responsibility="action.owner")
    assert continuity.describe(event.data) == (
        f"Ниш (Niš): {world.officer_nis} left; nobody owns the follow-up action “Sectoriser le réseau” "
        "any more. Name an owner."
    )


def test_the_indicator_reporter_moves_to_the_longest_standing_officer():
    world, _project, _results, losses, _trained = logframe_world()
    senior = _officer(world.nis, "Jelena Ilić", 400)
    leaver = world.membership(world.officer_nis, world.nis)
    account_services.membership_end(actor=world.officer_nis, membership=leaver)
    losses.refresh_from_db()
    assert losses.reporter_id == senior.pk
    event = Event.objects.get(kind="responsibility.moved", data__responsibility="indicator.reporter")
    assert event.data["reason"] == "longest_standing_officer"
    assert continuity.describe(event.data) == (
        f"Ниш (Niš): {world.officer_nis} left; Jelena Ilić now reports the indicator “Part de l'eau perdue”."
    )


def test_an_indicator_whose_reporter_ended_outside_the_service_is_listed():
    _world, _project, _results, losses, _trained = logframe_world()
    from mostovi.accounts.models import Membership

    Membership.objects.filter(pk=losses.reporter_id).update(ended_at=timezone.now())
    rows = [r for r in continuity.unheld_responsibilities() if r.responsibility == "indicator.reporter"]
    assert [(r.target.pk, r.former.pk) for r in rows] == [(losses.pk, losses.reporter_id)]
    assert Indicator.objects.get(pk=losses.pk).reporter_id == rows[0].former.pk


def test_a_membership_ended_twice_is_refused_and_nothing_moves_again():
    world, project, _results, _losses, _trained = logframe_world()
    leaver = _officer(world.nis, "Milan Petrović", 30)
    action = _action(world, project, leaver)
    account_services.membership_end(actor=leaver.user, membership=leaver)
    moved = Event.objects.filter(kind="responsibility.moved").count()
    with pytest.raises(MembershipAlreadyEnded, match=r"^This membership has already ended\.$"):
        account_services.membership_end(actor=leaver.user, membership=leaver)
    assert Event.objects.filter(kind="responsibility.moved").count() == moved
    assert FollowUpAction.objects.get(pk=action.pk).owner_id is not None


def test_the_unheld_page_names_the_action(client):
    world, project, _results, _losses, _trained = logframe_world()
    leaver = world.membership(world.officer_nis, world.nis)
    action = _action(world, project, leaver)
    account_services.membership_end(actor=world.officer_nis, membership=leaver)
    client.force_login(world.officer_lyon)
    html = client.get("/en/projects/unheld-responsibilities/").content.decode()
    assert f'data-testid="unheld-action-{action.pk}"' in html
    assert "Owner of the follow-up action “Sectoriser le réseau”" in html


def test_a_handed_over_action_of_a_closed_project_moves_when_its_holder_leaves():
    """Handed-over actions go on after closing: their holder's departure moves them too (not a cancelled
    project's)."""
    from mostovi.projects.models import Phase, Project

    world, project, _results, _losses, _trained = logframe_world()
    carrier = _officer(world.nis, "Jelena Ilić", 10)
    keeper = _officer(world.nis, "Zoran Marković", 3000)  # the longest-standing officer of Niš
    action = _action(world, project, world.membership(world.officer_nis, world.nis))
    action_services.action_transition(
        actor=world.officer_nis, action=action, to="handed_over", handed_to_id=carrier.pk
    )
    Project.objects.filter(pk=project.pk).update(phase=Phase.CLOSED)
    account_services.membership_end(actor=carrier.user, membership=carrier)
    action.refresh_from_db()
    assert action.status == "handed_over"
    # Niš named no responsible person on this project: the longest-standing active officer carries it on.
    assert action.owner == keeper, (action.owner, keeper)
    assert action.owner.ended_at is None
    assert continuity.unheld_responsibilities() == []
    # On a cancelled project nothing moves.
    Project.objects.filter(pk=project.pk).update(phase=Phase.CANCELLED)
    other = _officer(world.nis, "Ana Jovanović", 5)
    FollowUpAction.objects.filter(pk=action.pk).update(owner=other)
    account_services.membership_end(actor=other.user, membership=other)
    action.refresh_from_db()
    assert action.owner == other
