"""Development and the demo: SQLite and the database search backend.

Debug pages are on for developers (``manage.py runserver``); the demo
(scripts/demo.sh) sets ``HUB_DEBUG=false`` so that visitors get the hub's own
404 and 500 pages, as in production, not Django's debug pages (which list the
URL patterns and settings). With DEBUG off runserver serves the static and
media files only when told to: ``HUB_SERVE_FILES`` (cms/urls.py)."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("HUB_DEBUG", "true").strip().lower() not in {"0", "false", "no"}
HUB_SERVE_FILES = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside development
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# scripts/demo.sh sets HUB_BASE_URL from the port it serves on; its host is
# then allowed too (absolute links name it).
if HUB_BASE_URL:  # noqa: F405
    from urllib.parse import urlsplit

    ALLOWED_HOSTS.append(urlsplit(HUB_BASE_URL).hostname or "127.0.0.1")  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# As in production, background work (search index updates, iCalendar feeds)
# goes through the database queue; scripts/demo.sh runs the worker
# (manage.py db_worker) and the scheduler (manage.py run_scheduler).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
