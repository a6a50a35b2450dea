"""`gluteus export …`, `gluteus import data` and `gluteus admin backup|restore`.

Without ``--out`` a single-file export goes to standard output. CSV is one file per kind of
log (``sets.csv``, ``cardio.csv``, ``weights.csv``, ``measurements.csv``, ``pain.csv``,
``intake.csv``) in the ``--out`` directory. `export data`/`import data` move your own data;
`admin backup`/`restore` move the whole database (every user).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from gluteus.cli.app import app, console, fail
from gluteus.cli.runtime import use_case
from gluteus.domain.program import Program
from gluteus.services import backup, plans

export_app = typer.Typer(
    help="Write the plan or your data as iCalendar, HTML, JSON or CSV.", no_args_is_help=True
)
import_app = typer.Typer(
    help="Load data: a Gluteus export, Strong, Hevy or scale files.", no_args_is_help=True
)
admin_app = typer.Typer(
    help="Whole-database backup and restore; password resets.", no_args_is_help=True
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(admin_app, name="admin")

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
    console.print(f"Wrote {what} to {escape(str(out))}.")


def _read_json(file: Path) -> Any:
    try:
        return json.loads(file.read_text("utf-8"))
    except OSError as exc:
        fail(f"FILE: cannot read {file} ({exc.strerror})")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        fail(f"FILE: {file} is not valid JSON ({exc})")


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
    _write(content, out, "the calendar")


@export_app.command("plan")
def export_plan(
    html: Annotated[
        bool, typer.Option("--html", help="Printable HTML (the only format so far).")
    ] = True,
    out: OutFileOpt = None,
    paper: Annotated[
        str | None, typer.Option(help="a4 or letter (default: the browser's print setting).")
    ] = None,
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
    _write(program_html(program, actor.units, paper=size), out, "the plan")


@export_app.command("data")
def export_data(out: OutFileOpt = None) -> None:
    """Export all your data (profiles, plan and every log) as JSON, to back up or move.

    Example: gluteus export data --out gluteus-backup.json
    """
    from gluteus.exports import data_json

    with use_case() as (session, actor):
        data = backup.export_user(session, actor)
    _write(data_json(data), out, "your data")


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


ReplaceOpt = Annotated[
    bool, typer.Option("--replace", help="Delete what is stored first, then import.")
]


@import_app.command("data")
def import_data(
    file: Annotated[Path, typer.Argument(help="A JSON file from `gluteus export data`.")],
    replace: ReplaceOpt = False,
) -> None:
    """Import your data from a JSON export (into an empty account, or --replace yours).

    Example: gluteus import data gluteus-backup.json
    """
    data = _read_json(file)
    with use_case() as (session, actor):
        result = backup.import_user(session, actor, data, replace=replace)
    summary = ", ".join(f"{n} {kind}" for kind, n in result.counts.items() if n)
    console.print(f"Imported {summary or 'nothing'}.")


@admin_app.command("backup")
def admin_backup(out: OutFileOpt = None) -> None:
    """Write every user's data (the whole database) as one JSON file.

    Example: gluteus admin backup --out all-users.json
    """
    from gluteus.cli.runtime import transaction
    from gluteus.exports import data_json
    from gluteus.services import admin

    with transaction() as session:
        data = admin.export_database(session)
    _write(data_json(data), out, "the whole database")


@admin_app.command("restore")
def admin_restore(
    file: Annotated[Path, typer.Argument(help="A JSON file from `gluteus admin backup`.")],
    replace: ReplaceOpt = False,
) -> None:
    """Restore a whole-database backup into an empty database (or --replace everything).

    Example: gluteus admin restore all-users.json
    """
    from gluteus.cli.runtime import transaction
    from gluteus.services import admin

    data = _read_json(file)
    with transaction() as session:
        counts = admin.import_database(session, data, replace=replace)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    console.print(f"Restored {summary or 'nothing'}.")


@admin_app.command("reset-password")
def admin_reset_password(
    email: Annotated[str, typer.Argument(help="The web account's email.")],
    generate: Annotated[
        bool, typer.Option("--generate", help="Make up a strong password and print it once.")
    ] = False,
) -> None:
    """Set a new password for a web account whose owner forgot theirs.

    Every browser and API token of the account is signed out. Without --generate you type
    the new password twice (it is not echoed), or pipe it in on one line.

    Example: gluteus admin reset-password ann@example.com
    """
    import secrets

    from gluteus.cli.runtime import is_terminal, transaction
    from gluteus.services import accounts

    if generate:
        password = secrets.token_urlsafe(12)
    elif is_terminal():
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:  # piped in by a script: the first line of standard input
        password = sys.stdin.readline().rstrip("\r\n")
    with transaction(flags={"email": "EMAIL", "new_password": "password"}) as session:
        accounts.reset_password(session, email, password)
    console.print(
        f"Password reset for {escape(accounts.normalise_email(email))}; "
        "every browser and API token of the account is signed out."
    )
    if generate:
        console.print(f"New password (shown once): [bold]{escape(password)}[/]")


import gluteus.cli.imports  # noqa: E402, F401  (registers `import strong|hevy|weights`)
