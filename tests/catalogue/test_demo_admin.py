"""The demo prints how to log in, at the address it really serves on."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_the_login_address_follows_the_port_the_demo_serves_on(db, settings):
    settings.HUB_BASE_URL = "http://127.0.0.1:8011"
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)
    assert "Log in at http://127.0.0.1:8011/admin/" in out.getvalue()
    assert get_user_model().objects.get(username="admin").is_superuser
    again = StringIO()
    call_command("ensure_demo_admin", stdout=again)
    assert "existing user" in again.getvalue()
