"""The admin pages around the catalogue (issue 14, point 6): the widget
builder in the editor's language and plain words, the Plugins page's title,
the built-in themes in the Themes admin, and the dashboard panel of the
editor's organisation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms.institutions.permissions import editor_group_name
from tests.factories import make_event, make_expertise, translate
from themes.registry import builtin_theme_folders

pytestmark = pytest.mark.django_db


def speaks(user, language: str) -> None:
    """The admin's language of ``user`` (the admin's default is the site's, nl)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def english_admin(admin_client, admin_user):
    speaks(admin_user, "en")
    return admin_client


def labels(html: str) -> list[str]:
    """The text of the builder form's field labels."""
    form = html.split("data-builder-form", 1)[1].split("</form>", 1)[0]
    return [re.sub(r"<[^>]+>|\s+", " ", label).replace("*", "").strip()
            for label in re.findall(r"<label\b[^>]*>(.*?)</label>", form, re.S)]


def breadcrumbs(html: str) -> str:
    found = re.search(r'<nav[^>]*aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert found, "the page has no breadcrumbs"
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1))


# --- the widget builder ----------------------------------------------------------


def test_builder_labels_say_what_a_field_does_not_its_attribute(english_admin,
                                                                 site_tree):
    html = english_admin.get("/admin/widget-builder/", {"widget": "events"}).content
    shown = labels(html.decode())
    assert "Show times in" in shown and "Level of the item titles" in shown
    assert "Number of items" in shown and "Field of science" in shown
    for attribute in ("time-zone", "heading-level", "limit", "lang", "organiser"):
        assert attribute not in shown
    form = html.decode().split("data-builder-form", 1)[1].split("</form>", 1)[0]
    assert "public id" not in form and "ISO 3166" not in form
    assert "Date, soonest first" in form  # the order choices, not "-start"


def test_builder_speaks_the_editors_language(admin_client, admin_user, site_tree):
    speaks(admin_user, "nl")
    html = admin_client.get("/admin/widget-builder/", {"widget": "calendar"})
    shown = labels(html.content.decode())
    assert "Tijden tonen in" in shown  # "Show times in"
    assert "Eerste maand" in shown  # "First month shown"
    assert "Show times in" not in shown


def test_builder_names_the_dropped_fields_by_their_label(english_admin, site_tree):
    data = english_admin.get("/admin/widget-builder/", {
        "widget": "events", "time-zone": "visitor", "format": "json"}).json()
    assert data["wagtail_dropped"] == ["time-zone"]
    assert data["wagtail_dropped_labels"] == ["Show times in"]


# --- Plugins and Themes ----------------------------------------------------------


def test_the_plugins_page_is_titled_plugins(english_admin):
    html = english_admin.get("/admin/plugins/").content.decode()
    trail = breadcrumbs(html)
    assert trail.split()[-1] == "Plugins"
    catalogue = english_admin.get("/admin/plugins/catalogue/").content.decode()
    assert breadcrumbs(catalogue).strip().endswith("Importers and exporters")


def test_the_themes_admin_lists_the_built_in_themes_and_links_the_gallery(
        english_admin, site_tree):
    html = english_admin.get("/admin/snippets/themes/customtheme/").content.decode()
    section = html.split('id="installed-themes-heading"', 1)[1]
    names = re.findall(r"<code>([a-z-]+)</code>", section)
    builtin = sorted(folder.name for folder in builtin_theme_folders())
    assert len(builtin) == 8
    assert sorted(names) == builtin
    assert f"Built-in themes ({len(builtin)})" in html
    assert 'href="/en/themes/"' in section  # the gallery
    assert 'href="/en/themes/flanders/"' in section  # a sample page


# --- the dashboard panel of the editor's organisation -------------------------------


def editor_of(organisation, username: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.org",
                                                "pw-1234-long")
    speaks(user, "en")
    user.groups.add(Group.objects.get(name=editor_group_name(organisation)))
    return user


def test_the_dashboard_shows_the_editors_organisation_only(client, organisations):
    kul, ugent = organisations["kul"], organisations["ugent"]
    old_lab = make_expertise(kul, "Leuven soil lab")
    Page.objects.filter(pk=old_lab.pk).update(
        last_published_at=timezone.now() - timedelta(days=400))
    make_event(kul, "Leuven summer school", days_ahead=10)
    make_event(kul, "Leuven past fair", days_ahead=-10)
    draft = make_event(kul, "Leuven draft seminar", live=False)
    Page.objects.filter(pk=draft.pk).update(live=False)  # never published
    draft.refresh_from_db()
    kul_editor = editor_of(kul, "kul-editor")
    draft.save_revision(user=kul_editor)
    draft.get_workflow().start(draft, kul_editor)

    client.force_login(kul_editor)
    html = client.get("/admin/").content.decode()
    assert "Your organisation: KU Leuven" in html
    assert "Drafts awaiting review: 1" in html
    assert "Leuven draft seminar" in html
    assert "Upcoming events: 2" in html  # the summer school and the fair
    assert "Leuven summer school" in html and "Leuven fair" in html
    assert "Leuven past fair" not in html
    assert "Expertise not updated for a year: 1" in html
    assert "Leuven soil lab" in html and f"/admin/pages/{old_lab.pk}/edit/" in html
    assert "last published " in html and "Tokyo time" in html
    assert "Ghent" not in html  # nothing of another organisation

    client.force_login(editor_of(ugent, "ugent-editor"))
    html = client.get("/admin/").content.decode()
    assert "Your organisation: Ghent University" in html
    assert "Ghent fair" in html and "Drafts awaiting review: 0" in html
    assert "Leuven" not in html


def test_the_dashboard_has_no_organisation_panel_for_a_superuser(admin_client,
                                                                organisations):
    html = admin_client.get("/admin/").content.decode()
    assert "Your organisation" not in html


def test_an_organisations_translation_counts_once(client, organisations):
    kul = organisations["kul"]
    translate(organisations["kul_event"], "en", "Leuven fair (en)")
    client.force_login(editor_of(kul, "kul-editor"))
    html = client.get("/admin/").content.decode()
    assert "Upcoming events: 1" in html
