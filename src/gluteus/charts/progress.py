"""Progress charts: weight trend against projections, circumferences, weekly volume, calendar.

Each chart is a bare matplotlib :class:`~matplotlib.figure.Figure` (no pyplot state, Agg
canvas), built from a :class:`~gluteus.domain.progress.ProgressReport` and written as PNG or
SVG. Charts without data are not written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from numpy.typing import NDArray

from gluteus.charts.projection import draw_rule_line, weight_limits
from gluteus.domain.catalog import Muscle
from gluteus.domain.history import SITES, Measurement
from gluteus.domain.progress import DayRecord, DayStatus, ProgressReport, TrendPoint

if TYPE_CHECKING:
    from gluteus.services.progress import PlanProjection

ChartFormat = Literal["png", "svg"]

STATUS_COLOURS: dict[DayStatus, str] = {
    DayStatus.REST: "#ebedf0",
    DayStatus.DONE: "#2da44e",
    DayStatus.PARTIAL: "#a6d96a",
    DayStatus.MISSED: "#e5534b",
    DayStatus.UPCOMING: "#ffffff",
}
STATUS_LABELS: dict[DayStatus, str] = {
    DayStatus.DONE: "Done",
    DayStatus.PARTIAL: "Partly done",
    DayStatus.MISSED: "Missed",
    DayStatus.REST: "Rest day",
    DayStatus.UPCOMING: "Coming up",
}
SITE_COLOURS = {"hips": "tab:purple", "waist": "tab:orange", "thigh": "tab:blue"}
SITE_MIN_SPAN_CM = 3.0
"""Smallest y-range of a circumference panel. [cm]"""
SITE_MIN_MARGIN_CM = 0.5
"""Smallest space above and below a site's readings. [cm]"""
SITE_MARGIN_FRACTION = 0.15
"""Space above and below a site's readings, as a share of their range. [-]"""
DYNAMIC_LABEL = "Dynamic model (Hall 2011)"
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _figure(width: float = 8.0, height: float = 4.5) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _date_axis(ax: Axes) -> None:
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _days(dates: Sequence[dt.date]) -> NDArray[np.float64]:
    """Dates as matplotlib day numbers (typed, and free of unit-converter guessing)."""
    return np.asarray(date2num(list(dates)), dtype=np.float64)  # type: ignore[no-untyped-call]


def weight_trend_figure(
    trend: Sequence[TrendPoint], projection: PlanProjection | None = None
) -> Figure:
    """Daily weights as dots, the centred trend as a line, and the plan's projections.

    The dynamic model is drawn with its ±10 % expenditure band (as in ``gluteus project``);
    the y-axis fits the readings, the trend, the model and its band, so the 3,500 kcal rule
    is clipped to it and its line ends, marked, where the rule stops.

    Args:
        trend: Daily trend points. [kg]
        projection: The plan's projections, from
            :func:`gluteus.services.progress.plan_projections`.

    Returns:
        The figure.
    """
    fig = _figure()
    ax = fig.add_subplot()
    raw = [(p.date, p.weight_kg) for p in trend if p.weight_kg is not None]
    if raw:
        ax.plot(
            _days([d for d, _ in raw]),
            [w for _, w in raw],
            "o",
            ms=3.5,
            color="0.55",
            label="Weighed",
        )
    trend_kg = [p.trend_kg for p in trend]
    ax.plot(_days([p.date for p in trend]), trend_kg, lw=2.2, color="black", label="Trend")
    readings = [w for _, w in raw]
    if projection is None:
        ax.set_ylim(*weight_limits(readings, trend_kg))
    else:
        x = _days(projection.dates)
        ax.fill_between(
            x,
            projection.low_kg,
            projection.high_kg,
            color="tab:blue",
            alpha=0.13,
            label="Dynamic model, ±10 % expenditure",
        )
        ax.plot(x, projection.dynamic_kg, color="tab:blue", ls="--", lw=1.5, label=DYNAMIC_LABEL)
        limits = weight_limits(
            readings, trend_kg, projection.dynamic_kg, projection.low_kg, projection.high_kg
        )
        stop = (
            None
            if projection.rule_stop_date is None
            else projection.dates.index(projection.rule_stop_date)
        )
        draw_rule_line(
            ax,
            x,
            projection.rule_kg,
            stop,
            projection.rule_stop_note,
            limits,
            when=lambda i: projection.dates[i].strftime("%d %b %Y"),
        )
    _date_axis(ax)
    ax.set_xlabel("Date")
    ax.set_ylabel("Body weight [kg]")
    ax.set_title("Your weight: daily readings, the smoothed trend and the projections")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize="small")
    fig.tight_layout()
    return fig


def site_limits(values_cm: Sequence[float]) -> tuple[float, float]:
    """Y-axis limits for one site: its own range plus a margin, at least 3 cm in all.

    A site's own axis makes a 1 cm change visible; the 3 cm minimum keeps millimetre noise
    from filling the panel.

    Returns:
        (bottom, top). [cm]
    """
    low, high = min(values_cm), max(values_cm)
    margin = max(SITE_MARGIN_FRACTION * (high - low), SITE_MIN_MARGIN_CM)
    low, high = low - margin, high + margin
    if high - low < SITE_MIN_SPAN_CM:
        middle = (low + high) / 2
        low, high = middle - SITE_MIN_SPAN_CM / 2, middle + SITE_MIN_SPAN_CM / 2
    return low, high


