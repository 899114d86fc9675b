"""The coordinator's console in a browser, on a phone: no sideways scroll, charts drawn, the member list
turns its pages in place."""

import pytest
from playwright.sync_api import expect

from mostovi.themes.models import themes_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console_world(request):
    themes_sync()  # the theme rows come with a migration; a flushed database (transactional test) lost them
    world = request.getfixturevalue("world")
    from .test_console import _grow

    _grow(world, 57)  # 60 members: two pages
    return world


def test_the_console_fits_a_phone_and_pages_its_members(new_page, sign_in, console_world, axe):
    page = new_page(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    sign_in(page, console_world.coordinator)
    page.goto(f"/en/networks/{console_world.network.pk}/")
    expect(page.get_by_role("heading", name="Console of NALAS")).to_be_visible()
    expect(page.get_by_test_id("country-chart")).to_be_visible()
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    expect(page.get_by_test_id("members-table")).to_contain_text("Members 1–50 of 60")
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"page is {scroll_width}px wide on a {inner_width}px screen"
    # The charts shrink to the screen.
    chart_width = page.get_by_test_id("country-chart").locator("svg[role=img]").bounding_box()["width"]
    assert chart_width <= inner_width
    axe(page)
    page.get_by_role("link", name="Next members").click()
    expect(page.get_by_test_id("members-table")).to_contain_text("Members 51–60 of 60")
    expect(page.get_by_role("heading", name="Console of NALAS")).to_be_visible()  # swapped in place
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
