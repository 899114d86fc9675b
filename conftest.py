"""Fixtures shared by every app's tests."""

import pytest

# Browser tests (headless Chromium through Playwright): fixtures `browser`, `page`, `new_page`,
# `sign_in`, `axe`, the skip-or-fail logic when Chromium is missing, and failure screenshots.
pytest_plugins = ["mostovi.core.tests.browser.plugin"]


@pytest.fixture(autouse=True)
def _fast_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Rows that migrations create (the themes) are back for every database test.

    A transactional test (the browser tests) ends with a flush that empties every table, migration rows
    included; the next test on the same worker would otherwise find no theme.
    """
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    elif request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("_django_db_helper")
    else:
        return
    from mostovi.themes.models import Theme, themes_sync

    if not Theme.objects.exists():
        themes_sync()
