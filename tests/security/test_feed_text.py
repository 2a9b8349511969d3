"""Feed summaries reach readers as text (issue 11, defect 8).

A feed reader takes an RSS ``<description>`` or an Atom ``<summary
type="html">``, undoes the XML escaping and renders the result as HTML. This
test does the same with an HTML parser and checks that what the reader
shows is exactly the text the editor typed, with no element but the line
breaks, for events and expertise, in RSS and Atom. (In Chromium the same
feeds are rendered by tests/security/test_xss.py.)"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.factories import make_event, make_expertise, make_institution

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = ('<img src=x onerror="alert(1)"> & <b>bold</b> &lt;script&gt;x&lt;/script&gt; '
           '"quoted" \'single\'')
TITLE = 'Fair <script>alert("title")</script> & more'


class Reader(HTMLParser):
    """What a feed reader shows for an HTML element: its text, and which
    elements it would create."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.elements: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append(tag)
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data) -> None:
        self.text.append(data)


def rendered(html: str) -> tuple[str, list[str]]:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return "".join(reader.text), reader.elements


def assert_shown_as_text(html_field: str, expected: str) -> None:
    text, elements = rendered(html_field)
    assert set(elements) <= {"br"}, f"a reader would create {elements}: {html_field!r}"
    assert expected in text.splitlines(), (expected, text)


@pytest.fixture
def hostile(site_tree):
    kul = make_institution("KU Leuven", "ku-leuven")
    return {"event": make_event(kul, TITLE, slug="fair", summary=HOSTILE,
                                venue_name="Aula <i>Pieter</i> De Somer"),
            "entry": make_expertise(kul, TITLE, slug="lab", summary=HOSTILE)}


@pytest.mark.parametrize("path", ["/feeds/events.rss", "/feeds/expertise.rss"])
def test_rss_descriptions_reach_readers_as_text(client, hostile, path):
    channel = ET.fromstring(client.get(path, {"lang": "nl"}).content).find("channel")
    item = channel.find("item")
    assert item.findtext("title") == TITLE  # text, escaped once by the XML writer
    assert_shown_as_text(item.findtext("description"), HOSTILE)
    if "events" in path:  # the venue line is text too
        assert_shown_as_text(item.findtext("description"), "Aula <i>Pieter</i> De Somer, Tokyo")


@pytest.mark.parametrize("path", ["/feeds/events.atom", "/feeds/expertise.atom"])
def test_atom_summaries_reach_readers_as_text(client, hostile, path):
    entry = ET.fromstring(client.get(path, {"lang": "nl"}).content).find(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text" and title.text == TITLE
    summary = entry.find(f"{ATOM}summary")
    if summary.get("type") == "text":
        assert HOSTILE in summary.text.splitlines()
    else:
        assert summary.get("type") == "html"
        assert_shown_as_text(summary.text, HOSTILE)


def test_line_breaks_survive_as_line_breaks(client, hostile):
    """The event summary is several lines (when, where, summary): the reader
    shows them as lines, not run together."""
    item = ET.fromstring(client.get("/feeds/events.rss", {"lang": "nl"}).content)
    description = item.find("channel/item/description").text
    text, elements = rendered(description)
    assert elements.count("br") == 2 and len(text.splitlines()) == 3
