"""A progress bar on stderr while long work runs (imports, restores, backups).

Shown only when stderr is a terminal and the output is for a person: never with ``--json``
and never in a pipe, so scripts read exactly what they read before. Rich's progress module
is imported only when a bar is really shown (start-up time of every other command).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from gluteus.cli.app import err_console

if TYPE_CHECKING:  # the services are imported by the commands that need them
    from gluteus.services.imports import Progress


def stderr_is_terminal() -> bool:
    """Whether someone watches stderr (the bar would be noise in a log or a pipe)."""
    return sys.stderr.isatty()


@contextmanager
def progress_bar(description: str, *, json_out: bool = False) -> Iterator[Progress | None]:
    """A ``(done, total)`` callback drawing a bar on stderr, or None when none is shown.

    The bar pulses while the total is unknown (a file being read) and fills as rows are
    written; it is removed when the work ends, leaving only the command's own output.
    """
    if json_out or not stderr_is_terminal():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as Bar

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
    )
    with Bar(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def tell(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield tell
