"""The body map on the exercise, plan and progress pages: tints, numbers beside it, a table for
screen readers, no script; and, in a real browser, a body at 390 px and 1280 px without sideways
scrolling (screenshots saved in the test's tmp directory, or in ``GLUTEUS_SCREENSHOTS``)."""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from actors import PageUser, csrf_of, days_from_today
from fastapi.testclient import TestClient

from gluteus.charts.body_map import MUSCLE_REGIONS, PRIMARY_LEVEL, heat_level
from gluteus.domain.catalog import default_catalog
from gluteus.domain.patterns import weekly_sets
from gluteus.domain.planning.build import build_program
from gluteus.domain.profile import Profile
from gluteus.web.routes.plan import _week_volume

SVG = "{http://www.w3.org/2000/svg}"


def _block(html: str) -> str:
    found = re.search(r'<section class="body-map-block card".*?</section>', html, flags=re.S)
    assert found, "no body map on the page"
    return found.group(0)


def _svg(block: str) -> ET.Element:
    found = re.search(r"<svg .*?</svg>", block, flags=re.S)
    assert found
    return ET.fromstring(found.group(0))


def _levels(svg: ET.Element) -> dict[str, int]:
    levels: dict[str, int] = {}
    for path in svg.iter(f"{SVG}path"):
        if "data-region" in path.attrib:
            levels[path.attrib["data-region"]] = int(path.attrib["data-level"])
    return levels


def _table(block: str) -> dict[str, str]:
    rows = re.findall(r'<th scope="row">.*?</span>(.*?)</th><td>(.*?)</td>', block)
    return dict(rows)


def test_the_exercise_page_tints_its_muscles(client: TestClient) -> None:
    catalog = default_catalog()
    for ex in (catalog.get("hip-thrust"), next(e for e in catalog if "calves" in e.muscles)):
        html = client.get(f"/exercises/{ex.id}").text
        block = _block(html)
        svg = _svg(block)
        assert svg.find(f"{SVG}title").text == f"Muscles {ex.name} works"  # type: ignore[union-attr]
        assert "Mainly" in (svg.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]
        levels = _levels(svg)
        for muscle in ex.primary_muscles:
            assert all(levels[r.value] == PRIMARY_LEVEL for r in MUSCLE_REGIONS[muscle])
        untouched = {r.value for regions in MUSCLE_REGIONS.values() for r in regions} - {
            r.value for m in ex.muscles for r in MUSCLE_REGIONS[m]
        }
        assert all(levels[r] == 0 for r in untouched)
        assert "Main muscles" in block
        # Its own include, placed under the Muscles heading.
        assert (
            html.index("<h2>Muscles</h2>")
            < html.index("body-map-block")
            < html.index("<h2>Equipment</h2>")
        )


def test_the_plan_page_shows_the_weeks_sets_per_muscle(client: TestClient) -> None:
    PageUser(client, "map@example.com").onboard()
    html = client.get("/plan").text
    block = _block(html)
    assert "Hard sets per muscle, week 1" in block
    numbers = _table(block)
    assert set(numbers) >= {"Glutes", "Quads", "Hamstrings", "Core", "Upper back"}
    assert int(numbers["Glutes"]) > 0
    levels = _levels(_svg(block))
    assert levels["glute_max"] == heat_level(int(numbers["Glutes"]))
    assert levels["quads"] == heat_level(int(numbers["Quads"]))
    assert "<script" not in block
    week_two = _block(client.get("/plan?week=2").text)
    assert "week 2" in week_two


def test_the_plan_map_uses_the_stored_volume_or_counts_an_older_plan() -> None:
    program = build_program(
        Profile(sex="female", age=30, height_cm=165, weight_kg=70),
        default_catalog(),
        dt.date(2026, 12, 7),
    )
    assert _week_volume(program, 2) == program.volume[1].sets
    older = program.model_copy(update={"volume": ()})
    assert _week_volume(older, 2) == weekly_sets(program.weeks[1])
    assert sum(_week_volume(older, 2).values()) > 0


