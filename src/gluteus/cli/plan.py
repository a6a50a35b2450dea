"""`gluteus plan`, `today`, `screen`, `calories` and `schema`: profile in, plan out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.runtime import fail_input, is_terminal, parse_date, use_case
from gluteus.domain.profile import ActivityLevel, Level, Profile, Sex
from gluteus.domain.units import UnitSystem
from gluteus.services import plans
from gluteus.services import quantities as parse
from gluteus.services.errors import InputError

ProfileOpt = Annotated[
    Path | None, typer.Option("--profile", "-p", help="Profile file (JSON or TOML).")
]
ExampleOpt = Annotated[bool, typer.Option("--example", help="Use the built-in example person.")]
SexOpt = Annotated[Sex | None, typer.Option(help="female or male.")]
AgeOpt = Annotated[int | None, typer.Option(help="Age in years (18-100).")]
HeightOpt = Annotated[
    str | None, typer.Option(help="Height: 165cm, 1.65m or 5ft 5in (bare: your units).")
]
WeightOpt = Annotated[str | None, typer.Option(help="Weight: 72kg or 160lb (bare: your units).")]
GoalOpt = Annotated[str | None, typer.Option("--goal-weight", help="Goal weight: 65kg or 143lb.")]
FatOpt = Annotated[float | None, typer.Option("--body-fat", help="Body fat in % (3-70).")]
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
ActivityOpt = Annotated[
    ActivityLevel | None,
    typer.Option(help="Everyday activity without your workouts (the plan adds those itself)."),
]
PaceOpt = Annotated[float | None, typer.Option(help="Weight-loss pace in kg/week (0-1).")]
SandwichOpt = Annotated[
    bool | None, typer.Option("--sandwich/--no-sandwich", help="Cardio before and after strength.")
]
FinisherOpt = Annotated[
    bool | None, typer.Option("--finisher/--no-finisher", help="Mini-band finisher after workouts.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]

PROFILE_FLAGS: dict[str, str] = {
    "sex": "--sex",
    "age": "--age",
    "height_cm": "--height",
    "weight_kg": "--weight",
    "goal_weight_kg": "--goal-weight",
    "body_fat_pct": "--body-fat",
    "level": "--level",
    "equipment": "--equipment",
    "limitations": "--limitations",
    "available_days": "--days",
    "minutes_per_session": "--minutes",
    "weeks": "--weeks",
    "activity": "--activity",
    "pace_kg_per_week": "--pace",
    "cardio_sandwich": "--sandwich",
    "band_finisher": "--finisher",
}
"""Profile keys → the `gluteus plan` flag that sets them (for error messages)."""
_FLAG_KEYS = {
    "sex": "sex",
    "age": "age",
    "height": "height_cm",
    "weight": "weight_kg",
    "goal_weight": "goal_weight_kg",
    "body_fat": "body_fat_pct",
    "level": "level",
    "equipment": "equipment",
    "limitations": "limitations",
    "days": "available_days",
    "minutes": "minutes_per_session",
    "weeks": "weeks",
    "activity": "activity",
    "pace": "pace_kg_per_week",
    "sandwich": "cardio_sandwich",
    "finisher": "band_finisher",
}
REQUIRED = ("sex", "age", "height_cm", "weight_kg")


def flag_data(units: UnitSystem, **flags: Any) -> dict[str, Any]:
    """Profile keys from command-line flags; bare heights and weights in ``units``."""
    data: dict[str, Any] = {}
    for flag, value in flags.items():
        if value is None:
            continue
        key = _FLAG_KEYS[flag]
        if key in {"height_cm"}:
            value = parse.length_cm(value, units, key)
        elif key in {"weight_kg", "goal_weight_kg"}:
            value = parse.mass_kg(value, units, key)
        elif key in plans.LIST_KEYS:
            value = [part.strip() for part in value.split(",") if part.strip()]
        data[key] = value.value if hasattr(value, "value") else value
    return data


def _measure(key: str, units: UnitSystem) -> Any:
    """A converter for a height or weight answer: a bare number is read in ``units``."""
    from gluteus.cli.prompts import profile_value

    check = profile_value(key)

    def convert(text: str) -> Any:
        if key == "height_cm":
            return check(repr(parse.length_cm(text, units, key)))
        return check(repr(parse.mass_kg(text, units, key)))

    return convert


def _interactive_profile(units: UnitSystem = UnitSystem.METRIC) -> dict[str, Any]:
    from gluteus.cli.prompts import ask, profile_value, yes_no
    from gluteus.domain.profile import Equipment
    from gluteus.domain.screening import PARQ_QUESTIONS

    bare = "in and lb" if units is UnitSystem.IMPERIAL else "cm and kg"
    console.print(
        "[bold]Let's build your plan.[/] Metric or imperial both work (165cm, 5ft 5in); "
        f"plain numbers are read as {bare}."
    )
    data: dict[str, Any] = {
        "sex": ask("Sex (female/male)", profile_value("sex"), "female"),
        "age": ask("Age (18-100)", profile_value("age")),
        "height_cm": ask("Height (e.g. 165cm or 5ft 5in)", _measure("height_cm", units)),
        "weight_kg": ask("Weight (e.g. 72kg or 160lb)", _measure("weight_kg", units)),
    }
    goal = ask("Goal weight (blank for none)", _optional(_measure("goal_weight_kg", units)), "")
    if goal is not None:
        data["goal_weight_kg"] = goal
    data["level"] = ask(
        "Experience (beginner/intermediate/advanced)", profile_value("level"), "beginner"
    )
    kit = ", ".join(e.value for e in Equipment)
    data["equipment"] = ask(
        f"Equipment, comma-separated ({kit})", profile_value("equipment"), "none"
    )
    data["limitations"] = ask(
        "Limitations (knees, lower_back, pregnancy, balance; blank for none)",
        profile_value("limitations"),
        "",
    )
    data["available_days"] = ask(
        "Days you can train", profile_value("available_days"), "mon,tue,wed,thu,fri,sat"
    )
    data["minutes_per_session"] = ask(
        "Minutes per day (15-240)", profile_value("minutes_per_session"), "60"
    )
    if yes_no("Answer the 7 readiness questions now?", True):
        data["parq"] = {key: yes_no(text, False) for key, text in PARQ_QUESTIONS.items()}
    return {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}


def _optional(convert: Any) -> Any:
    def wrapped(text: str) -> Any:
        return None if not text.strip() else convert(text)

    return wrapped


def _file_profile(path: Path, overrides: dict[str, Any]) -> Profile:
    """The profile in ``path`` with flags laid over it.

    A bad key that came from the file is named as ``--profile KEY``, one from a flag by its flag.
    """
    try:
        return plans.parse_profile_data({**plans.read_profile_data(path), **overrides})
    except InputError as exc:
        raise InputError.of(
            p
            if p.field == "profile_file" or p.field.split(".")[0] in overrides
            else replace(p, field=f"--profile {p.field}")
            for p in exc.problems
        ) from None


def resolve_profile(
    saved: Profile | None, units: UnitSystem, profile_file: Path | None, example: bool, **flags: Any
) -> Profile | None:
    """The profile to plan from: a file, the example, flags, the saved one, or questions.

    Flags override whatever they are laid over. Returns None to mean "the saved profile".
    """
    if example and profile_file:
        fail("use either --profile or --example, not both")
    overrides = flag_data(units, **flags)
    if profile_file is not None:
        return _file_profile(profile_file, overrides)
    if example:
        base = plans.example_profile().model_dump(exclude_none=True)
    elif all(key in overrides for key in REQUIRED):
        base = {}
    elif saved is not None:
        if not overrides:
            return None
        base = saved.model_dump(exclude_none=True)
    elif is_terminal():
        base = _interactive_profile(units)
    elif overrides:
        missing = ", ".join(PROFILE_FLAGS[k] for k in REQUIRED if k not in overrides)
        fail(f"missing {missing} (or give --profile FILE or --example)")
    else:
        fail(
            "profile: none saved yet; give --profile FILE, --example, "
            "or at least --sex --age --height --weight"
        )
    return plans.parse_profile_data({**base, **overrides})


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


@app.command("screen")
def screen_command(
    yes: Annotated[
        str | None, typer.Option(help="Comma-separated ids answered yes, e.g. q1,q6.")
    ] = None,
    all_no: Annotated[bool, typer.Option("--all-no", help="Every answer is no.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Answer the 7 readiness questions (PAR-Q+ style); the answers go into your profile.

    In a terminal it asks each question; otherwise give --yes or --all-no.
    Example: gluteus screen --yes q6 --json
    """
    from gluteus.cli.render import screening_panel
    from gluteus.domain.profile import ParqAnswers
    from gluteus.domain.screening import PARQ_QUESTIONS

    if yes is not None or all_no:
        chosen = {part.strip().lower() for part in (yes or "").split(",") if part.strip()}
        unknown = sorted(chosen - set(PARQ_QUESTIONS))
        if unknown:
            fail(f"--yes: unknown question id(s) {', '.join(unknown)}; use q1 … q7")
        answers = ParqAnswers(**{key: key in chosen for key in PARQ_QUESTIONS})
    elif is_terminal():
        from gluteus.cli.prompts import yes_no

        answers = ParqAnswers(**{k: yes_no(text, False) for k, text in PARQ_QUESTIONS.items()})
    else:
        fail("--yes/--all-no: not a terminal; give --yes q1,q6 (answered yes) or --all-no")
    with use_case() as (session, actor):
        view = plans.save_screening(session, actor, answers)
    if json_out:
        print_json(
            {
                "answers": view.answers.model_dump(),
                **view.clearance.model_dump(mode="json"),
                "saved_to_profile": view.saved_to_profile,
            }
        )
        return
    console.print(screening_panel(view.clearance))
    where = "your profile" if view.saved_to_profile else "your next plan"
    console.print(f"Saved; {where} carries these answers.", style="dim")


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


schema_app = typer.Typer(help="Print JSON Schemas of Gluteus documents.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("plan")
def schema_plan() -> None:
    """Print the JSON Schema of `gluteus plan --json` output.

    Example: gluteus schema plan
    """
    from gluteus.domain.program import Program

    print_json(Program.model_json_schema(mode="serialization"))


@schema_app.command("profile")
def schema_profile() -> None:
    """Print the JSON Schema of a profile file.

    Example: gluteus schema profile
    """
    print_json(Profile.model_json_schema())
