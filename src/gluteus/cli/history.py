"""`gluteus history`: what you logged, with the ids `log edit` and `log delete` take."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from gluteus.cli.app import JSON_OPTION_HELP, app, console, print_json
from gluteus.cli.formats import entry_text
from gluteus.cli.runtime import parse_date, use_case
from gluteus.services import journal

KINDS = ", ".join(journal.ENTRY_KIND_NAMES)


@app.command()
def history(
    kind: Annotated[str | None, typer.Option(help=f"Only this kind: {KINDS}.")] = None,
    since: Annotated[str | None, typer.Option(help="From this day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day, YYYY-MM-DD.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """List what you logged, oldest first, each with the id to edit or delete it.

    Example: gluteus history --kind weight --since 2026-01-01
    """
    if kind is not None and kind not in journal.ENTRY_KIND_NAMES:
        from gluteus.cli.app import fail

        fail(f"--kind: one of {KINDS}; got {kind!r}")
    with use_case(flags={"since": "--since", "until": "--until"}) as (session, actor):
        query = journal.HistoryQuery.model_validate(
            {"kind": kind, "since": parse_date(since, "--since"),
             "until": parse_date(until, "--until")}
        )  # fmt: skip
        entries = journal.list_entries(session, actor, query)
    if json_out:
        print_json([entry.model_dump(mode="json") for entry in entries])
        return
    if not entries:
        console.print("Nothing logged yet for that choice. Try `gluteus log weight 72kg`.")
        return
    table = Table(title=f"{len(entries)} entries", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("Kind")
    table.add_column("What", overflow="fold")
    for entry in entries:
        table.add_row(entry.id, entry.kind, escape(entry_text(entry, actor.units)))
    console.print(table)
