"""`gluteus today`: today's session from your plan, with targets progressed from your logs."""

from __future__ import annotations

from typing import Annotated

import typer

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.profile_input import ExampleOpt, ProfileOpt, resolve_profile
from gluteus.cli.runtime import parse_date, use_case
from gluteus.services import plans

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


@app.command()
def today(
    profile_file: ProfileOpt = None,
    example: ExampleOpt = False,
    start: Annotated[
        str | None,
        typer.Option(help="First day of the plan, YYYY-MM-DD (with --profile/--example)."),
    ] = None,
    date: Annotated[str | None, typer.Option(help="Show this date instead of today.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Show today's session from your plan, with targets progressed from your logs.

    Without --profile or --example it uses the plan saved by `gluteus plan`.
    Example: gluteus today
    """
    from gluteus.cli.render import day_renderable, targets_table
    from gluteus.services.today import today_view

    program = None
    with use_case(flags={"plan": "plan"}) as (session, actor):
        when = parse_date(date) or actor.today
        if profile_file is not None or example:
            profile = resolve_profile(None, actor.units, profile_file, example)
            assert profile is not None
            program = plans.build_plan(profile, parse_date(start, "--start") or when)
        elif plans.active_program(session, actor) is None:
            fail("plan: no active plan yet; run `gluteus plan` first (or pass --profile FILE)")
        view = today_view(session, actor, when, program)
        nudge = ""
        if program is None and when == actor.today:
            from gluteus.services.checkin import checkin_status

            if checkin_status(session, actor).due:
                nudge = (
                    "Weekly check-in due: `gluteus checkin` measures what you burn from your "
                    "logs and resets your calorie target."
                )
    if json_out:
        print_json(view)
        return
    upcoming = ""
    if view.next is not None:
        upcoming = f" Next: {view.next.date:%A %d %b} (week {view.next.week}): {view.next.summary}."
    if view.status == "before_plan":
        console.print(f"{view.date} is before your plan starts ({view.plan_start}).{upcoming}")
        return
    if view.status == "after_plan":
        console.print(f"{view.date} is after your plan ended; build the next with `gluteus plan`.")
        return
    if view.day is None:
        console.print(
            f"[bold]{view.date}: rest day[/] (week {view.week}). Walk, stretch, recover.{upcoming}"
        )
    else:
        console.print(day_renderable(view.day, f"{view.date} · week {view.week}", actor.units))
        console.print(targets_table(view, actor.units))
    if nudge:
        console.print(nudge)
