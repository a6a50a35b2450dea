"""The `gluteus` command line: each command parses, calls a service, renders."""

from __future__ import annotations

from gluteus.cli import exercises, plan, project
from gluteus.cli.app import app

__all__ = ["app", "exercises", "main", "plan", "project"]


def main() -> None:
    """Entry point of the `gluteus` console script."""
    app()
