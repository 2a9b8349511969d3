"""cms/settings/production.py, loaded the way gunicorn loads it: in a process
of its own, from the environment."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from .conftest import ROOT, manage

SHOW = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "options": db.get("OPTIONS", {}),
    "conn_max_age": db["CONN_MAX_AGE"], "health_checks": db["CONN_HEALTH_CHECKS"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "tasks": settings.TASKS["default"]["BACKEND"],
    "logging": settings.LOGGING["handlers"]["stderr"]["formatter"],
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.SESSION_COOKIE_SAMESITE, settings.CSRF_COOKIE_SECURE,
                settings.CSRF_COOKIE_HTTPONLY, settings.CSRF_COOKIE_SAMESITE],
}))
"""


def production_env(**overrides: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "HUB_", "REDIS_", "DATABASE_",
                                  "ELASTICSEARCH_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "hub.example.org",
        "HUB_BASE_URL": "https://hub.example.org",
        "DATABASE_URL": "postgres://hub@127.0.0.1:5432/hub",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    })
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def show(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SHOW], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_missing_database_url_is_an_error_not_sqlite():
    result = show(production_env(DATABASE_URL=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set the DATABASE_URL environment variable" in result.stderr
    assert "sqlite:///" in result.stderr  # says how to ask for SQLite on purpose


def test_explicit_sqlite_url_is_the_one_machine_start(tmp_path):
    result = show(production_env(DATABASE_URL=f"sqlite:///{tmp_path}/hub.sqlite3",
                                 REDIS_URL=None))
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in shown["options"]["init_command"]
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert "No REDIS_URL" in result.stderr  # the per-process warning, logged


def test_postgresql_connections_are_persistent_and_health_checked():
    result = show(production_env())
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["conn_max_age"] == 60 and shown["health_checks"] is True
    assert shown["options"]["connect_timeout"] == 2
    assert shown["cache"] == "cms.operations.cache.FailOpenRedisCache"
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shown["logging"] == "json"
    assert shown["cookies"] == [True, True, "Lax", True, True, "Lax"]


def test_check_deploy_is_clean():
    result = manage(production_env(), "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, (
        result.stdout + result.stderr)


def test_check_deploy_warns_about_a_per_process_cache():
    result = manage(production_env(REDIS_URL=None), "check", "--deploy")
    assert "operations.W001" in result.stdout + result.stderr
    assert "per gunicorn worker" in result.stdout + result.stderr
