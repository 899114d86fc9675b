from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mostovi.accounts import services
from mostovi.accounts.exceptions import InvitationInvalid, MembershipAlreadyEnded, NotAllowed
from mostovi.accounts.models import ApiToken, Invitation, Membership, Role
from mostovi.core.models import Event
from mostovi.directory.tests.factories import AuthorityFactory

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_api_token_is_stored_as_a_digest_only():
    user = UserFactory()
    token, raw = services.api_token_create(actor=user, name="laptop")
    assert token.token_digest == ApiToken.digest(raw)
    assert raw not in {token.token_digest, token.prefix * 5}
    assert token.prefix == raw[:8]


def test_only_the_owner_can_revoke_a_token():
    token, _raw = services.api_token_create(actor=UserFactory())
    with pytest.raises(NotAllowed):
        services.api_token_revoke(actor=UserFactory(), token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_leaving_an_organisation_ends_the_membership_without_deleting_it():
    membership = MembershipFactory()
    services.membership_end(actor=membership.user, membership=membership)
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert Event.objects.filter(kind="membership.ended", target_id=str(membership.pk)).count() == 1


def test_a_membership_cannot_be_ended_twice():
    membership = MembershipFactory()
    services.membership_end(actor=membership.user, membership=membership)
    with pytest.raises(MembershipAlreadyEnded):
        services.membership_end(actor=membership.user, membership=membership)


def test_an_outsider_cannot_end_someone_elses_membership():
    membership = MembershipFactory()
    with pytest.raises(NotAllowed):
        services.membership_end(actor=UserFactory(), membership=membership)


def _invite(organisation=None, email="new@example.org", role=Role.TECHNICAL):
    officer = MembershipFactory(organisation=organisation or AuthorityFactory(), role=Role.OFFICER)
    with pytest.MonkeyPatch.context() as mp:
        captured = {}
        real_create = Invitation.objects.create

        def spy(**kwargs):
            captured["invitation"] = real_create(**kwargs)
            return captured["invitation"]

        mp.setattr(Invitation.objects, "create", spy)
        services.invitation_create(
            actor=officer.user,
            organisation=officer.organisation,
            email=email,
            role=role,
            base_url="http://t/",
        )
    return officer, captured["invitation"]


def test_invitation_is_mailed_with_a_link_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "http://t/fr/me/invitations/" in mail.outbox[0].body or "/me/invitations/" in mail.outbox[0].body


def test_an_observer_cannot_invite():
    observer = MembershipFactory(role=Role.OBSERVER)
    with pytest.raises(NotAllowed):
        services.invitation_create(
            actor=observer.user,
            organisation=observer.organisation,
            email="x@example.org",
            role="officer",
            base_url="/",
        )


def test_accepting_an_invitation_creates_the_membership(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        officer, _invitation = _invite()
    link = mail.outbox[0].body.split("/me/invitations/")[1].split("/")[0]
    newcomer = UserFactory(email="new@example.org")
    membership = services.invitation_accept(actor=newcomer, raw_token=link)
    assert (membership.user, membership.organisation, membership.role) == (
        newcomer,
        officer.organisation,
        Role.TECHNICAL,
    )
    with pytest.raises(InvitationInvalid):
        services.invitation_accept(actor=newcomer, raw_token=link)


def test_an_expired_invitation_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _officer, invitation = _invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    link = mail.outbox[0].body.split("/me/invitations/")[1].split("/")[0]
    with pytest.raises(InvitationInvalid):
        services.invitation_accept(actor=UserFactory(email="new@example.org"), raw_token=link)
    assert Membership.objects.filter(user__email="new@example.org").count() == 0


def test_an_invitation_for_another_address_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite()
    link = mail.outbox[0].body.split("/me/invitations/")[1].split("/")[0]
    with pytest.raises(NotAllowed):
        services.invitation_accept(actor=UserFactory(email="other@example.org"), raw_token=link)
