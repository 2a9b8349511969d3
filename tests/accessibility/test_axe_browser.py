"""WCAG 2.1 A and AA (axe-core 4.x, tags wcag2a, wcag2aa, wcag21a, wcag21aa) in
Debian's headless Chromium through Selenium: 0 violations on every public page
type in nl, en, fr and de, on every widget type in every built-in theme, and on
the markup the hub itself renders in the admin.

One live server and one browser for the module; the example content is built
once and committed (tests/accessibility/site.py), one axe run per page. Each
violation is reported with its rule, impact, target selector and page. axe-core
comes from npm (tests/accessibility/package-lock.json): without it the tests
fail and say how to install it; they are never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from plugins.signals import register_widget_types
from tests.accessibility.axe import AxeResult, axe_source, run_axe
from tests.accessibility.site import (
    EXAMPLES,
    EXAMPLES_OF_MODEL,
    SEARCH_QUERY,
    Hub,
    hub_page_models,
    live_hub,
    make_admin,
)
from tests.browser import HostSite, chromium_fixture, open_page, wait_for
from themes.registry import builtin_theme_folders

LANGUAGES = ("nl", "en", "fr", "de")
BUILTIN_THEMES = tuple(folder.name for folder in builtin_theme_folders())
REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "accessibility"
ADMIN_USER, ADMIN_PASSWORD = "a11y-admin", "a11y-pw-1234"

# The content is committed once for the module (tests/accessibility/site.py);
# the marker has the run set up and serialize the test database.
pytestmark = pytest.mark.django_db(serialized_rollback=True)

chromium_of_module = chromium_fixture(extra_flags=("--window-size=1280,1000",),
                                      page_load_timeout=60)


@pytest.fixture(scope="module")
def browser(chromium_of_module):
    """The module's Chromium; axe takes a few seconds on a long page. Starts
    this run's violations.txt afresh."""
    chromium_of_module.set_script_timeout(60)
    (REPORT / "violations.txt").unlink(missing_ok=True)
    return chromium_of_module


@pytest.fixture(scope="module")
def hub(django_db_setup, django_db_blocker) -> Iterator[Hub]:
    axe_source()  # no server and no content without axe-core
    with django_db_blocker.unblock(), live_hub() as served:
        make_admin(served, ADMIN_USER, ADMIN_PASSWORD)
        yield served


@pytest.fixture(scope="module")
def host() -> Iterator[HostSite]:
    site = HostSite()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def signed_in(browser, hub) -> object:
    """The module's browser signed in to the admin as a superuser."""
    open_page(browser, f"{hub.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(ADMIN_USER)
    browser.find_element(By.NAME, "password").send_keys(ADMIN_PASSWORD + "\n")
    wait_for(browser, lambda d: "/admin/login" not in d.current_url, "admin login failed")
    return browser


def _report(violations: list[str]) -> None:
    """Every violation also goes to test-artifacts/accessibility/violations.txt."""
    REPORT.mkdir(parents=True, exist_ok=True)
    with (REPORT / "violations.txt").open("a", encoding="utf-8") as out:
        for line in violations:
            out.write(line + "\n")


def _check(driver, page: str, include: tuple[str, ...] = ()) -> AxeResult:
    result = run_axe(driver, page, include)
    _report(result.violations)
    assert not result.violations, (
        f"{len(result.violations)} WCAG 2.1 A/AA violation(s):\n"
        + "\n".join(result.violations))
    return result


def _widgets_settled(driver) -> bool:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('*')).filter("
        "(e) => e.localName.startsWith('flanders-')).every("
        "(e) => ['ready', 'empty', 'error'].includes(e.getAttribute('data-state')))")


# --- public pages ------------------------------------------------------------------


def test_every_page_type_has_an_example() -> None:
    missing = [label for label in hub_page_models() if label not in EXAMPLES_OF_MODEL]
    assert not missing, ("page types without an example page in "
                         f"tests/accessibility/site.py (EXAMPLES_OF_MODEL): {missing}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", EXAMPLES)
def test_public_page(browser, hub, example: str, language: str) -> None:
    url = hub.url + hub.paths[example][language]
    open_page(browser, url)
    if example == "search":
        assert browser.find_elements(By.CSS_SELECTOR, "main a[href*='leuven']"), (
            f"{url} shows no results for {SEARCH_QUERY}")
        assert browser.find_elements(By.CSS_SELECTOR, ".facet input"), (
            f"{url} shows no facets")
    wait_for(browser, _widgets_settled, f"the widgets on {url} did not settle")
    _check(browser, url)


