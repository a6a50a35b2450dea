"""The files `export`, `import data` and `admin` write and read.

A single file goes to ``--out`` or, without it, to standard output; a JSON file given to
load is read whole, and ``--replace`` says to delete what is stored before loading it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from gluteus.cli.app import console, fail

OutFileOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
]
ReplaceOpt = Annotated[
    bool, typer.Option("--replace", help="Delete what is stored first, then import.")
]


def write_output(content: str | bytes, out: Path | None, what: str) -> None:
    """Write ``content`` to ``out``, or to standard output without it; say what was written."""
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


def read_json(file: Path) -> Any:
    """The JSON document in ``file`` (the FILE argument); exits with one line otherwise."""
    try:
        return json.loads(file.read_text("utf-8"))
    except OSError as exc:
        fail(f"FILE: cannot read {file} ({exc.strerror})")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        fail(f"FILE: {file} is not valid JSON ({exc})")
