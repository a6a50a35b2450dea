"""``gluteus project``: weight projections by the dynamic model and by the 3,500 kcal rule."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.panel import Panel
from rich.table import Table

from gluteus.charts.projection import ChartFormatError, check_chart_path, write_projection_chart
from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.domain.bodyweight import (
    GOAL_DAYS_RANGE,
    Baseline,
    GoalResult,
    Phase,
    ProjectionInputError,
    Trajectory,
    baseline,
    rule_3500_projection,
    simulate,
    solve_goal,
)
from gluteus.domain.profile import HEIGHT_RANGE_CM, WEIGHT_RANGE_KG
from gluteus.domain.units import UnitParseError, parse_length_cm, parse_mass_kg

REPORT_WEEKS = (4, 12, 26, 52, 156)
DEFAULT_DAYS = 365
UNCERTAINTY_FRACTION = 0.10
"""The BWP's band: expenditure ±10 % of the baseline intake (calorie_spread)."""

_OPTION_OF_FIELD = {
    "sex": "--sex",
    "age": "--age",
    "height": "--height",
    "weight": "--weight",
    "pal": "--pal",
    "intake": "--intake-change",
    "activity_change": "--activity-change",
    "goal_weight": "--goal-weight",
    "goal_days": "--goal-days",
    "days": "--days",
}

TRUST_NOTE = (
    "Trust the dynamic model: it lets expenditure fall as weight, lean mass and adaptive "
    "thermogenesis fall (Hall et al., Lancet 2011; NIH Body Weight Planner). The 3,500 kcal "
    "rule assumes expenditure never changes, so it overstates loss more and more with time."
)


def _option_error(exc: ValueError) -> str:
    message = str(exc)
    match = re.match(r"^([a-z_]+): (.*)$", message, re.DOTALL)
    if match and match.group(1) in _OPTION_OF_FIELD:
        return f"{_OPTION_OF_FIELD[match.group(1)]}: {match.group(2)}"
    return message


def _mass(option: str, text: str) -> float:
    low, high = WEIGHT_RANGE_KG
    try:
        value = parse_mass_kg(text)
    except UnitParseError as exc:
        fail(f"{option}: {exc}; allowed range {low:g}–{high:g} kg")
    if not low <= value <= high:
        fail(f"{option}: {value:g} kg is outside the allowed range {low:g}–{high:g} kg")
    return value


def _length(option: str, text: str) -> float:
    low, high = HEIGHT_RANGE_CM
    try:
        value = parse_length_cm(text)
    except UnitParseError as exc:
        fail(f"{option}: {exc}; allowed range {low:g}–{high:g} cm")
    if not low <= value <= high:
        fail(f"{option}: {value:g} cm is outside the allowed range {low:g}–{high:g} cm")
    return value


def _rounded(values: Any, digits: int = 3) -> list[float]:
    return [round(float(v), digits) for v in np.asarray(values)]


