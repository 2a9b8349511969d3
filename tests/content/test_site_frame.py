"""The hub's frame on every public page (issue 14, point 4): a search box in
the header that leads to results, the Department's identity and its pages in
the footer, titles without repetition, a favicon, a home page that leads
with search and the next events, organisation themes confined to the
content block, and search facets that fold open. The browser half is
tests/content/test_site_frame_browser.py."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.contrib.staticfiles import finders

from cms.core.timefmt import format_day
from cms.editorial.models import ContentPage
from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_page_of_every_type,
    make_representation,
    publish,
    translate,
)
from themes.registry import get_theme
from themes.stylesheets import page_css

pytestmark = pytest.mark.django_db

IDENTITY = "Flanders — Department of Economy, Science and Innovation"
HEADER_SEARCH = re.compile(
    r'<form class="site-search" role="search" method="get" action="([^"]+)"'
    r' aria-label="[^"]+">\s*<label class="visually-hidden" for="site-search-q">'
    r'([^<]+)</label>\s*<input type="search" id="site-search-q" name="q"')


@pytest.fixture
def pages(site_tree) -> dict[str, str]:
    """A URL of every public page type, in English where the type has one."""
    return make_page_of_every_type("en")


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response.content.decode()


def _site_name(html: str) -> str:
    return html_lib.unescape(re.search(
        r'<p class="site-footer__name">([^<]+)</p>', html)[1])


def _title(html: str) -> str:
    return html_lib.unescape(re.search(r"<title>(.*?)</title>", html, re.S)[1])


def test_every_page_type_has_the_header_search_box(client, pages):
    for kind, url in pages.items():
        html = _get(client, url)
        found = HEADER_SEARCH.search(html)
        assert found, f"{kind}: no header search box"
        language = url.split("/")[1]
        assert found[1] == f"/{language}/search/", kind
        assert found[2].strip(), kind  # a label, read by screen readers


def test_the_header_search_leads_to_results(client, pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_event(make_representation("Flanders in Korea", "korea", city="Seoul",
                                       country="KR", time_zone="Asia/Seoul"),
                   "Seoul graduate fair", slug="seoul-fair")
    action = HEADER_SEARCH.search(_get(client, "/nl/expertise/"))[1]
    assert action == "/nl/search/"
    html = _get(client, f"{action}?q=Seoul")
    assert re.search(r'<h3><a href="[^"]+">Seoul graduate fair</a></h3>', html)


def test_titles_name_the_site_once(client, pages):
    for kind, url in pages.items():
        html = _get(client, url)
        title, site = _title(html), _site_name(html)
        assert title.count(site) == 1, (kind, title)
        if kind == "home":
            assert title == site
        else:
            page_part, _bar, rest = title.rpartition(" | ")
            assert rest == site and page_part and site not in page_part, (kind, title)
    assert _title(_get(client, pages["event"])) == "Tokyo fair | " + _site_name(
        _get(client, pages["event"]))
    html = _get(client, "/nl/")
    assert _title(html) == _site_name(html)  # the Dutch home: the Dutch name alone


def test_the_footer_shows_the_department_and_its_pages(client, site_tree):
    html = _get(client, "/en/")
    footer = html[html.index('<footer class="site-footer">'):]
    assert IDENTITY in html_lib.unescape(footer)
    assert "site-footer__links" not in footer  # no pages yet: no empty list
    home = site_tree["home"]
    for role, title in (("contact", "Contact"), ("privacy", "Privacy"),
                        ("accessibility", "Accessibility statement")):
        page = ContentPage(title=title, slug=role, footer_role=role, locale=home.locale)
        home.add_child(instance=page)
        publish(page)
        english = translate(page, "en", f"{title} (en)")
        english.footer_role = role  # a copy leaves its role behind (cms.editorial)
        publish(english)
    footer = _get(client, "/en/events/").split('<footer class="site-footer">')[1]
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', footer)
    assert [text for _href, text in links] == [
        "Contact (en)", "Privacy (en)", "Accessibility statement (en)"]
    assert all(href.startswith("/en/") for href, _text in links)
    assert 'aria-label="' in footer.split('<nav class="site-footer__links"')[1][:40]


def test_a_favicon_is_linked_and_shipped(client, site_tree):
    html = _get(client, "/en/")
    icons = dict(re.findall(r'<link rel="(icon|apple-touch-icon)" href="/static/([^"]+)"',
                            html))
    hrefs = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/([^"]+)"',
                       html)
    assert {"hub/favicon.svg", "hub/favicon.ico", "hub/apple-touch-icon.png"} == set(
        hrefs), icons
    svg = open(finders.find("hub/favicon.svg"), encoding="utf-8").read()
    assert svg.startswith("<svg") and "<script" not in svg and "href" not in svg
    with open(finders.find("hub/favicon.ico"), "rb") as ico:
        assert ico.read(4) == b"\x00\x00\x01\x00"  # an icon directory
    with open(finders.find("hub/apple-touch-icon.png"), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"


def test_home_leads_with_search_then_the_next_events(client, japan):
    make_event(japan, "Later fair", slug="later", days_ahead=40)
    make_event(japan, "Sooner fair", slug="sooner", days_ahead=3)
    make_event(japan, "Past fair", slug="past", days_ahead=-3)
    html = _get(client, "/nl/")
    main = html[html.index('<main id="main"'):html.index("</main>")]
    search = main.index('<form class="home-search" role="search" method="get" '
                        'action="/nl/search/"')
    assert search < main.index("Sooner fair") < main.index("Later fair")
    assert "Past fair" not in main
    assert 'href="/nl/events/">' in main  # "All events"
    assert 'class="section-links"' not in main  # no hero that repeats the menu
    assert '<label for="home-search-q">' in main


def test_an_organisation_theme_colours_its_block_not_the_frame(client, site_tree):
    kul = make_institution(default_theme="kuleuven")
    css = page_css(get_theme("kuleuven"))
    hub, block = css.split("#main{", 1)
    # the frame (:root) wears the hub's theme, the block the organisation's
    assert ":root{" in hub and "--hub-color-accent:#ffe615;" in hub
    assert "--hub-color-accent:#00407a;" in block and "#00407a" not in hub
    assert "#main" not in page_css(get_theme("flanders"))
    html = _get(client, kul.url)
    assert '<main id="main" class="container theme-block" data-theme-block="kuleuven"' in html
    assert '<main id="main" class="container" tabindex="-1">' in _get(client, "/en/")


def _facets(html: str) -> dict[str, bool]:
    """{facet name: open} of the search page's <details> facets."""
    found = {}
    for chunk in html.split('<details class="facet"')[1:]:
        head, body = chunk.split(">", 1)
        name = re.search(r'name="([a-z_]+)"', body.split("</details>")[0])
        found[name[1] if name else "when"] = head == " open"
    return found


