"""The language switcher: the select submits itself (app.js) and the page is kept."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
