"""Progress charts for pages: the shared chart writer's SVGs, as data URIs for ``<img>``.

Images (rather than inline SVG) keep each chart's element ids to itself.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import NamedTuple

from gluteus.domain.progress import ProgressReport
from gluteus.services.progress import PlanProjection

CHART_TITLES = {
    "weight-trend": "Weight trend against the two projections",
    "circumferences": "Hips, waist and thigh",
    "weekly-volume": "Weekly hard sets per muscle",
    "adherence-calendar": "Adherence calendar",
}


class Chart(NamedTuple):
    """One rendered chart."""

    name: str
    title: str
    data_uri: str


def progress_charts(
    report: ProgressReport, projections: PlanProjection | None = None
) -> list[Chart]:
    """Every progress chart that has data, as SVG data URIs."""
    from gluteus.charts.progress import write_progress_charts

    charts = []
    with tempfile.TemporaryDirectory(prefix="gluteus-charts-") as directory:
        for path in write_progress_charts(report, Path(directory), "svg", projections=projections):
            encoded = base64.b64encode(path.read_bytes()).decode("ascii")
            charts.append(
                Chart(
                    path.stem,
                    CHART_TITLES.get(path.stem, path.stem),
                    f"data:image/svg+xml;base64,{encoded}",
                )
            )
    return charts
