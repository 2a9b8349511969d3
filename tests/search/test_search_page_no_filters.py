"""The search page shows its filter panel (and the phone drawer) only when
there is something to filter by: a search with no documents in the page's
language showed an empty panel holding a lone "Apply filters" button."""

import pytest

from tests.factories import make_expertise, make_institution


@pytest.fixture
def dutch_lab(site_tree, search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_expertise(make_institution("KU Leuven", "ku-leuven"), "Lab voor fotonica")


def test_no_filter_panel_without_anything_to_filter(client, dutch_lab):
    empty = client.get("/de/search/", {"q": ""}).content.decode()  # no German pages
    assert "search-layout--no-filters" in empty
    assert 'class="filter-panel"' not in empty
    assert 'id="search-filters"' not in empty
    assert 'type="submit" class="button"' not in empty  # the lone apply button


def test_the_filter_panel_is_there_when_there_are_facets(client, dutch_lab):
    html = client.get("/nl/search/", {"q": ""}).content.decode()
    assert 'class="filter-panel"' in html
    assert 'class="facet"' in html
    assert "search-layout--no-filters" not in html
