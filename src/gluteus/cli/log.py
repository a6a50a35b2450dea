"""`gluteus log …` and `gluteus config units`: record what was done, in metric or imperial.

Numbers may carry a unit (``8kg``, ``18lb``, ``3km``, ``2mi``, ``100cm``, ``39in``); a bare
number is read in the user's units, set once with ``gluteus config units imperial`` or per
command with ``--units``. Everything is stored metric. Each command writes in one
transaction; bad input exits non-zero with one line naming the field and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from gluteus.cli.app import app, console, fail
from gluteus.config import get_settings
from gluteus.domain.catalog import RepUnit
from gluteus.domain.history import BandLevel, CardioLog, LoggedSet
from gluteus.domain.profile import describe_validation_error
from gluteus.domain.program import Day, PlannedExercise, Role, SessionKind
from gluteus.domain.units import (
    UnitParseError,
    UnitSystem,
    format_circumference,
    format_mass,
    parse_length_cm,
    parse_mass_kg,
)
from gluteus.services import tracking
from gluteus.services.planning import InputError

KM_PER_MI = 1.609344

log_app = typer.Typer(
    help="Record sets, cardio, body weight, circumferences, pain and intake.",
    no_args_is_help=True,
)
config_app = typer.Typer(help="Show or change your saved settings.", no_args_is_help=True)
app.add_typer(log_app, name="log")
app.add_typer(config_app, name="config")

UNITS_HELP = "metric or imperial: how bare numbers are read (default: `gluteus config units`)."
DateOpt = Annotated[str | None, typer.Option("--date", help="Day it happened, YYYY-MM-DD.")]
UnitsOpt = Annotated[UnitSystem | None, typer.Option("--units", help=UNITS_HELP)]


@contextmanager
def database() -> Iterator[Engine]:
    """The configured database (created on first use); errors become one clear line."""
    try:
        engine = tracking.connect()
    except (SQLAlchemyError, OSError) as exc:
        fail(f"database: cannot open it ({str(exc).splitlines()[0]})")
    try:
        yield engine
    except InputError as exc:
        fail(str(exc))
    except ValidationError as exc:
        models: dict[str, type[BaseModel]] = {"LoggedSet": LoggedSet, "CardioLog": CardioLog}
        model = models.get(exc.title, LoggedSet)
        fail(describe_validation_error(exc, model).replace("\n", "; "))
    except SQLAlchemyError as exc:
        fail(f"database: write failed, nothing was saved ({str(exc).splitlines()[0]})")
    finally:
        engine.dispose()


def _units(engine: Engine, option: UnitSystem | None) -> UnitSystem:
    return option or tracking.user_units(engine, get_settings().units)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--date: expected a date as YYYY-MM-DD, got {text!r}")


def _with_unit(text: str, bare_unit: str) -> str:
    stripped = text.strip()
    return stripped + bare_unit if re.fullmatch(r"\d+(?:[.,]\d+)?", stripped) else stripped


def _mass(text: str, units: UnitSystem, option: str) -> float:
    bare = "lb" if units is UnitSystem.IMPERIAL else "kg"
    try:
        return parse_mass_kg(_with_unit(text, bare))
    except UnitParseError as exc:
        fail(f"{option}: {exc}")


def _length(text: str, units: UnitSystem, option: str) -> float:
    bare = "in" if units is UnitSystem.IMPERIAL else "cm"
    try:
        return parse_length_cm(_with_unit(text, bare))
    except UnitParseError as exc:
        fail(f"{option}: {exc}")


_DISTANCE = {"km": 1.0, "m": 0.001, "mi": KM_PER_MI, "mile": KM_PER_MI, "miles": KM_PER_MI}
_SPEED = {"kmh": 1.0, "km/h": 1.0, "kph": 1.0, "mph": KM_PER_MI}


def _scaled(text: str, table: dict[str, float], bare: str, option: str, examples: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([a-z/]*)\s*", text.lower())
    if match is None or (match.group(2) or bare) not in table:
        fail(f"{option}: cannot read {text!r}; write it like {examples}")
    return float(match.group(1).replace(",", ".")) * table[match.group(2) or bare]


def _distance_km(text: str, units: UnitSystem) -> float:
    bare = "mi" if units is UnitSystem.IMPERIAL else "km"
    return _scaled(text, _DISTANCE, bare, "--distance", "3km, 800m or 2mi")


def _speed_kmh(text: str, units: UnitSystem) -> float:
    bare = "mph" if units is UnitSystem.IMPERIAL else "kmh"
    return _scaled(text, _SPEED, bare, "--speed", "6kmh or 4mph")


def _band(text: str) -> BandLevel:
    try:
        return BandLevel(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        fail(f"--band: one of {', '.join(b.value for b in BandLevel)}; got {text!r}")


@log_app.command("set")
def log_set(
    exercise_id: Annotated[str, typer.Argument(help="Catalog id, e.g. glute-bridge.")],
    reps: Annotated[
        list[int],
        typer.Option("--reps", "-r", help="Reps (or seconds for holds) of one set; repeat it."),
    ],
    hard: Annotated[
        bool | None,
        typer.Option("--hard/--easy", help="Were the last two reps hard but doable with form?"),
    ] = None,
    load: Annotated[
        str | None, typer.Option(help="External load per set: 8kg or 18lb (bare: your units).")
    ] = None,
    band: Annotated[
        str | None, typer.Option(help="Band level: extra_light, light, medium, heavy.")
    ] = None,
    bad_form: Annotated[
        bool, typer.Option("--form-broke", help="Form broke down on a set.")
    ] = False,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Log sets of one exercise (all in one go; repeat --reps for each set).

    Example: gluteus log set glute-bridge --reps 15 --reps 14 --band medium --hard
    """
    if hard is None:
        fail("--hard/--easy: say whether the last two reps of each set were hard")
    day = _date(date)
    with database() as engine:
        load_kg = _mass(load, _units(engine, units), "--load") if load is not None else None
        level = _band(band) if band is not None else None
        logged = tracking.log_sets(
            engine,
            exercise_id,
            reps,
            last_two_hard=hard,
            date=day,
            load_kg=load_kg,
            band=level,
            good_form=not bad_form,
        )
        shown = _units(engine, units)
    dose = f" with {format_mass(load_kg, shown)}" if load_kg is not None else ""
    dose += f" with a {level.value} band" if level is not None else ""
    console.print(
        f"Logged {len(logged)} set(s) of {exercise_id} on {day}: "
        f"{', '.join(str(s.reps) for s in logged)}{dose}."
    )


