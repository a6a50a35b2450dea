"""The Typer application object and the helpers every command shares.

Commands live in sibling modules and register themselves on :data:`app` (the top-level
group in :mod:`gluteus.cli` loads a module when its command runs); this module holds only
the output and error conventions: Rich tables for people, ``--json`` for machines,
one clear line and a non-zero exit for bad input.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    name="gluteus",
    help="Gluteus: an evidence-based coach for a smaller, firmer butt, legs and thighs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

JSON_OPTION_HELP = "Print machine-readable JSON instead of tables."


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` to stderr and exit non-zero."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def _default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout (pydantic models are dumped in JSON mode)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    sys.stdout.write(json.dumps(data, indent=2, default=_default, ensure_ascii=False) + "\n")
