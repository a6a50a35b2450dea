"""The profile a person keeps, their readiness answers and their active plan.

One current profile per user (older versions kept as history); re-planning without a
profile plans from it with the latest logged weight; the plan replaces the active one.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import WeightEntry
from gluteus.domain.profile import ParqAnswers, PelvicScreen, Profile
from gluteus.domain.program import Program, share_repeats
from gluteus.domain.screening import Clearance, screen
from gluteus.services.cache import MB, StampedCache
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, check_near, from_validation

LIST_KEYS = frozenset({"equipment", "limitations", "available_days"})
"""Profile keys holding lists (comma-separated in ``KEY=VALUE`` form)."""


class PlanRequest(BaseModel):
    """Build a plan: from this profile, or the saved one when None."""

    profile: Profile | None = None
    start_date: dt.date | None = None
    save: bool = True


class ProfileVersion(BaseModel):
    """One saved version of the profile."""

    saved_at: dt.datetime
    profile: Profile


class ScreeningView(BaseModel):
    """Saved readiness answers and what they mean."""

    answers: ParqAnswers
    clearance: Clearance
    saved_to_profile: bool


# --- reading profiles ------------------------------------------------------------------------


def parse_profile_data(data: dict[str, Any]) -> Profile:
    """Validate raw profile data (profile-file keys; units allowed in text values)."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, Profile) from None


def read_profile_file(path: Path) -> Profile:
    """Load a profile from a JSON or TOML file (chosen by suffix, TOML otherwise).

    Raises:
        InputError: On the field ``profile_file`` when the file cannot be read or parsed,
            or on the profile's own fields when a value is invalid.
    """
    return parse_profile_data(read_profile_data(path))


def read_profile_data(path: Path) -> dict[str, Any]:
    """The raw profile keys in a JSON or TOML file, not yet checked (so flags can override).

    Raises:
        InputError: On the field ``profile_file`` when the file cannot be read or parsed.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            "profile_file", f"cannot read it ({exc.strerror})", value=str(path)
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            "profile_file", "is not a UTF-8 text file", allowed="TOML or JSON", value=str(path)
        ) from None
    if "\x00" in text:
        raise InputError(
            "profile_file", "is a binary file", allowed="TOML or JSON", value=str(path)
        )
    is_json = path.suffix.lower() == ".json"
    try:
        data = json.loads(text) if is_json else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if is_json else "TOML"
        raise InputError("profile_file", f"is not valid {kind} ({exc})", value=str(path)) from None
    if not isinstance(data, dict):
        raise InputError("profile_file", "must hold one object of profile keys", value=str(path))
    return data


def example_profile() -> Profile:
    """The example person shipped in the package."""
    text = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    return parse_profile_data(tomllib.loads(text))


# --- the saved profile -----------------------------------------------------------------------


def current_profile(session: Session, actor: Actor) -> Profile | None:
    """The actor's newest saved profile, None when none was saved."""
    return repo.latest_profile(session, actor.user_id)


def effective_profile(session: Session, actor: Actor) -> Profile | None:
    """The saved profile at the weight the weigh-ins show, None when none was saved.

    The weight is the robust recent line through the weigh-ins (never one raw reading, see
    :func:`gluteus.domain.energy.weigh_in.recent_weight_kg`); a goal that weight has reached
    is marked reached, so everything built from the profile maintains
    (:func:`gluteus.domain.energy.goal.profile_at_weight`).
    """
    from gluteus.domain.energy.goal import profile_at_weight
    from gluteus.domain.energy.weigh_in import RECENT_WINDOW_DAYS, recent_weight_kg

    profile = current_profile(session, actor)
    if profile is None:
        return None
    # Only the weigh-ins the line uses are read (those within its window before the latest
    # one): one aggregate row and one indexed range, however long the history.
    _, _, latest = repo.weigh_in_span(session, actor.user_id, actor.today, most=1)
    if latest is None:
        return profile
    since = latest - dt.timedelta(days=RECENT_WINDOW_DAYS)
    rows = repo.list_entries(session, actor.user_id, ["weight"], since, actor.today)
    readings = [
        (entry.date, entry.weight_kg) for _, _, entry in rows if isinstance(entry, WeightEntry)
    ]
    weight = recent_weight_kg(readings)
    if weight is None:
        return profile
    return profile_at_weight(profile, round(weight, 2))


