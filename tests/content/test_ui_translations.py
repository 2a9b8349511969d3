"""The project's own UI strings are translated into Dutch, French and German."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading", "button"),
    [
        ("nl", "Evenementen filteren", "Evenementen tonen"),
        ("fr", "Filtrer les événements", "Afficher les événements"),
        ("de", "Veranstaltungen filtern", "Veranstaltungen anzeigen"),
    ],
)
def test_event_index_ui_is_translated(client, site_tree, lang, heading, button):
    response = client.get(f"/{lang}/events/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert button in html
    # The English source strings are not shown.
    assert "Filter events" not in html
    assert "Show events" not in html
    assert "Clear filters" not in html


def test_english_event_index_stays_english(client, site_tree):
    html = client.get("/en/events/").content.decode()
    assert "Filter events" in html
    assert "Show events" in html


def test_404_page_is_dutch(client, site_tree):
    response = client.get("/nl/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert "Naar de startpagina" in html
    assert "Page not found" not in html


@pytest.mark.parametrize(
    ("lang", "heading", "sort_by"),
    [
        ("nl", "Zoeken in de catalogus", "Sorteren op"),
        ("fr", "Rechercher dans le catalogue",
         "Trier par"),
        ("de", "Katalog durchsuchen", "Sortieren nach"),
    ],
)
def test_search_page_ui_is_translated(client, site_tree, lang, heading, sort_by):
    response = client.get(f"/{lang}/search/", {"q": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert sort_by in html
    # The English source strings are not shown.
    assert "Search the catalogue" not in html
    assert "Sort by" not in html
    assert "Relevance" not in html
    assert "Apply filters" not in html


# Placeholders a translation must keep: %(name)s, %s, %% and {{ ... }}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%|\{\{.*?\}\}")
CATALOGUES = sorted((Path(settings.LOCALE_PATHS[0])).glob("*/LC_MESSAGES/django.po"))


def test_all_three_catalogues_exist():
    assert [po.parent.parent.name for po in CATALOGUES] == ["de", "fr", "nl"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_string_is_translated(path):
    """Run `manage.py makemessages` and translate what it adds (see README)."""
    problems = []
    for entry in polib.pofile(str(path)):  # polib comes with wagtail-localize
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        translations = (list(entry.msgstr_plural.values()) if entry.msgid_plural
                        else [entry.msgstr])
        if not all(t.strip() for t in translations):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for translation in translations:
            if sorted(PLACEHOLDER.findall(translation)) != expected and not (
                    entry.msgid_plural and set(PLACEHOLDER.findall(translation))
                    <= set(PLACEHOLDER.findall(entry.msgid_plural))):
                problems.append(f"placeholders differ: {entry.msgid!r} -> {translation!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_compiled_catalogue_is_up_to_date(path):
    """The .mo files are committed: run `manage.py compilemessages` after editing."""
    def messages(catalogue):
        return {
            (e.msgctxt, e.msgid): (tuple(sorted(e.msgstr_plural.items()))
                                   if e.msgid_plural else e.msgstr)
            for e in catalogue if e.msgid and not e.obsolete and "fuzzy" not in e.flags
        }

    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing"
    assert messages(polib.mofile(str(mo))) == messages(polib.pofile(str(path)))
