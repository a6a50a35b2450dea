"""`gluteus export ics|plan|data|csv`: write your plan or your data to files.

Without ``--out`` a single-file export goes to standard output. CSV is one file per kind of
log (``sets.csv``, ``cardio.csv``, ``weights.csv``, ``measurements.csv``, ``pain.csv``,
``intake.csv``, ``periods.csv``) in the ``--out`` directory. `export data` writes your own
data, which `import data` loads again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from gluteus.cli.app import app, console, fail
from gluteus.cli.files import OutFileOpt, write_output
from gluteus.cli.runtime import use_case
from gluteus.domain.program import Program
from gluteus.services import backup, plans

export_app = typer.Typer(
    help="Write the plan or your data as iCalendar, HTML, JSON or CSV.", no_args_is_help=True
)
app.add_typer(export_app, name="export")


def _active_program() -> tuple[Program, Any]:
    with use_case() as (session, actor):
        program = plans.active_program(session, actor)
    if program is None:
        fail("plan: no active plan; build and save one with `gluteus plan` first")
    return program, actor


@export_app.command("ics")
def export_ics(
    out: OutFileOpt = None,
    start_time: Annotated[
        str, typer.Option("--start-time", help="Local start time of each session, HH:MM.")
    ] = "07:00",
) -> None:
    """Export your plan's training days as calendar events (.ics).

    Re-export after re-planning: events keep their ids, so a calendar updates them.
    Example: gluteus export ics --out gluteus.ics --start-time 18:30
    """
    from gluteus.exports import ExportError, program_ics

    try:
        at = dt.time.fromisoformat(start_time)
    except ValueError:
        fail(f"--start-time: expected HH:MM between 00:00 and 23:59, got {start_time!r}")
    program, _ = _active_program()
    try:
        content = program_ics(program, at.replace(second=0, microsecond=0))
    except ExportError as exc:
        fail(str(exc))
    write_output(content, out, "the calendar")


@export_app.command("plan")
def export_plan(
    html: Annotated[
        bool, typer.Option("--html", help="Printable HTML (the only format so far).")
    ] = True,
    out: OutFileOpt = None,
    paper: Annotated[
        str | None, typer.Option(help="a4 or letter (default: the browser's print setting).")
    ] = None,
    figures: Annotated[
        bool,
        typer.Option(
            "--figures/--no-figures",
            help="Add a page of drawn exercises, start and end side by side (default: on).",
        ),
    ] = True,
) -> None:
    """Export your plan as a printable HTML page (one week per printed page).

    Example: gluteus export plan --html --out plan.html
    """
    from gluteus.exports import Paper, program_html

    if not html:
        fail("--html: HTML is the only plan format; open it in a browser and print it")
    if paper not in (None, "a4", "letter"):
        fail(f"--paper: a4 or letter; got {paper!r}")
    program, actor = _active_program()
    size: Paper | None = "a4" if paper == "a4" else ("letter" if paper == "letter" else None)
    printable = program_html(program, actor.units, paper=size, figures=figures)
    write_output(printable, out, "the plan")


@export_app.command("data")
def export_data(out: OutFileOpt = None) -> None:
    """Export all your data (profiles, plan and every log) as JSON, to back up or move.

    Example: gluteus export data --out gluteus-backup.json
    """
    from gluteus.exports import data_json

    with use_case() as (session, actor):
        data = backup.export_user(session, actor)
    write_output(data_json(data), out, "your data")


@export_app.command("csv")
def export_csv(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory for the CSV files (created if needed).")
    ] = Path("gluteus-csv"),
) -> None:
    """Export your logs as CSV files, one per kind (sets, cardio, weights …).

    Example: gluteus export csv --out my-logs
    """
    from gluteus.exports import history_csv
    from gluteus.services import journal

    with use_case() as (session, actor):
        history = journal.history(session, actor)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in history_csv(history).items():
            (out / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"--out: cannot write to {out} ({exc.strerror})")
    console.print(f"Wrote CSV files to {escape(str(out))}/.")
