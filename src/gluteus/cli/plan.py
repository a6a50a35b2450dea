"""`gluteus plan`, `today`, `screen`, `calories` and `schema`: profile in, plan out."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.render import (
    day_renderable,
    program_renderable,
    screening_panel,
    targets_table,
)
from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy import intake_target, met_kcal
from gluteus.domain.planner import routine_estimate
from gluteus.domain.profile import (
    ActivityLevel,
    Equipment,
    Level,
    Limitation,
    ParqAnswers,
    Profile,
    Sex,
)
from gluteus.domain.program import Program
from gluteus.domain.screening import PARQ_QUESTIONS, screen
from gluteus.services import tracking
from gluteus.services.planning import (
    InputError,
    example_profile,
    make_program,
    parse_profile_data,
    read_profile_file,
    todays_work,
)

ProfileOpt = Annotated[
    Path | None, typer.Option("--profile", "-p", help="Profile file (JSON or TOML).")
]
ExampleOpt = Annotated[bool, typer.Option("--example", help="Use the built-in example person.")]
SexOpt = Annotated[Sex | None, typer.Option(help="female or male.")]
AgeOpt = Annotated[int | None, typer.Option(help="Age in years (18-100).")]
HeightOpt = Annotated[str | None, typer.Option(help="Height: 165cm, 1.65m or 5ft 5in.")]
WeightOpt = Annotated[str | None, typer.Option(help="Weight: 72kg or 160lb.")]
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
ActivityOpt = Annotated[ActivityLevel | None, typer.Option(help="Everyday activity level.")]
PaceOpt = Annotated[float | None, typer.Option(help="Weight-loss pace in kg/week (0-1).")]
SandwichOpt = Annotated[
    bool | None, typer.Option("--sandwich/--no-sandwich", help="15 min cardio before and after.")
]
FinisherOpt = Annotated[
    bool | None, typer.Option("--finisher/--no-finisher", help="Mini-band finisher after workouts.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


def _flag_data(**flags: Any) -> dict[str, Any]:
    names = {
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
    data: dict[str, Any] = {}
    for flag, value in flags.items():
        if value is not None:
            data[names[flag]] = value.value if hasattr(value, "value") else value
    for key in ("equipment", "limitations", "available_days"):
        if isinstance(data.get(key), str):
            data[key] = [part.strip() for part in data[key].split(",") if part.strip()]
    return data


def _ask_choice(label: str, choices: list[str], default: str) -> str:
    while True:
        raw: str = typer.prompt(f"{label} ({'/'.join(choices)})", default=default)
        answer = raw.strip().lower()
        if answer in choices:
            return answer
        console.print(f"[red]please answer one of: {', '.join(choices)}[/]")


def _interactive_profile() -> dict[str, Any]:
    console.print("[bold]Let's build your plan.[/] Metric or imperial both work (165cm, 5ft 5in).")
    data: dict[str, Any] = {
        "sex": _ask_choice("Sex", [s.value for s in Sex], "female"),
        "age": typer.prompt("Age", type=int),
        "height_cm": typer.prompt("Height"),
        "weight_kg": typer.prompt("Weight"),
    }
    goal = typer.prompt("Goal weight (blank for none)", default="", show_default=False)
    if goal.strip():
        data["goal_weight_kg"] = goal
    data["level"] = _ask_choice("Experience", [lv.value for lv in Level], "beginner")
    kit = typer.prompt(
        "Equipment, comma-separated (" + ", ".join(e.value for e in Equipment) + ")",
        default="none",
    )
    data["equipment"] = [part.strip() for part in kit.split(",") if part.strip()]
    limits = typer.prompt(
        "Limitations, comma-separated (knees, lower_back, pregnancy, balance; blank for none)",
        default="",
        show_default=False,
    )
    data["limitations"] = [part.strip() for part in limits.split(",") if part.strip()]
    days = typer.prompt("Days you can train", default="mon,tue,wed,thu,fri,sat")
    data["available_days"] = [part.strip() for part in days.split(",") if part.strip()]
    data["minutes_per_session"] = typer.prompt("Minutes per day", default=60, type=int)
    if typer.confirm("Answer the 7 readiness questions now?", default=True):
        data["parq"] = _ask_parq()
    return data


def _ask_parq() -> dict[str, bool]:
    return {key: typer.confirm(text, default=False) for key, text in PARQ_QUESTIONS.items()}


def resolve_profile(profile_file: Path | None, example: bool, **flags: Any) -> Profile:
    """Profile from a file, the example or flags (flags override); interactive in a terminal."""
    overrides = _flag_data(**flags)
    if example and profile_file:
        fail("use either --profile or --example, not both")
    try:
        if profile_file is not None:
            base = read_profile_file(profile_file).model_dump(exclude_none=True)
        elif example:
            base = example_profile().model_dump(exclude_none=True)
        else:
            required = ("sex", "age", "height_cm", "weight_kg")
            missing = [key for key in required if key not in overrides]
            if not missing:
                base = {}
            elif is_terminal():
                base = _interactive_profile()
            elif overrides:
                names = ", ".join("--" + key.split("_")[0] for key in missing)
                fail(f"missing {names} (or give --profile FILE or --example)")
            else:
                fail("give --profile FILE, --example, or at least --sex --age --height --weight")
        return parse_profile_data({**base, **overrides})
    except InputError as exc:
        fail(str(exc))


def is_terminal() -> bool:
    """Whether a person is at the keyboard (prompts are offered only then)."""
    return sys.stdin.isatty()


def _parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: expected a date as YYYY-MM-DD, got {text!r}")


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
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Keep it as your active plan (default).")
    ] = True,
    json_out: JsonOpt = False,
) -> None:
    """Build a personal multi-week plan: cardio, glute strength work, calories and checks.

    Example: gluteus plan --sex female --age 34 --height 165cm --weight 72kg --equipment mini_band
    """
    profile = resolve_profile(
        profile_file,
        example,
        sex=sex,
        age=age,
        height=height,
        weight=weight,
        goal_weight=goal_weight,
        body_fat=body_fat,
        level=level,
        equipment=equipment,
        limitations=limitations,
        days=days,
        minutes=minutes,
        weeks=weeks,
        activity=activity,
        pace=pace,
        sandwich=sandwich,
        finisher=finisher,
    )
    program = make_program(profile, _parse_date(start, "--start") or dt.date.today())
    shown = week or 1
    if not 1 <= shown <= len(program.weeks):
        fail(f"--week: must be between 1 and {len(program.weeks)}")
    if save:
        tracking.save_plan(tracking.connect(), program)
    if json_out:
        print_json(program)
        return
    console.print(program_renderable(program, [shown]))
    if save:
        console.print(
            f"Saved as your active plan from {program.start_date}; `gluteus today` shows "
            "each day's session.",
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
    """Show today's session from your active plan, with targets progressed from your logs.

    Without --profile or --example it uses the plan saved by `gluteus plan`.
    Example: gluteus today
    """
    day_date = _parse_date(date, "--date") or dt.date.today()
    engine = tracking.connect()
    if profile_file is not None or example:
        start_date = _parse_date(start, "--start") or day_date
        program = make_program(resolve_profile(profile_file, example), start_date)
    else:
        stored = tracking.active_program(engine)
        if stored is None:
            fail("no active plan yet: run `gluteus plan` first (or pass --profile FILE)")
        program = stored
    week_number, work = todays_work(program, tracking.history(engine), day_date)
    if json_out:
        print_json(
            {
                "date": day_date.isoformat(),
                "week": week_number,
                "day": work.day.model_dump(mode="json") if work else None,
                "targets": [r.model_dump(mode="json") for r in work.recommendations]
                if work
                else [],
                "cardio": [c.model_dump(mode="json") for c in work.cardio] if work else [],
                "deload": work.deload.model_dump(mode="json") if work and work.deload else None,
                "see_professional": bool(work and work.see_professional),
                "notes": list(work.notes) if work else [],
            }
        )
        return
    if week_number == 0:
        console.print(f"{day_date} is outside the plan (it starts {program.start_date}).")
        return
    if work is None:
        console.print(
            f"[bold]{day_date}: rest day[/] (week {week_number}). Walk, stretch, recover."
        )
        return
    console.print(day_renderable(work.day, f"{day_date} · week {week_number}"))
    console.print(targets_table(work))


@app.command("screen")
def screen_command(
    yes: Annotated[
        str | None, typer.Option(help="Comma-separated ids answered yes, e.g. q1,q6.")
    ] = None,
    all_no: Annotated[bool, typer.Option("--all-no", help="Every answer is no.")] = False,
    limitations: LimitOpt = None,
    age: AgeOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Answer the 7 readiness questions (PAR-Q+ style) and see if you are cleared to start.

    Example: gluteus screen --yes q6 --json
    """
    if yes is not None or all_no:
        chosen = {part.strip() for part in (yes or "").split(",") if part.strip()}
        unknown = sorted(chosen - set(PARQ_QUESTIONS))
        if unknown:
            fail(f"--yes: unknown question id(s) {', '.join(unknown)}; use q1 … q7")
        answers = ParqAnswers(**{key: key in chosen for key in PARQ_QUESTIONS})
    elif is_terminal():
        answers = ParqAnswers(**_ask_parq())
    else:
        fail("give --yes q1,q6 (the questions answered yes) or --all-no")
    try:
        limits = tuple(Limitation(x.strip()) for x in (limitations or "").split(",") if x.strip())
    except ValueError:
        fail("--limitations: use knees, lower_back, pregnancy or balance")
    clearance = screen(answers, limits, age)
    if json_out:
        print_json({"answers": answers.model_dump(), **clearance.model_dump(mode="json")})
        return
    console.print(screening_panel(clearance))
    console.print("Add this to your profile file:", style="dim")
    console.print("[parq]\n" + "\n".join(f"{k} = {str(v).lower()}" for k, v in answers))


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
    minutes: Annotated[
        float | None, typer.Option(help="Minutes of --exercise (1-600).", min=1, max=600)
    ] = None,
    routine: Annotated[
        str | None, typer.Option(help="Estimate a whole routine: butt-lift or band-routine.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Daily calorie needs and a safe target; energy of an exercise or a routine.

    Example: gluteus calories --sex female --age 34 --height 165cm --weight 72kg --routine butt-lift
    """
    profile = resolve_profile(
        profile_file,
        example,
        sex=sex,
        age=age,
        height=height,
        weight=weight,
        body_fat=body_fat,
        activity=activity,
        pace=pace,
    )
    target = intake_target(profile)
    result: dict[str, Any] = {
        "bmr_kcal": round(target.bmr_kcal, 1),
        "bmr_method": target.bmr_method.value,
        "tdee_kcal": round(target.tdee_kcal, 1),
        "target_kcal": round(target.target_kcal, 1),
        "floor_kcal": target.floor_kcal,
        "pace_kg_per_week": round(target.pace_kg_per_week, 3),
        "safe_pace_kg_per_week": round(target.safe_pace_kg_per_week, 3),
        "notes": list(target.notes),
    }
    if exercise is not None:
        try:
            entry = default_catalog().get(exercise)
        except KeyError as exc:
            fail(f"--exercise: {exc.args[0]}")
        duration = minutes or 30.0
        result["exercise"] = {
            "id": entry.id,
            "minutes": duration,
            "met": entry.met,
            "kcal": round(met_kcal(entry.met, profile.weight_kg, duration), 1),
        }
    if routine is not None:
        try:
            estimate = routine_estimate(routine, profile, default_catalog())
        except KeyError as exc:
            fail(f"--routine: {exc.args[0]}")
        result["routine"] = estimate
    if json_out:
        print_json(result)
        return
    console.print(
        f"Resting: [bold]{result['bmr_kcal']:.0f}[/] kcal/day ({result['bmr_method']}); "
        f"total: [bold]{result['tdee_kcal']:.0f}[/]; eat about [bold]{result['target_kcal']:.0f}"
        f"[/] kcal/day for {result['pace_kg_per_week']:.2f} kg/week "
        f"(never below {result['floor_kcal']:.0f})."
    )
    for note in target.notes:
        console.print(note, style="yellow")
    if "exercise" in result:
        ex = result["exercise"]
        console.print(f"{ex['id']}: {ex['minutes']:.0f} min ≈ {ex['kcal']:.0f} kcal")
    if "routine" in result:
        est = result["routine"]
        console.print(
            f"{est['name']}: {est['minutes']:.0f} min ≈ [bold]{est['kcal']:.0f} kcal[/] "
            f"({est['strength_minutes']:.0f} min strength, {est['cardio_minutes']:.0f} min cardio)"
        )


schema_app = typer.Typer(help="Print JSON Schemas of Gluteus documents.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("plan")
def schema_plan() -> None:
    """Print the JSON Schema of `gluteus plan --json` output.

    Example: gluteus schema plan
    """
    print_json(Program.model_json_schema(mode="serialization"))


@schema_app.command("profile")
def schema_profile() -> None:
    """Print the JSON Schema of a profile file.

    Example: gluteus schema profile
    """
    print_json(Profile.model_json_schema())
