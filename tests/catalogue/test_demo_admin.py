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


def test_the_demo_has_an_organisation_editor_with_the_dashboard_panel(
        client, organisations):
    out = StringIO()
    call_command("ensure_demo_editor", stdout=out)
    printed = out.getvalue()
    assert "editor  password: flanders-demo" in printed
    editor = get_user_model().objects.get(username="editor")
    assert not editor.is_superuser
    group = editor.groups.get()
    assert group.name.endswith(" editors")
    assert f"({group.name.removesuffix(' editors')})" in printed
    assert editor.check_password("flanders-demo")
    client.force_login(editor)  # (django-axes wants a request to log in)
    dashboard = client.get("/admin/").content.decode()
    assert "Leuven fair" in dashboard or "Ghent fair" in dashboard
    again = StringIO()
    call_command("ensure_demo_editor", stdout=again)
    assert "existing user" in again.getvalue()
    assert editor.groups.count() == 1
