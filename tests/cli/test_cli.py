"""The command group: every command in the module named after it, with its help;
usage errors as one plain line; a lazy, fast start.

Every test drives the real command line through the lazy group, on its own database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from commandline import PERSON, PROJECT_PERSON, error, invoke, run

from gluteus.cli import COMMANDS, cli


def _leaf_commands() -> list[list[str]]:
    found: list[list[str]] = []
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None, name
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found.append([name])
        else:
            found += [[name, sub] for sub in subcommands]
    return found


def test_every_command_has_help() -> None:
    commands = _leaf_commands()
    assert ["log", "undo"] in commands and ["profile", "set"] in commands
    for command in commands:
        code, out, err = run(*command, "--help")
        assert code == 0, (command, err)
        assert "Example" in out, command


def test_each_command_lives_in_the_module_named_after_it() -> None:
    for name, (module, _) in COMMANDS.items():
        expected = "imports" if name == "import" else name  # `import` is a Python keyword
        assert module == f"gluteus.cli.{expected}", name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_loads_no_other_command_module(tmp_path: Path, name: str) -> None:
    command_modules = {module for module, _ in COMMANDS.values()}
    loaded = _loaded(tmp_path, name, "--help") & command_modules
    assert loaded == {COMMANDS[name][0]}


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["log", "weight", "-70kg"], "error: WEIGHT"),
        (["log", "weight", "-70"], "error: WEIGHT"),
        (["log", "intake", "-5"], "error: KCAL"),
        (["log", "set", "glute-bridge", "-r", "-3", "--hard"], "error: --reps"),
        (["log", "set", "glute-bridge", "-r", "ten", "--hard"], "error:"),
        (["log", "set"], "error:"),
        (["log", "bogus"], "error:"),
        (["bogus"], "error:"),
        (["plan", "--sexx", "female"], "error:"),
        (["plan", *PERSON, "--age", "abc"], "error:"),
        (["plan", *PERSON, "--level", "expert"], "error:"),
        (["plan", *PERSON, "--weight", "-70kg"], "error: --weight"),
        (["today", "--date", "2025-13-01"], "error: --date"),
        (["project", *PROJECT_PERSON, "--weight", "-160"], "error: --weight"),
        (["exercises", "show", "no-such-exercise"], "error:"),
        (["config", "units", "furlongs"], "error:"),
        (["config", "timezone", "Mars/Olympus"], "error: ZONE"),
        (["progress", "--format", "gif"], "error: --format"),
        (["log", "weight", "[/x]"], "error: WEIGHT: cannot read '[/x]'"),
        (["exercises", "show", "[bold]x[/bold]"], "error: no exercise with id '[bold]x[/bold]'"),
    ],
)
def test_usage_errors_are_one_plain_line(args: list[str], start: str) -> None:
    assert error(*args).startswith(start)


def test_real_process_usage_error_is_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GLUTEUS_DATA_DIR": str(tmp_path / "data"),
        "GLUTEUS_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'g.db'}",
        "COLUMNS": "80",
    }
    done = subprocess.run(
        [sys.executable, "-m", "gluteus", "log", "weight", "-70kg"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: WEIGHT") and done.stderr.count("\n") == 1


PROBE = textwrap.dedent(
    """
    import json
    import sys

    from gluteus.cli import cli

    try:
        cli.main(sys.argv[1:])
    except SystemExit:
        pass
    print("MODULES:" + json.dumps(sorted(sys.modules)), file=sys.stderr)
    """
)


HEAVY = ("sqlalchemy", "alembic", "matplotlib", "numpy")


NOT_FOR_HELP = (
    *HEAVY,
    "icalendar",
    "jinja2",
    "pydantic",
    "rich",
    "gluteus.domain",
    "gluteus.db",
    "gluteus.services",
)


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    env = {
        **os.environ,
        "GLUTEUS_DATA_DIR": str(tmp_path / "data"),
        "GLUTEUS_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'g.db'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES:"))
    modules: list[str] = json.loads(line.removeprefix("MODULES:"))
    return set(modules)


def _matching(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == r or m.startswith(r + ".") for r in roots))


def test_help_imports_no_heavy_module(tmp_path: Path) -> None:
    assert _matching(_loaded(tmp_path, "--help"), NOT_FOR_HELP) == []


def test_exercise_list_imports_no_database_or_plotting(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "exercises", "list", "--json")
    assert "gluteus.cli.exercises" in loaded
    assert _matching(loaded, HEAVY) == []


@pytest.mark.parametrize(
    ("args", "shows"), [([], "Commands"), (["log"], "undo"), (["profile"], "show")]
)
def test_a_group_alone_shows_its_help(args: list[str], shows: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout and shows in result.stdout
    assert result.stderr == ""
