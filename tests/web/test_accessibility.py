"""axe-core (from npm, installed by .ci/run) finds no violations on any page, in any state.

A new person signs up, onboards and visits every page at 390 px, in light and dark mode; today's
page is checked with a set logged, with a bad value at its field and with the rest timer on.
Skipped when Chromium or axe-core is missing, unless GLUTEUS_REQUIRE_AXE=1 (CI sets it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_browser import (  # the live server and the browser are shared with the flows
    CHROMIUM,
    _onboard,
    _sign_up,
    browser,
    live_server,
)

AXE = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = (
    "/today",
    "/plan",
    "/log",
    "/history",
    "/progress",
    "/energy",
    "/exercises",
    "/exercises/hip-thrust",
    "/settings",
    "/onboarding",
    "/import/apps",
    "/plan/print",
)
__all__ = ["browser", "live_server"]  # fixtures imported for pytest

if not AXE.exists() and os.environ.get("GLUTEUS_REQUIRE_AXE") == "1":
    raise RuntimeError(f"axe-core is required but missing at {AXE}: run npm ci --prefix tests/js")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and AXE.exists()), reason="needs Chromium and tests/js axe-core"
)


def _violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target)})))"
    )
    return [json.dumps(v) for v in found]


@pytest.mark.slow  # about 50 s a colour scheme: every page, each checked by axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(
    browser: Any, live_server: str, tmp_path: Path, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    try:
        for path in ("/", "/signup", "/login"):
            page.goto(live_server + path)
            problems[path] = _violations(page)
        _sign_up(page, live_server, f"axe-{scheme}@example.com")
        _onboard(page)
        for path in PAGES:
            page.goto(live_server + path)
            problems[path] = _violations(page)
        page.goto(live_server + "/today")
        done = page.locator("li.set:not(.extra) button.done-button")
        if done.count():
            done.first.click()  # a set logged and the rest timer running
            page.locator("#rest-timer output").wait_for()
            problems["/today (set logged, timer on)"] = _violations(page)
            form = page.locator("li.set:not(.extra) form.set-form").first
            form.locator("input[name=reps]").fill("500")
            form.locator("button.done-button").click()
            page.locator(".field-error").first.wait_for()
            problems["/today (bad value)"] = _violations(page)
    except Exception:
        page.screenshot(path=str(tmp_path / f"axe-{scheme}.png"), full_page=True)
        raise
    finally:
        context.close()
    found = {path: v for path, v in problems.items() if v}
    assert not found, json.dumps(found, indent=1)
