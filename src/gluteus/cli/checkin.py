"""`gluteus checkin`: measured expenditure, the weight trend and a new intake target."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from gluteus.cli.app import JSON_OPTION_HELP, app, console, print_json
from gluteus.cli.formats import localize
from gluteus.cli.runtime import use_case
from gluteus.domain.units import UnitSystem, format_mass
from gluteus.services import checkin as service

METHOD_LABEL = {
    "intake_and_trend": "measured (weight trend + logged intake)",
    "model_offset": "measured (weight trend against the model)",
    "prior": "estimated (equations; not measured yet)",
}


def _rate(rate_kg: float | None, units: UnitSystem) -> str:
    if rate_kg is None:
        return "not enough weigh-ins yet"
    sign = "+" if rate_kg > 0 else "−" if rate_kg < 0 else "±"
    return f"{sign}{format_mass(abs(rate_kg), units)} a week"


def checkin_lines(view: service.CheckinView, units: UnitSystem) -> list[str]:
    """The check-in as a few plain lines (Rich markup, user text escaped)."""
    exp, trend, target = view.expenditure, view.trend, view.target
    band = round(exp.band_level * 100)
    change = (
        "no change"
        if target.change_kcal == 0
        else f"{target.change_kcal:+,.0f} kcal from {target.previous_kcal:,.0f}"
    )
    data = (
        f"{exp.weigh_ins} weigh-ins, {exp.intake_days} days of intake over {exp.days_of_data} days"
        if exp.days_of_data > 0
        else f"{exp.weigh_ins} weigh-ins and {exp.intake_days} days of intake so far"
    )
    lines = [
        f"[bold]Check-in {view.date}[/]",
        f"Expenditure: [bold]{exp.tdee_kcal:,.0f} kcal/day[/] "
        f"({band} % band {exp.low_kcal:,.0f}–{exp.high_kcal:,.0f}), "
        f"{METHOD_LABEL[exp.method]}; {data}.",
        f"  How: {escape(exp.how)}.",
        f"Trend: [bold]{format_mass(trend.weight_kg, units)}[/], "
        f"{_rate(trend.rate_kg_per_week, units)} "
        f"(planned {_rate(trend.expected_rate_kg_per_week, units)}).",
        f"  {escape(localize(trend.verdict, units))}",
        f"Target: [bold]{target.intake_kcal:,.0f} kcal/day[/] ({change}; "
        f"floor {target.floor_kcal:,.0f}).",
        f"  {escape(localize(target.reason, units))}",
    ]
    if not target.accepted and target.proposed_kcal is not None:
        lines.append(
            f"Proposed: {target.proposed_kcal:,.0f} kcal/day; you kept your target. "
            "Put it in force with `gluteus checkin --accept`."
        )
    eaten = view.adherence
    if eaten is not None and eaten.logged_intake_kcal is not None:
        lines.append(
            f"Eaten: {eaten.logged_intake_kcal:,.0f} kcal/day on average against a target of "
            f"{eaten.target_kcal:,.0f} ({eaten.days_logged} of the last {eaten.days} days logged)."
        )
    lines.extend(
        f"[bold yellow]Note:[/] {escape(localize(w.message, units))}" for w in view.warnings
    )
    lines.append(
        f"Next check-in: {view.next_checkin}." + ("" if view.saved else " (Not saved: --dry-run.)")
    )
    return lines


@app.command()
def checkin(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the check-in without saving it.")
    ] = False,
    show_history: Annotated[
        bool, typer.Option("--history", help="List your saved check-ins instead.")
    ] = False,
    keep: Annotated[
        bool,
        typer.Option("--keep", help="Keep your current target; the proposal is recorded."),
    ] = False,
    accept: Annotated[
        bool,
        typer.Option("--accept", help="Put the last check-in's kept proposal in force."),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Weekly check-in: expenditure from your logs, your trend and a new calorie target.

    Log your weight most mornings (`gluteus log weight 72.4kg`) and, if you can, what you ate
    (`gluteus log intake 1850`); the check-in measures what you really burn and resets the
    target for your planned pace, never below the floor. Example: gluteus checkin
    """
    with use_case() as (session, actor):
        if show_history:
            rows = service.checkin_history(session, actor)
        elif accept:
            view = service.accept_proposal(session, actor)
        else:
            request = service.CheckinInput(save=not dry_run, accept=not keep)
            view = service.checkin(session, actor, request)
    if show_history:
        if json_out:
            print_json([row.model_dump(mode="json") for row in rows])
            return
        _history_table(rows, actor.units)
        return
    if json_out:
        print_json(view)
        return
    for line in checkin_lines(view, actor.units):
        console.print(line, soft_wrap=True)


def _history_table(rows: list[service.CheckinSummary], units: UnitSystem) -> None:
    if not rows:
        console.print("No check-ins yet. Run `gluteus checkin` once a week.")
        return
    table = Table(title="Check-ins, newest first", title_justify="left")
    for column in ("Date", "Target", "Expenditure (band)", "Trend weight", "Rate", "How"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row.date),
            f"{row.intake_kcal:,.0f}"
            + (
                f" (proposed {row.proposed_kcal:,.0f}, kept)"
                if not row.accepted and row.proposed_kcal is not None
                else ""
            ),
            f"{row.tdee_kcal:,.0f} ({row.low_kcal:,.0f}–{row.high_kcal:,.0f})",
            format_mass(row.weight_kg, units),
            _rate(row.rate_kg_per_week, units),
            METHOD_LABEL[row.method].split(" (")[0],
        )
    console.print(table)
