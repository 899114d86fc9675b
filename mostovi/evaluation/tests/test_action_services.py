"""Follow-up actions: creation, editing, status steps and the refusals, with their exact messages."""

from datetime import date

import pytest
from django.utils import timezone, translation

from mostovi.accounts.models import Membership, Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.core.models import Event
from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.exceptions import InvalidInput, NotAllowed, WrongStatus
from mostovi.evaluation.models import ActionStatus, FollowUpAction
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


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


def create(world, project, **kwargs):
    values = {
        "actor": world.officer_lyon,
        "project": project,
        "title": "Sectoriser le réseau",
        "owner_id": world.membership(world.officer_nis, world.nis).pk,
        "due_on": date(2027, 6, 30),
        "language": "fr",
    }
    values.update(kwargs)
    return action_services.action_create(**values)


def test_an_action_is_owned_by_a_membership_and_its_authority(world, project):
    action = create(world, project, description="Trois secteurs")
    owner = world.membership(world.officer_nis, world.nis)
    assert (action.owner_id, action.owner_authority_id, action.status) == (owner.pk, world.nis.pk, "open")
    event = Event.objects.get(kind="evaluation.action_created")
    assert event.data == {
        "title": "Sectoriser le réseau",
        "owner": owner.pk,
        "owner_name": str(world.officer_nis),
        "authority": world.nis.pk,
        "authority_name": str(world.nis),
        "due_on": "2027-06-30",
        "review": None,
    }


def test_an_action_without_owner_is_refused_and_nothing_is_saved(world, project):
    with pytest.raises(InvalidInput, match=r"^Name the role that owns this action\.$"):
        create(world, project, owner_id=None)
    assert FollowUpAction.objects.count() == 0


def test_an_owner_of_an_authority_that_is_not_a_partner_is_refused(world, project):
    sofia = world.membership(world.officer_sofia, world.sofia)
    with pytest.raises(InvalidInput, match=r"which is not a partner authority of this project\.$"):
        create(world, project, owner_id=sofia.pk)
    assert FollowUpAction.objects.count() == 0


def test_an_ended_membership_cannot_own_an_action(world, project):
    gone = MembershipFactory(organisation=world.nis, role=Role.OFFICER)
    Membership.objects.filter(pk=gone.pk).update(ended_at=timezone.now())
    with pytest.raises(InvalidInput, match=r"no longer acts for .*: name a current member\.$"):
        create(world, project, owner_id=gone.pk)


def test_an_unknown_owner_id_is_refused(world, project):
    with pytest.raises(InvalidInput, match=r"^No member has this id: 999999\.$"):
        create(world, project, owner_id=999999)


def test_outsiders_cannot_add_actions(world, project):
    with pytest.raises(
        NotAllowed, match=r"^Only members of a partner authority may add follow-up actions\.$"
    ):
        create(world, project, actor=world.officer_sofia)


def test_the_review_must_belong_to_the_project(world, project):
    with pytest.raises(InvalidInput, match=r"^The review is not a review of this project\.$"):
        create(world, project, review_id=12345)


def test_done_needs_evidence_and_nothing_changes_without_it(world, project):
    action = create(world, project)
    with pytest.raises(InvalidInput, match=r"^Describe the evidence that the action is done\.$"):
        action_services.action_transition(actor=world.officer_nis, action=action, to="done", evidence="  ")
    action.refresh_from_db()
    assert (action.status, action.completed_at) == ("open", None)


def test_open_in_progress_done_then_reopened(world, project):
    action = create(world, project)
    action_services.action_transition(actor=world.officer_nis, action=action, to="in_progress")
    done = action_services.action_transition(
        actor=world.officer_nis, action=action, to="done", evidence="Compteurs posés (photos)"
    )
    assert (done.status, done.evidence) == ("done", "Compteurs posés (photos)")
    assert done.completed_at is not None
    reopened = action_services.action_transition(actor=world.officer_lyon, action=action, to="open")
    assert (reopened.status, reopened.completed_at) == ("open", None)
    kinds = list(
        Event.objects.filter(kind="evaluation.action_status_changed")
        .order_by("id")
        .values_list("data", flat=True)
    )
    assert [(d["old"], d["new"]) for d in kinds] == [
        ("open", "in_progress"),
        ("in_progress", "done"),
        ("done", "open"),
    ]


