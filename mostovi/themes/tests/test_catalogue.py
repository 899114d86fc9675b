import pytest

from mostovi.core import codelists
from mostovi.themes.catalogue import THEMES
from mostovi.themes.models import Theme

pytestmark = pytest.mark.django_db


def test_every_theme_maps_to_active_dac_sector_codes():
    known = codelists.codes("Sector")
    assert {slug: [c for c in codes if c not in known] for slug, (_label, codes) in THEMES.items()} == {
        slug: [] for slug in THEMES
    }


def test_the_twenty_themes_are_in_the_database_in_order():
    assert list(Theme.objects.values_list("slug", flat=True)) == list(THEMES)
    assert len(THEMES) == 20
