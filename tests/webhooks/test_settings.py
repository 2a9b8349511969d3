"""The loopback switch is for tests only: production settings never take it
from the environment."""

from __future__ import annotations

import subprocess
import sys

from tests.operations.conftest import ROOT
from tests.operations.test_settings import production_env

SHOW = """
import django
from django.conf import settings
django.setup()
print(settings.HUB_WEBHOOK_ALLOW_LOOPBACK, settings.HUB_WEBHOOK_RETRY_SCHEDULE)
"""


def test_production_ignores_the_loopback_switch():
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=production_env(HUB_WEBHOOK_ALLOW_LOOPBACK="true"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
    assert "[60, 300, 1800, 7200, 21600, 43200]" in result.stdout