def test_a_cancelled_action_cannot_be_reopened(world, project):
    action = create(world, project)
    with pytest.raises(InvalidInput, match=r"^Say why the action is cancelled\.$"):
        action_services.action_transition(actor=world.officer_nis, action=action, to="cancelled")
    action_services.action_transition(
        actor=world.officer_nis, action=action, to="cancelled", reason="Doublon"
    )
    assert Event.objects.filter(kind="evaluation.action_status_changed").get().data["reason"] == "Doublon"
    with pytest.raises(WrongStatus, match=r"^An action that is “Cancelled” cannot become “Open”\.$"):
        action_services.action_transition(actor=world.officer_nis, action=action, to="open")


def test_handing_over_names_the_member_who_carries_it_on(world, project):
    action = create(world, project)
    with pytest.raises(InvalidInput, match=r"^Name the member who carries the action on"):
        action_services.action_transition(actor=world.officer_lyon, action=action, to="handed_over")
    lyon = world.membership(world.elected_lyon, world.lyon)
    handed = action_services.action_transition(
        actor=world.officer_lyon, action=action, to="handed_over", handed_to_id=lyon.pk
    )
    assert (handed.status, handed.owner_id, handed.owner_authority_id) == (
        "handed_over",
        lyon.pk,
        world.lyon.pk,
    )
    data = Event.objects.get(kind="evaluation.action_status_changed").data
    assert (data["handed_to"], data["authority"]) == (lyon.pk, world.lyon.pk)


def test_an_unknown_status_is_invalid_input(world, project):
    action = create(world, project)
    with pytest.raises(InvalidInput, match=r"^Unknown status: finished\.$"):
        action_services.action_transition(actor=world.officer_nis, action=action, to="finished")


def test_the_owner_may_move_the_action_even_as_an_observer(world, project):
    observer = MembershipFactory(organisation=world.nis, role=Role.OBSERVER)
    action = create(world, project, owner_id=observer.pk)
    action_services.action_transition(actor=observer.user, action=action, to="in_progress")
    with pytest.raises(NotAllowed):
        action_services.action_transition(actor=world.officer_sofia, action=action, to="done", evidence="x")


def test_update_changes_the_due_date_and_resets_reminders(world, project):
    action = create(world, project)
    FollowUpAction.objects.filter(pk=action.pk).update(reminded_before_at="2027-06-23T08:00:00Z")
    action.refresh_from_db()
    updated = action_services.action_update(actor=world.officer_lyon, action=action, due_on=date(2027, 9, 30))
    assert (updated.due_on, updated.reminded_before_at) == (date(2027, 9, 30), None)
    assert Event.objects.get(kind="evaluation.action_updated").data["changes"] == {
        "due_on": ["2027-06-30", "2027-09-30"]
    }


def test_delete_is_soft(world, project):
    action = create(world, project)
    action_services.action_delete(actor=world.officer_lyon, action=action)
    assert FollowUpAction.objects.alive().count() == 0
    assert FollowUpAction.objects.count() == 1


def test_actions_of_a_cancelled_project_no_longer_change(world, project):
    from mostovi.projects import services

    action = create(world, project)
    services.project_transition(actor=world.officer_lyon, project=project, to="cancelled", reason="Budget")
    action.project.refresh_from_db()
    with pytest.raises(WrongStatus, match=r"^This project is closed or cancelled"):
        action_services.action_transition(actor=world.officer_nis, action=action, to="in_progress")
    assert FollowUpAction.objects.get().status == ActionStatus.OPEN
