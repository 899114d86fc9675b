import pytest
from django.contrib.auth.models import AnonymousUser

from mostovi.exchange import permissions, services

from .factories import make_post, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_posting(world):
    assert permissions.can_post_for(world.officer_lyon, world.lyon)
    assert permissions.can_post_for(world.technical_lyon, world.lyon)
    assert not permissions.can_post_for(world.observer_lyon, world.lyon)
    assert not permissions.can_post_for(world.officer_nis, world.lyon)
    assert not permissions.can_post_for(AnonymousUser(), world.lyon)
    assert permissions.can_post_for(world.coordinator, world.sofia, world.network)
    assert not permissions.can_post_for(world.coordinator, world.lyon, world.network)
    assert not permissions.can_post_for(world.coordinator, world.sofia)


def test_editing_a_post(world):
    post = make_post(world)
    network_post = make_post(
        world, actor=world.coordinator, authority=world.sofia, on_behalf_of_network=world.network
    )
    assert permissions.can_edit_post(world.technical_lyon, post)
    assert not permissions.can_edit_post(world.officer_nis, post)
    assert permissions.can_edit_post(world.coordinator, network_post)
    assert permissions.can_edit_post(world.officer_sofia, network_post)
    assert not permissions.can_edit_post(world.coordinator, post)


def test_threads(world):
    interest = services.interest_open(
        actor=world.officer_nis, from_authority=world.nis, to_authority=world.lyon, message="x"
    )
    sides = [world.officer_nis, world.elected_nis, world.officer_lyon, world.technical_lyon]
    others = [world.observer_lyon, world.officer_sofia, world.coordinator, world.outsider, AnonymousUser()]
    assert all(permissions.can_view_interest(u, interest) for u in sides)
    assert not any(permissions.can_view_interest(u, interest) for u in others)
    assert permissions.can_decide_interest(world.officer_lyon, interest)
    assert not permissions.can_decide_interest(world.officer_nis, interest)
