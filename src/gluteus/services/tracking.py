"""Tracking use cases: keep the active plan, log what was done, read it back, export it.

Every function takes an :class:`~sqlalchemy.Engine` (see :func:`connect`), validates its
input first (an :class:`InputError` names the field and the allowed range) and writes in one
transaction, so bad input or a crash leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gluteus.config import Settings, get_settings
from gluteus.db import repository as repo
from gluteus.db.engine import open_database
from gluteus.db.tables import DEFAULT_USER, User
from gluteus.domain.bodyweight import (
    Phase,
    ProjectionInputError,
    baseline,
    rule_3500_projection,
    simulate,
)
from gluteus.domain.catalog import Kind, default_catalog
from gluteus.domain.energy import ACTIVITY_FACTORS
from gluteus.domain.history import (
    BandLevel,
    CardioLog,
    History,
    IntakeEntry,
    LoggedSet,
    Measurement,
    PainReport,
    WeightEntry,
)
from gluteus.domain.profile import Profile, describe_validation_error
from gluteus.domain.program import Program
from gluteus.domain.progress import ProgressReport, progress_report
from gluteus.domain.units import UnitSystem
from gluteus.services.planning import InputError

MAX_SETS_PER_LOG = 20
EXPORT_FORMAT = repo.EXPORT_FORMAT
EXPORT_VERSION = repo.EXPORT_VERSION

_ModelT = TypeVar("_ModelT", bound=BaseModel)


def connect(settings: Settings | None = None) -> Engine:
    """The configured database, created and migrated to the newest schema on first use."""
    return open_database(settings or get_settings())


@contextmanager
def _transaction(engine: Engine, user_name: str) -> Iterator[tuple[Session, User]]:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session, repo.get_or_create_user(session, user_name)


def _build(model: type[_ModelT], **fields: Any) -> _ModelT:
    try:
        return model(**fields)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, model).replace("\n", "; ")) from None


def _check_date(date: dt.date, today: dt.date | None) -> dt.date:
    limit = today or dt.date.today()
    if date > limit:
        raise InputError(f"date: must not be after today ({limit.isoformat()}); got {date}")
    if date < limit - dt.timedelta(days=365 * 20):
        raise InputError(f"date: must be within the last 20 years; got {date}")
    return date


def _check_exercise(exercise_id: str, *, field: str, cardio: bool | None = None) -> None:
    catalog = default_catalog()
    try:
        exercise = catalog.get(exercise_id)
    except KeyError as exc:
        raise InputError(f"{field}: {exc.args[0]} (see `gluteus exercises`)") from None
    if cardio is True and exercise.kind is not Kind.CARDIO:
        choices = ", ".join(e.id for e in catalog if e.kind is Kind.CARDIO)
        raise InputError(f"{field}: {exercise_id!r} is not a cardio activity; one of: {choices}")
    if cardio is False and exercise.kind is Kind.CARDIO:
        raise InputError(f"{field}: {exercise_id!r} is cardio; log it with `gluteus log cardio`")


# --- users and settings ----------------------------------------------------------------------


def user_units(engine: Engine, default: UnitSystem, *, user: str = DEFAULT_USER) -> UnitSystem:
    """The user's unit system, or ``default`` when they have not chosen one."""
    with Session(engine) as session:
        row = repo.get_user(session, user)
        return UnitSystem(row.units) if row and row.units else default


def set_user_units(engine: Engine, units: UnitSystem, *, user: str = DEFAULT_USER) -> None:
    """Remember the user's unit system for display and bare numbers."""
    with _transaction(engine, user) as (session, row):
        repo.set_units(session, row, units.value)


# --- profile and plan ------------------------------------------------------------------------


def save_profile(engine: Engine, profile: Profile, *, user: str = DEFAULT_USER) -> None:
    """Store a new version of the user's profile (older versions are kept)."""
    with _transaction(engine, user) as (session, row):
        repo.save_profile(session, row, profile)


def current_profile(engine: Engine, *, user: str = DEFAULT_USER) -> Profile | None:
    """The user's newest saved profile, None when none was saved."""
    with Session(engine) as session:
        row = repo.get_user(session, user)
        return repo.latest_profile(session, row) if row else None


def save_screening(
    engine: Engine, cleared: bool, data: dict[str, Any], *, user: str = DEFAULT_USER
) -> None:
    """Record a readiness check: ``data`` holds the answers and the clearance as JSON."""
    with _transaction(engine, user) as (session, row):
        repo.save_screening(session, row, cleared, data)


