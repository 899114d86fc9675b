"""The "who will be told" list of a decision's confirmation dialog: the people its notification reaches."""

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import make_project, make_world

pytestmark = pytest.mark.django_db


def told_url(project, kind):
    with translation.override("en"):  # the English page, whatever language an earlier test left active
        return reverse("projects:told", kwargs={"pk": project.pk}) + f"?kind={kind}"


def test_lists_the_other_members_by_authority_without_the_person_deciding(client, settings):
    world = make_world()
    project = make_project(world)
    for user, name in (
        (world.officer_lyon, "Claire Martin"),
        (world.elected_lyon, "Jean Dupont"),
        (world.officer_nis, "Милица Петровић"),
        (world.elected_nis, "Драган Јовановић"),
    ):
        user.full_name = name
        user.save(update_fields=["full_name"])
    client.force_login(world.officer_lyon)
    response = client.get(told_url(project, "programme.approved"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Lyon</strong> — Jean Dupont" in html
    assert "<strong>Ниш (Niš)</strong> — Драган Јовановић, Милица Петровић" in html
    assert "Claire Martin" not in html
    assert "Sofia" not in html and "Столична" not in html


def test_the_list_and_the_notification_reach_the_same_people():
    from mostovi.projects.audience import notified_memberships, told_by_authority

    world = make_world()
    project = make_project(world)
    told = told_by_authority(project=project, kind="mission.accepted", user=world.officer_nis)
    people = sorted(p for _authority, names in told for p in names)
    notified = notified_memberships(
        project=project, kind="mission.accepted", exclude_user_id=world.officer_nis.pk
    )
    assert people == sorted(str(m.user) for m in notified)
    assert len(people) == 3


def test_nobody_else_is_said_when_the_other_partner_has_nobody(client):
    world = make_world()
    project = make_project(world, partner_ids=[world.lyon.pk, world.sofia.pk])
    world.membership(world.officer_sofia, world.sofia).delete()
    world.membership(world.elected_lyon, world.lyon).delete()
    client.force_login(world.officer_lyon)
    response = client.get(told_url(project, "mission.accepted"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Nobody else is told" in response.content.decode()


@pytest.mark.parametrize("kind", ["", "programme", "<script>", "a.b.c", "x" * 80 + ".y"])
def test_an_unknown_shape_of_kind_is_not_found(client, kind):
    world = make_world()
    project = make_project(world)
    client.force_login(world.officer_lyon)
    assert client.get(told_url(project, kind)).status_code == 404


@pytest.mark.parametrize("visibility", ["private", "public"])
def test_a_person_who_acts_for_no_partner_learns_nothing(client, visibility):
    world = make_world()
    project = make_project(world)
    project.visibility = visibility
    project.save(update_fields=["visibility"])
    client.force_login(world.officer_sofia)
    assert client.get(told_url(project, "mission.accepted")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    world = make_world()
    project = make_project(world)
    response = client.get(told_url(project, "mission.accepted"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
