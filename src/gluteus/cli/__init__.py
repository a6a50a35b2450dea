"""The `gluteus` command line: each command parses, calls one use case, renders.

Commands are loaded when they run: ``gluteus --help`` lists them from the table below
without importing a single command module, so start-up stays fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NoReturn, cast

import click

COMMANDS: dict[str, tuple[str, str]] = {
    "plan": (
        "gluteus.cli.plan",
        "Build your multi-week plan (from flags, a file or your profile).",
    ),
    "today": ("gluteus.cli.today", "Today's session, with targets progressed from your logs."),
    "log": ("gluteus.cli.log", "Record sets, cardio, weight, circumferences, pain, intake."),
    "history": ("gluteus.cli.history", "List what you logged; ids for edit and delete."),
    "progress": ("gluteus.cli.progress", "Adherence, bests, volume, weight trend, charts."),
    "profile": ("gluteus.cli.profile", "Show or change the profile your plans are built from."),
    "screen": ("gluteus.cli.screen", "The 7 readiness questions; answers go into your profile."),
    "calories": ("gluteus.cli.calories", "Daily calorie needs, a safe target, exercise energy."),
    "checkin": (
        "gluteus.cli.checkin",
        "Weekly check-in: measured expenditure, trend, new calorie target.",
    ),
    "project": ("gluteus.cli.project", "Weight projections: dynamic model vs 3,500 kcal rule."),
    "exercises": ("gluteus.cli.exercises", "Browse the exercise catalog."),
    "export": ("gluteus.cli.export", "Write the plan or your data: iCalendar, HTML, JSON, CSV."),
    "import": ("gluteus.cli.imports", "Load data: a Gluteus export, Strong, Hevy or scale files."),
    "config": ("gluteus.cli.config", "Show or change your settings (units, time zone)."),
    "admin": ("gluteus.cli.admin", "Whole-database backup and restore."),
    "schema": ("gluteus.cli.schema", "JSON Schemas of Gluteus documents."),
    "serve": ("gluteus.cli.serve", "Run the web app and JSON API (many users, one database)."),
    "db": ("gluteus.cli.db", "Migrate the database schema (`gluteus db upgrade`)."),
}
"""Command name → (module that defines it, one-line help).

Each command lives in the module named after it; ``import`` is a Python keyword, so its
module is :mod:`gluteus.cli.imports`.
"""


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, from :data:`COMMANDS` (nothing is imported)."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the module that defines ``cmd_name`` and return its command."""
        if cmd_name not in COMMANDS:
            return None
        import typer.main

        module = importlib.import_module(COMMANDS[cmd_name][0])
        group = typer.main.get_group(module.app)
        # Typer >= 0.29 builds its commands on its own copy of Click; they run all the same.
        return cast("click.Command | None", group.commands.get(cmd_name))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their one-line help from :data:`COMMANDS`."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_, text) in COMMANDS.items()])

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, **extra: Any
    ) -> NoReturn:
        """Run a command; usage errors print one ``error:`` line and exit 2."""
        extra.pop("standalone_mode", None)
        try:
            result = super().main(args, prog_name or "gluteus", standalone_mode=False, **extra)
        except (click.Abort, EOFError, KeyboardInterrupt):
            _stopped()
        except Exception as exc:
            # Click's own exceptions and those of the copy of Click inside Typer (>= 0.29).
            if _is_a(exc, "Exit"):
                sys.exit(_exit_code(exc, 0))
            if _is_a(exc, "Abort"):
                _stopped()
            if _is_a(exc, "NoArgsIsHelpError"):
                # A group typed alone: its help (Typer has already printed its own).
                help_text = _message_lines(exc)
                if help_text:
                    sys.stdout.write(help_text + "\n")
                sys.exit(0)
            if not _is_a(exc, "ClickException"):
                raise
            sys.stderr.write(f"error: {_message(exc)}{_help_hint(exc)}\n")
            sys.exit(_exit_code(exc, 1))
        sys.exit(result if isinstance(result, int) else 0)


_CLICK_MODULES = ("click", "typer")


def _is_a(exc: BaseException, name: str) -> bool:
    """Whether ``exc`` is Click's (or Typer's copy of Click's) exception called ``name``."""
    return any(
        cls.__name__ == name and cls.__module__.split(".")[0] in _CLICK_MODULES
        for cls in type(exc).__mro__
    )


def _exit_code(exc: BaseException, default: int) -> int:
    code = getattr(exc, "exit_code", default)
    return code if isinstance(code, int) else default


def _message(exc: BaseException) -> str:
    format_message = getattr(exc, "format_message", None)
    text = str(format_message() if callable(format_message) else exc)
    return " ".join(text.split())


def _message_lines(exc: BaseException) -> str:
    format_message = getattr(exc, "format_message", None)
    return str(format_message() if callable(format_message) else exc).rstrip()


def _help_hint(exc: BaseException) -> str:
    ctx = getattr(exc, "ctx", None) if _is_a(exc, "UsageError") else None
    path = getattr(ctx, "command_path", None)
    return f" (see `{path} --help`)" if path else ""


def _stopped() -> NoReturn:
    sys.stderr.write("error: stopped; nothing more was saved\n")
    sys.exit(1)


cli = LazyGroup(
    name="gluteus",
    help="Gluteus: an evidence-based coach for a smaller, firmer butt, legs and thighs.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["--help", "-h"]},
)


def main() -> None:
    """Entry point of the `gluteus` console script."""
    cli.main()
