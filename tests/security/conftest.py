"""Shared fixtures of the attack suite (docs/security.md lists every probe).

- ``xss_payloads``: the corpus in xss_payloads.txt, read once per run;
- ``organisations``: two institutions and a representation with their editor
  and moderator groups, each with content of its own;
- ``user_in``: an admin user in the named groups.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")
SENTINEL_PLACEHOLDER = "XSSID"


def load_payloads(path: Path = PAYLOADS_FILE) -> list[str]:
    """The payloads of ``path`` with their number in place of XSSID."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [line.replace(SENTINEL_PLACEHOLDER, str(number))
            for number, line in enumerate(lines, start=1)]


@pytest.fixture(scope="session")
def xss_payloads() -> list[str]:
    payloads = load_payloads()
    assert len(payloads) >= 50, "the corpus must hold at least 50 payloads"
    assert all("__xss" in payload for payload in payloads)
    return payloads


@pytest.fixture
def user_in(db) -> Callable[..., object]:
    def make(*group_names: str, username: str, superuser: bool = False):
        model = get_user_model()
        if superuser:
            return model.objects.create_superuser(username, f"{username}@example.org", "x")
        user = model.objects.create_user(username, f"{username}@example.org", "x")
        for name in group_names:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


