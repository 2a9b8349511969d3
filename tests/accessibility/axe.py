"""axe-core in the browser: injected from tests/accessibility/node_modules (npm ci,
pinned by package-lock.json) and run with the WCAG 2.1 A and AA rules only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE_SOURCE = HERE / "node_modules" / "axe-core" / "axe.min.js"
INSTALL = "npm ci --prefix tests/accessibility (scripts/test.sh runs it)"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Opens every <details> (folded facets, in widgets' shadow roots too), so that
# what a visitor can unfold is checked as well.
UNFOLD = r"""
function unfold(root) {
  for (const el of root.querySelectorAll('*')) {
    if (el.localName === 'details') el.open = true;
    if (el.shadowRoot) unfold(el.shadowRoot);
  }
}
unfold(document);
"""

# Runs axe on `context` (the document, or {include: [[selector], ...]}) and hands
# back only what a report needs: rule, impact, help and each failing node's target.
RUN_AXE = r"""
const [context, tags, done] = arguments;
axe.run(context || document, {runOnly: {type: 'tag', values: tags}})
  .then((result) => done({violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))})),
    checked: result.passes.reduce((n, rule) => n + rule.nodes.length, 0),
    inShadow: result.passes.reduce((n, rule) => n + rule.nodes.filter(
      (node) => Array.isArray(node.target[0])).length, 0)}))
  .catch((error) => done({error: String(error && error.stack || error)}));
"""


@cache
def axe_source() -> str:
    """axe.min.js; a missing install fails the test with the command to run."""
    if not AXE_SOURCE.exists():
        pytest.fail(f"axe-core is not installed ({AXE_SOURCE} is missing): run {INSTALL}",
                    pytrace=False)
    return AXE_SOURCE.read_text(encoding="utf-8")


def axe_version(driver) -> str:
    return driver.execute_script("return window.axe && axe.version")


@dataclass
class AxeResult:
    violations: list[str]  # one line per failing node: rule, impact, target, page
    checked: int  # nodes that passed a rule
    in_shadow: int  # of those, inside a shadow root (the widgets)


def run_axe(driver, page: str, include: tuple[str, ...] = ()) -> AxeResult:
    """One axe run on the loaded page (its <details> unfolded), limited to
    ``include`` (CSS selectors) when given."""
    driver.execute_script(UNFOLD)
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(axe_source())
    context = {"include": [[selector] for selector in include]} if include else None
    result = driver.execute_async_script(RUN_AXE, context, list(WCAG_TAGS))
    if "error" in result:
        pytest.fail(f"axe could not run on {page}: {result['error']}", pytrace=False)
    if not result["checked"]:
        pytest.fail(f"axe found nothing to check on {page}", pytrace=False)
    return AxeResult([
        f"{violation['id']} ({violation['impact']}) at {json.dumps(node['target'])} "
        f"on {page}: {violation['help']}. {_first_line(node['summary'])}"
        for violation in result["violations"] for node in violation["nodes"]
    ], result["checked"], result["inShadow"])


def _first_line(summary: str | None) -> str:
    lines = [line.strip() for line in (summary or "").splitlines() if line.strip()]
    return " ".join(lines[:2])
