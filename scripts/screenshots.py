"""Full-page screenshots of a running demo hub, for docs/screenshots/.

    .venv/bin/python scripts/screenshots.py docs/screenshots/after \
        --base http://127.0.0.1:8000 --user admin --password flanders-demo

Takes, with Debian's /usr/bin/chromium and /usr/bin/chromedriver (headless,
the flags of tests/browser.py), PNGs 1280 px wide of the English home page, an
event page, search results with facets, the widget host page (another origin,
by default the demo's own on PORT+1; see scripts/demo.sh) and the admin edit
form of that event (one file per tab of the form); plus the home page 375 px
wide. Pages are captured whole
(up to --max-height px) and reduced to 256 colours with Pillow so each file
stays small. Prints each file it saved. See docs/screenshots/README.md.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--window-size=1280,1000", "--lang=en", "--hide-scrollbars",
)
# An in-person event abroad with a registration link, in the demo data.
EVENT_PATH = "/en/representations/tokyo/study-in-flanders-at-the-tokyo-study-fair/"
WIDGET_TAGS = ("flanders-events", "flanders-calendar", "flanders-expertise",
               "flanders-search")

# The document's height, or more where the content scrolls inside a box (the
# Wagtail admin scrolls its main area, not the document).
PAGE_HEIGHT = """
let height = document.documentElement.scrollHeight;
for (const element of document.querySelectorAll("body *")) {
  const overflow = getComputedStyle(element).overflowY;
  if ((overflow === "auto" || overflow === "scroll")
      && element.scrollHeight > element.clientHeight + 1) {
    const top = element.getBoundingClientRect().top + window.scrollY;
    height = Math.max(height, top + element.scrollHeight);
  }
}
return height;
"""


def start_browser() -> webdriver.Chrome:
    profile = tempfile.mkdtemp(prefix="hub-screenshots-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    driver.hub_profile_dir = profile
    return driver


def open_page(driver: webdriver.Chrome, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def wait_for_widgets(driver: webdriver.Chrome, timeout: float = 30) -> None:
    """Until every hub widget on the page has loaded (or shown its error)."""
    script = ("return [...document.querySelectorAll(arguments[0])]"
              ".every(e => ['ready', 'error'].includes(e.dataset.state))")
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(script, ",".join(WIDGET_TAGS)))


def capture(driver: webdriver.Chrome, path: Path, *, width: int,
            max_height: int) -> None:
    """The whole page at ``width`` CSS px (device scale 1), as a 256-colour PNG."""
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1,
               "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    time.sleep(0.5)  # media queries and container queries settle
    height = driver.execute_script(PAGE_HEIGHT)
    height = max(1, min(int(height), max_height))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {**metrics, "height": height})
    time.sleep(0.5)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": False,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"saved {path} ({width}x{height}, {path.stat().st_size // 1024} KB)")


def default_event_path(base: str) -> str:
    """EVENT_PATH when the hub has it, else the first upcoming event the read
    API lists."""
    try:
        with urllib.request.urlopen(base + EVENT_PATH, timeout=30):
            return EVENT_PATH
    except OSError:
        pass
    query = urlencode({"page_size": 1, "lang": "en"})
    with urllib.request.urlopen(f"{base}/api/v1/events/?{query}", timeout=30) as answer:
        data = json.load(answer)
    return urlsplit(data["results"][0]["url"]).path


def log_in(driver: webdriver.Chrome, base: str, user: str, password: str) -> None:
    open_page(driver, f"{base}/admin/login/")
    driver.find_element(By.NAME, "username").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/admin/login/" not in d.current_url)


def admin_edit_url(base: str, page_path: str) -> str:
    """The admin edit form of the page at ``page_path``, found through
    Wagtail's page API (/api/v2/pages/) by its slug and locale."""
    parts = [part for part in page_path.split("/") if part]
    query = urlencode({"slug": parts[-1], "locale": parts[0]})
    with urllib.request.urlopen(f"{base}/api/v2/pages/?{query}", timeout=30) as answer:
        items = json.load(answer)["items"]
    for item in items:
        if urlsplit(item["meta"]["html_url"]).path == page_path:
            return f"{base}/admin/pages/{item['id']}/edit/"
    sys.exit(f"the page API does not list {page_path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory for the PNG files")
    parser.add_argument("--base", default="http://127.0.0.1:8000",
                        help="the hub's address (default %(default)s)")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="flanders-demo")
    parser.add_argument("--host-page", help="URL of a page on another origin "
                        "embedding every widget (default: the demo's, port+1)")
    parser.add_argument("--event-path", help="an event's path (default: "
                        "the Tokyo study fair, else the API's first event)")
    parser.add_argument("--query", default="research",
                        help="search query (default %(default)s)")
    parser.add_argument("--max-height", type=int, default=9000)
    args = parser.parse_args(argv)
    base = args.base.rstrip("/")
    split = urlsplit(base)
    host_page = args.host_page or (
        f"{split.scheme}://{split.hostname}:{(split.port or 80) + 1}/")
    event_path = args.event_path or default_event_path(base)
    args.out.mkdir(parents=True, exist_ok=True)

    def shot(name: str, width: int = 1280) -> None:
        capture(driver, args.out / name, width=width, max_height=args.max_height)

    driver = start_browser()
    try:
        open_page(driver, f"{base}/en/")
        shot("home-en.png")
        shot("home-en-mobile.png", width=375)
        open_page(driver, urljoin(base, event_path))
        shot("event.png")
        open_page(driver, f"{base}/en/search/?{urlencode({'q': args.query})}")
        shot("search.png")
        open_page(driver, host_page)
        wait_for_widgets(driver)
        shot("widgets-host.png")
        log_in(driver, base, args.user, args.password)
        open_page(driver, admin_edit_url(base, event_path))
        shot("admin-event-edit.png")
        # The form's other tabs, one file each (admin-event-edit-when.png, ...)
        tabs = driver.find_elements(By.CSS_SELECTOR, "[role=tablist] [role=tab]")
        for tab in tabs[1:]:
            slug = re.sub(r"[^a-z0-9]+", "-", tab.text.strip().lower()).strip("-")
            driver.execute_script("arguments[0].click()", tab)
            shot(f"admin-event-edit-{slug or 'tab'}.png")
    finally:
        driver.quit()
        shutil.rmtree(driver.hub_profile_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
