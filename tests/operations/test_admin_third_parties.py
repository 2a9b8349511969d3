"""The admin's browser code reaches no third party: its Content-Security-Policy
allows connections to the hub only, so Wagtail's upgrade check (a fetch of
releases.wagtail.org from the dashboard) would only log a CSP violation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_superusers_dashboard_has_no_upgrade_check(client, admin_user):
    client.force_login(admin_user)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert "w-upgrade" not in html  # the Stimulus controller that fetches
    assert "connect-src 'self'" in dashboard["Content-Security-Policy"]
