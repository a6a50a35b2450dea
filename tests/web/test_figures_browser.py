"""Exercise figures in a real browser: they move, hold still for reduced motion, all load.

Screenshots of the contact sheet (and the exercise page in both motion settings) are saved
as artefacts: into ``$GLUTEUS_ARTEFACTS`` when set, else the test's temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, browser, live_server

from gluteus.domain.catalog import default_catalog

__all__ = ["browser", "live_server"]  # fixtures imported for pytest
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


def _artefacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GLUTEUS_ARTEFACTS", tmp_path)) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _frames(page: Any) -> list[dict[str, float]]:
    """Each drawn pose group of the open SVG: its opacity and box."""
    result: list[dict[str, float]] = page.evaluate(
        """() => [...document.querySelectorAll('g.f')].map(g => {
            const box = g.getBoundingClientRect();
            return {opacity: +getComputedStyle(g).opacity, left: box.left, right: box.right,
                    width: box.width};
        })"""
    )
    return result


def test_the_exercise_figure_moves_and_shows_both_poses_for_reduced_motion(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    out = _artefacts(tmp_path)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server + "/exercises/band-hip-bridge")
    figure = page.locator("img.figure-large")
    assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(out / "exercise-page.png"), full_page=True)

    page.goto(live_server + "/exercises/band-hip-bridge/figure.svg")
    assert page.evaluate("document.getAnimations().length") > 2
    seen: set[int] = set()
    for _ in range(12):
        frames = _frames(page)
        assert sum(f["opacity"] == 1 for f in frames) == 1, "one pose at a time"
        seen.add(next(i for i, f in enumerate(frames) if f["opacity"] == 1))
        page.wait_for_timeout(450)
    assert len(seen) >= 4, f"the figure should move through its poses, saw {sorted(seen)}"

    page.emulate_media(reduced_motion="reduce")
    page.reload()
    assert page.evaluate("document.getAnimations().length") == 0
    frames = _frames(page)
    shown = [f for f in frames if f["opacity"] == 1]
    assert len(shown) == 2, "start and end only"
    first, last = shown
    assert first["right"] <= last["left"] + 2, "start and end stand side by side"
    page.screenshot(path=str(out / "figure-reduced-motion.png"))

    page.goto(live_server + "/exercises/band-hip-bridge")
    page.screenshot(path=str(out / "exercise-page-reduced-motion.png"), full_page=True)
    page.close()


def test_the_contact_sheet_loads_every_figure(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    out = _artefacts(tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server + "/exercises/figures")
    images = page.locator("ul.figure-sheet img")
    assert images.count() == len(default_catalog())
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('ul.figure-sheet img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=30_000,
    )
    page.screenshot(path=str(out / "contact-sheet.png"), full_page=True)
    assert (out / "contact-sheet.png").stat().st_size > 10_000
    page.close()
