"""Progress charts are written as real, non-empty PNG or SVG files."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gluteus.charts.progress import write_progress_charts
from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import CardioLog, History, LoggedSet, Measurement, WeightEntry
from gluteus.domain.progress import DayRecord, DayStatus, ProgressReport, progress_report

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


def _projections() -> dict[str, tuple[list[dt.date], list[float]]]:
    dates = [START + dt.timedelta(days=n) for n in range(0, 60, 5)]
    return {
        "Dynamic model": (dates, [80 - 0.06 * (d - START).days for d in dates]),
        "3,500 kcal rule": (dates, [80 - 0.08 * (d - START).days for d in dates]),
    }


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
