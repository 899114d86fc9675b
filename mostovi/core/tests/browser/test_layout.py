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


def test_no_funding_instrument_page_scrolls_sideways_on_a_phone(new_page):
    """Every instrument of the real catalogue, in French and Serbian: long source addresses break."""
    from django.core.management import call_command

    from mostovi.funding.models import Instrument

    call_command("import_funding_catalogue", verbosity=0)
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    wide = []
    for pk in Instrument.objects.order_by("pk").values_list("pk", flat=True):
        for language in ("fr", "sr"):
            page.goto(f"/{language}/funding/instruments/{pk}/")
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 360:
                wide.append(f"/{language}/funding/instruments/{pk}/: {width}px")
    assert not wide, wide


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


def test_a_single_result_keeps_its_country_around_it_on_the_map(page):
    """Without a tile layer only the outlines give a place its context: the map stays at a region's scale."""
    from mostovi.directory.tests.factories import AuthorityFactory

    sofia = AuthorityFactory(
        name="Столична", name_latin="Stolichna", country="BG", latitude=42.69, longitude=23.32
    )
    # The search with one result, and the authority's own page.
    for address in ("/fr/directory/?q=Stolichna", f"/sr/directory/{sofia.pk}/"):
        page.goto(address)
        page.wait_for_selector(".map .leaflet-marker-icon")
        shown = page.locator(".map[data-shown-zoom]").first.get_attribute("data-shown-zoom")
        assert 5 <= float(shown) <= 7, f"{address}: one place shown at zoom {shown}"


def test_the_menu_folds_behind_its_button_on_a_phone(new_page):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto("/fr/")
    button = page.get_by_role("button", name="Menu")
    menu = page.locator("#site-menu")
    assert button.get_attribute("aria-controls") == "site-menu"
    assert button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64, f"the closed header is {header['height']}px high"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    directory = menu.get_by_role("link", name="Annuaire")
    assert directory.is_visible()
    box = directory.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_the_menu_is_a_plain_list_without_javascript(new_page):
    page = new_page(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page.goto("/fr/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#site-menu").get_by_role("link", name="Annuaire").is_visible()


def test_the_menu_is_a_row_on_a_wide_screen(page):
    page.goto("/fr/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#site-menu").get_by_role("link", name="Annuaire").is_visible()


def test_the_home_search_field_takes_the_phone_s_width(new_page):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto("/fr/")
    field = page.locator("#home-q").bounding_box()
    assert field["width"] >= 300, f"the search field is {field['width']}px wide"


def test_the_confirmation_dialog_fits_a_360px_screen(new_page):
    page = new_page(viewport={"width": 360, "height": 640})
    page.goto("/fr/")
    page.evaluate(
        """() => {
            const box = document.getElementById('confirm-dialog');
            box.querySelector('#confirm-title').textContent =
                'Valider la version 2 du programme pour Métropole de Lyon ?';
            box.querySelector('#confirm-what').textContent = 'x '.repeat(200);
            box.querySelector('[data-confirm-ok]').textContent =
                'Valider la version 2 pour Métropole de Lyon';
            box.showModal();
        }"""
    )
    for selector in ("#confirm-dialog article", "[data-confirm-ok]", "[data-confirm-cancel]"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"{selector} sticks out: {box}"
    assert page.locator("[data-confirm-ok]").bounding_box()["height"] >= 44