def test_search_facets_fold_open_and_dates_are_localised(
        client, site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        japan = make_representation()
        event = make_event(japan, "Tokyo robotica beurs", slug="robotics-fair")
        for n in range(8):  # a long facet: more institutions than open at once
            kul = make_institution(f"Robotica instituut {n}", f"robotics-{n}")
            make_expertise(kul, f"Robotica lab {n}", slug=f"robotics-lab-{n}")
    html = _get(client, "/nl/search/?q=robotica")
    facets = _facets(html)
    assert facets["institution"] is False  # 8 values: folded until opened
    assert any(facets.values()), "the short facets start open"
    assert "max-height" not in html  # and nothing is cut off in a scroll box
    chosen = re.search(r'name="institution" value="([^"]+)"', html)[1]
    html = _get(client, f"/nl/search/?q=robotica&institution={chosen}")
    assert _facets(html)["institution"] is True  # a chosen value shows its facet
    html = _get(client, "/nl/search/?q=robotica&type=event")
    local = event.next_start.astimezone(event.tz)
    assert f'<time datetime="{event.next_start.isoformat()}">' in html
    assert f">{local.date().isoformat()}<" not in html  # not "2027-05-04"
    assert f">{format_day(local, 'nl')}</time>" in html  # "di 4 mei 2027"
