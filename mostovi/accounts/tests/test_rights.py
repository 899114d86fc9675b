"""Who may grant which role or the approval delegation, and end whose membership (docs/SECURITY.md)."""

import pytest
from django.core import mail

from mostovi.accounts import services
from mostovi.accounts.exceptions import InvitationInvalid, NotAllowed
from mostovi.accounts.models import Membership, Role
from mostovi.core.models import Event
from mostovi.directory.models import NetworkMembership
from mostovi.directory.tests.factories import AuthorityFactory, NetworkFactory
from mostovi.projects import services as project_services
from mostovi.projects.tests.factories import actions_for, bring_to_joint_definition, make_project, make_world

from .factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _token(client, user) -> dict:
    response = client.post(
        "/api/v1/auth/token",
        data={"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"Authorization": f"Bearer {response.json()['token']}", "Accept-Language": "en"}


def _invite(actor, organisation, email, role):
    return services.invitation_create(
        actor=actor, organisation=organisation, email=email, role=role, base_url="http://t/"
    )


def test_an_officer_cannot_make_itself_elected_from_the_invitation_form_and_approve_alone(
    client, django_capture_on_commit_callbacks
):
    world = make_world()
    project = bring_to_joint_definition(world, make_project(world))
    project_services.programme_update(
        actor=world.officer_nis, project=project, version=0, actions=actions_for(world)
    )
    officer = world.officer_nis
    headers = _token(client, officer)
    approvals = f"/api/v1/projects/{project.pk}/programme/approvals"
    assert (
        client.post(approvals, {"version": 1}, content_type="application/json", headers=headers).status_code
        == 403
    )

    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/me/organisations/{world.nis.pk}/invite/", {"email": officer.email, "role": Role.ELECTED}
        )
    assert response.status_code == 200
    assert mail.outbox == []
    assert not Membership.objects.filter(user=officer, role=Role.ELECTED).exists()
    assert (
        client.post(approvals, {"version": 1}, content_type="application/json", headers=headers).status_code
        == 403
    )


def test_the_invitation_form_offers_only_the_roles_the_inviter_may_grant(client):
    officer = MembershipFactory(role=Role.OFFICER)
    client.force_login(officer.user)
    response = client.get(f"/en/me/organisations/{officer.organisation.pk}/invite/")
    assert [value for value, _label in response.context["form"].fields["role"].choices] == [
        Role.OFFICER,
        Role.TECHNICAL,
        Role.OBSERVER,
    ]


def test_an_officer_cannot_invite_an_elected_official():
    officer = MembershipFactory(role=Role.OFFICER)
    with pytest.raises(NotAllowed):
        _invite(officer.user, officer.organisation, "mayor@example.org", Role.ELECTED)
    assert not Event.objects.filter(kind="invitation.created").exists()


def test_nobody_invites_their_own_address_even_an_elected_official():
    elected = MembershipFactory(role=Role.ELECTED)
    with pytest.raises(NotAllowed):
        _invite(elected.user, elected.organisation, elected.user.email.upper(), Role.OFFICER)


def test_an_elected_official_invites_an_elected_colleague_and_the_grant_is_on_the_timeline(
    django_capture_on_commit_callbacks,
):
    elected = MembershipFactory(role=Role.ELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(elected.user, elected.organisation, "deputy@example.org", Role.ELECTED)
    raw = mail.outbox[0].body.split("/me/invitations/")[1].split("/")[0]
    deputy = UserFactory(email="deputy@example.org")
    membership = services.invitation_accept(actor=deputy, raw_token=raw)
    assert membership.role == Role.ELECTED
    event = Event.objects.get(kind="membership.started", target_id=str(membership.pk))
    assert event.scope == f"directory.organisation:{elected.organisation.pk}"
    assert event.data == {
        "user": "deputy@example.org",
        "organisation": elected.organisation.pk,
        "role": Role.ELECTED,
        "can_approve": False,
        "granted_by": elected.user.pk,
    }


def test_an_invitation_is_refused_when_the_inviter_can_no_longer_grant_its_role(
    django_capture_on_commit_callbacks,
):
    elected = MembershipFactory(role=Role.ELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(elected.user, elected.organisation, "deputy@example.org", Role.ELECTED)
    raw = mail.outbox[0].body.split("/me/invitations/")[1].split("/")[0]
    services.membership_end(actor=elected.user, membership=elected)
    with pytest.raises(InvitationInvalid):
        services.invitation_accept(actor=UserFactory(email="deputy@example.org"), raw_token=raw)
    assert not Membership.objects.filter(user__email="deputy@example.org").exists()


def test_an_inviter_cannot_accept_its_own_invitation(django_capture_on_commit_callbacks):
    elected = MembershipFactory(role=Role.ELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(elected.user, elected.organisation, "new.address@example.org", Role.ELECTED)
    raw = mail.outbox[0].body.split("/me/invitations/")[1].split("/")[0]
    # The inviter later takes the invited address as its own.
    elected.user.email = "new.address@example.org"
    elected.user.save()
    with pytest.raises(NotAllowed):
        services.invitation_accept(actor=elected.user, raw_token=raw)


def test_a_network_coordinator_brings_the_first_elected_official_of_a_new_member_authority():
    network = NetworkFactory()
    authority = AuthorityFactory()
    NetworkMembership.objects.create(network=network, member=authority)
    coordinator = MembershipFactory(organisation=network, role=Role.COORDINATOR)
    invitation = _invite(coordinator.user, authority, "mayor@example.org", Role.ELECTED)
    assert invitation.role == Role.ELECTED
    MembershipFactory(organisation=authority, role=Role.OFFICER)
    with pytest.raises(NotAllowed):
        _invite(coordinator.user, authority, "mayor2@example.org", Role.ELECTED)


def test_membership_create_refuses_a_role_above_the_actors_own():
    officer = MembershipFactory(role=Role.OFFICER)
    with pytest.raises(NotAllowed):
        services.membership_create(
            actor=officer.user, user=UserFactory(), organisation=officer.organisation, role=Role.ELECTED
        )
    with pytest.raises(NotAllowed):
        services.membership_create(
            actor=officer.user,
            user=UserFactory(),
            organisation=officer.organisation,
            role=Role.OFFICER,
            can_approve=True,
        )
    assert Membership.objects.count() == 1


def test_nobody_grants_themself_a_membership():
    elected = MembershipFactory(role=Role.ELECTED)
    with pytest.raises(NotAllowed):
        services.membership_create(
            actor=elected.user, user=elected.user, organisation=elected.organisation, role=Role.OFFICER
        )


def test_an_officer_cannot_end_an_elected_officials_membership(client):
    officer = MembershipFactory(role=Role.OFFICER)
    elected = MembershipFactory(organisation=officer.organisation, role=Role.ELECTED)
    client.force_login(officer.user)
    response = client.post(f"/en/me/memberships/{elected.pk}/leave/")
    assert response.status_code == 403
    elected.refresh_from_db()
    assert elected.ended_at is None


def test_an_elected_official_ends_an_officers_membership():
    elected = MembershipFactory(role=Role.ELECTED)
    officer = MembershipFactory(organisation=elected.organisation, role=Role.OFFICER)
    services.membership_end(actor=elected.user, membership=officer)
    officer.refresh_from_db()
    assert officer.ended_at is not None


def test_only_an_elected_official_delegates_approval_and_it_is_recorded():
    officer = MembershipFactory(role=Role.OFFICER)
    colleague = MembershipFactory(organisation=officer.organisation, role=Role.OFFICER)
    with pytest.raises(NotAllowed):
        services.membership_approval_delegate(actor=officer.user, membership=colleague, can_approve=True)
    with pytest.raises(NotAllowed):
        services.membership_approval_delegate(actor=officer.user, membership=officer, can_approve=True)
    elected = MembershipFactory(organisation=officer.organisation, role=Role.ELECTED)
    services.membership_approval_delegate(actor=elected.user, membership=colleague, can_approve=True)
    colleague.refresh_from_db()
    assert colleague.can_approve is True
    event = Event.objects.get(kind="membership.approval_delegated")
    assert (event.actor, event.target_id) == (elected.user, str(colleague.pk))


def test_approval_is_delegated_to_officers_only():
    elected = MembershipFactory(role=Role.ELECTED)
    technical = MembershipFactory(organisation=elected.organisation, role=Role.TECHNICAL)
    with pytest.raises(NotAllowed):
        services.membership_approval_delegate(actor=elected.user, membership=technical, can_approve=True)


def test_an_elected_official_delegates_approval_from_the_members_page(client):
    elected = MembershipFactory(role=Role.ELECTED)
    officer = MembershipFactory(organisation=elected.organisation, role=Role.OFFICER)
    client.force_login(elected.user)
    response = client.post(f"/en/me/memberships/{officer.pk}/approval/", {"can_approve": "on"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.can_approve is True


def test_an_officer_cannot_delegate_approval_from_the_members_page(client):
    officer = MembershipFactory(role=Role.OFFICER)
    client.force_login(officer.user)
    response = client.post(f"/en/me/memberships/{officer.pk}/approval/", {"can_approve": "on"})
    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.can_approve is False


def test_the_members_page_offers_the_delegation_to_an_elected_official_only(client):
    elected = MembershipFactory(role=Role.ELECTED)
    officer = MembershipFactory(organisation=elected.organisation, role=Role.OFFICER)
    page = f"/en/me/organisations/{elected.organisation.pk}/invite/"
    client.force_login(elected.user)
    assert f"/en/me/memberships/{officer.pk}/approval/" in client.get(page).content.decode()
    client.force_login(officer.user)
    assert "/approval/" not in client.get(page).content.decode()