def test_search_with_its_suggestions_open(browser, hub) -> None:
    """The search box's autocomplete (an ARIA combobox) with its listbox shown."""
    url = f"{hub.url}/nl/search/"
    open_page(browser, url)
    browser.find_element(By.ID, "search-q").send_keys("Leuv")
    wait_for(browser, lambda d: d.execute_script(
        "const list = document.getElementById('search-suggestions');"
        "return !list.hidden && list.querySelector('[role=option]')"),
        f"the suggestions on {url} did not open")
    _check(browser, f"{url} (suggestions for 'Leuv' open)")


def test_api_documentation_page(browser, hub) -> None:
    """The read API's HTML documentation (language-free, in English)."""
    url = f"{hub.url}/api/v1/docs"
    open_page(browser, url)
    _check(browser, url)


@pytest.mark.parametrize("example", ["events", "search"])
def test_narrow_screen_with_the_filter_drawer_open(browser, hub, example: str) -> None:
    """A phone-sized window, where the filters open in a drawer (a modal dialog)."""
    url = hub.url + hub.paths[example]["nl"]
    browser.set_window_size(390, 844)
    try:
        open_page(browser, url)
        browser.find_element(By.CSS_SELECTOR, ".filter-panel__toggle summary").click()
        wait_for(browser, lambda d: d.execute_script(
            "return !!document.querySelector('dialog.filter-drawer[open] input')"),
            f"the filter drawer of {url} did not open")
        _check(browser, f"{url} (390 px wide, filter drawer open)")
    finally:
        browser.set_window_size(1280, 1000)


@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_theme_sample_page(browser, hub, theme: str) -> None:
    """The gallery's sample of the hub's pages in each built-in theme."""
    url = f"{hub.url}/en/themes/{theme}/"
    open_page(browser, url)
    wait_for(browser, _widgets_settled, f"the widgets on {url} did not settle")
    _check(browser, url)


# --- widgets -----------------------------------------------------------------------


def _widget_elements(hub: Hub, theme: str) -> str:
    """Every widget type once per layout, filled with the example content."""
    month = hub.pages["event"].start.strftime("%Y-%m")
    variants = {
        "flanders-events": ('organiser="japan"', 'organiser="japan" layout="cards"',
                            'organiser="ku-leuven" when="all"',
                            'organiser="ku-leuven" layout="compact" when="all"'),
        "flanders-calendar": (f'organiser="japan" month="{month}"',),
        "flanders-expertise": ('institution="ku-leuven"',
                               'institution="ku-leuven" layout="cards"'),
        "flanders-search": (f'q="{SEARCH_QUERY}"',),
    }
    html = []
    for widget_type in register_widget_types.collect():
        element = widget_type.element
        for attributes in variants.get(element, ("",)):
            html.append(f"<section><h2>{widget_type.name}</h2><{element} "
                        f'theme="{theme}" {attributes}></{element}></section>')
    return "".join(html)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_widgets_in_theme(browser, hub, host, theme: str, scheme: str) -> None:
    """A theme's dark colours (dark_tokens) apply when the visitor prefers a
    dark scheme, emulated through Chrome DevTools."""
    url = host.page(f"/widgets-{theme}.html",
                    f"<main><h1>Widgets in the {theme} theme</h1>"
                    f"{_widget_elements(hub, theme)}</main>",
                    head=f'<script src="{hub.url}/embed/v1/widgets.js" defer></script>')
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": scheme}]})
    try:
        open_page(browser, url)
        wait_for(browser, _widgets_settled, f"the widgets on {url} did not settle",
                 timeout=30)
        states = browser.execute_script(
            "return Array.from(document.querySelectorAll('main section > :not(h2)'))"
            ".map((e) => e.localName + ':' + e.getAttribute('data-state'))")
        assert states and all(state.endswith(":ready") for state in states), states
        REPORT.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(REPORT / f"widgets-{theme}-{scheme}.png"))
        result = _check(browser, f"{url} ({theme} theme, {scheme} scheme)")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert result.in_shadow > 50, "axe did not look into the widgets' shadow roots"