@log_app.command("cardio")
def log_cardio(
    activity_id: Annotated[str, typer.Argument(help="Cardio id, e.g. brisk-walk.")],
    minutes: Annotated[float, typer.Option(help="Duration in minutes (1-600).")],
    distance: Annotated[
        str | None, typer.Option(help="Distance: 3km, 800m or 2mi (bare: your units).")
    ] = None,
    speed: Annotated[
        str | None, typer.Option(help="Average speed: 6kmh or 4mph (bare: your units).")
    ] = None,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Log a cardio bout.

    Example: gluteus log cardio brisk-walk --minutes 30 --distance 3km
    """
    day = _date(date)
    with database() as engine:
        system = _units(engine, units)
        bout = tracking.log_cardio(
            engine,
            activity_id,
            minutes,
            date=day,
            distance_km=_distance_km(distance, system) if distance is not None else None,
            speed_kmh=_speed_kmh(speed, system) if speed is not None else None,
        )
    console.print(f"Logged {bout.minutes:g} min of {activity_id} on {day}.")


@log_app.command("weight")
def log_weight(
    weight: Annotated[str, typer.Argument(help="Body weight: 72.4kg or 160lb.")],
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Log your body weight.

    Example: gluteus log weight 72.4kg
    """
    day = _date(date)
    with database() as engine:
        system = _units(engine, units)
        entry = tracking.log_weight(engine, _mass(weight, system, "weight"), date=day)
    console.print(f"Logged {format_mass(entry.weight_kg, system)} on {day}.")


@log_app.command("measure")
def log_measure(
    hips: Annotated[str | None, typer.Option(help="Hips: 100cm or 39in.")] = None,
    waist: Annotated[str | None, typer.Option(help="Waist: 80cm or 31.5in.")] = None,
    thigh: Annotated[str | None, typer.Option(help="Thigh: 58cm or 23in.")] = None,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Log circumferences of hips, waist and/or thigh.

    Example: gluteus log measure --hips 100cm --waist 80cm --thigh 58cm
    """
    if hips is None and waist is None and thigh is None:
        fail("--hips/--waist/--thigh: give at least one circumference")
    day = _date(date)
    with database() as engine:
        system = _units(engine, units)
        entry = tracking.log_measurement(
            engine,
            date=day,
            hips_cm=_length(hips, system, "--hips") if hips is not None else None,
            waist_cm=_length(waist, system, "--waist") if waist is not None else None,
            thigh_cm=_length(thigh, system, "--thigh") if thigh is not None else None,
        )
    parts = [
        f"{site} {format_circumference(value, system)}"
        for site in ("hips", "waist", "thigh")
        if (value := entry.site(site)) is not None
    ]
    console.print(f"Logged {', '.join(parts)} on {day}.")


@log_app.command("pain")
def log_pain(
    exercise_id: Annotated[str, typer.Argument(help="Catalog id of the exercise that hurt.")],
    severity: Annotated[int, typer.Option(help="1 (barely) to 10 (worst imaginable).")],
    note: Annotated[str, typer.Option(help="Where and when it hurt (up to 500 characters).")] = "",
    date: DateOpt = None,
) -> None:
    """Log pain on an exercise; upcoming sessions swap it for a gentler one.

    Example: gluteus log pain forward-lunge --severity 4 --note "left knee"
    """
    day = _date(date)
    with database() as engine:
        tracking.log_pain(engine, exercise_id, severity, date=day, note=note)
    console.print(f"Logged pain {severity}/10 on {exercise_id} ({day}). Pain is a stop sign.")
    if severity >= 7:
        console.print("Severe pain: stop that movement and see a health professional.")


@log_app.command("intake")
def log_intake(
    kcal: Annotated[float, typer.Argument(help="Energy eaten that day in kcal (0-10000).")],
    date: DateOpt = None,
) -> None:
    """Log what you ate in a day, in kcal (replaces that day's earlier entry).

    Example: gluteus log intake 1850
    """
    day = _date(date)
    with database() as engine:
        tracking.log_intake(engine, kcal, date=day)
    console.print(f"Logged {kcal:g} kcal on {day}.")


def _ask_sets(exercise: PlannedExercise, day: dt.date, units: UnitSystem) -> list[LoggedSet] | None:
    unit = "seconds" if exercise.unit is RepUnit.SECONDS else "reps"
    console.print(
        f"[bold]{exercise.name}[/] ({exercise.id}): {exercise.sets} × "
        f"{exercise.reps_min}-{exercise.reps_max} {unit}"
    )
    if not typer.confirm("  Did you do it?", default=True):
        return None
    load_text = typer.prompt(
        "  Load (e.g. 8kg, 18lb, band medium; blank for bodyweight)", default="", show_default=False
    ).strip()
    load_kg: float | None = None
    level: BandLevel | None = None
    if load_text.lower().startswith("band"):
        level = _band(load_text[4:] or "medium")
    elif load_text:
        load_kg = _mass(load_text, units, "load")
    counts = [
        typer.prompt(f"  Set {n} {unit}", default=exercise.reps_max, type=int)
        for n in range(1, exercise.sets + 1)
    ]
    hard = typer.confirm("  Were the last two reps of each set hard but doable?", default=True)
    return [
        LoggedSet(
            date=day,
            exercise_id=exercise.id,
            set_number=n,
            reps=count,
            load_kg=load_kg,
            band=level,
            last_two_hard=hard,
        )
        for n, count in enumerate(counts, start=1)
    ]


def _planned(day_plan: Day) -> Iterator[tuple[SessionKind, PlannedExercise]]:
    for session in day_plan.sessions:
        for exercise in session.exercises:
            if exercise.role in (Role.MAIN, Role.FINISHER, Role.CARDIO):
                yield session.kind, exercise


def _is_terminal() -> bool:
    return sys.stdin.isatty()


@log_app.command("today")
def log_today(
    as_planned: Annotated[
        bool,
        typer.Option("--as-planned", help="Log the day exactly as planned (top of each range)."),
    ] = False,
    hard: Annotated[
        bool | None,
        typer.Option("--hard/--easy", help="With --as-planned: were the last two reps hard?"),
    ] = None,
    date: DateOpt = None,
    units: UnitsOpt = None,
) -> None:
    """Walk through today's planned session and log it (prompts in a terminal).

    Without a terminal, pass --as-planned with --hard or --easy.

    Example: gluteus log today --as-planned --hard
    """
    day = _date(date)
    interactive = not as_planned
    if interactive and not _is_terminal():
        fail("log today: not a terminal; pass --as-planned with --hard or --easy")
    if as_planned and hard is None:
        fail("--hard/--easy: with --as-planned, say whether the last two reps were hard")
    with database() as engine:
        program = tracking.active_program(engine)
        if program is None:
            fail("plan: no active plan; build one with `gluteus plan`")
        day_plan = program.day_for(day)
        if day_plan is None:
            console.print(f"{day}: nothing planned (rest day or outside the plan).")
            return
        system = _units(engine, units)
        sets: list[LoggedSet] = []
        cardio: list[CardioLog] = []
        for kind, exercise in _planned(day_plan):
            if kind is SessionKind.CARDIO or exercise.role is Role.CARDIO:
                minutes = exercise.minutes
                if interactive:
                    minutes = typer.prompt(
                        f"{exercise.name}: minutes done (0 to skip)", default=minutes, type=float
                    )
                if minutes > 0:
                    cardio.append(CardioLog(date=day, activity_id=exercise.id, minutes=minutes))
            elif interactive:
                sets.extend(_ask_sets(exercise, day, system) or [])
            else:
                sets.extend(
                    LoggedSet(
                        date=day,
                        exercise_id=exercise.id,
                        set_number=n,
                        reps=exercise.reps_max,
                        last_two_hard=bool(hard),
                    )
                    for n in range(1, exercise.sets + 1)
                )
        tracking.log_session(engine, sets, cardio)
    console.print(
        f"Logged {len(sets)} set(s) and {len(cardio)} cardio bout(s) for {day}. Well done."
    )


@config_app.command("units")
def config_units(
    system: Annotated[
        UnitSystem | None, typer.Argument(help="metric or imperial; omit to show the current.")
    ] = None,
) -> None:
    """Show or set your units: how bare numbers are read and how results are shown.

    Example: gluteus config units imperial
    """
    with database() as engine:
        if system is None:
            console.print(_units(engine, None).value)
            return
        tracking.set_user_units(engine, system)
    console.print(f"Units set to {system.value}.")
