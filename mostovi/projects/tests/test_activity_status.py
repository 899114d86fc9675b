"""A partner brings an activity's status up to date from the activities table; the timeline says so."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from mostovi.core.models import Event
from mostovi.projects import services
from mostovi.projects.exceptions import InvalidInput, NotAllowed
from mostovi.projects.models import ActivityStatus
from mostovi.projects.templatetags.project_tags import event_entry

from .factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def activity(world):
    project = make_project(world)
    return services.activity_create(
        actor=world.officer_nis,
        project=project,
        title="Обука техничара",
        partner_id=world.nis.pk,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 7, 15),
    )


def _url(activity) -> str:
    with translation.override("en"):
        return reverse("projects:activity_status", args=[activity.project_id, activity.pk])


def test_a_partner_marks_an_ended_activity_done_and_the_timeline_says_from_what_to_what(world, activity):
    services.activity_status_set(actor=world.officer_lyon, activity=activity, status=ActivityStatus.DONE)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    event = Event.objects.get(kind="activity.status_set")
    with translation.override("en"):
        entry = event_entry(event)
    assert entry["text"] == "brought the status of the activity up to date: Обука техничара"
    assert entry["changes"] == [("Status", "Planned", "Done")]
    # The same status again changes nothing and records nothing.
    services.activity_status_set(actor=world.officer_lyon, activity=activity, status=ActivityStatus.DONE)
    assert Event.objects.filter(kind="activity.status_set").count() == 1


def test_only_the_partners_change_a_status_and_only_to_a_known_one(world, activity):
    with pytest.raises(NotAllowed):
        services.activity_status_set(actor=world.officer_sofia, activity=activity, status="done")
    with pytest.raises(InvalidInput):
        services.activity_status_set(actor=world.officer_nis, activity=activity, status="finished")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    assert not Event.objects.filter(kind="activity.status_set").exists()


def test_the_page_changes_the_status_and_says_so(client, world, activity):
    client.force_login(world.officer_nis)
    response = client.post(_url(activity), {"status": "done"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert "“Обука техничара” is now: Done." in response.content.decode()


def test_a_bad_status_is_refused_with_a_message_and_an_outsider_is_refused(client, world, activity):
    client.force_login(world.officer_nis)
    response = client.post(_url(activity), {"status": "<b>"}, follow=True)
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    client.force_login(world.officer_sofia)
    assert client.post(_url(activity), {"status": "done"}).status_code in (403, 404)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


def test_only_editors_see_the_status_control(client, world, activity):
    with translation.override("en"):
        page = reverse("projects:detail", args=[activity.project_id])
    client.force_login(world.officer_lyon)
    assert 'name="status"' in client.get(page).content.decode()
    client.force_login(world.officer_sofia)
    assert 'class="activity-status-form"' not in client.get(page).content.decode()
