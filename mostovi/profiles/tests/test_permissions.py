import pytest
from django.contrib.auth.models import AnonymousUser

from mostovi.profiles.permissions import can_edit_authority_profile

from .factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_officers_and_elected_officials_edit_their_own_profile(world):
    assert can_edit_authority_profile(world.officer_nis, world.nis)
    assert can_edit_authority_profile(world.elected_nis, world.nis)


@pytest.mark.parametrize(
    "who", ["technical_nis", "observer_nis", "provisional_nis", "outsider", "officer_lyon"]
)
def test_nobody_else_edits_the_profile(world, who):
    assert not can_edit_authority_profile(getattr(world, who), world.nis)


def test_anonymous_does_not_edit(world):
    assert not can_edit_authority_profile(AnonymousUser(), world.nis)


def test_a_network_has_no_profile_to_edit(world):
    from mostovi.accounts.models import Role
    from mostovi.accounts.tests.factories import MembershipFactory

    coordinator = MembershipFactory(organisation=world.network, role=Role.OFFICER).user
    assert not can_edit_authority_profile(coordinator, world.network)