def circumference_figure(measurements: Sequence[Measurement]) -> Figure:
    """Hips, waist and thigh over time, one panel per site, each with its own y-axis.

    Args:
        measurements: Readings, any order. [cm]

    Returns:
        The figure (one panel per site that has readings, sharing the date axis).
    """
    ordered = sorted(measurements, key=lambda m: m.date)
    series = {
        site: points
        for site in SITES
        if (points := [(m.date, v) for m in ordered if (v := m.site(site)) is not None])
    }
    fig = _figure(8.0, 1.0 + 2.0 * max(len(series), 1))
    axes = fig.subplots(max(len(series), 1), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (site, points) in zip(axes, series.items(), strict=False):
        values = [v for _, v in points]
        ax.plot(_days([d for d, _ in points]), values, "o-", color=SITE_COLOURS[site], label=site)
        ax.set_ylim(*site_limits(values))
        ax.set_ylabel(f"{site.capitalize()} [cm]")
        ax.grid(True, alpha=0.3)
    _date_axis(axes[-1])
    axes[-1].set_xlabel("Date")
    axes[0].set_title("Hips, waist and thigh measurements (each on its own scale)")
    fig.tight_layout()
    return fig


def weekly_volume_figure(weekly_sets: Mapping[dt.date, Mapping[Muscle, float]]) -> Figure:
    """Stacked bars of sets per muscle for each week.

    Args:
        weekly_sets: Week start → muscle → sets. [sets/week]

    Returns:
        The figure.
    """
    fig = _figure()
    ax = fig.add_subplot()
    weeks = sorted(weekly_sets)
    muscles = [m for m in Muscle if any(m in weekly_sets[w] for w in weeks)]
    labels = [w.strftime("%d %b") for w in weeks]
    positions = list(range(len(weeks)))
    bottom = [0.0] * len(weeks)
    for muscle in muscles:
        heights = [float(weekly_sets[w].get(muscle, 0.0)) for w in weeks]
        ax.bar(positions, heights, bottom=bottom, label=muscle.value.replace("_", " "))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xticks(positions, labels, rotation=45, ha="right")
    ax.set_xlabel("Week starting")
    ax.set_ylabel("Sets per week [sets]")
    ax.set_title("Weekly training volume per muscle (secondary muscles count half)")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    fig.tight_layout()
    return fig


def adherence_calendar_figure(days: Sequence[DayRecord]) -> Figure:
    """A calendar grid (weeks across, weekdays down) coloured by how each day went.

    Args:
        days: Day records from :func:`gluteus.domain.progress.day_records`.

    Returns:
        The figure.
    """
    first = min(d.date for d in days)
    origin = first - dt.timedelta(days=first.weekday())
    columns = (max(d.date for d in days) - origin).days // 7 + 1
    fig = _figure(max(4.0, 1.5 + 0.45 * columns), 3.4)
    ax = fig.add_subplot()
    for record in days:
        column = (record.date - origin).days // 7
        row = record.date.weekday()
        ax.add_patch(
            Rectangle(
                (column + 0.05, row + 0.05),
                0.9,
                0.9,
                facecolor=STATUS_COLOURS[record.status],
                edgecolor="0.7",
                lw=0.6,
            )
        )
    ax.set_xlim(0, columns)
    ax.set_ylim(7, 0)
    ax.set_aspect("equal")
    ax.set_yticks([r + 0.5 for r in range(7)], _WEEKDAYS)
    ax.set_xticks(
        [c + 0.5 for c in range(columns)],
        [(origin + dt.timedelta(weeks=c)).strftime("%d %b") for c in range(columns)],
        rotation=45,
        ha="right",
        fontsize="small",
    )
    ax.set_xlabel("Week starting")
    ax.set_title("Training calendar: planned days done or missed")
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    handles = [
        Patch(facecolor=STATUS_COLOURS[s], edgecolor="0.7", label=label)
        for s, label in STATUS_LABELS.items()
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    fig.tight_layout()
    return fig


def write_progress_charts(
    report: ProgressReport,
    directory: Path,
    fmt: ChartFormat = "png",
    *,
    projections: PlanProjection | None = None,
) -> list[Path]:
    """Write every progress chart that has data to ``directory``.

    Files: ``weight-trend``, ``circumferences``, ``weekly-volume`` and
    ``adherence-calendar``, each with the ``fmt`` suffix. The directory is created when
    missing.

    Args:
        report: From :func:`gluteus.domain.progress.progress_report`.
        directory: Output folder.
        fmt: ``png`` or ``svg``.
        projections: The plan's projections drawn on the weight chart (the dynamic model
            with its band and the stopped 3,500 kcal rule), or None.

    Returns:
        The paths written, in the order above.

    Raises:
        ValueError: ``fmt`` is neither png nor svg.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be 'png' or 'svg', got {fmt!r}")
    directory.mkdir(parents=True, exist_ok=True)
    figures: list[tuple[str, Figure]] = []
    if report.trend or projections is not None:
        figures.append(("weight-trend", weight_trend_figure(report.trend, projections)))
    if report.measurements:
        figures.append(("circumferences", circumference_figure(report.measurements)))
    if report.weekly_sets:
        figures.append(("weekly-volume", weekly_volume_figure(report.weekly_sets)))
    if report.days:
        figures.append(("adherence-calendar", adherence_calendar_figure(report.days)))
    written = []
    for name, fig in figures:
        path = directory / f"{name}.{fmt}"
        # A fixed hash salt gives stable SVG element ids, so reruns are byte-identical.
        with rc_context({"svg.hashsalt": "gluteus"}):
            fig.savefig(path, format=fmt, metadata=_metadata(fmt), bbox_inches="tight")
        written.append(path)
    return written


def _metadata(fmt: ChartFormat) -> dict[str, str | None]:
    # Fixed metadata keeps repeated runs byte-identical (no timestamps).
    return {"Date": None} if fmt == "svg" else {"Software": "gluteus"}