def test_the_progress_page_shows_the_logged_weeks_sets(client: TestClient) -> None:
    user = PageUser(client, "logged@example.com")
    user.onboard(available_days=days_from_today())
    assert "body-map-block" not in client.get("/progress").text  # nothing logged yet
    user.post("/today/as-planned", {"hard": "yes"})
    html = client.get("/progress").text
    assert 'id="chart-weekly-volume"' in html, "today is a training day: its sets are logged"
    block = _block(html)
    assert "Hard sets per muscle, week of" in block
    numbers = {k: float(v) for k, v in _table(block).items()}
    assert sum(numbers.values()) > 0
    levels = _levels(_svg(block))
    assert levels["glute_max"] == heat_level(numbers["Glute max"])
    assert levels["quads"] == heat_level(numbers["Quads"])


# --- in a real browser -------------------------------------------------------------------------

pw = pytest.importorskip("playwright.sync_api")
from test_accessibility import AXE, _violations  # noqa: E402
from test_browser import (  # noqa: E402
    CHROMIUM,
    _fits_the_width,
    _sign_up,
    _training_days,
    browser,
    live_server,
)

__all__ = ["browser", "live_server"]  # fixtures imported for pytest


def _onboard_by_form_post(page: Any, base: str) -> None:
    """Send the onboarding form with the signed-in page's own cookies and CSRF token."""
    form = {
        "csrf_token": csrf_of(page.content()), "units": "metric", "sex": "female", "age": "34",
        "height": "165", "weight": "72", "goal_weight": "66", "level": "beginner",
        "activity": "light", "minutes_per_session": "60", "weeks": "12", "pace": "0.5",
        **{f"parq.q{i}": "no" for i in range(1, 8)},
    }  # fmt: skip
    pairs = [*form.items(), *(("available_days", d) for d in _training_days())]
    response = page.request.post(
        base + "/onboarding",
        data="&".join(f"{k}={v}" for k, v in pairs),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert response.status == 303, response.text()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_the_body_map_reads_on_a_phone_and_a_desktop(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("GLUTEUS_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    plain = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:  # drawn by the server: the map is there with scripts off
        bare = plain.new_page()
        bare.goto(live_server + "/exercises/hip-thrust")
        assert bare.locator("section.body-map-block svg").is_visible()
        _fits_the_width(bare)
    finally:
        plain.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        _sign_up(page, live_server, "bodymap@example.com")
        _onboard_by_form_post(page, live_server)
        page.goto(live_server + "/today")
        done = page.request.post(
            live_server + "/today/as-planned",
            data=f"csrf_token={csrf_of(page.content())}&hard=yes",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            max_redirects=0,
        )
        assert done.status == 303, done.text()
        for path, name in (
            ("/plan", "plan"),
            ("/progress", "progress"),
            ("/exercises/hip-thrust", "exercise"),
        ):
            for width, height in ((390, 844), (1280, 900)):
                page.set_viewport_size({"width": width, "height": height})
                page.goto(live_server + path)
                assert page.url.endswith(path), page.url
                block = page.locator("section.body-map-block")
                block.scroll_into_view_if_needed()
                figure = page.locator("section.body-map-block svg")
                box = figure.bounding_box()
                assert box and box["width"] >= 150, f"the map is squeezed at {width} px"
                _fits_the_width(page)
                tall = block.bounding_box()["height"] / height
                page_tall = page.evaluate("document.documentElement.scrollHeight") / height
                print(f"{path} at {width} px: map {tall:.2f}, page {page_tall:.1f} screens")
                assert tall < 0.75, f"the map takes {tall:.2f} screens at {width} px"
                if AXE.exists():
                    assert _violations(page) == []
                block.screenshot(path=str(shots / f"body-map-{name}-{width}.png"))
            page.emulate_media(color_scheme="dark")
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(live_server + path)
            page.locator("section.body-map-block").screenshot(
                path=str(shots / f"body-map-{name}-390-dark.png")
            )
            if AXE.exists():  # the dark colours pass too
                assert _violations(page) == []
            page.emulate_media(color_scheme="light")
        print(f"screenshots: {shots}")
    finally:
        context.close()
