"""Static files load, JavaScript runs, and the layout holds on a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_static_files_are_served(page):
    """CSS and JavaScript load through the live server (otherwise every other check is meaningless)."""
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto("/fr/")
    assert not failed
    assert page.evaluate("document.documentElement.classList.contains('js')"), "app.js did not run"
    sheets = page.evaluate("Array.from(document.styleSheets, s => [s.href, s.cssRules.length])")
    assert len(sheets) >= 2 and all(rules for _, rules in sheets), sheets
    # app.css hides the skip link off-screen.
    skip_left = page.evaluate("getComputedStyle(document.querySelector('.skip-link')).left")
    assert skip_left == "-999px"


def test_home_page_does_not_scroll_sideways_on_a_phone(new_page):
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto("/fr/")
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"page is {scroll_width}px wide on a {inner_width}px screen"


def test_directory_results_do_not_scroll_sideways_on_a_phone(new_page):
    """The results table scrolls inside its frame; the page itself stays as wide as the phone."""
    from mostovi.directory.tests.factories import AuthorityFactory

    for number in range(3):
        AuthorityFactory(
            name=f"Communauté d'agglomération de Saint-Quentin-en-Yvelines {number}",
            country="FR",
            level="grouping",
            code=f"2000{number}8547",
            population=230_000,
            latitude=48.78,
            longitude=2.04,
        )
    page = new_page(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page.goto("/bg/directory/?q=Saint")
    page.wait_for_selector(".directory-table")
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"page is {scroll_width}px wide on a {inner_width}px screen"
