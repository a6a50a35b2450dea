"""`gluteus profile show|set|edit`: the one profile your plans, calories and projections use."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.runtime import fail_input, is_terminal, use_case
from gluteus.services import plans
from gluteus.services.errors import InputError

profile_app = typer.Typer(
    help="Show or change the profile your plans are built from.", no_args_is_help=True
)
app.add_typer(profile_app, name="profile")


def _toml(data: dict[str, object]) -> str:
    lines: list[str] = []
    tables: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append(f"\n[{key}]")
            tables += [f"{k} = {_toml_value(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines + tables) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


@profile_app.command("show")
def profile_show(
    json_out: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
    versions: Annotated[
        bool, typer.Option("--history", help="List every saved version, oldest first.")
    ] = False,
) -> None:
    """Show your current profile (the keys of a profile file).

    Example: gluteus profile show --json
    """
    with use_case() as (session, actor):
        current = plans.current_profile(session, actor)
        saved = plans.profile_versions(session, actor) if versions else []
    if current is None:
        fail("profile: none saved yet; `gluteus plan` or `gluteus profile set` makes one")
    if versions:
        data = [
            {"saved_at": v.saved_at.isoformat(), "profile": v.profile.model_dump(mode="json")}
            for v in saved
        ]
        if json_out:
            print_json(data)
        else:
            for item in data:
                console.print(f"[bold]{item['saved_at']}[/]")
        return
    dump = current.model_dump(mode="json", exclude_none=True)
    if json_out:
        print_json(dump)
    else:
        console.print(_toml(dump), markup=False, end="")


@profile_app.command("set")
def profile_set(
    pairs: Annotated[
        list[str], typer.Argument(metavar="KEY=VALUE...", help="e.g. weight_kg=70kg days=mon,wed")
    ],
) -> None:
    """Change profile keys (values as in a profile file; units allowed, lists comma-separated).

    Example: gluteus profile set weight_kg=160lb available_days=mon,wed,fri
    """
    changes: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"KEY=VALUE: expected a key, '=' and a value; got {pair!r}")
        changes[key.strip()] = value
    with use_case() as (session, actor):
        profile = plans.set_profile_keys(session, actor, changes)
    console.print(
        f"Saved your profile ({', '.join(changes)} changed). Re-plan with `gluteus plan`."
    )
    del profile


@profile_app.command("edit")
def profile_edit() -> None:
    """Edit your profile in $EDITOR as TOML; it is checked before it is saved.

    Example: EDITOR=nano gluteus profile edit
    """
    if not is_terminal():
        fail("profile edit: not a terminal; use `gluteus profile set KEY=VALUE`")
    with use_case() as (session, actor):
        current = plans.current_profile(session, actor)
    text = (
        _toml(current.model_dump(mode="json", exclude_none=True))
        if current
        else ('sex = "female"\nage = 30\nheight_cm = 165\nweight_kg = 70\n')
    )
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.toml"
        path.write_text(text, "utf-8")
        while True:
            subprocess.run([*shlex.split(editor), str(path)], check=False)
            try:
                profile = plans.read_profile_file(path)
                break
            except InputError as exc:
                console.print(f"[red]{escape(str(exc))}[/]")
                if not typer.confirm("Edit again?", default=True):
                    fail_input(exc)
    with use_case() as (session, actor):
        plans.save_profile(session, actor, profile)
    console.print("Saved your profile. Re-plan with `gluteus plan`.")
