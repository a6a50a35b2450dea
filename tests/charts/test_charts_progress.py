"""Progress charts are written as real, non-empty PNG or SVG files."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.dates import date2num

from gluteus.charts.progress import circumference_figure, weight_trend_figure, write_progress_charts
from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import CardioLog, History, LoggedSet, Measurement, WeightEntry
from gluteus.domain.progress import DayRecord, DayStatus, ProgressReport, progress_report
from gluteus.services.progress import PlanProjection

START = dt.date(2024, 3, 4)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _report() -> ProgressReport:
    days = [START + dt.timedelta(days=n) for n in range(35)]
    history = History(
        sets=tuple(
            LoggedSet(
                date=day,
                exercise_id=exercise_id,
                set_number=1,
                reps=10,
                load_kg=8.0,
                last_two_hard=True,
            )
            for day in days[::3]
            for exercise_id in ("goblet-squat", "glute-bridge")
        ),
        cardio=tuple(
            CardioLog(date=day, activity_id="brisk-walk", minutes=30) for day in days[1::3]
        ),
        weights=tuple(
            WeightEntry(date=day, weight_kg=80 - 0.07 * n + (0.4 if n % 2 else -0.3))
            for n, day in enumerate(days)
            if n % 4
        ),
        measurements=(
            Measurement(date=days[0], hips_cm=104, waist_cm=82, thigh_cm=60),
            Measurement(date=days[14], hips_cm=103, waist_cm=81),
            Measurement(date=days[28], hips_cm=102, waist_cm=80, thigh_cm=59),
        ),
    )
    report = progress_report(None, history, default_catalog(), days[-1])
    statuses = [DayStatus.DONE, DayStatus.REST, DayStatus.MISSED, DayStatus.PARTIAL]
    records = tuple(
        DayRecord(
            date=day,
            week=n // 7 + 1,
            planned=1,
            done=1,
            status=DayStatus.UPCOMING if n > 30 else statuses[n % 4],
        )
        for n, day in enumerate(days)
    )
    return report.model_copy(update={"days": records})


def _projections(days: int = 60, rule_kg_per_day: float = 0.08) -> PlanProjection:
    dates = [START + dt.timedelta(days=n) for n in range(days + 1)]
    rule = [max(80 - rule_kg_per_day * n, 60.0) for n in range(days + 1)]
    stop = next((n for n, w in enumerate(rule) if w == 60.0), None)
    return PlanProjection(
        dates=dates,
        dynamic_kg=[80 - 0.06 * n for n in range(days + 1)],
        low_kg=[80 - 0.07 * n for n in range(days + 1)],
        high_kg=[80 - 0.05 * n for n in range(days + 1)],
        rule_kg=rule,
        rule_stop_date=None if stop is None else dates[stop],
        rule_stop_reason=None if stop is None else "BMI 18.5 reached",
        rule_stop_note=None if stop is None else "BMI 18.5",
    )


def test_png_charts_written(tmp_path: Path) -> None:
    paths = write_progress_charts(_report(), tmp_path / "charts", "png", projections=_projections())
    assert [p.name for p in paths] == [
        "weight-trend.png",
        "circumferences.png",
        "weekly-volume.png",
        "adherence-calendar.png",
    ]
    for path in paths:
        data = path.read_bytes()
        assert len(data) > 5000
        assert data.startswith(PNG_MAGIC)


def test_svg_charts_written(tmp_path: Path) -> None:
    paths = write_progress_charts(_report(), tmp_path, "svg")
    assert len(paths) == 4
    for path in paths:
        root = ET.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_svg_is_reproducible(tmp_path: Path) -> None:
    first = write_progress_charts(_report(), tmp_path / "a", "svg")
    second = write_progress_charts(_report(), tmp_path / "b", "svg")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_charts_without_data_are_skipped(tmp_path: Path) -> None:
    empty = progress_report(None, History(), default_catalog(), START)
    assert write_progress_charts(empty, tmp_path, "png") == []


def test_unknown_format_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="png"):
        write_progress_charts(_report(), tmp_path, "gif")  # type: ignore[arg-type]


def test_weight_chart_scales_to_the_dynamic_model_and_shows_its_band() -> None:
    # The rule runs to 60 kg by day 250 and stops; the model and its band stay above 62.5.
    report = _report()
    projection = _projections(days=250)
    fig = weight_trend_figure(report.trend, projection)
    ax = fig.axes[0]
    bottom, top = ax.get_ylim()
    low_band = min(projection.low_kg)
    assert low_band - 2.5 <= bottom < low_band  # fits the band, plus a small margin
    assert bottom > 61.0  # not stretched down to the rule's 60 kg
    assert top < 82.0
    assert len(ax.collections) == 1  # the ±10 % band
    assert any("expenditure" in t.get_text() for t in ax.get_legend().get_texts())
    rule_line = next(
        line
        for line in ax.get_lines()
        if line.get_linestyle() == "--" and str(line.get_label()).startswith("3,500")
    )
    assert "leaves the chart below" in str(rule_line.get_label())
    assert projection.rule_stop_date is not None
    stop_x = date2num(projection.rule_stop_date)
    assert max(rule_line.get_xdata()) == pytest.approx(stop_x)  # the line ends at the stop
    assert any("rule stops (BMI 18.5)" in t.get_text() for t in ax.texts)


def test_each_circumference_site_has_its_own_axis() -> None:
    measurements = [
        Measurement(date=START, hips_cm=104.0, waist_cm=82.0, thigh_cm=60.0),
        Measurement(date=START + dt.timedelta(days=14), hips_cm=103.5, waist_cm=81.5),
        Measurement(
            date=START + dt.timedelta(days=28), hips_cm=103.0, waist_cm=81.0, thigh_cm=59.0
        ),
    ]
    fig = circumference_figure(measurements)
    assert len(fig.axes) == 3
    for ax in fig.axes:
        bottom, top = ax.get_ylim()
        assert top - bottom <= 5.0  # a 1 cm change fills a good part of its panel
        values = ax.get_lines()[0].get_ydata()
        assert bottom < min(values) and max(values) < top
    spans = [ax.get_ylim() for ax in fig.axes]
    assert spans[0][0] > spans[1][1]  # hips and waist are not squeezed onto one scale
