"""Today's page on the gym floor, in a real browser at 390 px: holds, keyboard, sign-out.

A timed hold counts down its seconds and then logs the row; without scripts the row's Done
button logs the shown seconds. Logging with the keyboard alone keeps the focus in the card.
Signing out empties the service worker's cache and the offline queue, so a shared phone shows
nothing of the last person offline. Skipped when Chromium or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import pytest
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
