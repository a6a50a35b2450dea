"""In a real browser (Debian's Chromium via Playwright): a person's whole first day, twice.

At desktop width and at 390 px: sign up, onboard, pass the readiness screen, get a plan,
log today's session and a weight, see progress charts, download the calendar, sign out,
sign in again with the keyboard; a second person sees none of it. The gym-floor flows (one tap
a set, the offline queue stored exactly once, a bad value kept at its field) run against a
server on SQLite and on PostgreSQL (``GLUTEUS_TEST_POSTGRES_URL``; skipped when it does not
answer). Screenshots of a failing page land in the test's tmp directory. Skipped when Chromium
or Playwright is missing.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from actors import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _serving(tmp_path: Path, database_url: str) -> Iterator[str]:
    """The app served by uvicorn on loopback on ``database_url``; yields its base URL."""
    import uvicorn
    from backends import GENEROUS

    from gluteus.config import Settings
    from gluteus.web.app import create_app

    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    app = create_app(settings, rate_limit=GENEROUS)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """The app served by uvicorn on loopback, on a fresh SQLite database."""
    with _serving(tmp_path, f"sqlite:///{tmp_path / 'b.db'}") as base:
        yield base


@pytest.fixture(params=["sqlite", "postgresql"])
def any_live_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The app served on each backend: a fresh SQLite file, or the run's PostgreSQL database.

    The PostgreSQL database is the session's throwaway one (created and migrated once from
    ``GLUTEUS_TEST_POSTGRES_URL``, dropped at the end of the run), emptied before each test;
    the case is skipped when the server does not answer.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'b.db'}"
    else:
        from backends import empty_postgres

        url = request.getfixturevalue("postgres_url")
        empty_postgres(url)
    with _serving(tmp_path, url) as base:
        yield base


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless Chromium."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _training_days() -> list[str]:
    # Today (UTC, the new user's zone) and two more, so today is sure to be a training day.
    today = dt.datetime.now(dt.UTC).date().weekday()
    return [WEEKDAYS[(today + offset) % 7] for offset in (0, 2, 4)]


def _fits_the_width(page: Any) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the screen"


def _sign_up(page: Any, base: str, email: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("button", name="Sign in").wait_for()  # the same for a taken email
    assert page.get_by_label("Email").input_value() == email  # only the password again
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/onboarding$"))


def _onboard(page: Any) -> None:
    page.get_by_label("Female").check()
    page.get_by_label("Age (years)").fill("34")
    page.get_by_label("Height (cm, or ft and in)").fill("165")
    page.get_by_label("Weight (kg or lb)").fill("72")
    page.get_by_label("Goal weight (optional)").fill("66")
    for box in page.locator('input[name="available_days"]').all():
        box.uncheck()
    for day in _training_days():
        page.locator(f'input[name="available_days"][value="{day}"]').check()
    page.get_by_label("mini band (small loop)").check()
    page.get_by_label("dumbbells", exact=True).check()
    for question in range(1, 8):
        page.locator(f'input[name="parq.q{question}"][value="no"]').check()
    page.get_by_role("button", name="Save and build my plan").click()
    page.wait_for_url(re.compile(r"/plan\?new=1$"))


def _first_day(page: Any, base: str, email: str, downloads: Path) -> None:
    _sign_up(page, base, email)
    _fits_the_width(page)
    _onboard(page)
    assert page.get_by_role("heading", name="Spot reduction does not work").is_visible()
    assert not page.get_by_text("Talk to a health professional first").count()
    today = page.locator("details.day[open]").first  # today's day starts open
    today.locator("details.why > summary").first.click()
    assert today.locator("details.why[open]").first.is_visible()
    closed = page.locator("details.day:not([open]) > summary").first
    if closed.count():
        closed.press("Enter")  # days open from the keyboard too
    _fits_the_width(page)

    page.get_by_role("link", name="Today", exact=True).click()
    page.wait_for_url(re.compile(r"/today$"))
    _fits_the_width(page)
    done = page.get_by_role("button", name=re.compile(r"^Done: set 1 of "))
    if done.count():
        done.first.click()  # one tap logs the set in place and starts the rest timer
        expect(page.get_by_text(re.compile(r"^1 of \d+ done$")).first).to_be_visible()
        expect(page.locator("#rest-timer output")).to_have_text(re.compile(r"^Rest "))
        page.locator("#rest-timer").get_by_role("button", name="Skip rest").click()
    page.get_by_role("button", name="Log the rest as planned").click()
    page.wait_for_url(re.compile(r"/today\?logged=1$"))

    page.get_by_role("link", name="Log", exact=True).click()
    page.get_by_label("Weight (kg)").fill("71.4")
    page.get_by_role("button", name="Log weight").click()
    assert page.get_by_role("status").get_by_text("Saved").is_visible()
    _fits_the_width(page)

    page.get_by_role("link", name="History", exact=True).click()
    assert page.get_by_text("Weight 71.4 kg").is_visible()
    _fits_the_width(page)

    page.get_by_role("link", name="Progress", exact=True).click()
    assert page.get_by_role("img", name="Weight trend against the two projections").is_visible()
    assert page.get_by_role("img", name="Adherence calendar").is_visible()
    _fits_the_width(page)

    page.get_by_role("link", name="Energy", exact=True).click()
    assert page.get_by_role("heading", name="How the number was made").is_visible()
    page.get_by_role("button", name="Check in now").click()
    page.wait_for_url(re.compile(r"/energy\?checked=1"))
    assert page.locator("#checkin dl.facts").is_visible()
    page.get_by_label("Goal weight (kg)").fill("68")
    page.get_by_label("In how many days").fill("150")
    page.get_by_role("button", name="Solve").click()
    assert page.get_by_text("Intake to get there").is_visible()
    _fits_the_width(page)

    page.get_by_role("link", name="Plan", exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    saved = downloads / "plan.ics"
    download_info.value.save_as(saved)
    assert saved.read_text("utf-8").startswith("BEGIN:VCALENDAR")

    for path in ("/exercises", "/exercises/glute-bridge", "/onboarding", "/settings"):
        page.goto(base + path)
        _fits_the_width(page)
    page.get_by_role("button", name="Create API token").click()
    expect(page.locator("#new-token")).to_be_visible()  # after the form post returns
    _fits_the_width(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("link", name="Sign in").first.is_visible()

    # Back in with the keyboard only: type, Tab to the password, Enter submits.
    page.goto(base + "/login?next=/history")
    page.get_by_label("Email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/history")
    assert page.get_by_text("Weight 71.4 kg").is_visible()


def _stranger_sees_nothing(page: Any, base: str, owner_entry: str) -> None:
    _sign_up(page, base, "stranger@example.com")
    page.goto(base + "/history")
    assert page.get_by_text("Nothing logged yet").is_visible()
    response = page.goto(f"{base}/history/{owner_entry}/edit")
    assert response.status == 404
    page.goto(base + "/plan")
    page.wait_for_url(re.compile(r"/onboarding$"))


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
    ids=["desktop", "390px"],
)
def test_first_day_in_a_real_browser(
    browser: Any, live_server: str, tmp_path: Path, viewport: dict[str, int]
) -> None:
    owner = browser.new_context(viewport=viewport, accept_downloads=True)
    stranger = browser.new_context(viewport=viewport)
    page = owner.new_page()
    other = stranger.new_page()
    try:
        _first_day(page, live_server, "first@example.com", tmp_path)
        entry = page.locator("tbody tr").first.get_attribute("id")
        assert entry
        _stranger_sees_nothing(other, live_server, entry)
    except Exception:
        for name, shot in (("owner", page), ("stranger", other)):
            path = tmp_path / f"failure-{viewport['width']}-{name}.png"
            shot.screenshot(path=str(path), full_page=True)
            print(f"screenshot: {path} ({shot.url})")
        raise
    finally:
        owner.close()
        stranger.close()


def _new_person_on_today(browser: Any, base: str, email: str, **context: Any) -> tuple[Any, Any]:
    owner = browser.new_context(viewport={"width": 390, "height": 844}, **context)
    page = owner.new_page()
    _sign_up(page, base, email)
    _onboard(page)
    page.goto(base + "/today")
    return owner, page


def _screenshot_on_failure(page: Any, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"failure-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path} ({page.url})")


def test_a_whole_exercise_logged_with_one_tap_a_set(
    browser: Any, any_live_server: str, tmp_path: Path
) -> None:
    owner, page = _new_person_on_today(browser, any_live_server, "tap@example.com")
    try:
        card = page.locator("section.exercise:has(form.set-form)").first
        name = card.get_attribute("data-name")
        planned = int(card.locator("[data-count]").inner_text().split(" of ")[1].split()[0])
        for number in range(1, planned + 1):
            card.get_by_role("button", name=f"Done: set {number} of {name}").click()
            expect(card.locator("[data-count]")).to_have_text(f"{number} of {planned} done")
        expect(card).to_have_class(re.compile(r"\bcomplete\b"))
        _fits_the_width(page)
        page.reload()  # what the server stored, not what the script drew
        stored = page.locator(f"section.exercise[data-name='{name}']")
        expect(stored.locator("li.set.done")).to_have_count(planned)
        expect(stored.locator("[data-count]")).to_have_text(f"{planned} of {planned} done")
    except Exception:
        _screenshot_on_failure(page, tmp_path, "one-tap")
        raise
    finally:
        owner.close()


def test_sets_logged_without_signal_are_stored_once_when_it_returns(
    browser: Any, any_live_server: str, tmp_path: Path
) -> None:
    owner, page = _new_person_on_today(browser, any_live_server, "basement@example.com")
    try:
        before = page.locator("li.set.done").count()
        owner.set_offline(True)
        for _ in range(3):
            page.locator("li.set:not(.extra) button.done-button").first.click()
        expect(page.locator("#sync-status")).to_contain_text("3 sets are waiting for signal")
        expect(page.locator("li.set.pending")).to_have_count(3)
        queued = page.evaluate("JSON.parse(localStorage.getItem('gluteus-queue'))")
        assert len(queued) == 3
        owner.set_offline(False)
        # The browser's own "online" event and two more at once: still one sender, each set
        # sent and stored once, none dropped.
        page.evaluate("for (let i = 0; i < 2; i++) window.dispatchEvent(new Event('online'))")
        expect(page.locator("#sync-status")).to_be_hidden()
        page.reload()
        expect(page.locator("li.set.done")).to_have_count(before + 3)
        # The same set sent again (a retry after a lost answer) is not stored twice.
        status = page.evaluate(
            """q => fetch(q.action, {method: 'POST', body: q.body, credentials: 'same-origin',
                 headers: {'Accept': 'application/json',
                           'Content-Type': 'application/x-www-form-urlencoded'}})
                 .then(r => r.status)""",
            queued[0],
        )
        assert status == 200
        page.reload()
        expect(page.locator("li.set.done")).to_have_count(before + 3)
    except Exception:
        _screenshot_on_failure(page, tmp_path, "offline")
        raise
    finally:
        owner.close()


def test_a_bad_value_is_marked_at_its_field_and_every_value_is_kept(
    browser: Any, any_live_server: str, tmp_path: Path
) -> None:
    for scripts in (True, False):
        email = f"typo-{'js' if scripts else 'nojs'}@example.com"
        owner, page = _new_person_on_today(
            browser, any_live_server, email, java_script_enabled=scripts
        )
        try:
            form = page.locator("li.set:not(.extra) form.set-form").first
            reps = form.locator("input[name=reps]")
            reps.fill("500")
            form.locator("button.done-button").click()
            form = page.locator("li.set:not(.extra) form.set-form").first
            reps = form.locator("input[name=reps]")
            expect(reps).to_have_value("500")
            expect(reps).to_have_attribute("aria-invalid", "true")
            expect(form.locator(".field-error")).to_contain_text("200")
            assert "Input should" not in page.content()
            expect(page.locator("li.set.done")).to_have_count(0)
        except Exception:
            _screenshot_on_failure(page, tmp_path, f"typo-{scripts}")
            raise
        finally:
            owner.close()


def test_without_javascript_done_is_a_plain_form_post(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    owner, page = _new_person_on_today(
        browser, live_server, "plain@example.com", java_script_enabled=False
    )
    try:
        page.get_by_role("button", name=re.compile(r"^Done: set 1 of ")).first.click()
        page.wait_for_url(re.compile(r"/today#ex-"))
        expect(page.locator("li.set.done")).to_have_count(1)
        assert page.locator("link[rel=manifest]").count() == 1
    except Exception:
        _screenshot_on_failure(page, tmp_path, "nojs")
        raise
    finally:
        owner.close()


@pytest.mark.parametrize("scripts", [True, False], ids=["script", "no-script"])
def test_sign_up_offers_the_browsers_time_zone(
    browser: Any, live_server: str, scripts: bool
) -> None:
    context = browser.new_context(timezone_id="America/Chicago", java_script_enabled=scripts)
    try:
        page = context.new_page()
        _sign_up(page, live_server, f"zone-{scripts}@example.com")
        page.goto(live_server + "/settings")
        expected = "America/Chicago" if scripts else "UTC"
        expect(page.get_by_label("Time zone")).to_have_value(expected)
    finally:
        context.close()
