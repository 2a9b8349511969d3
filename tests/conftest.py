import pytest

from cms.core.site_setup import ensure_site_tree


@pytest.fixture
def site_tree(db):
    """The home page and section pages in nl, en, fr and de."""
    return ensure_site_tree()
