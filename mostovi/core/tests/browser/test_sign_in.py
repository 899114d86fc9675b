"""Signing in through the allauth form, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from mostovi.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_email_and_password(page):
    user = UserFactory(full_name="Ana Petrović")
    page.goto("/fr/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    header = page.locator("header.site-header")
    expect(header.locator("form[action*='logout'] button[type=submit]")).to_be_visible()
    expect(header.get_by_role("link", name=user.get_short_name())).to_be_visible()
    expect(header.get_by_role("button", name=re.compile("connexion", re.I))).to_have_count(0)


def test_wrong_password_stays_on_the_form(page):
    user = UserFactory()
    page.goto("/fr/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "not the password")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/fr/accounts/login/"))
    expect(page.locator("header.site-header form[action*='logout']")).to_have_count(0)
