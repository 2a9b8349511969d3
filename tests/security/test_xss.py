"""Stored and reflected XSS, detected in Chromium (issue 11, point 8).

One hostile catalogue holds every payload of xss_payloads.txt (66) in every
text field: titles, summaries, bodies, venue name/address/city, institution
and representation names, acronym, city, address, phone, keywords, contact
names and roles, link titles and URLs, synonyms, theme names and
descriptions, feed names. It is written through the real write paths (the
catalogue importer, model saves and publishing), then shown everywhere the
hub shows text: public pages and listings, the search page (with the
payloads also as the query), the theme gallery, feed previews (the RSS/Atom
as a reader renders it), oEmbed cards on a consumer page, the widgets on an
embedding page of another origin, and the admin's listings and forms.

Detection: Chromium ignores the Content-Security-Policy during the test (it
would stop most payloads by itself; this test measures the escaping, the
policy is the second layer). Before any page script runs, every document gets a trap
(Page.addScriptToEvaluateOnNewDocument) that records each write to
``window.__xss`` and each alert/confirm/prompt. Every payload tries to set
``__xss`` to its own number, so a failure names the payload and the surface.
Payloads that need a click (``javascript:`` links, ``onclick``) are found by
inspecting the DOM, shadow roots included, for injected handlers and URLs.
One catalogue, one browser, a few dozen page loads."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from io import StringIO
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.events.models import EventPage
from cms.expertise.models import ExpertisePage
from plugins.ical_importer.models import IcsFeed
from search.models import SynonymGroup
from tests.browser import open_page, wait_for
from tests.factories import publish
from themes.models import CustomTheme
from themes.registry import forget_themes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TRAP = r"""
(() => {
  const record = (value) => {
    let list;
    try { list = window.top.__xssHits = window.top.__xssHits || []; }
    catch (e) { list = window.__xssHits = window.__xssHits || []; }
    list.push(String(value));
  };
  Object.defineProperty(window, '__xss', {configurable: false,
    get() { return undefined; }, set(value) { record(value); }});
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (value) => record(name + ':' + value);
  }
})();
"""

INJECTED = r"""
const found = [];
const js = /^javascript:/i;
const visit = (root) => {
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) visit(el.shadowRoot);
    const embedding = /^(IFRAME|OBJECT|EMBED|BASE)$/.test(el.tagName) ||
                      (el.tagName === 'META' && el.httpEquiv);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\s\x00-\x1f]/g, '');
      if (!attr.value.includes('__xss')) continue;
      if (name.startsWith('on') || name === 'srcdoc' || embedding ||
          (/^(href|src|action|formaction|data|xlink:href)$/.test(name) && js.test(value))) {
        found.push(el.tagName.toLowerCase() + '[' + name + ']');
      }
    }
    // a script element made from a payload (one that ran is a hit already)
    if (el.tagName === 'SCRIPT' && /^\s*(window|top|parent)\.__xss=\d+;?\s*$/.test(
        el.textContent)) found.push('script');
  }
};
visit(document);
return found;
"""

SETTLE = 0.4  # seconds for error events, autofocus and timers to fire


def url_payload(payload: str) -> str | None:
    """The payload inside an http(s) URL (URL fields accept no spaces), or
    None when it cannot be one."""
    url = "https://example.org/?q=" + payload.replace(" ", "/").replace("\t", "/")
    return url if len(url) <= 200 and "\n" not in url else None


def build_catalogue(payloads: list[str], tmp_path) -> dict:
    """The hostile catalogue, written by import_catalogue (the write path of
    institutions' systems) and by model saves (themes, synonyms, feeds)."""
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    every_payload_html = "".join(f"<p>{p}</p>" for p in payloads)
    institution = {"id": "x-inst", "title": {"nl": f"Inst {payloads[0]}"},
                   "slug": {"nl": "hostile-institution"}, "kind": "university",
                   "summary": {"nl": payloads[1]}, "acronym": payloads[2][:30],
                   "city": payloads[3][:100], "description": {"nl": every_payload_html}}
    representation = {"id": "x-rep", "title": {"nl": f"Rep {payloads[4]}"},
                      "slug": {"nl": "hostile-representation"}, "city": payloads[5][:100],
                      "country": "JP", "time_zone": "Asia/Tokyo", "region": "asia",
                      "summary": {"nl": payloads[6]}, "address": "\n".join(payloads),
                      "phone": payloads[7][:40]}
    events, expertise = [], []
    for number, payload in enumerate(payloads, start=1):
        event = {
            "id": f"x-ev-{number}", "title": {"nl": f"Probe {number} {payload}"[:255]},
            "slug": {"nl": f"probe-event-{number}"},
            "summary": {"nl": payload[:600]},
            "organiser": "x-rep" if number % 2 else "x-inst",
            "event_type": "info-session", "time_zone": "Asia/Tokyo",
            "start": (start + timedelta(hours=number)).isoformat(),
            "end": (start + timedelta(hours=number + 1)).isoformat(),
            "venue": {"name": {"nl": payload[:200]}, "address": payload[:300],
                      "city": payload[:100], "country": "JP"},
            "participating_institutions": ["x-inst"],
        }
        if url := url_payload(payload):
            event["registration_url"] = url
        events.append(event)
        entry = {
            "id": f"x-ex-{number}", "title": {"nl": f"Probe {number} {payload}"[:255]},
            "slug": {"nl": f"probe-entry-{number}"}, "summary": {"nl": payload[:600]},
            "institution": "x-inst", "kind": "lab", "keywords": [payload[:100]],
            "contacts": [{"name": payload[:150], "role": {"nl": payload[:150]},
                          "consent_to_publish": True}],
            "links": [{"title": payload[:200], "url": url_payload(payload)
                       or "https://example.org/"}],
        }
        expertise.append(entry)
    events.append({"id": "x-ev-all", "title": {"nl": "Probe all in one event"},
                   "slug": {"nl": "probe-all-event"}, "organiser": "x-rep",
                   "event_type": "webinar", "time_zone": "Asia/Tokyo",
                   "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat(),
                   "attendance_mode": "online", "online_url": "https://example.org/live",
                   "body": {"nl": every_payload_html}, "summary": {"nl": payloads[8]},
                   "participating_institutions": ["x-inst"]})
    expertise.append({"id": "x-ex-all", "title": {"nl": "Probe all in one lab"},
                      "slug": {"nl": "probe-all-lab"}, "institution": "x-inst",
                      "kind": "research-group", "body": {"nl": every_payload_html},
                      "keywords": [p[:100] for p in payloads],
                      "contacts": [{"name": p[:150], "role": {"nl": p[:150]},
                                    "consent_to_publish": True} for p in payloads],
                      "links": [{"title": p[:200], "url": url_payload(p)
                                 or "https://example.org/"} for p in payloads]})
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"format": "flanders-hub-catalogue", "version": 1,
                                "institutions": [institution],
                                "representations": [representation],
                                "expertise": expertise, "events": events},
                               ensure_ascii=False), encoding="utf-8")
    report = StringIO()
    call_command("import_catalogue", str(path), stdout=report, stderr=StringIO())
    imported = {
        "events": EventPage.objects.filter(external_id__startswith="x-ev-").count(),
        "expertise": ExpertisePage.objects.filter(external_id__startswith="x-ex-").count(),
    }
    assert imported == {"events": len(payloads) + 1, "expertise": len(payloads) + 1}, (
        imported, report.getvalue()[-3000:])

    representation = EventPage.objects.get(external_id="x-ev-all").get_parent()
    institution = ExpertisePage.objects.get(external_id="x-ex-all").get_parent()
    theme = CustomTheme.objects.create(
        name="xss-hostile", label=payloads[9][:80], description=payloads[10][:500],
        organisation=institution)
    theme.save_revision().publish()
    forget_themes()
    SynonymGroup.objects.create(terms="\n".join(payloads), note=payloads[11][:200])
    for number, payload in enumerate(payloads[:20], start=1):
        IcsFeed.objects.create(name=payload[:200], url=f"https://example.org/{number}.ics",
                               organiser=institution)
    return {"event": EventPage.objects.get(external_id="x-ev-all"),
            "entry": ExpertisePage.objects.get(external_id="x-ex-all"),
            "representation": representation.specific,
            "institution": institution.specific, "theme": theme}


