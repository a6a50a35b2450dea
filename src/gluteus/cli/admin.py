"""`gluteus admin backup|restore|reset-password`: the whole database, for its operator.

`admin backup`/`restore` move every user's data at once (`export data`/`import data` move
only your own); `admin reset-password` helps the owner of a web account who forgot theirs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from gluteus.cli.app import app, console
from gluteus.cli.files import OutFileOpt, ReplaceOpt, read_json, write_output
from gluteus.cli.progress_bar import progress_bar
from gluteus.cli.runtime import is_terminal, transaction

admin_app = typer.Typer(
    help="Whole-database backup and restore; password resets.", no_args_is_help=True
)
app.add_typer(admin_app, name="admin")


@admin_app.command("backup")
def admin_backup(out: OutFileOpt = None) -> None:
    """Write every user's data (the whole database) as one JSON file.

    The file is one consistent snapshot, and people using the app meanwhile are not held up
    (their writes go on while it is read).

    Example: gluteus admin backup --out all-users.json
    """
    from gluteus.exports import data_json
    from gluteus.services import admin

    with progress_bar("Reading the database"), transaction(snapshot=True) as session:
        data = admin.export_database(session)
    write_output(data_json(data), out, "the whole database")


@admin_app.command("restore")
def admin_restore(
    file: Annotated[Path, typer.Argument(help="A JSON file from `gluteus admin backup`.")],
    replace: ReplaceOpt = False,
) -> None:
    """Restore a whole-database backup into an empty database (or --replace everything).

    Example: gluteus admin restore all-users.json
    """
    from gluteus.services import admin

    data = read_json(file)
    with progress_bar("Restoring") as progress, transaction() as session:
        counts = admin.import_database(session, data, replace=replace, progress=progress)
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
