"""The body map: every region drawn front or back, every catalog muscle placed, tints that follow
the numbers, colours readable on a light and a dark page, and bad geometry refused by name."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from gluteus.charts import body_map as bm
from gluteus.charts.body_map import (
    DARK_BACKGROUND,
    DARK_FILLS,
    DARK_LINE,
    GROUP_REGIONS,
    HEAT_BANDS,
    LEVELS,
    LIGHT_BACKGROUND,
    LIGHT_FILLS,
    LIGHT_LINE,
    MUSCLE_REGIONS,
    PRIMARY_LEVEL,
    SECONDARY_LEVEL,
    Region,
    contrast,
    exercise_map,
    exercise_tints,
    geometry,
    group_rows,
    heat_level,
    luminance,
    muscle_rows,
    parse_geometry,
    plan_map,
    progress_map,
    region_levels,
    render,
)
from gluteus.domain.catalog import Muscle, default_catalog
from gluteus.domain.patterns import Group

SVG = "{http://www.w3.org/2000/svg}"
DATA = resources.files("gluteus.data").joinpath("body_map.toml").read_text("utf-8")


def _regions_by_view(svg: str) -> dict[str, dict[str, int]]:
    root = ET.fromstring(svg)
    found: dict[str, dict[str, int]] = {}
    for group in root.iter(f"{SVG}g"):
        view = group.attrib["data-view"]
        for path in group.iter(f"{SVG}path"):
            if "data-region" in path.attrib:
                found.setdefault(view, {})[path.attrib["data-region"]] = int(
                    path.attrib["data-level"]
                )
    return found


def test_every_region_is_drawn_with_a_title_and_a_description() -> None:
    levels = {region: 1 + i % (LEVELS - 1) for i, region in enumerate(Region)}
    svg = render(levels, "A title & more", "Words <here>", "t1")
    root = ET.fromstring(svg)  # well-formed, as inline SVG must be
    assert root.find(f"{SVG}title").text == "A title & more"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Words <here>"  # type: ignore[union-attr]
    assert root.attrib["aria-labelledby"] == "t1-t t1-d"
    views = _regions_by_view(svg)
    assert set(views) == {"front", "back"}
    drawn = {region for regions in views.values() for region in regions}
    assert drawn == {r.value for r in Region}
    for regions in views.values():
        for region, level in regions.items():
            assert level == levels[Region(region)]
    # Front shows the chest, quads and core; back the glutes, hamstrings and back.
    assert {"chest", "quads", "core", "adductors"} <= set(views["front"])
    assert {"glute_max", "glute_med", "hamstrings", "upper_back", "lower_back"} <= set(
        views["back"]
    )
    assert len(svg.encode()) < 8_000


def test_the_drawing_is_two_bodies_side_by_side() -> None:
    geo = geometry()
    svg = render({}, "t", "d", "t2")
    width, height = (float(v) for v in ET.fromstring(svg).attrib["viewBox"].split()[2:])
    assert width == pytest.approx(2 * geo.width + bm.GAP)
    assert height > geo.height
    assert svg.count("<circle") == 2  # one head each
    assert ">Front</text>" in svg and ">Back</text>" in svg
    # A standing body: taller than twice its width, the head on top, feet at the bottom.
    ys = [y for _, y in geo.outline]
    assert geo.head.cy - geo.head.r >= 0 and geo.head.cy < min(ys)
    assert max(ys) > 0.9 * geo.height
    xs = [x for x, _ in geo.outline]
    assert (geo.centre - min(xs)) * 2 < geo.height / 2


def test_every_catalog_muscle_maps_to_a_region() -> None:
    used = {m for ex in default_catalog() for m in ex.muscles}
    assert used <= set(MUSCLE_REGIONS)
    assert set(MUSCLE_REGIONS) == set(Muscle)
    assert set(GROUP_REGIONS) == set(Group)
    placed = {r for regions in MUSCLE_REGIONS.values() for r in regions}
    assert placed == set(Region)  # and no region is drawn that no muscle can tint
    for ex in default_catalog():
        tints = exercise_tints(ex)
        for muscle in ex.primary_muscles:
            assert all(tints[r] == PRIMARY_LEVEL for r in MUSCLE_REGIONS[muscle])


def test_every_catalog_entry_gets_a_small_well_formed_map() -> None:
    for ex in default_catalog():
        result = exercise_map(ex)
        root = ET.fromstring(result.svg)
        assert root.find(f"{SVG}title").text == f"Muscles {ex.name} works"  # type: ignore[union-attr]
        assert len(result.svg.encode()) < 8_000, ex.id
        tinted = {
            r for levels in _regions_by_view(result.svg).values() for r, n in levels.items() if n
        }
        assert tinted == {r.value for m in ex.muscles for r in MUSCLE_REGIONS[m]}, ex.id


def test_an_exercise_tints_main_muscles_darker_than_supporting_ones() -> None:
    catalog = default_catalog()
    ex = next(e for e in catalog if e.secondary_muscles and Muscle.GLUTE_MAX in e.primary_muscles)
    result = exercise_map(ex)
    views = _regions_by_view(result.svg)
    assert views["back"]["glute_max"] == PRIMARY_LEVEL
    secondary = {r for m in ex.secondary_muscles for r in MUSCLE_REGIONS[m]}
    primary = {r for m in ex.primary_muscles for r in MUSCLE_REGIONS[m]}
    for region in secondary - primary:
        level = next(v[region.value] for v in views.values() if region.value in v)
        assert level == SECONDARY_LEVEL < PRIMARY_LEVEL
    assert ex.name in result.svg and "Mainly " in result.svg
    assert [text for _, text in result.key] == ["Main muscles", "Also working"]


def test_heat_levels_follow_the_bands() -> None:
    assert [heat_level(s) for s in (0, 0.5, 4.5, 5, 9.5, 10, 19, 20, 60)] == [
        0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    assert heat_level(-3) == 0 and heat_level(float("nan")) == 0
    assert LEVELS == len(LIGHT_FILLS) == len(DARK_FILLS) == len(HEAT_BANDS) + 2
    assert list(HEAT_BANDS) == sorted(HEAT_BANDS)


@given(st.floats(min_value=0, max_value=200), st.floats(min_value=0, max_value=200))
def test_more_sets_never_give_a_lighter_tint(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert heat_level(low) <= heat_level(high)
    # Lighter on a light page means higher luminance; the opposite on a dark page.
    assert luminance(LIGHT_FILLS[heat_level(low)]) >= luminance(LIGHT_FILLS[heat_level(high)])
    assert luminance(DARK_FILLS[heat_level(low)]) <= luminance(DARK_FILLS[heat_level(high)])


@given(
    st.dictionaries(st.sampled_from(list(Group)), st.integers(0, 40)),
    st.sampled_from(list(Group)),
    st.integers(1, 20),
)
def test_adding_sets_never_lightens_any_drawn_region(
    volume: dict[Group, int], group: Group, extra: int
) -> None:
    before = region_levels(group_rows({g.value: n for g, n in volume.items()}))
    more = dict(volume)
    more[group] = more.get(group, 0) + extra
    after = region_levels(group_rows({g.value: n for g, n in more.items()}))
    assert all(after.get(r, 0) >= before.get(r, 0) for r in Region)
    views_before = _regions_by_view(render(before, "t", "d", "x"))
    views_after = _regions_by_view(render(after, "t", "d", "x"))
    for view, regions in views_after.items():
        for region, level in regions.items():
            assert level >= views_before[view][region]


def test_fills_step_in_one_direction_and_read_on_both_backgrounds() -> None:
    light = [luminance(c) for c in LIGHT_FILLS]
    dark = [luminance(c) for c in DARK_FILLS]
    assert light == sorted(light, reverse=True) and len(set(light)) == LEVELS
    assert dark == sorted(dark) and len(set(dark)) == LEVELS
    # WCAG 1.4.11: outlines, and the two strongest tints, 3:1 against the page.
    assert contrast(LIGHT_LINE, LIGHT_BACKGROUND) >= 4.5
    assert contrast(DARK_LINE, DARK_BACKGROUND) >= 4.5
    assert contrast(LIGHT_LINE, LIGHT_FILLS[0]) >= 3
    assert contrast(DARK_LINE, DARK_FILLS[0]) >= 3
    for level in (LEVELS - 2, LEVELS - 1):
        assert contrast(LIGHT_FILLS[level], LIGHT_BACKGROUND) >= 3
        assert contrast(DARK_FILLS[level], DARK_BACKGROUND) >= 3
    # Neighbouring levels stay apart, so a step up is visible.
    for fills in (LIGHT_FILLS, DARK_FILLS):
        for a, b in itertools.pairwise(fills):
            assert contrast(a, b) >= 1.3, (a, b)
    svg = render({}, "t", "d", "x")
    assert "prefers-color-scheme:dark" in svg
    assert all(c in svg for c in (*LIGHT_FILLS, *DARK_FILLS))


def test_plan_map_numbers_match_the_volume() -> None:
    volume = {"glutes": 14, "quads": 6, "core": 3, "back": 0}
    result = plan_map(volume, 2)
    rows = {row.label: row for row in result.rows}
    assert rows["Glutes"].sets == 14 and rows["Glutes"].level == 3
    assert rows["Quads"].sets_text == "6" and rows["Upper back"].level == 0
    assert len(result.rows) == len(Group)
    assert result.caption == "Hard sets per muscle, week 2"
    views = _regions_by_view(result.svg)
    assert views["back"]["glute_max"] == views["back"]["glute_med"] == 3
    assert views["front"]["quads"] == 2 and views["back"]["upper_back"] == 0
    assert "Glutes 14; Quads 6; Core 3." in result.svg
    assert [text for _, text in result.key] == ["0 sets", "1–4", "5–9", "10–19", "20+"]


def test_progress_map_shows_the_latest_logged_week() -> None:
    assert progress_map({}) is None
    weeks = {
        dt.date(2026, 11, 23): {Muscle.QUADS: 30.0},
        dt.date(2026, 11, 30): {Muscle.GLUTE_MAX: 7.5, Muscle.GLUTE_MIN: 12.0, Muscle.BACK: 1.0},
    }
    result = progress_map(weeks)
    assert result is not None
    assert result.caption == "Hard sets per muscle, week of 30 Nov"
    rows = {row.label: row for row in result.rows}
    assert rows["Glute max"].sets_text == "7.5" and rows["Quads"].sets == 0
    views = _regions_by_view(result.svg)
    assert views["back"]["glute_med"] == heat_level(12.0)  # glute min is drawn with glute med
    assert views["back"]["upper_back"] == views["back"]["lower_back"] == 1
    assert views["front"]["quads"] == 0
    assert len(muscle_rows({})) == len(Muscle)
    later = progress_map({**weeks, dt.date(2026, 12, 7): {Muscle.CORE: 2.0}})
    assert later is not None and later.caption.endswith("week of 7 Dec")


def _edited(old: str, new: str) -> str:
    assert old in DATA
    return DATA.replace(old, new, 1)


def test_the_data_file_loads_and_bad_geometry_is_refused_by_name() -> None:
    assert parse_geometry(DATA) == geometry()
    raw = tomllib.loads(DATA)
    assert {s["region"] for s in raw["shapes"]} == {r.value for r in Region}
    with pytest.raises(ValidationError, match=r"shape 1 \(shoulders, front\).*outside"):
        parse_geometry(_edited("[[35, 36], [28, 40]", "[[35, 36], [28, 400]"))
    with pytest.raises(ValidationError, match=r"right of the mid-line"):
        parse_geometry(_edited("[[35, 36], [28, 40]", "[[35, 36], [58, 40]"))
    without_calves = re.sub(r'\[\[shapes\]\]\nregion = "calves".*?\n\n', "", DATA, flags=re.S)
    without_calves = without_calves.replace('region = "calves"', 'region = "quads"')
    with pytest.raises(ValidationError, match="no shape draws these regions: calves"):
        parse_geometry(without_calves)
    with pytest.raises(ValidationError, match="region"):
        parse_geometry(_edited('region = "chest"', 'region = "elbows"'))
