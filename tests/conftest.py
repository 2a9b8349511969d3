import json
import urllib.request
from uuid import uuid4

import pytest
from django.core.cache import caches

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
        ensure_site_tree()


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


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings, db):
    """Run a search test on both backends. Elasticsearch is the real node that
    scripts/elasticsearch.sh starts; without it the test fails, it is never
    skipped."""
    if request.param == "database":
        yield "database"
        return
    url = settings.HUB_TEST_ELASTICSEARCH_URL
    status = _elasticsearch_health(url)
    if status not in ("green", "yellow"):
        pytest.fail(f"Elasticsearch at {url} is {status}: start it with "
                    "`scripts/elasticsearch.sh start` (make test does this).")
    settings.HUB_ELASTICSEARCH = {
        **settings.HUB_ELASTICSEARCH, "hosts": [url],
        "index_prefix": f"hubtest-{uuid4().hex[:10]}",
    }
    breaker.reset()
    indices.ensure_indices()
    yield "elasticsearch"
    indices.delete_all()
    breaker.reset()
