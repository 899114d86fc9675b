"""Sign-up does not tell whether an address has an account, and an address is verified before use
(docs/SECURITY.md)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from config.settings import base
from mostovi.accounts.models import ApiToken, User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long new passphrase"


def _sign_up(client, email):
    return client.post(
        "/en/accounts/signup/", {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )


def test_verification_is_mandatory_by_default():
    assert base.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    assert base.ACCOUNT_PREVENT_ENUMERATION is True


def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address(client):
    UserFactory(email="claire@example.org")
    known = _sign_up(client, "claire@example.org")
    client.cookies.clear()
    unknown = _sign_up(client, "nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.status_code == 302
    page_known = client.get(known["Location"])
    assert page_known.status_code == 200
    assert User.objects.filter(email="claire@example.org").count() == 1
    # Each address is told by e-mail what happened: only its owner learns whether it had an account.
    assert sorted(m.to[0] for m in mail.outbox) == ["claire@example.org", "nobody@example.org"]


def test_a_new_account_cannot_sign_in_before_its_address_is_verified(client):
    _sign_up(client, "nobody@example.org")
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "nobody@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert not client.get("/en/me/", follow=False).wsgi_request.user.is_authenticated


def test_an_unverified_address_gets_no_api_token(client):
    UserFactory(email="claire@example.org")
    EmailAddress.objects.filter(email="claire@example.org").update(verified=False)
    response = client.post(
        "/api/v1/auth/token",
        data={"email": "claire@example.org", "password": PASSWORD},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Confirm your e-mail address first: follow the link we sent you."},
    )
    assert ApiToken.objects.count() == 0


def test_factory_accounts_have_a_verified_address_and_sign_in(client):
    user = UserFactory(email="claire@example.org")
    assert EmailAddress.objects.get(user=user).verified is True
    response = client.post("/en/accounts/login/", {"login": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] != "/en/accounts/confirm-email/"