def save_plan(
    engine: Engine,
    program: Program,
    *,
    start_date: dt.date | None = None,
    user: str = DEFAULT_USER,
    save_profile: bool = True,
) -> Program:
    """Make ``program`` the user's active plan (past plans are kept, inactive).

    Args:
        engine: Database.
        program: The plan; its ``start_date`` is used unless ``start_date`` is given.
        start_date: First day of week 1 (default: the program's, else today).
        user: Owner.
        save_profile: Also store the plan's profile as the user's newest profile.

    Returns:
        The program as stored (with its start date set).
    """
    start = start_date or program.start_date or dt.date.today()
    if program.start_date != start:
        program = program.model_copy(update={"start_date": start})
    with _transaction(engine, user) as (session, row):
        if save_profile:
            latest = repo.latest_profile(session, row)
            if latest != program.profile:
                repo.save_profile(session, row, program.profile)
        repo.save_plan(session, row, program)
    return program


def active_program(engine: Engine, *, user: str = DEFAULT_USER) -> Program | None:
    """The user's active plan, None when none was saved."""
    with Session(engine) as session:
        row = repo.get_user(session, user)
        plan = repo.active_plan(session, row) if row else None
        return Program.model_validate(plan.program) if plan else None


# --- logging ---------------------------------------------------------------------------------