def save_profile(session: Session, actor: Actor, profile: Profile) -> Profile:
    """Make ``profile`` the actor's current one (a new version only when it changed)."""
    if repo.latest_profile(session, actor.user_id) != profile:
        repo.save_profile(session, actor.user_id, profile)
    return profile


def profile_versions(session: Session, actor: Actor) -> list[ProfileVersion]:
    """Every saved version of the actor's profile, oldest first."""
    return [
        ProfileVersion(saved_at=saved_at, profile=profile)
        for saved_at, profile in repo.profile_versions(session, actor.user_id)
    ]


def _value(key: str, text: str) -> Any:
    if key in LIST_KEYS:
        return [part.strip() for part in text.split(",") if part.strip()]
    lowered = text.strip().lower()
    if lowered in {"true", "yes", "on"}:
        return True
    if lowered in {"false", "no", "off"}:
        return False
    if lowered in {"", "none", "null"}:
        return None
    return text.strip()


def updated_profile(base: Profile | None, changes: dict[str, str]) -> Profile:
    """``base`` with ``changes`` applied (profile-file keys; ``parq.q1`` for one answer).

    Raises:
        InputError: Naming the key when it is unknown or its value invalid.
    """
    data: dict[str, Any] = base.model_dump(mode="json", exclude_none=True) if base else {}
    for key, text in changes.items():
        name = key.strip().lower()
        if name.startswith("parq."):
            question = name.removeprefix("parq.")
            if question not in ParqAnswers.model_fields:
                raise InputError(key, "unknown readiness question", allowed="parq.q1 … parq.q7")
            answers = dict(data.get("parq") or dict.fromkeys(ParqAnswers.model_fields, False))
            answers[question] = _value(name, text)
            data["parq"] = answers
            continue
        if name.startswith("pelvic_floor_screen."):
            sign = name.removeprefix("pelvic_floor_screen.")
            if sign not in PelvicScreen.model_fields:
                allowed = ", ".join(f"pelvic_floor_screen.{k}" for k in PelvicScreen.model_fields)
                raise InputError(key, "unknown after-birth sign", allowed=allowed)
            signs = dict(
                data.get("pelvic_floor_screen") or dict.fromkeys(PelvicScreen.model_fields, False)
            )
            signs[sign] = _value(name, text)
            data["pelvic_floor_screen"] = signs
            continue
        if name not in Profile.model_fields:
            allowed = ", ".join(Profile.model_fields)
            raise InputError(key, "unknown profile key", allowed=f"one of {allowed}")
        value = _value(name, text)
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return parse_profile_data(data)


def set_profile_keys(session: Session, actor: Actor, changes: dict[str, str]) -> Profile:
    """Change keys of the actor's profile and save the result as the current version."""
    base = current_profile(session, actor)
    if base is None:
        missing = {"sex", "age", "height_cm", "weight_kg"} - {k.lower() for k in changes}
        if missing:
            raise InputError(
                "profile",
                "no profile saved yet; set at least sex, age, height_cm and weight_kg",
                allowed="missing: " + ", ".join(sorted(missing)),
            )
    return save_profile(session, actor, updated_profile(base, changes))


# --- readiness -------------------------------------------------------------------------------


def save_screening(session: Session, actor: Actor, answers: ParqAnswers) -> ScreeningView:
    """Record readiness answers; they go into the saved profile so the next plan has them."""
    profile = current_profile(session, actor)
    clearance = screen(
        answers,
        profile.limitations if profile else (),
        profile.age if profile else None,
    )
    repo.save_screening(
        session,
        actor.user_id,
        clearance.cleared,
        {"answers": answers.model_dump(), "clearance": clearance.model_dump(mode="json")},
    )
    if profile is not None:
        save_profile(session, actor, profile.model_copy(update={"parq": answers}))
    return ScreeningView(answers=answers, clearance=clearance, saved_to_profile=profile is not None)


def latest_answers(session: Session, actor: Actor) -> ParqAnswers | None:
    """The actor's most recent readiness answers, None when never answered."""
    data = repo.latest_screening(session, actor.user_id)
    if data is None or not isinstance(data.get("answers"), dict):
        return None
    return ParqAnswers.model_validate(data["answers"])


# --- plans -----------------------------------------------------------------------------------


