"""Every absolute link the running demo writes opens: run by scripts/smoke_demo.sh.

    python3 scripts/demo_links.py http://127.0.0.1:8765

Collects the absolute URLs of the read API's first pages (every ``url``,
``next`` and endpoint of every resource, search and suggestions included), of
the event and expertise feeds (RSS and Atom), of an oEmbed answer (its
``provider_url``, ``author_url`` and the links in its ``html``) and of an
event page's head (canonical, alternates, og:url) and its JSON-LD (the links
to local addresses; the others, such as a registration page, are content),
plus the home page's links and the images on the pages they lead to, and
fetches each one. Fails unless every one names the demo's address and answers
200 itself: a redirect counts as a failure (the link would not be the page's
own), except for the hub's root, which sends each visitor to their language's
home page. Standard library only, so it needs nothing installed.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
# Endpoints of the API index that need a query to answer 200.
QUERIES = {"search": {"q": "research"}, "suggest": {"q": "res"}}
HEAD_LINK = re.compile(
    r'<(?:link|meta)\b[^>]*?(?:rel="(?:canonical|alternate)"[^>]*?href'
    r'|property="og:url"[^>]*?content)="(https?://[^"]+)"')
ANCHOR = re.compile(r'<a\b[^>]*?href="(/(?:nl|en|fr|de)/[^"#]*)"')
IMAGE = re.compile(r'<img\b[^>]*?src="(/media/[^"]+)"')
SECTION = re.compile(r"/en/[^/?]+/")
LOCAL = {"localhost", "127.0.0.1", "::1"}
HREF = re.compile(r'(?:href|src)="(https?://[^"]+)"')
JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url: str, *, follow: bool = False) -> tuple[int, bytes]:
    try:
        with (urllib.request.urlopen if follow else OPENER.open)(
                url, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except OSError as error:  # refused, timed out
        print(f"links: {url}: {error}", flush=True)
        return 0, b""


def get_json(url: str) -> object:
    status, body = fetch(url)
    if status != 200:
        raise SystemExit(f"links: GET {url} -> {status}")
    return json.loads(body)


def urls_in(data: object) -> Iterator[str]:
    """Every ``url`` and ``next`` value anywhere in a JSON document."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("url", "next") and isinstance(value, str) and value:
                yield value
            else:
                yield from urls_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from urls_in(value)


def api_links(base: str) -> dict[str, str]:
    """URL -> where it was found, for the API's index and first pages."""
    found = {}
    index = get_json(f"{base}/api/v1/")
    for key in ("docs", "openapi"):
        found[index[key]] = "the API index"
    for name, endpoint in index["endpoints"].items():
        query = QUERIES.get(name, {"lang": "en"})
        endpoint = f"{endpoint}?{urlencode(query)}"
        found[endpoint] = "the API index"
        for url in urls_in(get_json(endpoint)):
            found.setdefault(url, f"the API's {name}")
    return found


def feed_links(base: str) -> dict[str, str]:
    found = {}
    for feed in ("events.rss", "events.atom", "expertise.rss", "expertise.atom"):
        status, body = fetch(f"{base}/feeds/{feed}?lang=en")
        if status != 200:
            raise SystemExit(f"links: GET /feeds/{feed} -> {status}")
        root = ElementTree.fromstring(body)
        for element in root.iter("link"):  # RSS
            if element.text:
                found.setdefault(element.text.strip(), f"the feed {feed}")
        for element in root.iter(f"{ATOM}link"):
            found.setdefault(element.get("href", ""), f"the feed {feed}")
    return found


def page_and_oembed_links(base: str, page: str) -> dict[str, str]:
    found = {page: "the API's events"}
    status, body = fetch(page)
    html = body.decode("utf-8", "replace")
    for url in HEAD_LINK.findall(html):
        found.setdefault(url.replace("&amp;", "&"), "an event page's head")
    for block in JSON_LD.findall(html):
        for url in urls_in(json.loads(block)):
            if urlsplit(url).hostname in LOCAL | {urlsplit(base).hostname}:
                found.setdefault(url, "an event page's JSON-LD")
    oembed = get_json(f"{base}/oembed?{urlencode({'url': page, 'format': 'json'})}")
    for key in ("provider_url", "author_url"):
        if oembed.get(key):
            found.setdefault(oembed[key], f"oEmbed {key}")
    for url in HREF.findall(oembed.get("html", "")):
        found.setdefault(url.replace("&amp;", "&"), "oEmbed html")
    return found


def site_links(base: str) -> dict[str, str]:
    """The links of the home page and of the section pages it links to (menu,
    footer, the editorial pages below "About"), and the images on each page
    they lead to (media files, which runserver serves in the demo)."""
    home = f"{base}/en/"
    found: dict[str, str] = {home: "the English home page"}
    sections = [home]
    while sections:
        page = sections.pop(0)
        html = fetch(page)[1].decode("utf-8", "replace")
        for path in ANCHOR.findall(html):
            url = base + path.replace("&amp;", "&")
            if url not in found:
                found[url] = f"a link on {page}"
                if page == home and SECTION.fullmatch(path):
                    sections.append(url)
    for page in list(found):
        html = fetch(page)[1].decode("utf-8", "replace")
        for path in IMAGE.findall(html):
            found.setdefault(base + path.replace("&amp;", "&"), f"an image on {page}")
    return found


def main(base: str) -> int:
    base = base.rstrip("/")
    links = api_links(base)
    links |= {url: where for url, where in feed_links(base).items() if url not in links}
    first_event = get_json(f"{base}/api/v1/events/?lang=en&page_size=1")
    page = first_event["results"][0]["url"]
    links |= {url: where for url, where in page_and_oembed_links(base, page).items()
              if url not in links}
    links |= {url: where for url, where in site_links(base).items() if url not in links}
    failed = [f"{url} ({where}) does not name {base}/"
              for url, where in links.items() if not url.startswith(base + "/")]
    checked = [url for url in links if url.startswith(base + "/")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = dict(zip(checked, pool.map(
            lambda url: fetch(url, follow=url == base + "/")[0], checked), strict=True))
    failed += [f"{url} ({links[url]}) -> {status}"
               for url, status in statuses.items() if status != 200]
    print(f"links: {len(checked)} links of the API, feeds, oEmbed, an event page "
          f"and the home page's pages and images answer 200" if not failed else
          f"links: {len(failed)} of {len(links)} absolute links fail:")
    for line in failed:
        print(f"links:   {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))
