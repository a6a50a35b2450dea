"""Charts for the progress and energy pages: inline SVG in the person's units.

Drawn by :mod:`gluteus.charts.svg` (no matplotlib on the web path, so a view costs
milliseconds); the CLI's file exports keep :mod:`gluteus.charts.progress`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup

from gluteus.charts.svg import Band, Kind, Mark, Series, calendar_strip, line_chart
from gluteus.domain.history import SITES
from gluteus.domain.progress import DayStatus, ProgressReport
from gluteus.domain.units import UnitSystem, cm_to_in, kg_to_lb
from gluteus.services.energy import RULE_STOP_NOTES, ProjectionView
from gluteus.services.progress import PlanProjection

CHART_TITLES = {
    "weight-trend": "Weight trend against the two projections",
    "circumferences": "Hips, waist and thigh",
    "weekly-volume": "Weekly hard sets per muscle",
    "adherence-calendar": "Adherence calendar",
}
STATUS_STYLE: dict[str, tuple[str, str]] = {
    DayStatus.DONE: ("#2da44e", "Done"),
    DayStatus.PARTIAL: ("#a6d96a", "Partly done"),
    DayStatus.MISSED: ("#e5534b", "Missed"),
    DayStatus.REST: ("#ebedf0", "Rest day"),
    DayStatus.UPCOMING: ("#ffffff", "Coming up"),
}
SITE_COLOURS = {"hips": "#9467bd", "waist": "#ff7f0e", "thigh": "#1f77b4"}
MIN_SPAN_KG = 2.0
"""Smallest weight axis: a lone reading sits in a range of this many kg. [kg]"""
MIN_SPAN_CM = 3.0
"""Smallest circumference axis, so millimetre noise does not fill a panel. [cm]"""
MIN_SPAN_SETS = 5.0


class Table(NamedTuple):
    """A chart's data for screen readers and for reading exact values."""

    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


class Chart(NamedTuple):
    """One chart for the page: its panels (SVG elements), a data table and a note."""

    name: str
    title: str
    panels: list[Markup]
    table: Table
    note: str = ""


