import pytest

from mostovi.accounts.models import ApiToken

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _token(client, email="claire@example.org", password=PASSWORD):
    return client.post(
        "/api/v1/auth/token", data={"email": email, "password": password}, content_type="application/json"
    )


def test_token_is_issued_for_valid_credentials(client):
    UserFactory(email="claire@example.org")
    response = _token(client)
    assert response.status_code == 200
    assert list(response.json()) == ["token"]
    assert ApiToken.objects.filter(user__email="claire@example.org").count() == 1


def test_email_is_case_insensitive_for_tokens(client):
    UserFactory(email="claire@example.org")
    assert _token(client, email="Claire@Example.org").status_code == 200


def test_wrong_password_answers_401_in_the_request_language(client):
    UserFactory(email="claire@example.org")
    response = client.post(
        "/api/v1/auth/token",
        data={"email": "claire@example.org", "password": "nope"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="bg",
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Грешен имейл адрес или парола."}
    assert ApiToken.objects.count() == 0


def test_bearer_token_authenticates_and_revocation_stops_it(client):
    UserFactory(email="claire@example.org")
    raw = _token(client).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    listing = client.get("/api/v1/auth/tokens", **auth)
    assert listing.status_code == 200
    [info] = listing.json()
    assert info["revoked"] is False
    assert client.delete(f"/api/v1/auth/tokens/{info['id']}", **auth).status_code == 204
    assert client.get("/api/v1/auth/tokens", **auth).status_code == 401


def test_an_unknown_bearer_token_answers_401(client):
    response = client.get("/api/v1/auth/tokens", HTTP_AUTHORIZATION="Bearer nope", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required: send a valid token or sign in."}


def test_listing_tokens_anonymously_answers_401(client):
    assert client.get("/api/v1/auth/tokens").status_code == 401


def test_a_token_of_someone_else_cannot_be_revoked(client):
    UserFactory(email="claire@example.org")
    UserFactory(email="other@example.org")
    mine = _token(client).json()["token"]
    theirs = _token(client, email="other@example.org").json()["token"]
    their_id = client.get("/api/v1/auth/tokens", HTTP_AUTHORIZATION=f"Bearer {theirs}").json()[0]["id"]
    response = client.delete(f"/api/v1/auth/tokens/{their_id}", HTTP_AUTHORIZATION=f"Bearer {mine}")
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=their_id, revoked_at__isnull=True).exists()
