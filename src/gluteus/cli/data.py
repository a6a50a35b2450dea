"""`gluteus export …` and `gluteus import data`: the plan and the logs in and out as files.

Without ``--out`` a single-file export goes to standard output. CSV is one file per kind of
log (``sets.csv``, ``cardio.csv``, ``weights.csv``, ``measurements.csv``, ``pain.csv``,
``intake.csv``) in the ``--out`` directory.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from gluteus.cli.app import app, console, fail
from gluteus.cli.log import database
from gluteus.config import get_settings
from gluteus.domain.program import Program
from gluteus.exports import ExportError, data_json, history_csv, program_html, program_ics
from gluteus.services import tracking

export_app = typer.Typer(
    help="Write the plan or your data as iCalendar, HTML, JSON or CSV.", no_args_is_help=True
)
import_app = typer.Typer(help="Load data exported by `gluteus export data`.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

OutFileOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
]


def _write(content: str | bytes, out: Path | None, what: str) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        fail(f"--out: cannot write {out} ({exc.strerror})")
    console.print(f"Wrote {what} to {out}.")


def _active_program() -> Program:
    with database() as engine:
        program = tracking.active_program(engine)
    if program is None:
        fail("plan: no active plan; build and save one with `gluteus plan` first")
    return program


@export_app.command("ics")
def export_ics(
    out: OutFileOpt = None,
    start_time: Annotated[
        str, typer.Option("--start-time", help="Local start time of each session, HH:MM.")
    ] = "07:00",
) -> None:
    """Export the active plan's training days as calendar events (.ics).

    Example: gluteus export ics --out gluteus.ics --start-time 18:30
    """
    try:
        at = dt.time.fromisoformat(start_time)
    except ValueError:
        fail(f"--start-time: expected HH:MM between 00:00 and 23:59, got {start_time!r}")
    try:
        content = program_ics(_active_program(), at.replace(second=0, microsecond=0))
    except ExportError as exc:
        fail(str(exc))
    _write(content, out, "the calendar")


@export_app.command("plan")
def export_plan(
    html: Annotated[
        bool, typer.Option("--html", help="Printable HTML (the only format so far).")
    ] = True,
    out: OutFileOpt = None,
) -> None:
    """Export the active plan as a printable HTML page (one week per printed page).

    Example: gluteus export plan --html --out plan.html
    """
    if not html:
        fail("--html: HTML is the only plan format; open it in a browser and print it")
    program = _active_program()
    with database() as engine:
        units = tracking.user_units(engine, get_settings().units)
    _write(program_html(program, units), out, "the plan")


@export_app.command("data")
def export_data(out: OutFileOpt = None) -> None:
    """Export everything (profiles, plans and every log) as JSON for backup or moving.

    Example: gluteus export data --out gluteus-backup.json
    """
    with database() as engine:
        data = tracking.export_data(engine)
    _write(data_json(data), out, "all data")


@export_app.command("csv")
def export_csv(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory for the CSV files (created if needed).")
    ] = Path("gluteus-csv"),
) -> None:
    """Export your logs as CSV files, one per kind (sets, cardio, weights …).

    Example: gluteus export csv --out my-logs
    """
    with database() as engine:
        history = tracking.history(engine)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in history_csv(history).items():
            (out / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"--out: cannot write to {out} ({exc.strerror})")
    console.print(f"Wrote CSV files to {out}/.")


@import_app.command("data")
def import_data(
    file: Annotated[Path, typer.Argument(help="A JSON file from `gluteus export data`.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete everything stored first, then import.")
    ] = False,
) -> None:
    """Import a JSON export into an empty database (or replace everything with --replace).

    Example: gluteus import data gluteus-backup.json
    """
    try:
        data = json.loads(file.read_text("utf-8"))
    except OSError as exc:
        fail(f"file: cannot read {file} ({exc.strerror})")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        fail(f"file: {file} is not valid JSON ({exc})")
    with database() as engine:
        counts = tracking.import_data(engine, data, replace=replace)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    console.print(f"Imported {summary or 'nothing'}.")
