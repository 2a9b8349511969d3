"""The project's own UI strings are translated into Dutch, French and German."""

import pytest

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
