"""Planning use cases: read a profile from a file, build a program, find today's work."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gluteus.domain.catalog import default_catalog
from gluteus.domain.day_progression import DayProgression, progress_day
from gluteus.domain.history import History
from gluteus.domain.planner import build_program
from gluteus.domain.profile import Profile, describe_validation_error
from gluteus.domain.program import Program


class InputError(ValueError):
    """Bad input from a person or a file; the message names the field and what is allowed."""


def parse_profile_data(data: dict[str, Any], origin: str = "profile") -> Profile:
    """Validate raw profile data, turning pydantic errors into one :class:`InputError`."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{origin}: " + describe_validation_error(exc, Profile)) from None


def read_profile_file(path: Path) -> Profile:
    """Load a profile from a JSON or TOML file (chosen by suffix, TOML otherwise)."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"--profile: cannot read {path} ({exc.strerror})") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        kind = path.suffix[1:] or "TOML"
        raise InputError(f"--profile: {path} is not valid {kind} ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"--profile: {path} must hold one object of profile keys")
    return parse_profile_data(data, origin=str(path))


def example_profile() -> Profile:
    """The example person shipped in the package."""
    text = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    return parse_profile_data(tomllib.loads(text), origin="example profile")


def make_program(profile: Profile, start_date: dt.date | None = None) -> Program:
    """Build a program from the packaged catalog."""
    return build_program(profile, default_catalog(), start_date)


def todays_work(
    program: Program, history: History, date: dt.date
) -> tuple[int, DayProgression | None]:
    """The plan's week number for ``date`` (0 outside the plan) and the day, progressed.

    Targets follow what was logged: more reps, load or a stronger band after a good
    session, a hold or step back after misses, a substitute after pain.
    """
    week = program.week_for(date)
    day = program.day_for(date)
    if week is None or day is None:
        return (week.number if week else 0), None
    profile = program.profile
    progressed = progress_day(
        day,
        default_catalog(),
        history,
        date,
        equipment=profile.equipment_set,
        limitations=profile.limitations,
    )
    return week.number, progressed
