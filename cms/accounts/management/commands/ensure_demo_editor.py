"""Create (once) the demo's organisation editor and print how to log in: it
sees the dashboard's organisation panel (cms/accounts/dashboard.py), which
the superuser of ensure_demo_admin never does. Same password as the admin."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from wagtail.models import Locale

from cms.institutions.models import InstitutionPage
from cms.institutions.permissions import ensure_organisation_access


def demo_organisation() -> InstitutionPage | None:
    """The live institution with the most pages below it (events, expertise):
    the one whose dashboard panel shows the most."""
    return (InstitutionPage.objects.live().filter(locale=Locale.get_default())
            .order_by("-numchild", "path").first())


class Command(BaseCommand):
    help = "Create the demo organisation editor (if missing) and print its login."

    def handle(self, *args, **options) -> None:
        organisation = demo_organisation()
        if organisation is None:
            self.stdout.write("No institution yet: load the demo data first.")
            return
        username = os.environ.get("HUB_DEMO_EDITOR", "editor")
        password = os.environ.get("HUB_DEMO_PASSWORD", "flanders-demo")
        users = get_user_model().objects
        user = users.filter(username=username).first()
        note = " (existing user; password unchanged if you changed it)"
        if user is None:
            user = users.create_user(username, f"{username}@example.org", password)
            note = ""
        editors, _moderators = ensure_organisation_access(organisation)
        user.groups.add(editors)
        self.stdout.write(f"Organisation editor ({organisation.title}): {username}  "
                          f"password: {password}{note}")
