"""``gluteus project``: weight projections by the dynamic model and by the 3,500 kcal rule."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.formats import localize
from gluteus.cli.runtime import use_case
from gluteus.domain.profile import HEIGHT_RANGE_CM, WEIGHT_RANGE_KG, Limitation, Profile
from gluteus.domain.units import UnitSystem, format_mass
from gluteus.services import plans
from gluteus.services import quantities as parse
from gluteus.services.energy import (
    REPORT_WEEKS,
    RULE_STOP_NOTES,
    GoalView,
    ProjectionRequest,
    ProjectionView,
)
from gluteus.services.energy import project as project_weight
from gluteus.services.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from gluteus.services.context import Actor

FLAGS = {
    "sex": "--sex",
    "age": "--age",
    "height_cm": "--height",
    "weight_kg": "--weight",
    "pal": "--pal",
    "intake_change_kcal": "--intake-change",
    "activity_change_pct": "--activity-change",
    "goal_weight_kg": "--goal-weight",
    "goal_days": "--goal-days",
    "days": "--days",
    "chart": "--chart",
}


def _in_range(value: float, field: str, bounds: tuple[float, float], unit: str) -> float:
    low, high = bounds
    if not low <= value <= high:
        raise InputError(field, "out of range", allowed=f"{low:g}–{high:g} {unit}", value=value)
    return value


def _request(data: dict[str, object]) -> ProjectionRequest:
    from pydantic import ValidationError

    from gluteus.services.errors import from_validation

    try:
        return ProjectionRequest.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, ProjectionRequest) from None


def _default_pal(session: Session, actor: Actor, saved: Profile | None) -> float:
    """The saved plan's PAL (everyday activity plus its workouts), else the profile's."""
    from gluteus.domain.energy.balance import ACTIVITY_FACTORS
    from gluteus.services.progress import plan_pal

    program = plans.active_program(session, actor)
    if program is not None:
        return plan_pal(program)
    if saved is None:
        fail("--pal: missing (or save a profile with `gluteus plan`)")
    return ACTIVITY_FACTORS[saved.activity]


def _print_table(view: ProjectionView, units: UnitSystem) -> None:
    table = Table(title="Projected body weight")
    for name in ("Week", "Day", "Dynamic model", "3,500 kcal rule", "Rule ÷ model loss"):
        table.add_column(name, justify="right")
    dynamic, rule = view.dynamic.weight_kg, view.rule_3500.weight_kg
    stop = view.rule_3500.stop_day
    start = dynamic[0]

    def rule_cell(day: int) -> str:
        held = stop is not None and day >= stop
        return format_mass(rule[day], units) + (" (stopped)" if held else "")

    for week in REPORT_WEEKS:
        day = week * 7
        if day > view.days:
            continue
        moved = abs(start - dynamic[day]) >= 1e-9
        held = stop is not None and day >= stop
        gap = f"{(start - rule[day]) / (start - dynamic[day]):.1f}×" if moved and not held else "–"
        table.add_row(str(week), str(day), format_mass(dynamic[day], units), rule_cell(day), gap)
    if not table.rows:
        table.add_row(
            "–", str(view.days), format_mass(dynamic[-1], units), rule_cell(view.days), ""
        )
    console.print(table)
    if view.rule_3500.stop_reason is not None:
        console.print(f"[yellow]{escape(view.rule_3500.stop_reason)}[/]")


def _print_goal(goal: GoalView, units: UnitSystem) -> None:
    status = "[green]achievable[/]" if goal.achievable else "[red]not achievable safely[/]"
    console.print(
        f"\n[bold]Goal[/]: {format_mass(goal.goal_weight_kg, units)} on day {goal.goal_days} "
        f"— {status}"
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


def _print_human(
    view: ProjectionView, units: UnitSystem, *, intake_for_goal: bool, chart: Path | None
) -> None:
    goal = view.goal
    if intake_for_goal and goal is not None:
        target = format_mass(goal.goal_weight_kg, units)
        text = (
            f"Eat {goal.intake_kcal:.0f} kcal/day for {goal.goal_days} days to reach {target}."
            if goal.intake_kcal is not None
            else f"No intake reaches {target} in {goal.goal_days} days."
        )
        console.print(Panel(f"[bold]{text}[/]", title="Intake for goal"))
    console.print(
        f"Baseline maintenance intake: {view.baseline_intake_kcal:.0f} kcal/day "
        f"(PAL {view.pal:g} × RMR {view.rmr_kcal:.0f}); plan: {view.plan}."
    )
    _print_table(view, units)
    for warning in view.warnings:
        console.print(f"[bold]Note:[/] {escape(localize(warning, units))}")
    console.print(view.trust_note)
    if goal is not None:
        _print_goal(goal, units)
    if chart is not None:
        console.print(f"Chart written to {escape(str(chart))}")


def _pregnancy(saved: Profile | None) -> dict[str, Any]:
    """The saved profile's pregnancy, when the projection is of the saved person."""
    if saved is None or Limitation.PREGNANCY not in saved.limitations:
        return {}
    return {"pregnant": True, "pregnancy_trimester": saved.pregnancy_trimester}


