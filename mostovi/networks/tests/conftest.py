import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The console keeps its figures in the cache: every test starts without them (ids are reused)."""
    cache.clear()
    yield
    cache.clear()
