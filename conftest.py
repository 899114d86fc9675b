"""Fixtures shared by every app's tests."""

import pytest

# Browser tests (headless Chromium through Playwright): fixtures `browser`, `page`, `new_page`,
# `sign_in`, `axe`, the skip-or-fail logic when Chromium is missing, and failure screenshots.
pytest_plugins = ["mostovi.core.tests.browser.plugin"]


@pytest.fixture(autouse=True)
def _fast_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