@app.command("project")
def project(
    sex: Annotated[str | None, typer.Option(help="female or male (default: your profile).")] = None,
    age: Annotated[float | None, typer.Option(help="Age in years (18-100).")] = None,
    height: Annotated[
        str | None, typer.Option(help="Height, e.g. 165cm or 5ft 5in (bare: your units).")
    ] = None,
    weight: Annotated[
        str | None, typer.Option(help="Body weight, e.g. 72kg or 160lb (bare: your units).")
    ] = None,
    pal: Annotated[
        float | None, typer.Option(help="Physical activity level, 1.0-2.5 (1.6 typical).")
    ] = None,
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

    Flags left out come from your saved profile and latest logged weight. With a goal and
    no --intake-change, the projection follows the goal intake, then maintenance.
    Example: gluteus project --sex female --age 30 --height 5ft5in --weight 72 --pal 1.6
    """
    from gluteus.charts.projection import ChartFormatError, check_chart_path

    if intake_for_goal and goal_weight is None:
        fail("--intake-for-goal: needs --goal-weight and --goal-days")
    if chart is not None:
        try:
            check_chart_path(chart)
        except ChartFormatError as exc:
            fail(f"--{exc}")
    with use_case(flags=FLAGS) as (session, actor):
        u = actor.units
        saved = plans.effective_profile(session, actor)
        given = {"sex": sex, "age": age, "height": height, "weight": weight, "pal": pal}
        missing = [f"--{k}" for k, v in given.items() if v is None]
        if missing and saved is None:
            fail(f"missing {', '.join(missing)} (or save a profile with `gluteus plan`)")
        height_cm = (
            _in_range(parse.length_cm(height, u, "height_cm"), "height_cm", HEIGHT_RANGE_CM, "cm")
            if height is not None
            else saved.height_cm  # type: ignore[union-attr]
        )
        weight_kg = (
            _in_range(parse.mass_kg(weight, u, "weight_kg"), "weight_kg", WEIGHT_RANGE_KG, "kg")
            if weight is not None
            else saved.weight_kg  # type: ignore[union-attr]
        )
        goal_kg = (
            _in_range(
                parse.mass_kg(goal_weight, u, "goal_weight_kg"),
                "goal_weight_kg",
                WEIGHT_RANGE_KG,
                "kg",
            )
            if goal_weight is not None
            else None
        )
        request = _request(
            {
                "sex": (sex or (saved.sex.value if saved else "")).lower(),
                "age": age if age is not None else saved.age,  # type: ignore[union-attr]
                "height_cm": height_cm,
                "weight_kg": weight_kg,
                "pal": pal if pal is not None else _default_pal(session, actor, saved),
                "intake_change_kcal": intake_change,
                "activity_change_pct": activity_change,
                "days": days,
                "goal_weight_kg": goal_kg,
                "goal_days": goal_days,
                **_pregnancy(saved if sex is None else None),
            }
        )
        view = project_weight(request)
    if chart is not None:
        from gluteus.charts.projection import write_projection_chart

        write_projection_chart(
            chart,
            view.dynamic.day,
            view.dynamic.weight_kg,
            view.rule_3500.weight_kg,
            goal_weight_kg=goal_kg,
            goal_day=goal_days,
            band_kg=(view.dynamic.weight_low_kg or [], view.dynamic.weight_high_kg or []),
            rule_stop_day=view.rule_3500.stop_day,
            rule_stop_note=RULE_STOP_NOTES.get(view.rule_3500.stop_cause or ""),
        )
    if as_json:
        data = view.model_dump(mode="json")
        # Series lists a projection does not have are left out; the rule's stop fields stay
        # (null when the line never stops).
        for key in ("dynamic", "rule_3500"):
            data[key] = {
                k: v for k, v in data[key].items() if v is not None or k.startswith("stop_")
            }
        if data["goal"] is None:
            del data["goal"]
        if chart is not None:
            data["chart"] = str(chart)
        print_json(data)
        return
    _print_human(view, u, intake_for_goal=intake_for_goal, chart=chart)
