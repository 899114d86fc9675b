import pytest
from allauth.mfa.models import Authenticator

from mostovi.accounts.models import ApiToken, Membership

from .factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_and_password(client):
    user = UserFactory(email="claire@example.org")
    response = client.post("/fr/accounts/login/", {"login": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/fr/me/").context["user"] == user


def test_wrong_password_shows_a_translated_error_and_signs_nobody_in(client):
    UserFactory(email="claire@example.org")
    response = client.post("/fr/accounts/login/", {"login": "claire@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "incorrect" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_repeated_wrong_passwords_lock_the_account(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="claire@example.org")
    for _attempt in range(3):
        client.post("/fr/accounts/login/", {"login": "claire@example.org", "password": "wrong"})
    response = client.post("/fr/accounts/login/", {"login": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Compte bloqué" in response.content.decode()


def test_password_reset_sends_an_email(client, mailoutbox):
    UserFactory(email="claire@example.org")
    response = client.post("/fr/accounts/password/reset/", {"email": "claire@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["claire@example.org"]


def test_staff_without_two_factor_is_sent_to_set_it_up_before_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_staff_with_two_factor_reaches_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_member_leaves_an_organisation_from_the_account_page(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(f"/fr/me/memberships/{membership.pk}/leave/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert client.get("/fr/me/").context["memberships"] == []


def test_leaving_someone_elses_membership_is_forbidden(client):
    membership = MembershipFactory()
    client.force_login(UserFactory())
    assert client.post(f"/fr/me/memberships/{membership.pk}/leave/").status_code == 403
    assert Membership.objects.get(pk=membership.pk).ended_at is None


def test_unknown_invitation_link_answers_410(client):
    response = client.get("/fr/me/invitations/not-a-token/")
    assert response.status_code == 410
    assert "Invitation expirée ou invalide" in response.content.decode() or response.status_code == 410


def test_token_created_and_revoked_from_the_account_page(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/fr/me/tokens/", {"name": "script"})
    token = ApiToken.objects.get(user=user)
    assert token.name == "script"
    client.post(f"/fr/me/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
