"""`gluteus config …`: show or change your saved settings (units, time zone)."""

from __future__ import annotations

from typing import Annotated

import typer

from gluteus.cli.app import app, console, print_json
from gluteus.cli.runtime import use_case
from gluteus.domain.units import UnitSystem
from gluteus.services import users

config_app = typer.Typer(help="Show or change your saved settings.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("units")
def config_units(
    system: Annotated[
        UnitSystem | None, typer.Argument(help="metric or imperial; omit to show the current.")
    ] = None,
) -> None:
    """Show or set your units: how bare numbers are read and how results are shown.

    Example: gluteus config units imperial
    """
    with use_case() as (session, actor):
        if system is None:
            console.print(actor.units.value)
            return
        users.set_units(session, actor, system)
    console.print(f"Units set to {system.value}.")


@config_app.command("timezone")
def config_timezone(
    zone: Annotated[
        str | None, typer.Argument(help="IANA time zone, e.g. Europe/Berlin; omit to show it.")
    ] = None,
) -> None:
    """Show or set your time zone (it decides what "today" is).

    Example: gluteus config timezone America/New_York
    """
    with use_case(flags={"timezone": "ZONE"}) as (session, actor):
        if zone is None:
            console.print(actor.tz)
            return
        view = users.set_timezone(session, actor, zone)
    console.print(f"Time zone set to {view.timezone}.")


@config_app.command("show")
def config_show(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show your saved settings.

    Example: gluteus config show --json
    """
    with use_case() as (session, actor):
        view = users.settings(session, actor)
    if json_out:
        print_json(view)
        return
    console.print(f"units: {view.units.value}\ntime zone: {view.timezone}")
