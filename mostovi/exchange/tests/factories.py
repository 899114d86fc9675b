"""A small world for exchange tests: Lyon, Niš, Sofia, their members, a network and its coordinator."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from mostovi.accounts.models import Role, User
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.directory.models import Level, NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.exchange import services
from mostovi.exchange.models import Post


@dataclass
class World:
    lyon: object
    nis: object
    sofia: object
    network: object
    officer_lyon: User
    technical_lyon: User
    observer_lyon: User
    officer_nis: User
    elected_nis: User
    officer_sofia: User
    coordinator: User
    outsider: User


def make_world() -> World:
    lyon = AuthorityFactory(name="Lyon", country="FR", level=Level.MUNICIPALITY, population=522_250)
    nis = AuthorityFactory(name="Ниш", name_latin="Niš", country="RS", level=Level.CITY, population=249_816)
    sofia = AuthorityFactory(name="Столична", name_latin="Stolichna", country="BG", population=1_309_634)
    network = NetworkFactory(name="NALAS", acronym="NALAS")
    NetworkMembership.objects.create(member=sofia, network=network)
    return World(
        lyon=lyon,
        nis=nis,
        sofia=sofia,
        network=network,
        officer_lyon=MembershipFactory(
            organisation=lyon, role=Role.OFFICER, user__preferred_language="fr"
        ).user,
        technical_lyon=MembershipFactory(organisation=lyon, role=Role.TECHNICAL).user,
        observer_lyon=MembershipFactory(organisation=lyon, role=Role.OBSERVER).user,
        officer_nis=MembershipFactory(
            organisation=nis, role=Role.OFFICER, user__preferred_language="sr"
        ).user,
        elected_nis=MembershipFactory(
            organisation=nis, role=Role.ELECTED, user__preferred_language="en"
        ).user,
        officer_sofia=MembershipFactory(organisation=sofia, role=Role.OFFICER).user,
        coordinator=MembershipFactory(organisation=network, role=Role.COORDINATOR).user,
        outsider=UserFactory(),
    )


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def make_post(world: World, **kwargs) -> Post:
    params = {
        "actor": world.officer_lyon,
        "authority": world.lyon,
        "kind": "offer",
        "themes": ["water-sanitation"],
        "title": "Réduire les pertes d'eau",
        "body": "Nous partageons notre méthode de sectorisation.",
        "language": "fr",
        "valid_until": in_days(90),
        "countries_sought": ["RS", "MK"],
    }
    params.update(kwargs)
    return services.post_create(**params)
