"""`gluteus schema plan|profile`: JSON Schemas of Gluteus documents."""

from __future__ import annotations

import typer

from gluteus.cli.app import app, print_json
from gluteus.domain.profile import Profile

schema_app = typer.Typer(help="Print JSON Schemas of Gluteus documents.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("plan")
def schema_plan() -> None:
    """Print the JSON Schema of `gluteus plan --json` output.

    Example: gluteus schema plan
    """
    from gluteus.domain.program import Program

    print_json(Program.model_json_schema(mode="serialization"))


@schema_app.command("profile")
def schema_profile() -> None:
    """Print the JSON Schema of a profile file.

    Example: gluteus schema profile
    """
    print_json(Profile.model_json_schema())
