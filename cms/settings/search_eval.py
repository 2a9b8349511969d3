"""The child processes of ``manage.py search_eval`` (search/evaluation/): the
relevance set's own temporary catalogue, in the database DATABASE_URL names
(a temporary SQLite file or PostgreSQL database) and, when ELASTICSEARCH_URL
is set, in the indices of ELASTICSEARCH_INDEX_PREFIX. Never the hub's own."""

import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "search-eval-only-not-secret"  # noqa: S105 - a throwaway catalogue
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)  # noqa: F405
# Searches see what the rebuild wrote at once.
HUB_ELASTICSEARCH = {**HUB_ELASTICSEARCH, "refresh": True}  # noqa: F405
HUB_PAGE_CACHE = False
LOGGING = logging_config(json_lines=False, level="WARNING")  # noqa: F405
# Imports do not index page by page: `search_index rebuild` indexes the whole
# catalogue once, after the import.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
