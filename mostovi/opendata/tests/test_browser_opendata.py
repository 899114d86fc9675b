"""The open-data page in the browser: a download goes through the page's script, records its size, and a
slow one shows that it is being prepared."""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mostovi.opendata.models import ExportSize

from .world import public_project_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_download_saves_the_file_and_the_page_then_shows_its_size(page, axe):
    public_project_world()
    page.goto("/en/open-data/")
    link = page.locator('a[href="/open-data/projects.csv"]')
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "mostovi-projects.csv"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"id,iati_identifier,title")
    assert ExportSize.objects.get(key="projects.csv").size == len(content)
    # A quick download shows no "preparing" state at all.
    box = link.locator("xpath=..")
    expect(box.locator("progress")).to_be_hidden()
    expect(box.locator(".download-status")).to_have_text("")
    page.reload()
    size = page.locator('a[href="/open-data/projects.csv"] + small')
    expect(size).to_have_text(f"(about {len(content)} bytes)")
    axe(page)


def test_a_download_taking_more_than_a_second_says_it_is_being_prepared(page):
    public_project_world()

    def slow(route):
        response = route.fetch()
        time.sleep(1.6)  # the browser's one-second timer fires meanwhile
        route.fulfill(response=response)

    page.route("**/open-data/funding.csv", slow)
    page.goto("/en/open-data/")
    link = page.locator('a[href="/open-data/funding.csv"]')
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == "mostovi-funding.csv"
    box = link.locator("xpath=..")
    # The status is only filled in when the progress bar was shown; the bar is hidden again once done.
    expect(box.locator(".download-status")).to_have_text("Downloaded.")
    expect(box.locator("progress")).to_be_hidden()
