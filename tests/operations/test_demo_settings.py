"""cms/settings/dev.py as scripts/demo.sh loads it (HUB_DEBUG=false: the hub's
own error pages) and as a developer's runserver does (debug pages), each in a
process of its own. The demo's pages, its 404 page and its links are checked
end to end by scripts/smoke_demo.sh."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT

SHOW = """
import json, django
from django.conf import settings
from django.test import Client
django.setup()
static = Client().get("/static/hub/site.css", HTTP_HOST="127.0.0.1")
urls = __import__("cms.urls").urls
print(json.dumps({"debug": settings.DEBUG, "static": static.status_code,
                  "handlers": [urls.handler404, urls.handler500]}))
"""


def dev_settings(tmp_path, **overrides: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "HUB_", "DATABASE_", "ELASTICSEARCH_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.dev",
                "HUB_SQLITE_PATH": str(tmp_path / "dev.sqlite3"), **overrides})
    result = subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_shows_the_hubs_error_pages_and_still_serves_static_files(tmp_path):
    shown = dev_settings(tmp_path, HUB_DEBUG="false",
                         HUB_BASE_URL="http://127.0.0.1:8765")
    assert shown == {"debug": False, "static": 200, "handlers": [
        "cms.core.views.page_not_found", "cms.api.http.server_error"]}


def test_a_developers_runserver_keeps_the_debug_pages(tmp_path):
    assert dev_settings(tmp_path)["debug"] is True
