"""`gluteus calories`: daily calorie needs, a safe target, the energy of exercise."""

from __future__ import annotations

from typing import Annotated

import typer

from gluteus.cli.app import JSON_OPTION_HELP, app, console, print_json
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
from gluteus.cli.runtime import fail_input, use_case
from gluteus.services import plans
from gluteus.services.errors import InputError

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


@app.command()
def calories(
    profile_file: ProfileOpt = None,
    example: ExampleOpt = False,
    sex: SexOpt = None,
    age: AgeOpt = None,
    height: HeightOpt = None,
    weight: WeightOpt = None,
    body_fat: FatOpt = None,
    activity: ActivityOpt = None,
    pace: PaceOpt = None,
    exercise: Annotated[
        str | None, typer.Option(help="Catalog id to estimate the energy of.")
    ] = None,
    minutes: Annotated[float, typer.Option(help="Minutes of --exercise (1-600).")] = 30.0,
    routine: Annotated[
        str | None, typer.Option(help="Estimate a whole routine: butt-lift or band-routine.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Daily calorie needs and a safe target; energy of an exercise or a routine.

    With no profile flags it uses your saved profile and latest logged weight.
    Example: gluteus calories --sex female --age 34 --height 165cm --weight 72kg --routine butt-lift
    """
    from gluteus.cli.render import calories_lines
    from gluteus.services.energy import CaloriesRequest, calories_report

    flags = {
        "sex": sex, "age": age, "height": height, "weight": weight, "body_fat": body_fat,
        "activity": activity, "pace": pace,
    }  # fmt: skip
    names = {**PROFILE_FLAGS, "exercise_id": "--exercise", "routine": "--routine"}
    with use_case(flags=names) as (session, actor):
        saved = plans.effective_profile(session, actor)
    # Questions (in a terminal, with nothing saved) are asked outside the transaction.
    try:
        profile = resolve_profile(saved, actor.units, profile_file, example, **flags) or saved
        assert profile is not None
        request = CaloriesRequest(exercise_id=exercise, minutes=minutes, routine=routine)
        view = calories_report(profile, request)
    except InputError as exc:
        fail_input(exc, names)
    if json_out:
        print_json(view)
        return
    for line in calories_lines(view, actor.units):
        console.print(line)
