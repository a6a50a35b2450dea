"""`gluteus progress`: adherence, streaks, bests, weekly volume, weight trend, circumferences.

Reads the active plan and the logs; ``--chart DIR`` also writes the charts (weight trend
against both projections, circumferences, weekly sets per muscle, adherence calendar).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.runtime import parse_date, use_case
from gluteus.domain.program import Program
from gluteus.domain.progress import PersonalBest, ProgressReport
from gluteus.domain.units import UnitSystem, format_circumference, format_count, format_mass
from gluteus.services import plans
from gluteus.services import progress as progress_service

RECENT_WEEKS = 4


def _adherence_lines(report: ProgressReport, program: Program | None) -> list[str]:
    adh = report.adherence
    if program is None:
        return ["Adherence: no active plan yet (build one with `gluteus plan`)."]
    if not adh.planned:
        return [f"Adherence: no planned session due yet (your plan starts {program.start_date})."]
    share = 100 * adh.done / adh.planned
    return [
        f"Adherence: [bold]{adh.done}/{adh.planned}[/] planned sessions done ({share:.0f} %); "
        f"streak {format_count(adh.current_streak, 'day')}, longest {adh.longest_streak}.",
        *(
            f"  week {w.week} (from {w.start}): {w.done}/{w.planned}"
            for w in adh.weeks[-RECENT_WEEKS:]
        ),
    ]


def _best_text(best: PersonalBest, units: UnitSystem) -> str:
    parts = []
    if best.heaviest_kg is not None:
        parts.append(f"{format_mass(best.heaviest_kg, units)} × {best.heaviest_reps}")
    if best.best_band is not None:
        parts.append(f"{best.best_band.value} band × {best.best_band_reps}")
    if best.most_reps_bodyweight is not None:
        parts.append(f"{best.most_reps_bodyweight} reps bodyweight")
    return ", ".join(parts) or "-"


def _bests_table(report: ProgressReport, units: UnitSystem) -> Table:
    table = Table(title="Personal bests", title_justify="left")
    table.add_column("Exercise")
    table.add_column("Best")
    for exercise_id, best in sorted(report.personal_bests.items()):
        table.add_row(exercise_id, _best_text(best, units))
    return table


def _volume_table(report: ProgressReport) -> Table:
    weeks = sorted(report.weekly_sets)[-RECENT_WEEKS:]
    muscles = sorted({m for w in weeks for m in report.weekly_sets[w]})
    table = Table(title="Weekly sets per muscle", title_justify="left")
    table.add_column("Muscle")
    for week in weeks:
        table.add_column(f"wk of {week:%d %b}", justify="right")
    for muscle in muscles:
        table.add_row(
            muscle.value.replace("_", " "),
            *(f"{report.weekly_sets[w].get(muscle, 0):g}" for w in weeks),
        )
    return table


def _body_lines(report: ProgressReport, units: UnitSystem) -> list[str]:
    lines = []
    if report.trend:
        latest = report.trend[-1]
        line = f"Weight trend: [bold]{format_mass(latest.trend_kg, units)}[/] on {latest.date}"
        if report.weekly_rate_kg is not None:
            rate = report.weekly_rate_kg
            sign = "+" if rate >= 0 else "-"
            line += f" ({sign}{format_mass(abs(rate), units)} a week over the last 4 weeks)"
        lines.append(line)
    for site, change in report.circumferences.items():
        delta = change.latest_cm - change.first_cm
        sign = "-" if delta < 0 else "+"
        lines.append(
            f"{site.capitalize()}: {format_circumference(change.latest_cm, units)} "
            f"({sign}{format_circumference(abs(delta), units)} since {change.first_date})"
        )
    return lines or ["No weight or circumferences logged yet (`gluteus log weight 72kg`)."]


@app.command()
def progress(
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also write charts to this directory.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="Chart file format: png or svg.")] = "png",
    date: Annotated[
        str | None, typer.Option("--date", help="Report as of this day, YYYY-MM-DD.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Show adherence, streaks, personal bests, weekly volume, weight trend and measurements.

    Example: gluteus progress --chart charts --format svg
    """
    if fmt not in ("png", "svg"):
        fail(f"--format: png or svg; got {fmt!r}")
    chart_format: Literal["png", "svg"] = "svg" if fmt == "svg" else "png"
    with use_case() as (session, actor):
        report = progress_service.progress(session, actor, parse_date(date))
        program = plans.active_program(session, actor)
    units = actor.units
    written: list[Path] = []
    if chart is not None:
        from gluteus.charts.progress import write_progress_charts

        projections = progress_service.plan_projections(program) if program else None
        try:
            written = write_progress_charts(report, chart, chart_format, projections=projections)
        except OSError as exc:
            fail(f"--chart: cannot write to {chart} ({exc.strerror})")
    if json_out:
        print_json({**report.model_dump(mode="json"), "charts": [str(p) for p in written]})
        return
    for line in _adherence_lines(report, program):
        console.print(line)
    if report.personal_bests:
        console.print(_bests_table(report, units))
    if report.weekly_sets:
        console.print(_volume_table(report))
    for line in _body_lines(report, units):
        console.print(line)
    for path in written:
        console.print(f"Wrote {escape(str(path))}")