class Probe:
    """Loads pages in Chromium and collects what ran or was injected."""

    def __init__(self, driver) -> None:
        self.driver = driver
        self.failures: list[str] = []
        self.loads = 0

    def check(self, surface: str, url: str | None = None) -> None:
        """Record any payload that ran (or sits in the DOM ready to run) on the
        page now open; ``url`` is where the page must still be (a payload
        could navigate away)."""
        time.sleep(SETTLE)
        hits = self.driver.execute_script("return window.__xssHits || []")
        injected = self.driver.execute_script(INJECTED)
        if hits:
            self.failures.append(f"{surface}: payloads ran: {sorted(set(hits))}")
        if injected:
            self.failures.append(f"{surface}: injected markup: {sorted(set(injected))}")
        if url and self.driver.current_url.split("#")[0] != url.split("#")[0]:
            self.failures.append(f"{surface}: navigated to {self.driver.current_url}")

    def visit(self, surface: str, url: str) -> None:
        open_page(self.driver, url)
        self.loads += 1
        self.check(surface, url)


def feed_preview_page(feeds: dict[str, str]) -> str:
    """A consumer page that renders feeds as a reader does: RSS description
    and Atom summary/content of type html as HTML, everything else as text."""
    data = json.dumps(feeds).replace("<", "\\u003c")
    return f"""<main id="feeds"></main><script>
const feeds = {data};
const main = document.getElementById('feeds');
for (const [name, xml] of Object.entries(feeds)) {{
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.querySelector('parsererror')) {{ main.append('unparsable ' + name); continue; }}
  for (const item of doc.querySelectorAll('item, entry')) {{
    const box = document.createElement('article');
    for (const field of item.children) {{
      const div = document.createElement('div');
      const tag = field.localName, type = field.getAttribute('type');
      const html = tag === 'description' || ((tag === 'summary' || tag === 'content')
                                              && type === 'html');
      if (html) div.innerHTML = field.textContent; else div.textContent = field.textContent;
      box.append(div);
    }}
    main.append(box);
  }}
}}
document.body.dataset.rendered = main.querySelectorAll('article').length;
</script>"""


