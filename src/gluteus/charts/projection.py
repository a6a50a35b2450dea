"""Chart of a weight projection: the dynamic model beside the 3,500 kcal rule, as PNG or SVG.

Uses a bare matplotlib :class:`~matplotlib.figure.Figure` (no pyplot, no GUI backend), so it
is safe in servers and tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matplotlib.figure import Figure

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


def write_projection_chart(
    path: str | Path,
    day: Sequence[float],
    dynamic_kg: Sequence[float],
    rule_3500_kg: Sequence[float],
    *,
    goal_weight_kg: float | None = None,
    goal_day: int | None = None,
    band_kg: tuple[Sequence[float], Sequence[float]] | None = None,
    title: str = "Weight projection",
) -> Path:
    """Draw both projections (and the goal, if any) and write the figure.

    Args:
        path: Output file ending in .png or .svg.
        day: Days since the start. [day]
        dynamic_kg: Weight by the dynamic model. [kg]
        rule_3500_kg: Weight by the 3,500 kcal rule. [kg]
        goal_weight_kg: Goal weight, drawn as a horizontal line. [kg]
        goal_day: Goal day, drawn as a vertical line. [day]
        band_kg: Lower and upper dynamic projections (±10 % expenditure). [kg]
        title: Figure title.

    Returns:
        The path written.

    Raises:
        ChartFormatError: The suffix is not .png or .svg.
    """
    out = check_chart_path(path)
    fig = Figure(figsize=(8.0, 4.5), dpi=100)
    ax = fig.add_subplot()
    if band_kg is not None:
        ax.fill_between(
            day, band_kg[0], band_kg[1], color="tab:blue", alpha=0.15, label="±10 % expenditure"
        )
    ax.plot(day, dynamic_kg, color="tab:blue", lw=2.0, label="Dynamic model (Hall 2011)")
    ax.plot(day, rule_3500_kg, color="tab:red", lw=1.5, ls="--", label="3,500 kcal rule")
    if goal_weight_kg is not None:
        ax.axhline(goal_weight_kg, color="tab:green", lw=1.0, ls=":", label="Goal weight")
    if goal_day is not None:
        ax.axvline(goal_day, color="tab:green", lw=1.0, ls=":")
    ax.set_xlabel("Day")
    ax.set_ylabel("Body weight [kg]")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    fig.tight_layout()
    fig.savefig(out, format=out.suffix.lower().lstrip("."))
    return out
