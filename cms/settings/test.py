"""Test suite: PostgreSQL from DATABASE_URL (started by scripts/test.sh)."""

import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://hub@127.0.0.1:54329/hub")
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Absolute URLs follow each request unless a test sets HUB_BASE_URL itself.
HUB_BASE_URL = ""

# Tests choose their search backend per test (the search_backend fixture in
# tests/conftest.py); the Elasticsearch node is the one scripts/elasticsearch.sh
# starts.
HUB_ELASTICSEARCH = {
    **HUB_ELASTICSEARCH,  # noqa: F405
    "hosts": [], "refresh": True, "retry_after": 1.0, "timeout": 3.0,
}
HUB_TEST_ELASTICSEARCH_URL = os.environ.get(
    "HUB_TEST_ELASTICSEARCH_URL", "http://127.0.0.1:19200")

# Tests start with no synonyms: the starter table (search/data/synonyms.txt,
# migration hub_search 0003) is tested on its own.
HUB_STARTER_SYNONYMS = False
# The read API's rate limit is tested on its own (override_settings).
HUB_API_RATE_LIMIT = None
# The full-page cache is tested on its own (tests/api/test_page_cache.py): other
# tests change pages without a publish and read them again.
HUB_PAGE_CACHE = False

# Tests read warnings and errors only, as before LOGGING existed (tests that
# look at INFO lines raise the level with caplog).
LOGGING = logging_config(json_lines=False, level="WARNING")  # noqa: F405

# A throwaway catalogue type (tests/catalogue/test_registry.py registers it).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.noticeboard"]  # noqa: F405
