"""The page's SVG charts: well-formed, phone-sized, fitted to the data, in the person's units."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from gluteus.charts.svg import (
    FONT_SIZE,
    MAX_DATE_TICKS,
    PHONE_WIDTH_PX,
    VIEW_WIDTH,
    Band,
    Series,
    calendar_strip,
    date_span,
    date_ticks,
    line_chart,
    rendered_font_px,
    text_width,
    value_axis,
)
from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import History, Measurement, WeightEntry
from gluteus.domain.progress import progress_report
from gluteus.domain.units import UnitSystem
from gluteus.services.progress import PlanProjection
from gluteus.web.charts import progress_charts

SVG = "{http://www.w3.org/2000/svg}"
DAY = dt.date(2026, 3, 2)


def _days(n: int) -> list[dt.date]:
    return [DAY + dt.timedelta(days=i) for i in range(n)]


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_line_chart_is_well_formed_svg_with_an_accessible_name() -> None:
    dates = _days(30)
    svg = line_chart(
        "Weight & trend <test>",
        [
            Series("Weighed", dates, [70 + i / 10 for i in range(30)], "points"),
            Series("Trend", dates, [70 + i / 10 for i in range(30)]),
        ],
        unit="kg",
        min_span=2,
        bands=[Band("Band", dates, [69.0] * 30, [74.0] * 30)],
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Weight & trend <test>"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Weight & trend <test>"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith(f"0 0 {VIEW_WIDTH:g} ")


def test_calendar_strip_is_well_formed_svg() -> None:
    palette = {"done": ("#2da44e", "Done"), "missed": ("#e5534b", "Missed")}
    days = [(d, "done" if i % 2 else "missed") for i, d in enumerate(_days(364))]
    root = _parse(calendar_strip("Adherence calendar", days, palette))
    assert root.get("aria-label") == "Adherence calendar"
    assert len(list(root.iter(f"{SVG}rect"))) == 364 + len(palette)


@pytest.mark.parametrize("width_px", [358.0, PHONE_WIDTH_PX])
def test_text_is_at_least_12px_on_a_390px_phone(width_px: float) -> None:
    assert rendered_font_px(width_px) >= 12.0
    assert FONT_SIZE * width_px / VIEW_WIDTH >= 12.0
    svg = line_chart("x", [Series("a", _days(3), [1.0, 2.0, 3.0])], unit="kg", min_span=1)
    sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)}
    assert sizes == {FONT_SIZE}  # one size for all text, set on the root


def test_a_single_reading_gets_a_small_range_around_it() -> None:
    bottom, top, ticks = value_axis([71.5], 2.0)
    assert bottom < 71.5 < top
    assert top - bottom <= 4.0
    assert 3 <= len(ticks) <= 6
    first, last = date_span([DAY])
    assert first < DAY < last
    assert (last - first).days <= 7  # days around the reading, never years
    ticks = date_ticks(first, last, 300)
    assert DAY in [d for d, _ in ticks]  # the reading's own day is labelled
    assert not any(re.search(r"\d{4}", label) for _, label in ticks)


def test_ticks_are_round_and_cover_the_data() -> None:
    bottom, top, ticks = value_axis([63.2, 80.9], 2.0)
    assert bottom <= 63.2 and top >= 80.9
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and steps.pop() in (1, 2, 2.5, 5, 10)


@pytest.mark.parametrize("days", [2, 10, 45, 120, 365, 730, 2000])
def test_date_labels_are_few_and_do_not_overlap(days: int) -> None:
    first, last = DAY, DAY + dt.timedelta(days=days)
    width = 300.0
    ticks = date_ticks(first, last, width)
    assert 1 <= len(ticks) <= MAX_DATE_TICKS
    positions = [width * (d - first).days / days for d, _ in ticks]
    for (a, (_, label_a)), (b, (_, label_b)) in itertools.pairwise(
        zip(positions, ticks, strict=True)
    ):
        assert b - a >= (text_width(label_a) + text_width(label_b)) / 2


def test_a_series_not_fitted_is_cut_where_it_leaves_the_axis() -> None:
    dates = _days(100)
    svg = line_chart(
        "w",
        [
            Series("Model", dates, [80 - 0.05 * i for i in range(100)]),
            Series("Rule", dates, [80 - 0.2 * i for i in range(100)], "dashed", fit=False),
        ],
        unit="kg",
        min_span=2,
    )
    assert "Rule; leaves the chart below on" in svg
    _parse(svg)


def _history(n_weights: int = 1) -> History:
    return History(
        weights=tuple(
            WeightEntry(date=d, weight_kg=70.0 - i / 20) for i, d in enumerate(_days(n_weights))
        ),
        measurements=(Measurement(date=DAY, hips_cm=100.0, waist_cm=80.0),),
    )


def test_imperial_people_see_pounds_and_inches() -> None:
    report = progress_report(None, _history(20), default_catalog(), DAY + dt.timedelta(days=20))
    weight, girth = progress_charts(report, None, UnitSystem.IMPERIAL)
    assert ">lb</text>" in str(weight.panels[0]) and "kg" not in str(weight.panels[0])
    assert weight.table.headers == ("Date", "Weighed [lb]", "Trend [lb]")
    assert weight.table.rows[0][1] == "154.3"  # 70 kg
    assert all(">in</text>" in str(p) for p in girth.panels)
    assert girth.table.headers[1] == "Hips [in]" and girth.table.rows[0][1] == "39.4"
    metric, _ = progress_charts(report, None, UnitSystem.METRIC)
    assert ">kg</text>" in str(metric.panels[0])
    assert metric.table.rows[0][1] == "70.0"


def test_the_data_table_has_one_row_per_point() -> None:
    report = progress_report(None, _history(40), default_catalog(), DAY + dt.timedelta(days=40))
    weight, girth = progress_charts(report)
    assert len(weight.table.rows) == len(report.trend) == 40
    assert len(girth.table.rows) == len(report.measurements)


def test_one_reading_gives_a_chart_of_days_not_years() -> None:
    report = progress_report(None, _history(1), default_catalog(), DAY)
    weight, girth = progress_charts(report)
    for panel in (*weight.panels, *girth.panels):
        root = _parse(str(panel))
        texts = [t.text or "" for t in root.iter(f"{SVG}text")]
        assert not any(re.fullmatch(r"(\w+ )?\d{4}", t) for t in texts), texts


def test_a_plan_without_weigh_ins_shows_the_projection_and_says_why_no_trend() -> None:
    dates = _days(61)
    projection = PlanProjection(
        dates=dates,
        dynamic_kg=[80 - 0.06 * n for n in range(61)],
        low_kg=[80 - 0.07 * n for n in range(61)],
        high_kg=[80 - 0.05 * n for n in range(61)],
        rule_kg=[max(80 - 0.3 * n, 65.0) for n in range(61)],
        rule_stop_date=dates[50],
        rule_stop_note="BMI 18.5",
    )
    report = progress_report(None, History(), default_catalog(), DAY)
    (weight,) = progress_charts(report, projection)
    assert weight.note.startswith("No weigh-ins yet")
    assert weight.table.rows == []
    svg = str(weight.panels[0])
    _parse(svg)
    assert "Dynamic model, ±10 % expenditure" in svg
    legend = " ".join(t.text or "" for t in _parse(svg).iter(f"{SVG}text"))
    assert "3,500 kcal rule, stops 21 Apr 2026 (BMI 18.5); leaves the chart below on" in legend
    assert all(text_width(t.text or "") <= VIEW_WIDTH - 26 for t in _parse(svg).iter(f"{SVG}text"))
