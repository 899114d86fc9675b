"""A small world for profile tests: Lyon and Niš, their members in every role and status."""

from dataclasses import dataclass

from mostovi.accounts.models import MembershipStatus, Role, User
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.directory.models import Level
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory


@dataclass
class World:
    lyon: object
    nis: object
    network: object
    officer_lyon: User
    officer_nis: User
    elected_nis: User
    technical_nis: User
    observer_nis: User
    provisional_nis: User
    outsider: User


def make_world() -> World:
    lyon = AuthorityFactory(name="Lyon", country="FR", level=Level.MUNICIPALITY)
    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS", level=Level.CITY)
    return World(
        lyon=lyon,
        nis=nis,
        network=NetworkFactory(name="NALAS", acronym="NALAS"),
        officer_lyon=MembershipFactory(
            organisation=lyon, role=Role.OFFICER, user__full_name="Claire Martin"
        ).user,
        officer_nis=MembershipFactory(
            organisation=nis, role=Role.OFFICER, user__full_name="Milica Petrović"
        ).user,
        elected_nis=MembershipFactory(organisation=nis, role=Role.ELECTED).user,
        technical_nis=MembershipFactory(organisation=nis, role=Role.TECHNICAL).user,
        observer_nis=MembershipFactory(organisation=nis, role=Role.OBSERVER).user,
        provisional_nis=MembershipFactory(
            organisation=nis, role=Role.OFFICER, status=MembershipStatus.PROVISIONAL, project_scope=1
        ).user,
        outsider=UserFactory(),
    )


HERITAGE_SR = "Ниш је један од најстаријих градова на Балкану."
HERITAGE_FR = "Niš est l'une des plus anciennes villes des Balkans."
