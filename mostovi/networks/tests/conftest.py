from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from mostovi.accounts.models import Role
from mostovi.accounts.tests.factories import MembershipFactory
from mostovi.directory.models import NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.exchange.models import Post
from mostovi.exchange.tests.factories import make_post, make_world
from mostovi.partnerships.models import Partnership, PartnershipMember
from mostovi.projects import services as project_services
from mostovi.themes.models import Theme


@pytest.fixture(autouse=True)
def _empty_cache():
    """The console keeps its figures in the cache: every test starts without them (ids are reused)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    w = make_world()  # Lyon, Niš, Sofia; NALAS has Sofia as a direct member
    skgo = NetworkFactory(acronym="SKGO", country="RS")
    NetworkMembership.objects.create(member=skgo, network=w.network)
    NetworkMembership.objects.create(member=w.nis, network=skgo)
    w.skgo = skgo
    w.kraljevo = AuthorityFactory(
        name="Краљево", name_latin="Kraljevo", country="RS", latitude=43.7, longitude=20.7
    )
    NetworkMembership.objects.create(member=w.kraljevo, network=skgo)
    w.grenoble = AuthorityFactory(name="Grenoble", country="FR")
    MembershipFactory(organisation=w.grenoble, role=Role.OFFICER)
    for french in (w.lyon, w.grenoble):
        partnership = Partnership.objects.create(kind="cooperation", status="active")
        PartnershipMember.objects.create(partnership=partnership, authority=french)
        PartnershipMember.objects.create(partnership=partnership, authority=w.nis)
        partnership.themes.add(*_themes("water-sanitation"))
    project_services.project_create(
        actor=w.officer_lyon, title="Eau", language="fr", partner_ids=[w.lyon.pk, w.nis.pk]
    )
    old_need = make_post(w, actor=w.officer_sofia, authority=w.sofia, kind="need", themes=["youth"])
    Post.objects.filter(pk=old_need.pk).update(created_at=timezone.now() - timedelta(days=120))
    return w


def _themes(*slugs):
    return Theme.objects.filter(slug__in=slugs)
