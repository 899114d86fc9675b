"""Foundation end-to-end checks in headless Chromium: sign-in, language, accessibility, phone layout."""

import re

import pytest
from playwright.sync_api import expect

from mostovi.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_static_files_are_served(page):
    """CSS and JavaScript load through the live server (otherwise every other check is meaningless)."""
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto("/fr/")
    assert not failed
    assert page.evaluate("document.documentElement.classList.contains('js')"), "app.js did not run"
    # Pico sets the document's font; app.css hides the skip link off-screen.
    skip_left = page.evaluate("getComputedStyle(document.querySelector('.skip-link')).left")
    assert skip_left == "-999px"


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


def test_language_switcher_keeps_the_page(page):
    page.goto("/fr/directory/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    switcher = page.locator("form.language-switcher")
    # JavaScript runs, so the fallback submit button is hidden and the select submits on change.
    expect(switcher.locator("button[type=submit]")).to_be_hidden()

    with page.expect_navigation():
        switcher.locator("select[name=language]").select_option("sr-latn")

    expect(page).to_have_url(re.compile(r"/sr-latn/directory/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")
    expect(page.locator("select[name=language]")).to_have_value("sr-latn")


@pytest.mark.parametrize(
    "path",
    ["/fr/", "/en/", "/fr/accounts/login/", "/fr/directory/", "/fr/directory/networks/"],
)
def test_no_serious_accessibility_violations(page, axe, path):
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    axe(page)


def test_no_serious_accessibility_violations_on_account_page(page, axe, sign_in):
    sign_in(page, UserFactory())
    response = page.goto("/fr/me/")
    assert response is not None and response.ok
    expect(page).to_have_url(re.compile(r"/fr/me/$"))
    axe(page)


def test_home_page_does_not_scroll_sideways_on_a_phone(new_page):
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto("/fr/")
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"page is {scroll_width}px wide on a {inner_width}px screen"


def test_axe_helper_reports_serious_violations(page, axe):
    """The helper itself: a page with an unlabelled image and field must fail with a readable message."""
    page.goto("/fr/")
    page.evaluate(
        """document.querySelector('main').insertAdjacentHTML('beforeend',
             '<img src="/static/none.png" id="no-alt"><input type="text" id="no-label">')"""
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe(page)
    message = str(failure.value)
    assert "image-alt [critical]" in message
    assert "#no-alt" in message
