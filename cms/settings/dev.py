"""Development: SQLite and the database search backend, debug pages on."""

from .base import *  # noqa: F403

DEBUG = True
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
