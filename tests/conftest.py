import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import pytest
from django.core.cache import caches
from django.db import connections
from wagtail.models import Page

from cms.core.site_setup import ensure_site_tree
from plugins import registry
from search.es import indices
from search.es.backend import breaker
from tests.browser import chromium, host_site  # noqa: F401 - session fixtures for all
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
)


@pytest.fixture(autouse=True)
def _fresh_plugin_states():
    """The plugin registry keeps the on/off states per process for a few
    seconds; a state a test set (and rolled back) must not reach the next."""
    registry.forget_states()
    yield
    registry.forget_states()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. Fragments are keyed by the
    content generation, which a rolled-back test puts back where it was: a
    listing remembered by one test would otherwise be served to the next."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the page tree once per run, committed, so that each test that
    needs it only looks it up (building it took about 5 s a test, a third of
    the whole suite). A transactional test empties the database; those run
    last (pytest-django orders them so) and build their own tree again."""
    with django_db_blocker.unblock():
        if Page.get_first_root_node() is None:
            pytest.exit("The test database has no root page: a reused database "
                        "that a transactional test emptied. Run pytest with "
                        "--create-db.", returncode=2)
        ensure_site_tree()
        # A transactional test with serialized_rollback restores the database
        # as serialized after migrate; serialize it again, tree included, or
        # the restore would add a second default site beside the tree's.
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = (
                    connection.creation.serialize_db_to_string())


@pytest.fixture
def site_tree(db):
    """The home page and section pages in nl, en, fr and de."""
    return ensure_site_tree()


@pytest.fixture
def organisations(site_tree) -> dict:
    """KU Leuven and Ghent University (institutions: editors submit for
    review) and Flanders in Japan (a representation: editors publish), each
    with a live event and expertise entry."""
    kul = make_institution("KU Leuven", "ku-leuven")
    ugent = make_institution("Ghent University", "ugent")
    japan = make_representation("Flanders in Japan", "japan")
    return {
        "kul": kul, "ugent": ugent, "japan": japan,
        "kul_event": make_event(kul, "Leuven fair"),
        "ugent_event": make_event(ugent, "Ghent fair"),
        "kul_lab": make_expertise(kul, "Leuven AI lab"),
        "ugent_lab": make_expertise(ugent, "Ghent AI lab"),
        "japan_event": make_event(japan, "Tokyo seminar"),
    }


# The organisations most tests need. A test module that needs other fields
# (an address, a ROR id, ...) overrides the fixture of the same name.
@pytest.fixture
def japan(site_tree):
    """The representation "Flanders in Japan" (slug japan)."""
    return make_representation()


@pytest.fixture
def kul(site_tree):
    """The institution "KU Leuven" (slug ku-leuven)."""
    return make_institution()


def _elasticsearch_health(url: str) -> str:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=5) as answer:
            return json.load(answer)["status"]
    except OSError as error:
        return f"unreachable ({error})"


@contextmanager
def suite_elasticsearch(settings, **options) -> Iterator[None]:
    """The hub on the suite's real node (scripts/elasticsearch.sh) under an
    index prefix of its own, with ``options`` added to HUB_ELASTICSEARCH;
    its indices are removed after. Without the node the test fails, it is
    never skipped."""
    url = settings.HUB_TEST_ELASTICSEARCH_URL
    status = _elasticsearch_health(url)
    if status not in ("green", "yellow"):
        pytest.fail(f"Elasticsearch at {url} is {status}: start it with "
                    "`scripts/elasticsearch.sh start` (make test does this).")
    settings.HUB_ELASTICSEARCH = {
        **settings.HUB_ELASTICSEARCH, "hosts": [url],
        "index_prefix": f"hubtest-{uuid4().hex[:10]}", **options,
    }
    configured = settings.HUB_ELASTICSEARCH
    breaker.reset()
    indices.ensure_indices()
    try:
        yield
    finally:
        settings.HUB_ELASTICSEARCH = configured  # a test may have changed it
        indices.delete_all()
        breaker.reset()


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings, db):
    """Run a search test on both backends (suite_elasticsearch)."""
    if request.param == "database":
        yield "database"
        return
    with suite_elasticsearch(settings):
        yield "elasticsearch"
