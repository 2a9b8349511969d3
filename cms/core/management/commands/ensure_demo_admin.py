"""Create (once) the demo administrator and print how to log in."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the demo admin user (if missing) and print its credentials."

    def handle(self, *args, **options) -> None:
        username = os.environ.get("HUB_DEMO_ADMIN", "admin")
        password = os.environ.get("HUB_DEMO_PASSWORD", "flanders-demo")
        users = get_user_model().objects
        if not users.filter(username=username).exists():
            users.create_superuser(username, f"{username}@example.org", password)
            note = ""
        else:
            note = " (existing user; password unchanged if you changed it)"
        self.stdout.write(
            f"Admin user: {username}  password: {password}{note}\n"
            f"Log in at {base_url()}/admin/"
        )


def base_url() -> str:
    """Where the demo serves: HUB_BASE_URL (scripts/demo.sh derives it from
    PORT), else runserver's default."""
    return (getattr(settings, "HUB_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
