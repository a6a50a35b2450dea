"""Chart of a weight projection: the dynamic model beside the 3,500 kcal rule, as PNG or SVG.

Uses a bare matplotlib :class:`~matplotlib.figure.Figure` (no pyplot, no GUI backend), so it
is safe in servers and tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray

CHART_SUFFIXES = (".png", ".svg")


class ChartFormatError(ValueError):
    """The chart path has a suffix other than .png or .svg."""


def check_chart_path(path: str | Path) -> Path:
    """Return ``path`` as a :class:`Path` if its suffix is .png or .svg.

    Raises:
        ChartFormatError: Any other suffix; the message lists the allowed ones.
    """
    out = Path(path)
    if out.suffix.lower() not in CHART_SUFFIXES:
        raise ChartFormatError(
            f"chart: {out.name!r} must end in .png or .svg (got {out.suffix or 'no suffix'!r})"
        )
    return out


MARGIN_FRACTION = 0.08
"""Space above and below the scaled data, as a share of its range. [-]"""
MIN_MARGIN_KG = 0.5
"""Smallest margin above and below the scaled data. [kg]"""
RULE_COLOUR = "tab:red"


def weight_limits(*series: Sequence[float] | None) -> tuple[float, float]:
    """Y-axis limits that fit the given series (None and empty ones skipped), plus a margin.

    Used with the dynamic model, its band, the goal and any readings, never the 3,500 kcal
    rule, so a rule line that runs far ahead is clipped instead of squashing the rest.

    Returns:
        (bottom, top). [kg]
    """
    parts = [np.asarray(s, dtype=float).ravel() for s in series if s is not None]
    values = np.concatenate(parts) if parts else np.empty(0)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    margin = max(MARGIN_FRACTION * (high - low), MIN_MARGIN_KG)
    return low - margin, high + margin


def draw_rule_line(
    ax: Axes,
    x: Sequence[float] | NDArray[np.float64],
    rule_kg: Sequence[float],
    stop_index: int | None,
    stop_note: str | None,
    limits: tuple[float, float],
    *,
    when: Callable[[int], str],
) -> None:
    """The 3,500 kcal rule as a dashed line that ends where the rule stops, marked there.

    The line is drawn up to ``stop_index`` (inclusive) only; the axis keeps ``limits``, so
    the part beyond them is clipped and the legend says where the line leaves the chart.

    Args:
        ax: The axes (its y-limits are set to ``limits``).
        x: Positions on the x-axis, one per value.
        rule_kg: The rule's weights; from ``stop_index`` on they are a held value. [kg]
        stop_index: Index of the stop, or None when the rule never stops.
        stop_note: Short reason shown at the stop (e.g. "BMI 18.5").
        limits: Y-axis limits. [kg]
        when: Names the position of an index for the labels ("day 412", "12 Mar 2026").
    """
    end = len(rule_kg) if stop_index is None else stop_index + 1
    xs = np.asarray(x[:end], dtype=float)
    ys = np.asarray(rule_kg[:end], dtype=float)
    label = "3,500 kcal rule"
    outside = np.flatnonzero((ys < limits[0]) | (ys > limits[1]))
    if outside.size:
        first = int(outside[0])
        side = "below" if ys[first] < limits[0] else "above"
        label += f" (leaves the chart {side} on {when(first)})"
    ax.plot(xs, ys, color=RULE_COLOUR, lw=1.5, ls="--", label=label)
    if stop_index is not None:
        stop_x, stop_y = float(x[stop_index]), float(rule_kg[stop_index])
        ax.axvline(stop_x, color=RULE_COLOUR, lw=0.8, ls=":")
        if limits[0] <= stop_y <= limits[1]:
            ax.plot([stop_x], [stop_y], marker="X", ms=8, color=RULE_COLOUR, ls="none")
        note = f" ({stop_note})" if stop_note else ""
        ax.annotate(
            f"rule stops{note}, {when(stop_index)}",
            xy=(stop_x, limits[1]),
            xytext=(-4, -6),
            textcoords="offset points",
            ha="right",
            va="top",
            rotation=90,
            fontsize="small",
            color=RULE_COLOUR,
        )
    ax.set_ylim(*limits)


def projection_figure(
    day: Sequence[float],
    dynamic_kg: Sequence[float],
    rule_3500_kg: Sequence[float],
    *,
    goal_weight_kg: float | None = None,
    goal_day: int | None = None,
    band_kg: tuple[Sequence[float], Sequence[float]] | None = None,
    rule_stop_day: int | None = None,
    rule_stop_note: str | None = None,
    title: str = "Weight projection",
) -> Figure:
    """Both projections (and the goal, if any), scaled to the dynamic model and its band.

    Args: as :func:`write_projection_chart`.

    Returns:
        The figure.
    """
    fig = Figure(figsize=(8.0, 4.5), dpi=100)
    ax = fig.add_subplot()
    band = band_kg if band_kg is not None and len(band_kg[0]) and len(band_kg[1]) else None
    if band is not None:
        ax.fill_between(
            day, band[0], band[1], color="tab:blue", alpha=0.15, label="±10 % expenditure"
        )
    ax.plot(day, dynamic_kg, color="tab:blue", lw=2.0, label="Dynamic model (Hall 2011)")
    goal = [goal_weight_kg] if goal_weight_kg is not None else None
    limits = weight_limits(dynamic_kg, *(band or ()), goal)
    stop = None if rule_stop_day is None else list(day).index(rule_stop_day)
    draw_rule_line(
        ax, day, rule_3500_kg, stop, rule_stop_note, limits, when=lambda i: f"day {day[i]:.0f}"
    )
    if goal_weight_kg is not None:
        ax.axhline(goal_weight_kg, color="tab:green", lw=1.0, ls=":", label="Goal weight")
    if goal_day is not None:
        ax.axvline(goal_day, color="tab:green", lw=1.0, ls=":")
    ax.set_xlabel("Day")
    ax.set_ylabel("Body weight [kg]")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize="small")
    fig.tight_layout()
    return fig


def write_projection_chart(
    path: str | Path,
    day: Sequence[float],
    dynamic_kg: Sequence[float],
    rule_3500_kg: Sequence[float],
    *,
    goal_weight_kg: float | None = None,
    goal_day: int | None = None,
    band_kg: tuple[Sequence[float], Sequence[float]] | None = None,
    rule_stop_day: int | None = None,
    rule_stop_note: str | None = None,
    title: str = "Weight projection",
) -> Path:
    """Draw both projections (and the goal, if any) and write the figure.

    The y-axis fits the dynamic model, its band and the goal; the 3,500 kcal rule is
    clipped to it and ends, marked, on the day it stops.

    Args:
        path: Output file ending in .png or .svg.
        day: Days since the start. [day]
        dynamic_kg: Weight by the dynamic model. [kg]
        rule_3500_kg: Weight by the 3,500 kcal rule. [kg]
        goal_weight_kg: Goal weight, drawn as a horizontal line. [kg]
        goal_day: Goal day, drawn as a vertical line. [day]
        band_kg: Lower and upper dynamic projections (±10 % expenditure). [kg]
        rule_stop_day: Day the rule's line stops (one of ``day``), or None. [day]
        rule_stop_note: Short reason shown at the stop, e.g. "BMI 18.5".
        title: Figure title.

    Returns:
        The path written.

    Raises:
        ChartFormatError: The suffix is not .png or .svg.
    """
    out = check_chart_path(path)
    fig = projection_figure(
        day,
        dynamic_kg,
        rule_3500_kg,
        goal_weight_kg=goal_weight_kg,
        goal_day=goal_day,
        band_kg=band_kg,
        rule_stop_day=rule_stop_day,
        rule_stop_note=rule_stop_note,
        title=title,
    )
    fig.savefig(out, format=out.suffix.lower().lstrip("."), bbox_inches="tight")
    return out