def test_widgets_in_a_narrow_column(browser, hub, host) -> None:
    """In a 280 px sidebar the widgets take their narrow forms (the calendar's
    agenda view)."""
    url = host.page("/widgets-narrow.html",
                    '<main><h1>Widgets in a sidebar</h1><aside style="width: 280px" '
                    f'aria-label="Sidebar">{_widget_elements(hub, "flanders")}</aside></main>',
                    head=f'<script src="{hub.url}/embed/v1/widgets.js" defer></script>')
    open_page(browser, url)
    wait_for(browser, _widgets_settled, f"the widgets on {url} did not settle", timeout=30)
    _check(browser, f"{url} (280 px column)")


# --- the hub's own markup in the admin -----------------------------------------------

# (name, path, the hub's containers given to axe as `include`). Only these are
# checked, so Wagtail's own admin markup (menu, header, its form chrome) does
# not count; a container that is missing fails the test, since axe would then
# check nothing. `{event}` is the example event's page id.
MAIN_CONTENT = "#main .content > .nice-padding"  # Wagtail's frame around a view's own block
BUILDER_WIDGETS = ("events", "calendar", "expertise", "search")
ADMIN_PAGES = [
    *[(f"widget-builder-{widget}", f"/admin/widget-builder/?widget={widget}",
       (".hub-builder__intro", ".hub-builder"))
      for widget in BUILDER_WIDGETS],
    # the whole main content block of these views is the hub's template
    ("plugins", "/admin/plugins/", (MAIN_CONTENT,)),
    ("importers-exporters", "/admin/plugins/catalogue/", (MAIN_CONTENT,)),
    ("two-factor", "/admin/two-factor/", (MAIN_CONTENT,)),
    ("two-factor-enrol", "/admin/two-factor/enrol/", (MAIN_CONTENT,)),
    # the dashboard's panel of the editor's organisation
    ("dashboard", "/admin/", (".hub-organisation-panel",)),
    # the built-in themes below the custom themes' listing, and the colour
    # pickers of the custom-theme form
    ("themes", "/admin/snippets/themes/customtheme/", (".hub-installed-themes",)),
    ("theme-form", "/admin/snippets/themes/customtheme/add/",
     (".w-field__wrapper:has(input[type=color])",)),
    # the events listing's own cells: languages and actions
    ("event-listing", "/admin/events/", (".hub-event-languages", ".hub-event-actions")),
    # the event form's recurrence builder (once its script built it) and the
    # searchable choosers (with their filter boxes)
    ("event-form", "/admin/pages/{event}/edit/",
     (".hub-recurrence:has(.hub-recurrence__builder)",
      "[data-hub-chooser]:has(.hub-chooser__filter)")),
]

# The form's tabs are shown all at once, so that what sits on a hidden tab
# (the recurrence builder is under "When") is checked too.
SHOW_TABS = "document.querySelectorAll('[role=tabpanel][hidden]')" \
    ".forEach((panel) => { panel.hidden = false; });"


def test_the_widget_builder_is_checked_for_every_widget_type(hub) -> None:
    names = {widget_type.name for widget_type in register_widget_types.collect()}
    assert names and names <= set(BUILDER_WIDGETS), (
        f"add {sorted(names - set(BUILDER_WIDGETS))} to BUILDER_WIDGETS")


@pytest.mark.parametrize(("name", "path", "include"), ADMIN_PAGES,
                         ids=[page[0] for page in ADMIN_PAGES])
def test_admin_markup(signed_in, hub, name: str, path: str,
                      include: tuple[str, ...]) -> None:
    url = hub.url + path.format(event=hub.pages["event"].pk)
    open_page(signed_in, url)
    for selector in include:
        wait_for(signed_in, lambda d, s=selector: d.execute_script(
            "return document.querySelectorAll(arguments[0]).length", s),
            f"{url} has no {selector}: the hub's markup that should be checked")
    wait_for(signed_in, _widgets_settled, f"the widgets on {url} did not settle")
    signed_in.execute_script(SHOW_TABS)
    REPORT.mkdir(parents=True, exist_ok=True)
    signed_in.find_element(By.CSS_SELECTOR, include[0]).screenshot(
        str(REPORT / f"admin-{name}.png"))
    _check(signed_in, f"{url} (only {', '.join(include)})", include)