def oembed_consumer_page(cards: list[dict]) -> str:
    data = json.dumps(cards).replace("<", "\\u003c")
    return f"""<main id="cards"></main><script>
for (const card of {data}) {{
  const box = document.createElement('section');
  const title = document.createElement('h2');
  title.textContent = card.title;  // oEmbed titles are text
  const embed = document.createElement('div');
  embed.innerHTML = card.html;     // the rich embed's HTML, inserted as consumers do
  box.append(title, embed);
  document.getElementById('cards').append(box);
}}
document.body.dataset.rendered = {len(cards)};
</script>"""


def test_no_payload_ever_runs(chromium, live_server, host_site, site_tree, xss_payloads,
                              tmp_path):
    catalogue = build_catalogue(xss_payloads, tmp_path)
    hub = live_server.url
    trap = chromium.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": TRAP})
    # The Content-Security-Policy would stop most payloads on its own; this
    # test measures the escaping, so Chromium ignores the policy meanwhile.
    chromium.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    probe = Probe(chromium)
    try:
        _public_pages(probe, hub, catalogue, xss_payloads)
        _feeds_and_oembed(probe, hub, host_site, catalogue)
        _widgets(probe, hub, host_site, catalogue)
        _admin(probe, hub, catalogue)
    finally:
        chromium.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                 {"identifier": trap["identifier"]})
        chromium.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
    assert probe.loads >= 20
    assert not probe.failures, "\n".join(probe.failures)


def _trap_works(probe: Probe, hub: str) -> None:
    """The detector itself: a page that does run a payload is caught."""
    open_page(probe.driver, hub + "/nl/")
    probe.driver.execute_script(
        "const i = document.createElement('img'); i.src = 'x';"
        "i.setAttribute('onerror', 'window.__xss=0'); document.body.append(i);")
    time.sleep(SETTLE)
    assert probe.driver.execute_script("return window.__xssHits") == ["0"]