def log_sets(
    engine: Engine,
    exercise_id: str,
    reps: Sequence[int],
    *,
    last_two_hard: bool,
    date: dt.date,
    load_kg: float | None = None,
    band: BandLevel | str | None = None,
    good_form: bool = True,
    user: str = DEFAULT_USER,
    today: dt.date | None = None,
) -> list[LoggedSet]:
    """Log one or more sets of one exercise, numbered after any already logged that day.

    ``last_two_hard`` and ``good_form`` apply to every set of the call; log sets separately
    when they differed.

    Args:
        engine: Database.
        exercise_id: Catalog id of a strength, warm-up or stretch exercise.
        reps: Repetitions (or seconds, for holds) of each set, in order.
        last_two_hard: Whether the last two repetitions of each set were hard but doable.
        date: Day of the workout (not in the future).
        load_kg: External load per set. [kg]
        band: Band level, for band exercises.
        good_form: Whether form held on every set.
        user: Owner.
        today: The current date (default: the system date), for the future-date check.

    Raises:
        InputError: Naming the field and the allowed range; nothing is written.
    """
    _check_exercise(exercise_id, field="exercise", cardio=False)
    _check_date(date, today)
    if not 1 <= len(reps) <= MAX_SETS_PER_LOG:
        raise InputError(f"reps: give 1–{MAX_SETS_PER_LOG} sets; got {len(reps)}")
    if band is not None and not isinstance(band, BandLevel):
        try:
            band = BandLevel(str(band).strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            allowed = ", ".join(b.value for b in BandLevel)
            raise InputError(f"band: one of {allowed}; got {band!r}") from None
    if band is not None and load_kg is not None:
        raise InputError("load: give either a load in kg/lb or a band level, not both")
    with _transaction(engine, user) as (session, row):
        done = repo.count_sets(session, row, date, exercise_id)
        sets = [
            _build(
                LoggedSet,
                date=date,
                exercise_id=exercise_id,
                set_number=done + i + 1,
                reps=count,
                load_kg=load_kg,
                band=band,
                last_two_hard=last_two_hard,
                good_form=good_form,
            )
            for i, count in enumerate(reps)
        ]
        repo.log_sets(session, row, sets)
    return sets


def log_session(
    engine: Engine,
    sets: Sequence[LoggedSet],
    cardio: Sequence[CardioLog] = (),
    *,
    user: str = DEFAULT_USER,
    today: dt.date | None = None,
) -> None:
    """Log a whole guided session (several exercises and cardio) in one transaction.

    Raises:
        InputError: When an exercise id or a date is invalid; nothing is written.
    """
    for logged in sets:
        _check_exercise(logged.exercise_id, field="exercise", cardio=False)
        _check_date(logged.date, today)
    for bout in cardio:
        _check_exercise(bout.activity_id, field="activity", cardio=True)
        _check_date(bout.date, today)
    with _transaction(engine, user) as (session, row):
        repo.log_sets(session, row, sets)
        for bout in cardio:
            repo.log_cardio(session, row, bout)


def log_cardio(
    engine: Engine,
    activity_id: str,
    minutes: float,
    *,
    date: dt.date,
    distance_km: float | None = None,
    speed_kmh: float | None = None,
    user: str = DEFAULT_USER,
    today: dt.date | None = None,
) -> CardioLog:
    """Log a cardio bout (the activity is a cardio id from the catalog)."""
    _check_exercise(activity_id, field="activity", cardio=True)
    _check_date(date, today)
    bout = _build(
        CardioLog,
        date=date,
        activity_id=activity_id,
        minutes=minutes,
        distance_km=distance_km,
        speed_kmh=speed_kmh,
    )
    with _transaction(engine, user) as (session, row):
        repo.log_cardio(session, row, bout)
    return bout


def log_weight(
    engine: Engine,
    weight_kg: float,
    *,
    date: dt.date,
    user: str = DEFAULT_USER,
    today: dt.date | None = None,
) -> WeightEntry:
    """Log a body-weight reading (``weight_kg`` in kg)."""
    _check_date(date, today)
    entry = _build(WeightEntry, date=date, weight_kg=weight_kg)
    with _transaction(engine, user) as (session, row):
        repo.log_weight(session, row, entry)
    return entry


def log_measurement(
    engine: Engine,
    *,
    date: dt.date,
    hips_cm: float | None = None,
    waist_cm: float | None = None,
    thigh_cm: float | None = None,
    user: str = DEFAULT_USER,
    today: dt.date | None = None,
) -> Measurement:
    """Log circumferences in cm (at least one of hips, waist, thigh)."""
    _check_date(date, today)
    entry = _build(Measurement, date=date, hips_cm=hips_cm, waist_cm=waist_cm, thigh_cm=thigh_cm)
    with _transaction(engine, user) as (session, row):
        repo.log_measurement(session, row, entry)
    return entry


def log_pain(
    engine: Engine,
    exercise_id: str,
    severity: int,
    *,
    date: dt.date,
    note: str = "",
    user: str = DEFAULT_USER,
    today: dt.date | None = None,
) -> PainReport:
    """Log pain felt on an exercise, 1 (barely) to 10 (worst)."""
    _check_exercise(exercise_id, field="exercise")
    _check_date(date, today)
    report = _build(
        PainReport, date=date, exercise_id=exercise_id, severity=severity, note=note.strip()
    )
    with _transaction(engine, user) as (session, row):
        repo.log_pain(session, row, report)
    return report


def log_intake(
    engine: Engine,
    kcal: float,
    *,
    date: dt.date,
    user: str = DEFAULT_USER,
    today: dt.date | None = None,
) -> IntakeEntry:
    """Log the day's intake in kcal, replacing an earlier value for that day."""
    _check_date(date, today)
    entry = _build(IntakeEntry, date=date, kcal=kcal)
    with _transaction(engine, user) as (session, row):
        repo.log_intake(session, row, entry)
    return entry


def history(engine: Engine, *, user: str = DEFAULT_USER) -> History:
    """Everything the user logged, as a domain :class:`History`."""
    with Session(engine) as session:
        row = repo.get_user(session, user)
        return repo.load_history(session, row) if row else History()


# --- progress --------------------------------------------------------------------------------


def progress(
    engine: Engine, *, today: dt.date | None = None, user: str = DEFAULT_USER
) -> ProgressReport:
    """Adherence, streaks, bests, weekly volume, weight trend and circumferences to date."""
    return progress_report(
        active_program(engine, user=user),
        history(engine, user=user),
        default_catalog(),
        today or dt.date.today(),
    )


def plan_projections(program: Program) -> dict[str, tuple[list[dt.date], list[float]]]:
    """Expected weight over the plan by the dynamic model and by the 3,500 kcal rule.

    Both start from the plan's profile on its start date and assume the plan's daily
    target intake throughout.

    Returns:
        Name → (dates, weights [kg]); empty when the plan has no start date or the profile
        is outside the model's range.
    """
    if program.start_date is None:
        return {}
    profile = program.profile
    days = 7 * len(program.weeks)
    try:
        base = baseline(
            profile.sex.value,
            profile.age,
            profile.height_cm,
            profile.weight_kg,
            ACTIVITY_FACTORS[profile.activity],
            profile.body_fat_pct,
        )
        phases = [Phase(intake_kcal=program.calories.target_kcal)]
        dynamic = simulate(base, days, phases).weight_kg[0]
        rule = rule_3500_projection(base, days, phases)[0]
    except ProjectionInputError:
        return {}
    dates = [program.start_date + dt.timedelta(days=i) for i in range(days + 1)]
    return {
        "Dynamic model (Hall 2011)": (dates, [float(w) for w in dynamic]),
        "3,500 kcal rule": (dates, [float(w) for w in rule]),
    }


# --- export and import -----------------------------------------------------------------------


def export_data(engine: Engine) -> dict[str, Any]:
    """Everything stored, for every user, as JSON-able data with a format version.

    The layout: ``{"format": "gluteus-export", "version": 1, "users": [{"name", "units",
    "created_at", "profiles", "screenings", "plans", "sets", "cardio", "weights",
    "measurements", "pain", "intake"}]}``; each list holds rows oldest first, with the
    table's columns (metric units, ISO dates, UTC timestamps) and no database ids.
    """
    with Session(engine) as session:
        return repo.export_all(session)


def is_empty(engine: Engine) -> bool:
    """True when nothing has been stored yet."""
    with Session(engine) as session:
        return repo.is_empty(session)


_LOG_MODELS: dict[str, tuple[type[BaseModel], dict[str, str]]] = {
    "sets": (LoggedSet, {"created_at": "logged_at"}),
    "cardio": (CardioLog, {"created_at": "logged_at"}),
    "weights": (WeightEntry, {"created_at": "logged_at"}),
    "measurements": (Measurement, {"created_at": "logged_at"}),
    "pain": (PainReport, {"created_at": "logged_at"}),
    "intake": (IntakeEntry, {"created_at": "logged_at"}),
}


def _validate_export(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError(f"format: not a Gluteus export (expected format {EXPORT_FORMAT!r})")
    version = data.get("version")
    if version != EXPORT_VERSION:
        raise InputError(f"version: this Gluteus reads version {EXPORT_VERSION}; got {version!r}")
    users = data.get("users")
    if not isinstance(users, list):
        raise InputError("users: expected a list of users")
    names: set[str] = set()
    for u, entry in enumerate(users):
        where = f"users[{u}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(f"{where}.name: expected a user with a name")
        if entry["name"] in names:
            raise InputError(f"{where}.name: {entry['name']!r} appears twice")
        names.add(entry["name"])
        _validate_user(entry, where)
    return users


def _validate_user(entry: dict[str, Any], where: str) -> None:
    try:
        if entry.get("units") is not None:
            UnitSystem(entry["units"])
        dt.datetime.fromisoformat(entry["created_at"])
    except (KeyError, TypeError, ValueError):
        raise InputError(
            f"{where}: units must be metric/imperial and created_at a timestamp"
        ) from None
    for key in repo.USER_TABLES:
        items = entry.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise InputError(f"{where}.{key}: expected a list of objects")
    for i, item in enumerate(entry.get("profiles", [])):
        _validated(Profile, item.get("data"), f"{where}.profiles[{i}].data")
    for i, item in enumerate(entry.get("plans", [])):
        _validated(Program, item.get("program"), f"{where}.plans[{i}].program")
        if item.get("start_date") is None:
            raise InputError(f"{where}.plans[{i}].start_date: required (YYYY-MM-DD)")
    if sum(1 for item in entry.get("plans", []) if item.get("active")) > 1:
        raise InputError(f"{where}.plans: at most one plan can be active")
    for key, (model, renames) in _LOG_MODELS.items():
        for i, item in enumerate(entry.get(key, [])):
            fields = {renames.get(k, k): v for k, v in item.items()}
            _validated(model, fields, f"{where}.{key}[{i}]")


def _validated(model: type[BaseModel], data: Any, where: str) -> None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        detail = describe_validation_error(exc, model).replace("\n", "; ")
        raise InputError(f"{where}: {detail}") from None


def import_data(engine: Engine, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Load an export into an empty database (or replace everything with ``replace``).

    The data is checked in full before anything is written; the write is one transaction.

    Returns:
        Rows written per kind (``users``, ``sets``, ``cardio`` …).

    Raises:
        InputError: When the file is not a valid export, or the database already holds data
            and ``replace`` is false.
    """
    users = _validate_export(data)
    with Session(engine) as session, session.begin():
        if not repo.is_empty(session):
            if not replace:
                raise InputError(
                    "database: already holds data; import only into an empty database, "
                    "or pass --replace to delete everything first"
                )
            repo.delete_everything(session)
        try:
            return repo.import_all(session, users)
        except (KeyError, TypeError, ValueError, SQLAlchemyError) as exc:
            reason = str(exc).splitlines()[0]
            raise InputError(f"users: cannot import ({reason})") from None
