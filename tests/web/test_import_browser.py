"""In a real browser at phone width: a large import shows its progress, then the preview."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from test_browser import _screenshot_on_failure, _sign_up, browser, expect, live_server

__all__ = ["browser", "live_server"]  # fixtures imported for pytest

HEAD = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE,Weight Unit,Distance Unit\n"
)


def _strong_file(folder: Path, rows: int) -> Path:
    lines = [HEAD]
    for i in range(rows):
        day = 1 + (i // 12) % 28
        lines.append(
            f"2024-0{1 + i // 336 % 9}-{day:02d} 18:00:00,Glutes,45m,Hip Thrust (Barbell),"
            f"{1 + i % 12},{40 + i % 30},{8 + i % 5},0,0,,,8,kg,km\n"
        )
    path = folder / "strong.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_an_upload_shows_its_progress_then_the_preview_at_phone_width(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    try:
        _sign_up(page, live_server, "upload@example.com")
        page.goto(live_server + "/import/apps")
        expect(page.get_by_text("Large files can take a minute")).to_be_visible()
        expect(page.get_by_label("Progress")).to_be_hidden()  # no empty bar before a file is sent
        held: list[Any] = []
        page.route("**/import/apps", lambda route: held.append(route))
        page.get_by_label("From", exact=True).select_option("strong")
        page.get_by_label("File", exact=True).set_input_files(str(_strong_file(tmp_path, 3_000)))
        page.get_by_role("button", name="Preview").click()
        status = page.get_by_role("status")
        expect(status).to_have_text(re.compile(r"Upload"))
        progress = page.get_by_label("Progress")
        expect(progress).to_be_visible()
        assert progress.evaluate("e => e.tagName") == "PROGRESS"
        for _ in range(100):  # the held request reaches us while Playwright waits
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the form was not sent by the script"
        expect(status).to_have_text(re.compile(r"Upload"))  # still waiting for the server
        held[0].continue_()
        page.unroute("**/import/apps")
        expect(page.get_by_role("heading", name="Preview: strong")).to_be_visible()
        expect(page.get_by_text("3000 rows read")).to_be_visible()
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_role("heading", name="Imported: strong")).to_be_visible()
    except Exception:
        _screenshot_on_failure(page, tmp_path, "upload")
        raise
    finally:
        context.close()
