"""Following a call: its closing date, and the milestones and e-APD campaigns of the next 60 days, come to
the person's workspace (`/api/v1/me/inbox` and the home page)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mostovi.core.inbox import inbox_for
from mostovi.core.models import Event
from mostovi.funding.models import Call, Instrument, SavedCall
from mostovi.projects import services as project_services
from mostovi.projects.tests.factories import make_project, make_world
from mostovi.projects.tests.test_api import Caller

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    today = timezone.localdate()
    instrument = Instrument.objects.create(
        slug="cerv-town-twinning", name="CERV Town Twinning", funder="EU", kind="lump_sum"
    )
    soon = Call.objects.create(
        instrument=instrument, title="Town Twinning A", closes_on=today + timedelta(days=20)
    )
    late = Call.objects.create(
        instrument=instrument, title="Town Twinning B", closes_on=today + timedelta(days=90)
    )
    return instrument, soon, late


def deadline_titles(user):
    return [(i["title"], i["due_on"]) for i in inbox_for(user) if i["kind"] == "deadline"]


def test_a_followed_call_comes_to_the_workspace_in_the_60_days_before_it_closes(client, calls):
    world = make_world()
    instrument, soon, late = calls
    client.force_login(world.officer_lyon)
    response = client.post(f"/en/funding/calls/{soon.pk}/follow/", {"follow": "1"}, follow=True)
    assert "You follow “Town Twinning A”" in response.content.decode()
    client.post(f"/en/funding/calls/{late.pk}/follow/", {"follow": "1"})
    assert deadline_titles(world.officer_lyon) == [
        ("Call closes: Town Twinning A (CERV Town Twinning)", soon.closes_on)
    ]
    assert deadline_titles(world.officer_nis) == []  # somebody else's follow
    page = client.get("/en/").content.decode()
    assert "Call closes: Town Twinning A (CERV Town Twinning)" in page
    detail = client.get(f"/en/funding/instruments/{instrument.pk}/").content.decode()
    assert f'data-testid="unfollow-{soon.pk}"' in detail and f'data-testid="unfollow-{late.pk}"' in detail

    client.post(f"/en/funding/calls/{soon.pk}/follow/", {"follow": "0"})
    assert deadline_titles(world.officer_lyon) == []
    assert SavedCall.objects.filter(user=world.officer_lyon).count() == 1
    assert list(
        Event.objects.filter(kind__startswith="funding.call_").order_by("id").values_list("kind", flat=True)
    ) == [
        "funding.call_saved",
        "funding.call_saved",
        "funding.call_unsaved",
    ]


def test_following_twice_changes_nothing_and_anonymous_is_sent_to_sign_in(client, calls):
    world = make_world()
    _instrument, soon, _late = calls
    client.force_login(world.officer_lyon)
    client.post(f"/en/funding/calls/{soon.pk}/follow/", {"follow": "1"})
    client.post(f"/en/funding/calls/{soon.pk}/follow/", {"follow": "1"})
    assert SavedCall.objects.count() == 1 and Event.objects.filter(kind="funding.call_saved").count() == 1
    client.logout()
    response = client.post(f"/en/funding/calls/{soon.pk}/follow/", {"follow": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post("/en/funding/calls/999999/follow/", {"follow": "1"}).status_code == 404


def test_the_milestones_of_the_next_60_days_of_ones_projects(calls):
    world = make_world()
    project = make_project(world)
    today = timezone.localdate()
    project_services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Atelier à Niš",
        partner_id=world.nis.pk,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=10),
        is_milestone=True,
    )
    project_services.activity_create(
        actor=world.officer_lyon,
        project=project,
        title="Séminaire de clôture",
        partner_id=world.nis.pk,
        starts_on=today + timedelta(days=75),
        ends_on=today + timedelta(days=75),
        is_milestone=True,
    )
    titles = deadline_titles(world.officer_nis)
    assert [t for t, _d in titles if "Atelier" in t or "Séminaire" in t] == [
        "Milestone: Atelier à Niš — Gestion de l'eau à Niš"
    ]
    assert deadline_titles(world.officer_sofia) == []


def test_the_api_follows_and_unfollows(client, calls):
    world = make_world()
    _instrument, soon, _late = calls
    caller = Caller(client, world.officer_lyon)
    response = caller.post(f"/api/v1/funding/calls/{soon.pk}/follow", {})
    assert response.status_code == 200 and response.json() == {"call_id": soon.pk, "following": True}
    inbox = caller.get("/api/v1/me/inbox").json()
    assert {"kind": "deadline", "title": "Call closes: Town Twinning A (CERV Town Twinning)"}.items() <= {
        k: v for k, v in inbox[0].items() if k in ("kind", "title")
    }.items()
    assert caller.delete(f"/api/v1/funding/calls/{soon.pk}/follow").json()["following"] is False
    assert caller.post("/api/v1/funding/calls/999999/follow", {}).status_code == 404
    assert Caller(client).post(f"/api/v1/funding/calls/{soon.pk}/follow", {}).status_code == 401
