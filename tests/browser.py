"""The one way browser tests start Chromium: Debian's /usr/bin/chromium and
/usr/bin/chromedriver through Selenium, headless, in a fresh profile, with
everything that would reach the network on its own switched off.

Use the session-scoped ``chromium`` fixture (tests/conftest.py imports it
for every test), ``chromium_fixture()`` for a module's own browser, or
``start_chromium()`` for a browser of one's own. When Chromium or
chromedriver is missing the test fails with what to install; it is never
skipped (scripts/test.sh installs them). Selenium comes with
requirements-dev.txt, like pytest."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    JavascriptException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 15  # seconds
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--window-size=1280,1000", "--lang=en",
)


def start_chromium(*, javascript: bool = True, extra_flags: tuple[str, ...] = ()):
    """A new headless Chromium session in its own temporary profile (removed
    by :func:`quit_chromium`)."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: apt-get install -y chromium "
                    "chromium-driver (scripts/test.sh does this)")
    profile = tempfile.mkdtemp(prefix="hub-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", *extra_flags):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    try:
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    except Exception as error:  # noqa: BLE001 - any start-up failure is fatal
        shutil.rmtree(profile, ignore_errors=True)
        pytest.fail(f"chromedriver could not start Chromium ({CHROMEDRIVER}, "
                    f"{CHROMIUM}): {type(error).__name__}: {error}")
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(WAIT)
    driver.hub_profile_dir = profile
    return driver


def quit_chromium(driver) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "hub_profile_dir", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole run."""
    driver = start_chromium()
    yield driver
    quit_chromium(driver)


def chromium_fixture(*, javascript: bool = True, extra_flags: tuple[str, ...] = (),
                     page_load_timeout: float = 30) -> Any:
    """A module-scoped fixture with a Chromium of the module's own, for tests
    that change its state (emulated media, time zone, language) or need
    JavaScript off: ``browser = chromium_fixture(extra_flags=("--lang=nl",))``.
    ``extra_flags`` come after FLAGS, so they win over them."""

    @pytest.fixture(scope="module")
    def fixture() -> Iterator[Any]:
        driver = start_chromium(javascript=javascript, extra_flags=extra_flags)
        driver.set_page_load_timeout(page_load_timeout)
        yield driver
        quit_chromium(driver)

    return fixture


def wait_for(driver, condition: Callable[[Any], Any], message: str,
             timeout: float = WAIT) -> Any:
    """``condition(driver)`` once it is truthy; fails with ``message``."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(
        StaleElementReferenceException, JavascriptException)).until(condition, message)


def open_page(driver, url: str) -> None:
    """Load ``url`` and wait until the document (not its widgets) is complete."""
    driver.get(url)
    wait_for(driver, lambda d: d.execute_script("return document.readyState")
             == "complete", f"{url} did not load")


def severe_console_errors(driver) -> list[dict]:
    """The browser console's errors since the last call (the log is drained)."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


class HostSite:
    """Pages of an embedding site on another origin: in-memory HTML served on
    127.0.0.1:<port> (the hub's live server is localhost:<port>)."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                body = pages.get(self.path.split("?")[0])
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                if body is not None:
                    self.wfile.write(body.encode("utf-8"))

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, path: str, body: str, *, head: str = "", lang: str = "en") -> str:
        """Serve a page at ``path``; returns its URL."""
        self.pages[path] = (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<link rel="icon" href="data:,"><title>Host</title>{head}</head>'
            f"<body>{body}</body></html>")
        return self.url + path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def host_site() -> Iterator[HostSite]:
    """An embedding site on another origin than the hub's live server."""
    site = HostSite()
    yield site
    site.stop()


def in_shadow(driver, selector: str, script: str):
    """Runs ``script`` with ``host`` = the element ``selector`` finds and
    ``root`` = its shadow root (the widgets render there)."""
    return driver.execute_script(
        "const host = document.querySelector(arguments[0]);"
        "const root = host.shadowRoot;" + script, selector)


def shadow_texts(driver, selector: str, inner: str) -> list[str]:
    """The trimmed text of each element ``inner`` finds in the shadow root."""
    return in_shadow(driver, selector, "return Array.from(root.querySelectorAll("
                     f"{json.dumps(inner)})).map(e => e.textContent.trim());")