def _one(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _day(date: dt.date) -> str:
    return date.strftime("%d %b %Y").lstrip("0")


def weight_chart(
    report: ProgressReport, projection: PlanProjection | None, units: UnitSystem
) -> Chart:
    """Readings as dots, the centred trend, and the plan's projections with their band."""
    imperial = units is UnitSystem.IMPERIAL
    unit = "lb" if imperial else "kg"

    def show(kg: Sequence[float]) -> list[float]:
        return _shown(kg, units)

    trend = report.trend
    raw = [(p.date, p.weight_kg) for p in trend if p.weight_kg is not None]
    series: list[Series] = []
    bands: list[Band] = []
    marks: list[Mark] = []
    if projection is not None:
        bands, series, marks = _model_lines(
            ModelLines(
                projection.dates,
                projection.dynamic_kg,
                projection.low_kg,
                projection.high_kg,
                projection.dates,
                projection.rule_kg,
                projection.rule_stop_date,
                projection.rule_stop_note,
            ),
            units,
            band_label="Dynamic model, ±10 % expenditure",
            dynamic_style="dashed",
        )
    if raw:
        series.append(
            Series("Weighed", [d for d, _ in raw], show([w for _, w in raw]), "points", "#888")
        )
    if trend:
        series.append(
            Series("Trend", [p.date for p in trend], show([p.trend_kg for p in trend]), "line")
        )
    min_span = kg_to_lb(MIN_SPAN_KG) if imperial else MIN_SPAN_KG
    title = CHART_TITLES["weight-trend"]
    svg = line_chart(title, series, unit=unit, min_span=min_span, bands=bands, marks=marks)
    rows = [
        (
            _day(p.date),
            _one(None if p.weight_kg is None else show([p.weight_kg])[0]),
            _one(show([p.trend_kg])[0]),
        )
        for p in trend
    ]
    table = Table(("Date", f"Weighed [{unit}]", f"Trend [{unit}]"), rows)
    note = "" if trend else "No weigh-ins yet: log a weight to see your trend beside the plan."
    return Chart("weight-trend", title, [Markup(svg)], table, note)


def circumference_chart(report: ProgressReport, units: UnitSystem) -> Chart:
    """One panel per site, each on its own scale so a 1 cm change shows."""
    imperial = units is UnitSystem.IMPERIAL
    unit = "in" if imperial else "cm"
    panels = []
    for site in SITES:
        points = [(m.date, v) for m in report.measurements if (v := m.site(site)) is not None]
        if not points:
            continue
        values = [cm_to_in(v) if imperial else v for _, v in points]
        series = Series(
            site.capitalize(), [d for d, _ in points], values, "line", SITE_COLOURS[site]
        )
        min_span = cm_to_in(MIN_SPAN_CM) if imperial else MIN_SPAN_CM
        label = f"{site.capitalize()} circumference"
        panels.append(
            Markup(line_chart(label, [series], unit=unit, min_span=min_span, plot_height=110))
        )
    rows = []
    for m in report.measurements:
        cells = [m.site(site) for site in SITES]
        rows.append(
            (
                _day(m.date),
                *(_one(None if v is None else cm_to_in(v) if imperial else v) for v in cells),
            )
        )
    headers = ("Date", *(f"{site.capitalize()} [{unit}]" for site in SITES))
    return Chart("circumferences", CHART_TITLES["circumferences"], panels, Table(headers, rows))


def volume_chart(report: ProgressReport) -> Chart:
    """Hard sets per week as bars; the table splits them by muscle."""
    weeks = sorted(report.weekly_sets)
    totals = [sum(report.weekly_sets[w].values()) for w in weeks]
    muscles = sorted({m for w in weeks for m in report.weekly_sets[w]}, key=lambda m: m.value)
    title = CHART_TITLES["weekly-volume"]
    series = Series("Hard sets, all muscles", weeks, totals, "bars", "#6f42c1")
    svg = line_chart(title, [series], unit="sets", min_span=MIN_SPAN_SETS)
    headers = ("Week of", "All", *(m.value.replace("_", " ") for m in muscles))
    rows = [
        (
            _day(w),
            f"{total:g}",
            *(f"{report.weekly_sets[w].get(m, 0.0):g}" for m in muscles),
        )
        for w, total in zip(weeks, totals, strict=True)
    ]
    return Chart("weekly-volume", title, [Markup(svg)], Table(headers, rows))


def adherence_chart(report: ProgressReport) -> Chart:
    """The plan's days as a calendar strip coloured by how each went."""
    title = CHART_TITLES["adherence-calendar"]
    svg = calendar_strip(title, [(d.date, d.status.value) for d in report.days], STATUS_STYLE)
    rows = [
        (_day(d.date), STATUS_STYLE[d.status][1], f"{d.done} of {d.planned}") for d in report.days
    ]
    return Chart(
        "adherence-calendar", title, [Markup(svg)], Table(("Date", "Day", "Sessions"), rows)
    )


def progress_charts(
    report: ProgressReport,
    projections: PlanProjection | None = None,
    units: UnitSystem = UnitSystem.METRIC,
) -> list[Chart]:
    """Every progress chart that has data, in the person's units."""
    charts = []
    if report.trend or projections is not None:
        charts.append(weight_chart(report, projections, units))
    if report.measurements:
        charts.append(circumference_chart(report, units))
    if report.weekly_sets:
        charts.append(volume_chart(report))
    if report.days:
        charts.append(adherence_chart(report))
    return charts


PROJECTION_TITLE = "Projected body weight over a year"


def projection_chart(view: ProjectionView, start: dt.date, units: UnitSystem) -> str:
    """The energy page's projection as SVG, day 0 on ``start``, in the person's units.

    The dynamic model with its band, the 3,500 kcal rule (clipped to the axis, marked
    where it stops) and the goal, if any. Drawn like the progress page's weight chart:
    no matplotlib in a worker (importing it took some 30 MB of each worker's memory).
    """
    imperial = units is UnitSystem.IMPERIAL
    dynamic, rule = view.dynamic, view.rule_3500
    dates = [start + dt.timedelta(days=day) for day in dynamic.day]
    rule_dates = [start + dt.timedelta(days=day) for day in rule.day]
    stop = rule.day.index(rule.stop_day) if rule.stop_day in rule.day else None
    bands, series, marks = _model_lines(
        ModelLines(
            dates,
            dynamic.weight_kg,
            dynamic.weight_low_kg or [],
            dynamic.weight_high_kg or [],
            rule_dates,
            rule.weight_kg,
            None if stop is None else rule_dates[stop],
            None if stop is None else RULE_STOP_NOTES.get(rule.stop_cause or ""),
        ),
        units,
        band_label="±10 % expenditure",
        dynamic_style="line",
    )
    goal = view.goal
    if goal is not None and dates:
        weight = _shown([goal.goal_weight_kg], units)[0]
        series.append(Series("Goal weight", [dates[0], dates[-1]], [weight, weight], "dashed"))
        marks.append(Mark(start + dt.timedelta(days=goal.goal_days), "#2ca02c"))
    min_span = kg_to_lb(MIN_SPAN_KG) if imperial else MIN_SPAN_KG
    return line_chart(
        PROJECTION_TITLE,
        series,
        unit="lb" if imperial else "kg",
        min_span=min_span,
        bands=bands,
        marks=marks,
    )


def _shown(kg: Sequence[float], units: UnitSystem) -> list[float]:
    """Masses in the person's unit."""
    return [kg_to_lb(v) for v in kg] if units is UnitSystem.IMPERIAL else list(kg)


class ModelLines(NamedTuple):
    """The two projections one chart draws: the dynamic model with its band, and the rule."""

    dates: Sequence[dt.date]
    dynamic_kg: Sequence[float]
    low_kg: Sequence[float]
    high_kg: Sequence[float]
    rule_dates: Sequence[dt.date]
    rule_kg: Sequence[float]
    rule_stop: dt.date | None
    rule_stop_note: str | None


def _model_lines(
    lines: ModelLines, units: UnitSystem, *, band_label: str, dynamic_style: Kind
) -> tuple[list[Band], list[Series], list[Mark]]:
    """Band, dynamic line and rule line (cut and marked where the rule stops) of a chart."""
    bands = []
    if lines.low_kg and lines.high_kg:
        low, high = _shown(lines.low_kg, units), _shown(lines.high_kg, units)
        bands.append(Band(band_label, list(lines.dates), low, high))
    dynamic = _shown(lines.dynamic_kg, units)
    series = [
        Series("Dynamic model (Hall 2011)", list(lines.dates), dynamic, dynamic_style, "#1f77b4")
    ]
    marks: list[Mark] = []
    stop = lines.rule_stop
    end = len(lines.rule_dates) if stop is None else list(lines.rule_dates).index(stop) + 1
    label = "3,500 kcal rule"
    if stop is not None:
        label += f", stops {_day(stop)}" + (
            f" ({lines.rule_stop_note})" if lines.rule_stop_note else ""
        )
        marks.append(Mark(stop))
    rule = _shown(lines.rule_kg[:end], units)
    series.append(Series(label, list(lines.rule_dates[:end]), rule, "dashed", "#d62728", fit=False))
    return bands, series, marks
