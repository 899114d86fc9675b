"""A small world for project tests: Lyon and Niš, their officers and elected officials."""

from dataclasses import dataclass
from datetime import date

from mostovi.accounts.models import Membership, Role, User
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.directory.models import Level
from mostovi.directory.tests.factories import AuthorityFactory
from mostovi.projects import services
from mostovi.projects.models import Project


@dataclass
class World:
    lyon: object
    nis: object
    sofia: object
    officer_lyon: User
    elected_lyon: User
    officer_nis: User
    elected_nis: User
    officer_sofia: User
    outsider: User

    def membership(self, user, authority) -> Membership:
        return Membership.objects.get(user=user, organisation=authority, ended_at__isnull=True)


def make_world() -> World:
    lyon = AuthorityFactory(name="Lyon", country="FR", level=Level.MUNICIPALITY, population=522_250)
    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS", level=Level.CITY, population=249_816)
    sofia = AuthorityFactory(name="Столична", name_latin="Stolichna", country="BG", population=1_309_634)
    return World(
        lyon=lyon,
        nis=nis,
        sofia=sofia,
        officer_lyon=MembershipFactory(organisation=lyon, role=Role.OFFICER).user,
        elected_lyon=MembershipFactory(organisation=lyon, role=Role.ELECTED).user,
        officer_nis=MembershipFactory(organisation=nis, role=Role.OFFICER).user,
        elected_nis=MembershipFactory(organisation=nis, role=Role.ELECTED).user,
        officer_sofia=MembershipFactory(organisation=sofia, role=Role.OFFICER).user,
        outsider=UserFactory(),
    )


def make_project(world: World, **kwargs) -> Project:
    return services.project_create(
        actor=world.officer_lyon,
        title=kwargs.pop("title", "Gestion de l'eau à Niš"),
        language=kwargs.pop("language", "fr"),
        partner_ids=kwargs.pop("partner_ids", [world.lyon.pk, world.nis.pk]),
        **kwargs,
    )


ACTIONS_V1 = [
    {"title": "Diagnostic du réseau d'eau", "partner_id": None, "starts_on": date(2027, 1, 1)},
    {"title": "Formation des techniciens", "partner_id": None},
]


def actions_for(world: World) -> list[dict]:
    return [
        {"title": "Diagnostic du réseau d'eau", "partner_id": world.lyon.pk, "starts_on": "2027-01-01"},
        {"title": "Обука техничара", "partner_id": world.nis.pk},
    ]


def bring_to_joint_definition(world: World, project: Project) -> Project:
    services.project_transition(actor=world.officer_lyon, project=project, to="expertise_mission")
    mission = services.mission_record(
        actor=world.officer_lyon,
        project=project,
        title="Mission d'expertise eau",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 10, 9),
        findings="Pertes de 40 % sur le réseau.",
        recommendations="Sectoriser le réseau.",
    )
    services.mission_accept(actor=world.officer_lyon, project=project, mission=mission, revision=1)
    services.mission_accept(actor=world.officer_nis, project=project, mission=mission, revision=1)
    return services.project_transition(actor=world.officer_nis, project=project, to="joint_definition")
