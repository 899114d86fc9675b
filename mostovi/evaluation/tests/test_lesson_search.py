"""Lessons learned: recording, search across scripts and accents, and who sees them."""

import pytest
from django.utils import translation

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.directory.models import NetworkMembership, OrganisationKind
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.evaluation.exceptions import InvalidInput, NotAllowed
from mostovi.evaluation.lessons import services as lesson_services
from mostovi.evaluation.lessons.selectors import lessons_search
from mostovi.projects import lifecycle
from mostovi.projects.tests.factories import make_project, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def record(world, project, title, text="", **kwargs):
    return lesson_services.lesson_create(
        actor=kwargs.pop("actor", world.officer_nis),
        project=project,
        authority_id=kwargs.pop("authority_id", world.nis.pk),
        title=title,
        text=text,
        language=kwargs.pop("language", "sr"),
        **kwargs,
    )


def test_nis_niš_and_ниш_find_each_other():
    world = make_world()
    project = make_project(world)
    cyrillic = record(world, project, "Водовод у Нишу", "Секторизација мреже")
    latin = record(
        world, project, "Réseau de Niš", language="fr", actor=world.officer_lyon, authority_id=world.lyon.pk
    )
    for query in ("Nis", "Niš", "Ниш", "NIŠ"):
        found = {lesson.pk for lesson in lessons_search(user=world.officer_lyon, q=query)}
        assert found == {cyrillic.pk, latin.pk}, query
    assert [lesson.pk for lesson in lessons_search(user=world.officer_lyon, q="sektorizacija")] == [
        cyrillic.pk
    ]


def test_words_match_at_their_start_only():
    world = make_world()
    project = make_project(world)
    record(world, project, "Finish the meters")
    assert list(lessons_search(user=world.officer_lyon, q="nis")) == []


def test_only_editors_of_that_partner_record_its_lessons():
    world = make_world()
    project = make_project(world)
    with pytest.raises(
        NotAllowed, match=r"^Only members of that partner authority may record its lessons\.$"
    ):
        record(world, project, "Leçon", actor=world.officer_lyon)
    with pytest.raises(InvalidInput, match=r"^Give the lesson a title\.$"):
        record(world, project, "  ")


def test_network_coordinators_see_lessons_of_private_projects_of_their_members():
    world = make_world()
    project = make_project(world)  # private
    lesson = record(world, project, "Водовод")
    network = AuthorityFactory(name="Réseau", kind=OrganisationKind.NETWORK)
    NetworkMembership.objects.create(member=world.nis, network=network)
    coordinator = MembershipFactory(organisation=network, role=Role.COORDINATOR).user
    other = MembershipFactory(role=Role.COORDINATOR).user
    assert [x.pk for x in lessons_search(user=coordinator)] == [lesson.pk]
    assert list(lessons_search(user=other)) == []
    assert list(lessons_search(user=world.officer_sofia)) == []


def test_the_closing_gate_needs_lessons_at_closing_and_settled_actions():
    from datetime import date

    from mostovi.evaluation.actions import services as action_services

    world = make_world()
    project = make_project(world)
    action = action_services.action_create(
        actor=world.officer_lyon,
        project=project,
        title="Sectoriser",
        owner_id=world.membership(world.officer_nis, world.nis).pk,
        due_on=date(2027, 6, 30),
        language="fr",
    )
    assert lifecycle.follow_up_actions_done_or_handed_over(project) == (
        "These follow-up actions are still open: Sectoriser."
    )
    assert lifecycle.lessons_learned_recorded(project) == "Record the lessons learned at closing."
    action_services.action_transition(
        actor=world.officer_nis, action=action, to="cancelled", reason="Doublon"
    )
    record(world, project, "Ce que nous avons appris", at_closing=True)
    assert lifecycle.follow_up_actions_done_or_handed_over(project) is None
    assert lifecycle.lessons_learned_recorded(project) is None