def _goal_json(goal: GoalResult) -> dict[str, Any]:
    def r1(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return {
        "goal_weight_kg": round(goal.goal_weight_kg, 3),
        "goal_days": goal.goal_days,
        "intake_kcal": r1(goal.intake_kcal),
        "maintenance_intake_kcal": r1(goal.maintenance_intake_kcal),
        "maintenance_drop_kcal": r1(goal.maintenance_drop_kcal),
        "achievable": goal.achievable,
        "warnings": list(goal.warnings),
        "earliest_safe_day": goal.earliest_safe_day,
        "activity_change_pct": r1(goal.activity_change_pct),
        "floor_kcal": goal.floor_kcal,
        "weekly_loss_kg": round(goal.weekly_loss_kg, 3),
        "safe_pace_kg_per_week": round(goal.safe_pace_kg_per_week, 3),
    }


def _phases(
    base: Baseline,
    intake_change: float,
    activity_change: float,
    goal: GoalResult | None,
    use_goal_plan: bool,
) -> tuple[list[Phase], str]:
    if use_goal_plan and goal is not None and goal.intake_kcal is not None:
        assert goal.maintenance_intake_kcal is not None
        return [
            Phase(0, intake_kcal=goal.intake_kcal, activity_change_pct=activity_change),
            Phase(
                goal.goal_days + 1,
                intake_kcal=goal.maintenance_intake_kcal,
                activity_change_pct=activity_change,
            ),
        ], "goal intake, then maintenance from the day after the goal day"
    return [Phase(0, intake_change, activity_change)], (
        f"intake {float(base.intake_kcal[0]) + intake_change:.0f} kcal/day "
        f"({intake_change:+.0f}), activity {activity_change:+.0f} %"
    )


def _print_table(dynamic: np.ndarray, rule: np.ndarray, n_days: int) -> None:
    table = Table(title="Projected body weight")
    for name in ("Week", "Day", "Dynamic model [kg]", "3,500 kcal rule [kg]", "Rule ÷ model loss"):
        table.add_column(name, justify="right")
    start = float(dynamic[0])
    for week in REPORT_WEEKS:
        day = week * 7
        if day > n_days:
            continue
        dyn, rul = float(dynamic[day]), float(rule[day])
        moved = abs(start - dyn) >= 1e-9
        gap_text = f"{(start - rul) / (start - dyn):.1f}×" if moved else "–"
        table.add_row(str(week), str(day), f"{dyn:.1f}", f"{rul:.1f}", gap_text)
    if not table.rows:
        table.add_row("–", str(n_days), f"{float(dynamic[-1]):.1f}", f"{float(rule[-1]):.1f}", "")
    console.print(table)


def _print_goal(goal: GoalResult) -> None:
    status = "[green]achievable[/]" if goal.achievable else "[red]not achievable safely[/]"
    console.print(
        f"\n[bold]Goal[/]: {goal.goal_weight_kg:.1f} kg on day {goal.goal_days} — {status}"
    )
    if goal.intake_kcal is not None:
        console.print(f"  Intake to reach it: {goal.intake_kcal:.0f} kcal/day")
    if goal.maintenance_intake_kcal is not None and goal.maintenance_drop_kcal is not None:
        console.print(
            f"  Maintenance afterwards: {goal.maintenance_intake_kcal:.0f} kcal/day "
            f"({goal.maintenance_drop_kcal:.0f} kcal/day below today's "
            f"{goal.baseline_intake_kcal:.0f})"
        )
    if goal.activity_change_pct is not None:
        console.print(
            f"  Or, at today's intake: {goal.activity_change_pct:+.0f} % physical activity"
        )
    if goal.earliest_safe_day is not None and not goal.achievable:
        console.print(f"  Earliest safe goal day: day {goal.earliest_safe_day}")
    for warning in goal.warnings:
        console.print(f"  [yellow]warning:[/] {warning}")


def _check_options(
    goal_kg: float | None,
    goal_days: int | None,
    days: int | None,
    intake_for_goal: bool,
    chart: Path | None,
) -> None:
    if (goal_kg is None) != (goal_days is None):
        fail("--goal-weight and --goal-days: give both or neither")
    if intake_for_goal and goal_kg is None:
        fail("--intake-for-goal: needs --goal-weight and --goal-days")
    high = GOAL_DAYS_RANGE[1]
    if goal_days is not None and not GOAL_DAYS_RANGE[0] <= goal_days <= high:
        fail(f"--goal-days: {goal_days} is outside the allowed range 1–{high} days")
    if days is not None and not 1 <= days <= high:
        fail(f"--days: {days} is outside the allowed range 1–{high} days")
    if chart is not None:
        try:
            check_chart_path(chart)
        except ChartFormatError as exc:
            fail(f"--{exc}")


def _payload(
    base: Baseline,
    tr: Trajectory,
    rule: np.ndarray,
    band: tuple[Trajectory, Trajectory],
    n_days: int,
    plan: str,
    goal: GoalResult | None,
    chart: Path | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "baseline_intake_kcal": round(float(base.intake_kcal[0]), 1),
        "rmr_kcal": round(float(base.rmr_kcal[0]), 1),
        "body_fat_pct": round(float(base.body_fat_pct[0]), 2),
        "days": n_days,
        "plan": plan,
        "dynamic": {
            "day": tr.day.tolist(),
            "weight_kg": _rounded(tr.weight_kg[0]),
            "fat_mass_kg": _rounded(tr.fat_kg[0]),
            "lean_mass_kg": _rounded(tr.lean_kg[0]),
            "weight_low_kg": _rounded(band[0].weight_kg[0]),
            "weight_high_kg": _rounded(band[1].weight_kg[0]),
        },
        "rule_3500": {"day": tr.day.tolist(), "weight_kg": _rounded(rule[0])},
        "trust": "dynamic",
        "trust_note": TRUST_NOTE,
    }
    if goal is not None:
        data["goal"] = _goal_json(goal)
    if chart is not None:
        data["chart"] = str(chart)
    return data


@app.command("project")
def project(
    sex: Annotated[str, typer.Option(help="female or male")],
    age: Annotated[float, typer.Option(help="Age in years (18-100).")],
    height: Annotated[str, typer.Option(help="Height, e.g. 165cm or 5ft 5in.")],
    weight: Annotated[str, typer.Option(help="Body weight, e.g. 72kg or 160lb.")],
    pal: Annotated[float, typer.Option(help="Physical activity level, 1.0-2.5 (1.6 typical).")],
    intake_change: Annotated[
        float, typer.Option(help="Intake change from maintenance PAL × RMR. [kcal/day]")
    ] = 0.0,
    activity_change: Annotated[
        float, typer.Option(help="Change of physical activity. [%, −100…+500]")
    ] = 0.0,
    days: Annotated[int | None, typer.Option(help="Days to project (default 365).")] = None,
    goal_weight: Annotated[str | None, typer.Option(help="Goal weight, e.g. 65kg.")] = None,
    goal_days: Annotated[int | None, typer.Option(help="Days to reach the goal.")] = None,
    intake_for_goal: Annotated[
        bool, typer.Option("--intake-for-goal", help="Print the intake that reaches the goal.")
    ] = False,
    chart: Annotated[Path | None, typer.Option(help="Write a chart (.png or .svg).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Project weight by the dynamic model and by the 3,500 kcal rule, and solve a goal.

    With a goal and no --intake-change, the projection follows the goal intake and then the
    maintenance intake.

    Example: gluteus project --sex female --age 30 --height 5ft5in --weight 72 --pal 1.6
    """
    height_cm = _length("--height", height)
    weight_kg = _mass("--weight", weight)
    goal_kg = None if goal_weight is None else _mass("--goal-weight", goal_weight)
    _check_options(goal_kg, goal_days, days, intake_for_goal, chart)
    n_days = max(days or DEFAULT_DAYS, goal_days or 0)
    try:
        base = baseline(sex.lower(), age, height_cm, weight_kg, pal)
        goal = None
        if goal_kg is not None and goal_days is not None:
            goal = solve_goal(base, goal_kg, goal_days, activity_change)
        phases, plan = _phases(base, intake_change, activity_change, goal, intake_change == 0.0)
        tr = simulate(base, n_days, phases)
        rule = rule_3500_projection(base, n_days, phases)
        spread = UNCERTAINTY_FRACTION * base.intake_kcal
        low = simulate(dataclasses.replace(base, k_kcal=base.k_kcal + spread), n_days, phases)
        high = simulate(dataclasses.replace(base, k_kcal=base.k_kcal - spread), n_days, phases)
    except ProjectionInputError as exc:
        fail(_option_error(exc))
    dynamic_kg = tr.weight_kg[0]
    if chart is not None:
        write_projection_chart(
            chart,
            tr.day.tolist(),
            dynamic_kg.tolist(),
            rule[0].tolist(),
            goal_weight_kg=goal_kg,
            goal_day=goal_days,
            band_kg=(low.weight_kg[0].tolist(), high.weight_kg[0].tolist()),
        )
    if as_json:
        print_json(_payload(base, tr, rule, (low, high), n_days, plan, goal, chart))
        return
    if intake_for_goal and goal is not None:
        text = (
            f"Eat {goal.intake_kcal:.0f} kcal/day for {goal.goal_days} days to reach "
            f"{goal.goal_weight_kg:.1f} kg."
            if goal.intake_kcal is not None
            else f"No intake reaches {goal.goal_weight_kg:.1f} kg in {goal.goal_days} days."
        )
        console.print(Panel(f"[bold]{text}[/]", title="Intake for goal"))
    console.print(
        f"Baseline maintenance intake: {float(base.intake_kcal[0]):.0f} kcal/day "
        f"(PAL {pal:g} × RMR {float(base.rmr_kcal[0]):.0f}); plan: {plan}."
    )
    _print_table(dynamic_kg, rule[0], n_days)
    console.print(TRUST_NOTE)
    if goal is not None:
        _print_goal(goal)
    if chart is not None:
        console.print(f"Chart written to {chart}")
