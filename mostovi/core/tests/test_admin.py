"""The admin only looks at records that have services: ending a membership there would skip continuity."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.test import RequestFactory

from mostovi.accounts.models import ApiToken, Invitation, Membership
from mostovi.accounts.tests.factories import MembershipFactory, UserFactory
from mostovi.evaluation.models import Indicator, ReportedValue, Result, Target
from mostovi.funding.models import ChangeProposal, Instrument, Rule
from mostovi.partnerships.models import Partnership
from mostovi.projects.models import Project

pytestmark = pytest.mark.django_db

WRITTEN_BY_SERVICES = [
    Membership,
    Invitation,
    ApiToken,
    Result,
    Indicator,
    Target,
    ReportedValue,
    Instrument,
    Rule,
    ChangeProposal,
    Partnership,
    Project,
]


@pytest.mark.parametrize("model", WRITTEN_BY_SERVICES, ids=lambda m: m._meta.label)
def test_the_admin_cannot_add_change_or_delete_records_written_by_services(model):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[model]
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False


def test_a_membership_cannot_be_ended_from_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    membership = MembershipFactory()
    client.force_login(staff)
    url = f"/admin/accounts/membership/{membership.pk}/change/"
    response = client.post(url, {"ended_at_0": "2026-01-01", "ended_at_1": "12:00:00"})
    membership.refresh_from_db()
    assert response.status_code == 403
    assert membership.ended_at is None
