"""API tokens expire, are renewed, and stop working when the password changes, a membership ends or the
account is deactivated (docs/SECURITY.md)."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone

from mostovi.accounts import services
from mostovi.accounts.models import ApiToken
from mostovi.core.models import Event

from .factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another long passphrase"
REVOKED = {"detail": "This token was revoked: ask for a new one."}
EXPIRED = {"detail": "This token has expired: ask for a new one."}


def _raw_token(client, email="claire@example.org", password=PASSWORD) -> str:
    response = client.post(
        "/api/v1/auth/token", data={"email": email, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _tokens(client, raw, language="en"):
    return client.get(
        "/api/v1/auth/tokens", headers={"Authorization": f"Bearer {raw}", "Accept-Language": language}
    )


def test_a_new_token_expires_after_the_configured_lifetime(client, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    UserFactory(email="claire@example.org")
    before = timezone.now()
    raw = _raw_token(client)
    token = ApiToken.objects.get()
    assert before + timedelta(days=30) <= token.expires_at <= timezone.now() + timedelta(days=30)
    [info] = _tokens(client, raw).json()
    assert info["expires_at"] == token.expires_at.isoformat()
    assert info["expired"] is False


def test_an_expired_token_answers_401_with_a_detail(client):
    UserFactory(email="claire@example.org")
    raw = _raw_token(client)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _tokens(client, raw)
    assert (response.status_code, response.json()) == (401, EXPIRED)


def test_a_token_is_renewed_before_it_expires(client, settings):
    UserFactory(email="claire@example.org")
    raw = _raw_token(client)
    token = ApiToken.objects.get()
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=1))
    response = client.post(
        f"/api/v1/auth/tokens/{token.pk}/renew", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200, response.content
    token.refresh_from_db()
    assert token.expires_at > timezone.now() + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS - 1)
    assert response.json()["expires_at"] == token.expires_at.isoformat()
    assert Event.objects.filter(kind="api_token.renewed", target_id=str(token.pk)).count() == 1


def test_an_expired_token_cannot_be_renewed(client):
    user = UserFactory(email="claire@example.org")
    token, _raw = services.api_token_create(actor=user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(user)
    response = client.post(f"/api/v1/auth/tokens/{token.pk}/renew", headers={"Accept-Language": "en"})
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This token has expired or was revoked: ask for a new one."},
    )


def test_changing_the_password_revokes_the_tokens(client):
    user = UserFactory(email="claire@example.org")
    raw = _raw_token(client)
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    response = _tokens(client, raw)
    assert (response.status_code, response.json()) == (401, REVOKED)
    assert ApiToken.objects.get().revoked_reason == ApiToken.RevokedReason.PASSWORD


def test_resetting_the_password_revokes_the_tokens(client):
    UserFactory(email="claire@example.org")
    raw = _raw_token(client)
    client.post("/en/accounts/password/reset/", {"email": "claire@example.org"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line).strip()
    path = link[link.index("/en/") :]
    response = client.get(path)
    assert response.status_code == 302
    response = client.post(response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert _tokens(client, raw).status_code == 401
    assert ApiToken.objects.get().revoked_reason == ApiToken.RevokedReason.PASSWORD


def test_ending_a_membership_revokes_the_persons_tokens(client):
    membership = MembershipFactory(user__email="claire@example.org")
    raw = _raw_token(client)
    services.membership_end(actor=membership.user, membership=membership)
    assert _tokens(client, raw).status_code == 401
    assert ApiToken.objects.get().revoked_reason == ApiToken.RevokedReason.MEMBERSHIP_ENDED


def _staff_client(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    return staff


def test_deactivating_an_account_in_the_admin_revokes_its_tokens(client):
    user = UserFactory(email="claire@example.org", full_name="Claire")
    token, raw = services.api_token_create(actor=user)
    _staff_client(client)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "email": user.email,
            "full_name": "Claire",
            "preferred_language": "",
            "is_active": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content
    token.refresh_from_db()
    assert token.revoked_reason == ApiToken.RevokedReason.DEACTIVATED
    client.logout()
    assert _tokens(client, raw).status_code == 401


def test_a_password_set_by_staff_in_the_admin_revokes_the_tokens(client):
    user = UserFactory(email="claire@example.org")
    token, _raw = services.api_token_create(actor=user)
    _staff_client(client)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    token.refresh_from_db()
    assert token.revoked_reason == ApiToken.RevokedReason.PASSWORD
