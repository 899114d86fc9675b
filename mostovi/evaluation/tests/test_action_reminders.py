"""Follow-up action reminders: seven days before to the owner; after the due date, owner and officers."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation

from mostovi.evaluation.actions import services as action_services
from mostovi.evaluation.tasks import send_action_reminders
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    world = make_world()
    project = make_project(world)
    world.officer_nis.preferred_language = "en"
    world.officer_nis.save()
    with translation.override("en"):
        action = action_services.action_create(
            actor=world.officer_lyon,
            project=project,
            title="Sectoriser le réseau",
            owner_id=world.membership(world.elected_nis, world.nis).pk,
            due_on=date(2027, 6, 30),
            language="fr",
        )
    return world, project, action


def test_the_owner_is_reminded_seven_days_before_once(setup, mailoutbox):
    world, _project, action = setup
    assert send_action_reminders.call(today="2027-06-22") == 0
    assert send_action_reminders.call(today="2027-06-23") == 1
    assert send_action_reminders.call(today="2027-06-23") == 0
    assert send_action_reminders.call(today="2027-06-24") == 0
    [message] = mailoutbox
    assert message.to == [world.elected_nis.email]
    assert f"/actions/#action-{action.pk}" in message.body


def test_after_the_due_date_owner_and_officers_are_told_once_each(setup, mailoutbox):
    world, _project, _action = setup
    assert send_action_reminders.call(today="2027-07-01") == 2
    assert send_action_reminders.call(today="2027-07-02") == 0
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {world.elected_nis.email, world.officer_nis.email}
    assert by_recipient[world.officer_nis.email].subject == (
        "[Mostovi] Overdue follow-up action: Sectoriser le réseau"
    )
    assert "http://" in by_recipient[world.officer_nis.email].body or "https://" in (
        by_recipient[world.officer_nis.email].body
    )


def test_done_actions_are_not_reminded(setup, mailoutbox):
    world, _project, action = setup
    action_services.action_transition(actor=world.officer_nis, action=action, to="done", evidence="Fait")
    assert send_action_reminders.call(today="2027-07-01") == 0
    assert mailoutbox == []


def test_the_command_runs_the_task_inline(setup, mailoutbox, capsys):
    call_command("send_action_reminders", "--date", "2027-07-01")
    assert capsys.readouterr().out == "2 action reminder(s) sent\n"
    assert len(mailoutbox) == 2


def test_each_reminder_is_also_a_notification_in_the_app(setup, client):
    from mostovi.projects.models import Notification

    world, _project, _action = setup
    send_action_reminders.call(today="2027-06-23")
    send_action_reminders.call(today="2027-07-01")
    owner = world.elected_nis
    assert list(Notification.objects.filter(user=owner).order_by("id").values_list("kind", flat=True)) == [
        "action.due_soon",
        "action.overdue",
    ]
    # The Niš officer is told of the overdue action only.
    assert list(Notification.objects.filter(user=world.officer_nis).values_list("kind", flat=True)) == [
        "action.overdue"
    ]
    client.force_login(owner)
    page = client.get("/en/projects/notifications/").content.decode()
    assert "The follow-up action “Sectoriser le réseau” is due on 30 June 2027." in page
    assert "The follow-up action “Sectoriser le réseau” is overdue (due on 30 June 2027)." in page