def _public_pages(probe: Probe, hub: str, catalogue: dict, payloads: list[str]) -> None:
    _trap_works(probe, hub)
    pages = len(payloads) // 20 + 1
    for number in range(1, pages + 1):
        probe.visit(f"events listing p{number}", f"{hub}/nl/events/?page={number}")
    for number in range(1, len(payloads) // 24 + 2):
        probe.visit(f"expertise listing p{number}", f"{hub}/nl/expertise/?page={number}")
    for name in ("event", "entry", "institution", "representation"):
        probe.visit(f"{name} page", hub + catalogue[name].url)
    for event in EventPage.objects.filter(external_id__in=["x-ev-1", "x-ev-2", "x-ev-12"]):
        probe.visit(f"event page {event.external_id}", hub + event.url)
    probe.visit("home page", f"{hub}/nl/")
    probe.visit("search results", f"{hub}/nl/search/?q=Probe&page_size=100")
    probe.visit("search results (expertise)",
                f"{hub}/nl/search/?q=Probe&type=expertise&page_size=100")
    chunk: list[str] = []
    for payload in [*payloads, ""]:
        if payload and len(" ".join([*chunk, payload])) < 990:
            chunk.append(payload)
            continue
        query = " ".join(chunk)
        probe.visit(f"search page reflecting {query[:40]!r}…",
                    f"{hub}/nl/search/?q={quote(query)}")
        chunk = [payload]
    probe.visit("theme gallery", f"{hub}/nl/themes/")
    probe.visit("theme sample", f"{hub}/nl/themes/xss-hostile/")
    probe.visit("API in the browser", f"{hub}/api/v1/events/?lang=nl&page_size=100")


def _feeds_and_oembed(probe: Probe, hub: str, host_site, catalogue: dict) -> None:
    client = Client()
    feeds = {path: client.get(path, {"lang": "nl"}).content.decode()
             for path in ("/feeds/events.rss", "/feeds/events.atom",
                          "/feeds/expertise.rss", "/feeds/expertise.atom")}
    url = host_site.page("/feeds.html", feed_preview_page(feeds))
    open_page(probe.driver, url)
    probe.loads += 1
    rendered = int(probe.driver.execute_script("return document.body.dataset.rendered"))
    assert rendered >= 100, "the feed preview rendered too few items"
    probe.check("feed preview (RSS/Atom as a reader renders them)", url)

    pages = [catalogue["event"], catalogue["entry"],
             *EventPage.objects.filter(external_id__startswith="x-ev-")[:30],
             *ExpertisePage.objects.filter(external_id__startswith="x-ex-")[:30]]
    cards = []
    for page in pages:
        answer = client.get("/oembed", {"url": f"http://testserver{page.url}"})
        assert answer.status_code == 200, page.url
        cards.append(answer.json())
    url = host_site.page("/oembed.html", oembed_consumer_page(cards))
    open_page(probe.driver, url)
    probe.loads += 1
    probe.check("oEmbed cards on a consumer page", url)


def _widgets(probe: Probe, hub: str, host_site, catalogue: dict) -> None:
    rep, inst = catalogue["representation"], catalogue["institution"]
    body = (
        f'<flanders-events id="list" organiser="{rep.slug}" limit="100" lang="nl">'
        f"</flanders-events>"
        f'<flanders-events id="cards" organiser="{inst.slug}" layout="cards" limit="100" '
        f'lang="nl" theme="xss-hostile"></flanders-events>'
        f'<flanders-calendar id="calendar" organiser="{rep.slug}" lang="nl">'
        f"</flanders-calendar>"
        f'<flanders-expertise id="expertise" institution="{inst.slug}" limit="100" '
        f'lang="nl" layout="cards"></flanders-expertise>'
        f'<flanders-search id="search" q="Probe" lang="nl" limit="100"></flanders-search>'
        f'<script src="{hub}/embed/v1/widgets.js" defer></script>')
    url = host_site.page("/widgets.html", body)
    open_page(probe.driver, url)
    probe.loads += 1
    for selector in ("#list", "#cards", "#calendar", "#expertise", "#search"):
        wait_for(probe.driver, lambda d, s=selector: d.execute_script(
            "return document.querySelector(arguments[0]).getAttribute('data-state')",
            s) in ("ready", "error"), f"{selector} did not render")
    wait_for(probe.driver, lambda d: d.execute_script(
        "return document.querySelector('#search').shadowRoot"
        ".querySelectorAll('.res .t').length") > 0, "the search widget found nothing")
    shown = probe.driver.execute_script(
        "return ['#list', '#expertise'].map(s => document.querySelector(s).shadowRoot"
        ".querySelectorAll('.t').length)")
    assert min(shown) >= 30, f"the widgets show too few items: {shown}"
    probe.check("widgets on an embedding page", url)


def _admin(probe: Probe, hub: str, catalogue: dict) -> None:
    user = get_user_model().objects.create_superuser("xss-admin", "a@example.org", "x")
    client = Client()
    client.force_login(user)
    open_page(probe.driver, hub + "/admin/login/")
    probe.driver.add_cookie({"name": "sessionid", "value": client.cookies["sessionid"].value,
                             "path": "/"})
    event, entry = catalogue["event"], catalogue["entry"]
    # an edit in progress, so the dashboard and reports list the hostile titles
    draft = EventPage.objects.get(external_id="x-ev-3")
    draft.save_revision(user=user)
    publish(EventPage.objects.get(external_id="x-ev-5"))
    urls = {
        "dashboard": "/admin/",
        "explorer (representation)": f"/admin/pages/{catalogue['representation'].pk}/",
        "explorer (institution)": f"/admin/pages/{catalogue['institution'].pk}/",
        "page search": "/admin/pages/search/?q=Probe",
        "events listing": "/admin/events/",
        "event edit form": f"/admin/pages/{event.pk}/edit/",
        "expertise edit form": f"/admin/pages/{entry.pk}/edit/",
        "institution edit form": f"/admin/pages/{catalogue['institution'].pk}/edit/",
        "page history": f"/admin/pages/{draft.pk}/history/",
        "synonyms": reverse(SynonymGroup.snippet_viewset.get_url_name("list")),
        "themes": reverse(CustomTheme.snippet_viewset.get_url_name("list")),
        "theme edit form": reverse(CustomTheme.snippet_viewset.get_url_name("edit"),
                                   args=[catalogue["theme"].pk]),
        "iCalendar feeds": "/admin/ics-feeds/",
        "page chooser": f"/admin/choose-page/{catalogue['representation'].pk}/",
        "locked and aging pages report": "/admin/reports/aging-pages/",
        "site history": "/admin/reports/site-history/",
    }
    for surface, path in urls.items():
        probe.visit(f"admin: {surface}", hub + path)
