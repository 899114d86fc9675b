"""In the Serbian Latin interface, "Ниш" finds the City of Niš, whose page shows it on the map."""

import re

import pytest
from playwright.sync_api import expect

from mostovi.directory.models import Level
from mostovi.directory.tests.factories import AuthorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nis():
    city = AuthorityFactory(
        name="Ниш",
        name_latin="Niš",
        country="RS",
        level=Level.CITY,
        population=None,
        latitude=43.32472,
        longitude=21.90333,
        ref_key="RS:city:Niš",
    )
    for name, latin in [("Медијана", "Medijana"), ("Пантелеј", "Pantelej"), ("Нишка Бања", "Niška Banja")]:
        AuthorityFactory(
            name=name, name_latin=latin, country="RS", level=Level.CITY_MUNICIPALITY, parent=city
        )
    AuthorityFactory(
        name="Nissan-lez-Enserune", country="FR", population=3900, latitude=43.29, longitude=3.13
    )
    return city


def test_search_nis_in_cyrillic_from_the_serbian_latin_interface_and_see_it_on_the_map(page, nis, axe):
    page.goto("/sr-latn/directory/")
    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")
    page.locator("input[name=q]").fill("Ниш")
    # Live results (HTMX): the City of Niš comes first, before its city municipalities.
    first_result = page.locator("#results tbody tr").first
    expect(first_result).to_contain_text("Niš")
    expect(page).to_have_url(re.compile(r"q=%D0%9D%D0%B8%D1%88|q=Ниш"))
    # Exact name first; then the prefixes, authorities before a city's sub-units. A Serbian Latin reader
    # reads the Serbian names in Latin.
    expect(page.locator("#results tbody tr th a")).to_have_text(["Niš", "Nissan-lez-Enserune", "Niška Banja"])
    first_result.get_by_role("link", name="Niš", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/sr-latn/directory/{nis.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Niš")
    map_region = page.locator("[data-map]")
    expect(map_region).to_be_visible()
    marker = map_region.locator(".leaflet-marker-icon")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("title", re.compile("Niš|Ниш"))
    # The country outlines are drawn from the shipped file: no tile server is needed.
    expect(map_region.locator("path.leaflet-interactive, svg path").first).to_be_attached()
    axe(page)
