"""`gluteus plan`: profile in, multi-week plan out (and saved as your plan and profile)."""

from __future__ import annotations

from typing import Annotated

import typer

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.profile_input import (
    PROFILE_FLAGS,
    ActivityOpt,
    AgeOpt,
    ExampleOpt,
    FatOpt,
    HeightOpt,
    PaceOpt,
    ProfileOpt,
    SexOpt,
    WeightOpt,
    resolve_profile,
)
from gluteus.cli.runtime import fail_input, parse_date, use_case
from gluteus.domain.profile import Level
from gluteus.services import plans
from gluteus.services.errors import InputError

GoalOpt = Annotated[str | None, typer.Option("--goal-weight", help="Goal weight: 65kg or 143lb.")]
LevelOpt = Annotated[Level | None, typer.Option(help="beginner, intermediate or advanced.")]
EquipOpt = Annotated[
    str | None, typer.Option(help="Comma-separated kit, e.g. mini_band,dumbbells,bench.")
]
LimitOpt = Annotated[
    str | None, typer.Option(help="Comma-separated: knees, lower_back, pregnancy, balance.")
]
DaysOpt = Annotated[str | None, typer.Option(help="Comma-separated days free: mon,wed,fri.")]
MinutesOpt = Annotated[int | None, typer.Option(help="Most minutes you can train a day (15-240).")]
WeeksOpt = Annotated[int | None, typer.Option(help="Plan length in weeks (1-52).")]
SandwichOpt = Annotated[
    bool | None, typer.Option("--sandwich/--no-sandwich", help="Cardio before and after strength.")
]
FinisherOpt = Annotated[
    bool | None, typer.Option("--finisher/--no-finisher", help="Mini-band finisher after workouts.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


@app.command()
def plan(
    profile_file: ProfileOpt = None,
    example: ExampleOpt = False,
    sex: SexOpt = None,
    age: AgeOpt = None,
    height: HeightOpt = None,
    weight: WeightOpt = None,
    goal_weight: GoalOpt = None,
    body_fat: FatOpt = None,
    level: LevelOpt = None,
    equipment: EquipOpt = None,
    limitations: LimitOpt = None,
    days: DaysOpt = None,
    minutes: MinutesOpt = None,
    weeks: WeeksOpt = None,
    activity: ActivityOpt = None,
    pace: PaceOpt = None,
    sandwich: SandwichOpt = None,
    finisher: FinisherOpt = None,
    start: Annotated[str | None, typer.Option(help="First day of week 1, YYYY-MM-DD.")] = None,
    week: Annotated[int | None, typer.Option(help="Show this week in detail.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show every week in detail.")] = False,
    rules: Annotated[
        bool, typer.Option("--rules", help="Show every rule checked, with its source.")
    ] = False,
    save: Annotated[
        bool,
        typer.Option("--save/--no-save", help="Keep it as your plan and profile (default)."),
    ] = True,
    json_out: JsonOpt = False,
) -> None:
    """Build your multi-week plan: cardio, glute strength work, calories and checks.

    With no flags it re-plans from your saved profile and latest logged weight.
    Example: gluteus plan --sex female --age 34 --height 165cm --weight 72kg --equipment mini_band
    """
    from gluteus.cli.render import plan_summary

    flags = {
        "sex": sex, "age": age, "height": height, "weight": weight,
        "goal_weight": goal_weight, "body_fat": body_fat, "level": level,
        "equipment": equipment, "limitations": limitations, "days": days,
        "minutes": minutes, "weeks": weeks, "activity": activity, "pace": pace,
        "sandwich": sandwich, "finisher": finisher,
    }  # fmt: skip
    with use_case(flags=PROFILE_FLAGS) as (session, actor):
        saved = plans.effective_profile(session, actor)
    try:
        profile = resolve_profile(saved, actor.units, profile_file, example, **flags)
    except InputError as exc:
        fail_input(exc, PROFILE_FLAGS)
    planned = profile or saved
    if week is not None and planned is not None and not 1 <= week <= planned.weeks:
        fail(f"--week: must be between 1 and {planned.weeks}; got {week}")
    with use_case(flags=PROFILE_FLAGS) as (session, actor):
        request = plans.PlanRequest(
            profile=profile, start_date=parse_date(start, "--start"), save=save
        )
        program = plans.make_plan(session, actor, request)
    shown = [week or 1]
    if show_all:
        shown = list(range(1, len(program.weeks) + 1))
    if not all(1 <= n <= len(program.weeks) for n in shown):
        fail(f"--week: must be between 1 and {len(program.weeks)}")
    if json_out:
        print_json(program)
        return
    console.print(plan_summary(program, shown, actor.units, show_rules=rules))
    if save:
        console.print(
            f"Saved as your plan from {program.start_date}; `gluteus today` shows each day.",
            style="dim",
        )
