"""Sign-in lockout (django-axes): failures count per account, never per address alone."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from mostovi.accounts.lockout import client_ip_address

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/fr/accounts/login/"
TOKEN = "/api/v1/auth/token"
FORWARDED = {"REMOTE_ADDR": "10.1.1.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}


@pytest.fixture
def accounts():
    return UserFactory(email="alice@example.org"), UserFactory(email="bruno@example.org")


def _page(client, email, password, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def _api(client, email, password, **extra):
    return client.post(
        TOKEN, data={"email": email, "password": password}, content_type="application/json", **extra
    )


def _fail_five_times(sign_in, client, email="alice@example.org", **extra):
    for _attempt in range(5):
        sign_in(client, email, "wrong password", **extra)


def test_failures_on_one_account_do_not_lock_another_on_the_sign_in_page(client, accounts):
    _fail_five_times(_page, client, REMOTE_ADDR="10.1.1.1")
    response = _page(client, "bruno@example.org", PASSWORD, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302


def test_failures_on_one_account_do_not_lock_another_on_the_api(client, accounts):
    _fail_five_times(_api, client, REMOTE_ADDR="10.1.1.1")
    response = _api(client, "bruno@example.org", PASSWORD, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 200
    assert list(response.json()) == ["token"]


def test_the_account_that_failed_is_locked_on_the_page(client, accounts):
    _fail_five_times(_page, client)
    response = _page(client, "alice@example.org", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Compte bloqué" in response.content.decode()


def test_the_account_that_failed_is_locked_on_the_api_with_a_translated_429(client, accounts):
    _fail_five_times(_api, client)
    response = _api(client, "alice@example.org", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Too many failed attempts: this account is locked for a while."}


def test_the_fifth_failure_on_the_api_already_answers_429_in_json(client, accounts):
    for _attempt in range(4):
        assert _api(client, "alice@example.org", "wrong password").status_code == 401
    response = _api(client, "alice@example.org", "wrong password", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response.json() == {"detail": "Too many failed attempts: this account is locked for a while."}


def test_failures_on_the_page_lock_the_account_on_the_api_too(client, accounts):
    _fail_five_times(_page, client)
    assert _api(client, "alice@example.org", PASSWORD).status_code == 429


def test_failures_count_per_account_whatever_the_address(client, accounts):
    for attempt in range(5):
        _page(client, "alice@example.org", "wrong password", REMOTE_ADDR=f"10.0.0.{attempt + 1}")
    assert _page(client, "alice@example.org", PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 429
    assert _page(client, "bruno@example.org", PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_failures_count_whatever_the_case_of_the_address(client, accounts):
    for email in ["Alice@example.org", "ALICE@EXAMPLE.ORG", " alice@example.org", "alice@Example.org"]:
        _page(client, email, "wrong password")
    _api(client, "Alice@Example.org", "wrong password")
    assert _page(client, "alice@example.org", PASSWORD).status_code == 429


def test_failures_are_recorded_with_the_account(client, accounts):
    _page(client, "Alice@Example.org", "wrong password")
    _api(client, "alice@example.org", "wrong password")
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("alice@example.org", 2)
    ]


def test_a_successful_sign_in_clears_the_failures_of_that_account_only(client, accounts):
    for _attempt in range(3):
        _page(client, "alice@example.org", "wrong password")
        _page(client, "bruno@example.org", "wrong password")
    assert _page(client, "alice@example.org", PASSWORD).status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["bruno@example.org"]


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, accounts):
    _page(client, "alice@example.org", "wrong password", **FORWARDED)
    assert AccessAttempt.objects.get().ip_address == "10.1.1.1"


def test_x_forwarded_for_is_read_from_a_trusted_proxy(client, accounts, settings):
    settings.TRUSTED_PROXIES = ["10.1.1.1"]
    _page(client, "alice@example.org", "wrong password", **FORWARDED)
    assert AccessAttempt.objects.get().ip_address == "1.2.3.4"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.1.1.1", "", "10.1.1.1"),  # nothing forwarded
        ("10.9.9.9", "1.2.3.4", "10.9.9.9"),  # not a trusted proxy: its header is the client's word
        ("10.1.1.1", "1.2.3.4", "1.2.3.4"),
        ("10.1.1.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client wrote the first one itself
        ("10.1.1.1", "6.6.6.6, 1.2.3.4, 10.1.1.2", "1.2.3.4"),  # through two trusted proxies
        ("10.1.1.1", "not-an-address", "10.1.1.1"),
        ("10.1.1.1", "10.1.1.2", "10.1.1.2"),  # only trusted proxies: the farthest one
    ],
)
def test_client_address_behind_a_trusted_proxy(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.1.1.1", "10.1.1.2"]
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().post("/", REMOTE_ADDR=remote, **extra)
    assert client_ip_address(request) == expected


def test_trusted_proxies_may_be_networks(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().post("/", REMOTE_ADDR="10.3.2.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.4.4.4")
    assert client_ip_address(request) == "1.2.3.4"
