"""Where `plan`, `today` and `calories` get the profile: flags, a file, the example, questions.

Flags are laid over a profile file, the example person or the saved profile; in a terminal
with nothing saved the questions build one. Bad values are named by the flag (or
``--profile KEY``) the person typed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from gluteus.cli.app import console, fail
from gluteus.cli.runtime import is_terminal
from gluteus.domain.profile import ActivityLevel, Profile, Sex
from gluteus.domain.units import UnitSystem
from gluteus.services import plans
from gluteus.services import quantities as parse
from gluteus.services.errors import InputError

# The profile options `plan` and `calories` share; the rest are `plan`'s own.
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
FatOpt = Annotated[float | None, typer.Option("--body-fat", help="Body fat in % (3-70).")]
ActivityOpt = Annotated[
    ActivityLevel | None,
    typer.Option(help="Everyday activity without your workouts (the plan adds those itself)."),
]
PaceOpt = Annotated[
    str | None,
    typer.Option(
        help="Weight-loss pace per week, e.g. 0.5kg or 1lb; a bare number is read in your "
        "units (default 0.5 kg a week; 0 holds your weight)."
    ),
]

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
        elif key in {"weight_kg", "goal_weight_kg", "pace_kg_per_week"}:
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
