"""The demo's widget host page works in a browser: run by scripts/smoke_demo.sh.

    .venv/bin/python scripts/demo_widget_links.py http://127.0.0.1:8766/ http://127.0.0.1:8765

Opens the host page (another origin) in Debian's headless Chromium, waits
until every widget has rendered, and fails when one shows its error state or
when a link it renders to the hub (in its shadow DOM or its fallback) does
not name the hub's address or does not answer 200. Links to other sites (an
event's registration page) are content and are not followed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_links import fetch  # noqa: E402
from screenshots import WIDGET_TAGS, open_page, start_browser, wait_for_widgets  # noqa: E402

LINKS = """
const found = [];
for (const element of document.querySelectorAll(arguments[0])) {
  const scopes = [element, element.shadowRoot].filter(Boolean);
  for (const scope of scopes)
    for (const link of scope.querySelectorAll("a[href]"))
      found.push([element.localName, link.href]);
}
return found;
"""
STATES = ("return [...document.querySelectorAll(arguments[0])]"
          ".map(e => [e.localName, e.dataset.state])")


def main(host_page: str, hub: str) -> int:
    hub = hub.rstrip("/")
    driver = start_browser()
    try:
        open_page(driver, host_page)
        wait_for_widgets(driver, timeout=60)
        tags = ",".join(WIDGET_TAGS)
        states = driver.execute_script(STATES, tags)
        links = driver.execute_script(LINKS, tags)
    finally:
        driver.quit()
        shutil.rmtree(driver.hub_profile_dir, ignore_errors=True)
    failed = [f"<{name}> shows its error state" for name, state in states
              if state != "ready"]
    if {name for name, _state in states} != set(WIDGET_TAGS):
        failed.append(f"the page does not show every widget type: {states}")
    # The hub's host, or a local one: a link to http://localhost/ is the hub's
    # link gone wrong (HUB_BASE_URL not used), not another site's.
    local = {urlsplit(hub).hostname, "localhost", "127.0.0.1", "::1"}
    ours = sorted({url for _name, url in links if urlsplit(url).hostname in local
                   and not url.startswith(host_page)})
    failed += [f"{url} does not name {hub}/" for url in ours
               if not url.startswith(hub + "/")]
    failed += [f"{url} -> {status}" for url in ours
               if (status := fetch(url)[0]) != 200]
    if failed:
        print(f"widgets: {len(failed)} problems on {host_page}:")
        for line in failed:
            print(f"widgets:   {line}")
        return 1
    print(f"widgets: {len(states)} widgets of {len(WIDGET_TAGS)} types render on "
          f"{host_page}; their {len(ours)} links to the hub answer 200")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
