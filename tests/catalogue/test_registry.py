"""The catalogue-type registry (cms/core/registry.py): a type registered once
is served by the API, found by search and written by the export, with no
other edit; the services name no model of their own."""

import ast
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Locale

from cms.catalogue.exporter import export_catalogue
from cms.core import registry
from cms.core.registry import CatalogueType, catalogue_type, catalogue_types, type_of
from search.es import indices
from search.facets import FACETS_BY_TYPE, TYPE_TITLES
from search.indexing import rebuild_elasticsearch
from search.service import SearchRequest, get_search_service
from tests.noticeboard.models import (
    NoticeFilterSet,
    NoticePage,
    export_notice,
    serialise_notice,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(site_tree, django_capture_on_commit_callbacks):
    """The throwaway type registered, and one published notice in Dutch."""
    registry.register(CatalogueType(
        name="notices", model=NoticePage, filterset=NoticeFilterSet,
        title="Notices", serialise=serialise_notice, export_record=export_notice))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notice = NoticePage(title="Zeldzame prikbordmelding", slug="melding",
                                summary="Een proef van het register.",
                                posted_by="Departement Onderwijs",
                                locale=Locale.objects.get(language_code="nl"))
            site_tree["home"].add_child(instance=notice)
            notice.save_revision().publish()
        yield notice
    finally:
        registry.unregister("notices")


def test_the_content_apps_register_their_types():
    names = [t.name for t in catalogue_types()]
    assert names == ["institutions", "representations", "expertise", "events",
                     "scholarships"]  # in import/export order: organisations first
    events = catalogue_type("events")
    assert type_of(events.model) is events and events.searchable and events.embeddable
    assert not catalogue_type("scholarships").embeddable
    with pytest.raises(KeyError):
        catalogue_type("notices")


def test_a_registered_type_is_in_the_api(notices):
    client = Client()
    listed = client.get("/api/v1/notices/", {"lang": "nl"})
    assert listed.status_code == 200, listed.content
    [item] = listed.json()["results"]
    assert item["title"] == "Zeldzame prikbordmelding"
    assert item["posted_by"] == "Departement Onderwijs"
    detail = client.get(f"/api/v1/notices/{notices.public_id}/", {"lang": "nl"})
    assert detail.json()["id"] == notices.public_id
    assert "notices" in client.get("/api/v1/").json()["endpoints"]
    openapi = client.get("/api/v1/openapi.json").json()
    assert "/notices/" in openapi["paths"]
    # its filter set is strict in the API, like every type's
    bad = client.get("/api/v1/notices/", {"sort": "nonsense"})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "sort"


def test_an_unregistered_name_is_a_json_404(site_tree):
    answer = Client().get("/api/v1/notices/")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("search_backend", ["database", "elasticsearch"],
                         indirect=True)
def test_a_registered_type_is_searched(search_backend, notices,
                                       django_capture_on_commit_callbacks):
    if search_backend == "elasticsearch":  # its index is new: made and filled
        indices.ensure_indices()
        rebuild_elasticsearch()
    search = get_search_service().search
    response = search(SearchRequest(query="prikbordmelding", language="nl"))
    assert [(h.title, h.doc_type) for h in response.hits] == [
        ("Zeldzame prikbordmelding", "notice")]
    assert TYPE_TITLES["notice"] == "Notices"
    assert FACETS_BY_TYPE["notice"] == ["language"]
    only = search(SearchRequest(doc_type="notice", language="nl"))
    assert only.total == 1


def test_a_registered_type_is_exported(notices):
    data = export_catalogue("nl")
    [record] = data["notices"]
    assert record["title"] == {"nl": "Zeldzame prikbordmelding"}
    assert record["posted_by"] == "Departement Onderwijs"
    assert record["id"] == f"hub-{notices.translation_key}"


# The services loop over the registry: none names a content model class
# (issue 12). Each module is read as Python, so comments do not count.
SERVICE_MODULES = [
    *sorted((ROOT / "cms" / "api").glob("*.py")),
    *sorted((ROOT / "cms" / "feeds").glob("*.py")),
    *sorted((ROOT / "search").rglob("*.py")),
    ROOT / "cms" / "core" / "structured_data.py",
    ROOT / "cms" / "core" / "oembed.py",
    ROOT / "cms" / "catalogue" / "exporter.py",
    ROOT / "cms" / "catalogue" / "importer.py",
    ROOT / "cms" / "catalogue" / "downloads.py",
]


def _names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    found |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    found |= {alias.asname or alias.name for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) for alias in node.names}
    return found


def test_no_service_module_names_a_content_model():
    models = {t.model.__name__ for t in catalogue_types()} | {"Discipline"}
    named = {
        str(path.relative_to(ROOT)): sorted(_names(path) & models)
        for path in SERVICE_MODULES if "migrations" not in path.parts
    }
    assert {path: found for path, found in named.items() if found} == {}