def build_plan(profile: Profile, start_date: dt.date) -> Program:
    """A plan for ``profile`` from the packaged catalog, week 1 starting on ``start_date``."""
    from gluteus.domain.planning import build_program

    return build_program(profile, default_catalog(), start_date)


PLAN_START_WINDOW = dt.timedelta(days=2 * 366)
"""How far from today a plan may start, either way.

A plan is for training now: starting it a year back or ahead covers catching up with a
paper log or planning a season, while a start of 0001-01-01 or 9999-12-31 only pushes
the plan's dates off the calendar (a 12-week plan from 9999-12-31 would end in year 10000).
"""


def check_plan_start(start: dt.date, today: dt.date) -> dt.date:
    """``start`` when it lies within :data:`PLAN_START_WINDOW` of ``today``.

    Raises:
        InputError: On ``start_date`` otherwise, naming the allowed dates.
    """
    return check_near("start_date", start, today, PLAN_START_WINDOW)


def make_plan(session: Session, actor: Actor, request: PlanRequest) -> Program:
    """Build a plan from the given profile or the saved one; save both unless told not to.

    Readiness answers saved with ``gluteus screen`` fill a profile that has none.

    Raises:
        InputError: On ``profile`` when none is given and none is saved, on ``start_date``
            when it is too far from today (see :func:`check_plan_start`).
    """
    profile = request.profile or effective_profile(session, actor)
    if profile is None:
        raise InputError("profile", "no saved profile yet; give one to plan from")
    if profile.parq is None:
        answers = latest_answers(session, actor)
        if answers is not None:
            profile = profile.model_copy(update={"parq": answers})
    start = check_plan_start(request.start_date, actor.today) if request.start_date else None
    program = build_plan(profile, start or actor.today)
    if request.save:
        save_profile(session, actor, profile)
        repo.save_plan(session, actor.user_id, program)
    return program


PLAN_BYTES_PER_JSON_BYTE = 3
"""Memory a parsed plan takes per byte of its stored JSON, roughly, its repeats shared.

Measured with ``tracemalloc`` on the example twelve-week plan: 368 kB of JSON parse into
2.4 MB of objects (6.5 bytes per byte), 0.79 MB once :func:`.program.share_repeats` holds
its repeated exercises and sessions once (2.1 bytes per byte). A plan is sized from its
text so keeping it costs nothing more than the parse already did.
"""


def plan_bytes(text: str) -> int:
    """Approximate memory of a plan parsed from ``text`` (its stored JSON), repeats shared."""
    return len(text) * PLAN_BYTES_PER_JSON_BYTE


PROGRAMS: StampedCache[int, repo.PlanStamp, Program] = StampedCache(
    max_items=100_000, max_size=24 * MB, name=f"{__name__}.PROGRAMS"
)
"""The plans this process parsed, by user and stored version; bounded by approximate memory.

A stored plan is large (about 370 kB of JSON for twelve weeks, 0.8 MB once parsed with its
repeats shared) and parsing it (about 8 ms) is most of the cost of a page that shows it, so
the plans of the people served most recently are kept, up to 24 MB of memory in all (about
twenty twelve-week plans), sized by :func:`plan_bytes`. Together with the other caches
this keeps a worker under 250 MB resident after serving 1,000 people
(``benchmarks/workers.py``). The stamp changes whenever a plan is replaced (see
:mod:`.cache`).
"""


def active_plan(session: Session, actor: Actor) -> tuple[repo.PlanStamp, Program] | None:
    """The actor's active plan with its stamp, None when none was saved.

    Reads the plan's stamp (one small row) and parses the stored program only when this
    process has not parsed that version before.
    """
    stamp = repo.active_plan_stamp(session, actor.user_id)
    if stamp is None:
        return None
    program = PROGRAMS.get(actor.user_id, stamp)
    if program is not None:
        return stamp, program
    stored = repo.active_plan_json(session, actor.user_id)
    if stored is None:  # deleted between the two reads (another transaction committed)
        return None
    stamp, text = stored
    program = share_repeats(Program.model_validate_json(text))
    PROGRAMS.put(actor.user_id, stamp, program, plan_bytes(text))
    return stamp, program


def active_program(session: Session, actor: Actor) -> Program | None:
    """The actor's active plan, None when none was saved (see :func:`active_plan`)."""
    found = active_plan(session, actor)
    return None if found is None else found[1]
