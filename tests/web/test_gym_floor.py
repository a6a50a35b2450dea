"""Today's page on the gym floor, in a real browser at 390 px: holds, keyboard, sign-out.

A timed hold counts down its seconds and then logs the row; without scripts the row's Done
button logs the shown seconds. Logging with the keyboard alone keeps the focus in the card.
Signing out empties the service worker's cache and the offline queue, so a shared phone shows
nothing of the last person offline. Skipped when Chromium or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from test_accessibility import AXE, _violations
from test_browser import (  # the live server and the browser are shared with the flows
    CHROMIUM,
    _new_person_on_today,
    _screenshot_on_failure,
    browser,
    expect,
    live_server,
    sync_api,
)

__all__ = ["browser", "live_server"]  # fixtures imported for pytest
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

CACHED = """async () => {
  const keys = await caches.keys();
  const today = await caches.match('/today');
  return {keys: keys, today: Boolean(today)};
}"""


def test_signing_out_empties_the_offline_cache_and_queue(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    owner, page = _new_person_on_today(browser, live_server, "shared-phone@example.com")
    try:
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now the worker controls the page and keeps a copy of it
        expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()
        page.wait_for_function("caches.match('/today').then(Boolean)")
        assert page.evaluate(CACHED)["today"]
        page.evaluate(
            "localStorage.setItem('gluteus-queue', JSON.stringify([{action: '/today/sets', "
            "body: 'reps=10'}]))"
        )
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(live_server + "/")
        assert page.evaluate(CACHED) == {"keys": [], "today": False}
        assert page.evaluate("localStorage.getItem('gluteus-queue')") is None
        # Without signal, today's page of the last person is not served any more.
        owner.set_offline(True)
        with contextlib.suppress(sync_api.Error):  # the browser's own offline error page
            page.goto(live_server + "/today")
        assert page.get_by_role("button", name=re.compile("^Done")).count() == 0
    except Exception:
        _screenshot_on_failure(page, tmp_path, "sign-out")
        raise
    finally:
        owner.close()


# --- timed holds -------------------------------------------------------------------------------

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _today_with_a_hold(page: Any, base: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Move the server's clock day by day, rebuilding the plan, until today has a timed hold."""
    from test_plan_page import _onboard_by_post

    from gluteus.web import deps

    _onboard_by_post(
        page,
        base,
        "plank@example.com",
        {"available_days": EVERY_DAY, "equipment": ["mini_band", "dumbbells"]},
    )
    noon = dt.datetime.now(dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    for offset in range(14):
        instant = noon + dt.timedelta(days=offset)
        monkeypatch.setattr(deps, "now_utc", lambda instant=instant: instant)
        page.goto(base + "/plan")
        page.get_by_role("button", name="Rebuild plan from my profile").click()
        page.goto(base + "/today")
        hold = page.locator("section.exercise[data-hold]:has(form.set-form)")
        if hold.count():
            return hold.first
    pytest.fail("no timed hold on any of 14 days of the plan")


def test_a_timed_hold_counts_down_and_then_logs_the_row(
    browser: Any, live_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="UTC", bypass_csp=True
    )
    context.add_init_script(  # count the buzzes at the end of a hold
        "window.buzzes = 0; navigator.vibrate = () => { window.buzzes += 1; return true; };"
    )
    page = context.new_page()
    try:
        card = _today_with_a_hold(page, live_server, monkeypatch)
        name = card.get_attribute("data-name")
        row = card.locator("li.set:not(.extra)").first
        row.locator("input[name=reps]").fill("3")  # a short hold for the test
        row.get_by_role("button", name=f"Start hold: set 1 of {name}").click()
        expect(row.locator("output.hold-clock")).to_have_text(re.compile(r"^Hold 0:0[1-3]$"))
        expect(card.locator("li.set.done")).to_have_count(1, timeout=8000)
        expect(card.locator("li.set.done").first).to_contain_text("Set 1: 3")
        assert page.evaluate("window.buzzes") >= 1  # the end of the hold buzzes
        # Stopped early, the seconds held go in the field and Done logs them.
        row = card.locator("li.set:not(.extra):not(.done)").first
        row.locator("input[name=reps]").fill("30")
        start = row.get_by_role("button", name=f"Start hold: set 2 of {name}")
        start.click()
        page.wait_for_timeout(1200)
        if AXE.exists():  # the running countdown passes axe
            assert _violations(page) == []
        row.get_by_role("button", name=f"Stop hold: set 2 of {name}").click()
        expect(row.locator("output.hold-clock")).to_contain_text("Stopped at")
        held = int(row.locator("input[name=reps]").input_value())
        assert 1 <= held <= 25
        row.get_by_role("button", name=f"Done: set 2 of {name}").click()
        expect(card.locator("li.set.done")).to_have_count(2)
        page.reload()  # what the server stored
        stored = page.locator(f"section.exercise[data-name='{name}'] li.set.done")
        expect(stored).to_have_count(2)
        expect(stored.nth(0)).to_contain_text("Set 1: 3 s")
        expect(stored.nth(1)).to_contain_text(f"Set 2: {held} s")
    except Exception:
        _screenshot_on_failure(page, tmp_path, "hold")
        raise
    finally:
        context.close()


def test_without_scripts_a_hold_row_logs_the_shown_seconds(
    browser: Any, live_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="UTC", java_script_enabled=False
    )
    page = context.new_page()
    try:
        card = _today_with_a_hold(page, live_server, monkeypatch)
        name = card.get_attribute("data-name")
        assert card.get_by_role("button", name=re.compile("^Start hold")).count() == 0
        shown = card.locator("li.set:not(.extra) input[name=reps]").first.input_value()
        card.get_by_role("button", name=f"Done: set 1 of {name}").click()
        stored = page.locator(f"section.exercise[data-name='{name}'] li.set.done")
        expect(stored).to_have_count(1)
        expect(stored.first).to_contain_text(f"Set 1: {shown} s")
    except Exception:
        _screenshot_on_failure(page, tmp_path, "hold-nojs")
        raise
    finally:
        context.close()


# --- the keyboard alone ------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  const card = el && el.closest('section.exercise');
  const box = el.getBoundingClientRect();
  return {label: el.getAttribute('aria-label') || el.textContent.trim(),
          card: card ? card.dataset.name : null, tag: el.tagName,
          visible: box.bottom > 0 && box.top < window.innerHeight};
}"""


def test_logging_with_the_keyboard_keeps_the_focus_on_the_card(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    owner, page = _new_person_on_today(browser, live_server, "keys@example.com")
    try:
        card = page.locator("section.exercise:has(form.set-form)").first
        name = card.get_attribute("data-name")
        planned = int(card.locator("[data-count]").inner_text().split(" of ")[1].split()[0])
        page.locator("body").focus()
        for _ in range(80):  # Tab from the top of the page to the first Done button
            page.keyboard.press("Tab")
            if page.evaluate(FOCUSED)["label"].startswith("Done"):
                break
        assert page.evaluate(FOCUSED)["label"] == f"Done: set 1 of {name}"
        for number in range(1, planned + 1):
            page.keyboard.press("Enter" if number % 2 else " ")  # Enter and Space both log
            expect(card.locator("[data-count]")).to_have_text(f"{number} of {planned} done")
            focused = page.evaluate(FOCUSED)
            assert focused["visible"], focused
            if number < planned:
                assert focused["label"] == f"Done: set {number + 1} of {name}", focused
            else:  # the card is done: the next card's first set, or this card's heading
                assert focused["card"] is not None, focused
        page.reload()
        stored = page.locator(f"section.exercise[data-name='{name}'] li.set.done")
        expect(stored).to_have_count(planned)
    except Exception:
        _screenshot_on_failure(page, tmp_path, "keyboard")
        raise
    finally:
        owner.close()


def test_the_last_set_of_the_day_leaves_the_focus_on_its_card(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    owner, page = _new_person_on_today(browser, live_server, "last@example.com")
    try:
        rows = page.locator("section.exercise li.set:not(.extra) form.set-form")
        if not rows.count():
            pytest.skip("no strength work today")
        last = page.locator("section.exercise:has(li.set:not(.extra) form.set-form)").last
        name = last.get_attribute("data-name")
        while rows.count():  # log every planned set, the last card's last
            count = rows.count()
            rows.first.locator("button.done-button").focus()
            page.keyboard.press("Enter")
            expect(rows).to_have_count(count - 1)
        focused = page.evaluate(FOCUSED)
        assert focused["card"] == name and focused["tag"] == "H2", focused
        assert focused["visible"], focused
    except Exception:
        _screenshot_on_failure(page, tmp_path, "keyboard-last")
        raise
    finally:
        owner.close()
