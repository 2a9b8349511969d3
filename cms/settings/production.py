"""Production: everything that differs between deployments comes from the
environment, and the hub refuses to start without the secrets it needs."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str, example: str = "") -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"Set the {name} environment variable{example} (see docs/operations.md)."
        )
    return value


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("DJANGO_ALLOWED_HOSTS").split(",")]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]
# Required: a missing DATABASE_URL is an error, never a silent SQLite file.
# sqlite:////srv/hub/db.sqlite3 stays allowed for the one-machine start.
# Persistent connections are checked before each request reuses them, so a
# PostgreSQL restart costs a reconnect, not a 500.
DATABASES = {
    "default": dj_database_url.parse(
        _required("DATABASE_URL", ", e.g. postgres://hub@127.0.0.1:5432/hub, or "
                  "sqlite:////srv/hub/db.sqlite3 for one machine"),
        conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}  # noqa: F405
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is unreachable (/readyz answers within 2 s).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
HUB_BASE_URL = WAGTAILADMIN_BASE_URL = _required("HUB_BASE_URL").strip().rstrip("/")

# HTTPS: nginx terminates TLS and says so in X-Forwarded-Proto (gunicorn only
# listens on 127.0.0.1, so nobody else can send it). The health and metrics
# endpoints answer plain HTTP, for probes that ask gunicorn directly.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# HSTS for a year, subdomains included, preload-ready (check --deploy wants
# all three; HUB_HSTS_SECONDS=0 turns it off for a host that must keep HTTP).
SECURE_HSTS_SECONDS = int(os.environ.get("HUB_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True

# Redis: the shared cache of every worker and machine: API answers, the API's
# rate-limit counters, theme stylesheets. Down: reads miss, writes drop, the
# rate limit lets requests through (cms/operations/cache.py). Without
# REDIS_URL each process has its own cache (a warning says so).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
HUB_SHARED_CACHE = bool(REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.operations.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("HUB_CACHE_PREFIX", "hub"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

# Background work goes through the database queue, worked by
# `manage.py db_worker`; `manage.py run_scheduler` enqueues periodic tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One JSON object per line on stderr, with the request id (cms/operations/logs.py).
LOGGING = logging_config(json_lines=True, level=HUB_LOG_LEVEL)  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)

# Webhooks (issue 15): receivers on loopback addresses and plain http are for
# tests only; production never reads HUB_WEBHOOK_ALLOW_LOOPBACK.
HUB_WEBHOOK_ALLOW_LOOPBACK = False

# E-mail (visitor subscriptions, cms/subscriptions/; docs/operations.md): the
# task worker sends through this SMTP server. STARTTLS by default; port 465
# wants EMAIL_USE_SSL=true instead.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() in ("1", "true", "yes")
EMAIL_USE_TLS = not EMAIL_USE_SSL and os.environ.get(
    "EMAIL_USE_TLS", "true").lower() in ("1", "true", "yes")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # noqa: F405
