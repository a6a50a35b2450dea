"""The `gluteus` command line: each command parses, calls a service, renders."""

from __future__ import annotations

from gluteus.cli import data, exercises, log, plan, progress, project
from gluteus.cli.app import app

__all__ = ["app", "data", "exercises", "log", "main", "plan", "progress", "project"]


def main() -> None:
    """Entry point of the `gluteus` console script."""
    app()
