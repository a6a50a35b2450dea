"""Typed reads and writes over the tables, mapping rows to and from domain objects.

Functions take an open :class:`~sqlalchemy.orm.Session` and never commit: the caller (a
service) owns the transaction, so a use case that writes several rows writes all or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Date, DateTime, delete, func, select, update
from sqlalchemy.orm import Session

from gluteus.db.tables import (
    DEFAULT_USER,
    Base,
    CardioRow,
    IntakeRow,
    MeasurementRow,
    PainRow,
    PlanRow,
    ProfileRow,
    ScreeningRow,
    SetRow,
    User,
    WeightRow,
    utcnow,
)
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
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program

_RowT = TypeVar("_RowT", bound=Base)

EXPORT_FORMAT = "gluteus-export"
EXPORT_VERSION = 1

USER_TABLES: dict[str, type[Base]] = {
    "profiles": ProfileRow,
    "screenings": ScreeningRow,
    "plans": PlanRow,
    "sets": SetRow,
    "cardio": CardioRow,
    "weights": WeightRow,
    "measurements": MeasurementRow,
    "pain": PainRow,
    "intake": IntakeRow,
}
"""Export keys of the per-user tables, in export order."""


# --- users -------------------------------------------------------------------------------


def get_user(session: Session, name: str = DEFAULT_USER) -> User | None:
    """The user called ``name``, None when absent."""
    return session.scalars(select(User).where(User.name == name)).one_or_none()


def get_or_create_user(session: Session, name: str = DEFAULT_USER) -> User:
    """The user called ``name``, created (and flushed) on first use."""
    user = get_user(session, name)
    if user is None:
        user = User(name=name)
        session.add(user)
        session.flush()
    return user


def set_units(session: Session, user: User, units: str | None) -> None:
    """Store the user's preferred unit system (``metric``/``imperial``; None to unset)."""
    user.units = units
    session.flush()


# --- profiles, screening, plans ------------------------------------------------------------


def save_profile(session: Session, user: User, profile: Profile) -> ProfileRow:
    """Add a new version of the user's profile (older versions are kept)."""
    row = ProfileRow(user_id=user.id, data=profile.model_dump(mode="json"), created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def latest_profile(session: Session, user: User) -> Profile | None:
    """The newest saved profile, None when none was saved."""
    row = session.scalars(
        select(ProfileRow)
        .where(ProfileRow.user_id == user.id)
        .order_by(ProfileRow.created_at.desc(), ProfileRow.id.desc())
        .limit(1)
    ).first()
    return Profile.model_validate(row.data) if row else None


def save_screening(
    session: Session, user: User, cleared: bool, data: dict[str, Any]
) -> ScreeningRow:
    """Record a readiness check (answers and clearance as JSON)."""
    row = ScreeningRow(user_id=user.id, cleared=cleared, data=data, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def save_plan(session: Session, user: User, program: Program) -> PlanRow:
    """Store ``program`` as the user's active plan; earlier plans stay, inactive.

    Args:
        session: Open session (the caller commits).
        user: Owner of the plan.
        program: A program with a ``start_date``.

    Raises:
        ValueError: When the program has no start date.
    """
    if program.start_date is None:
        raise ValueError("start_date: a saved plan needs a first day")
    # Deactivate first, in its own statement, so the one-active index never sees two.
    session.execute(
        update(PlanRow).where(PlanRow.user_id == user.id, PlanRow.active).values(active=False)
    )
    row = PlanRow(
        user_id=user.id,
        program=program.model_dump(mode="json"),
        start_date=program.start_date,
        weeks=len(program.weeks),
        active=True,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def active_plan(session: Session, user: User) -> PlanRow | None:
    """The user's active plan row, None when there is none."""
    return session.scalars(
        select(PlanRow).where(PlanRow.user_id == user.id, PlanRow.active)
    ).one_or_none()


def plan_rows(session: Session, user: User) -> list[PlanRow]:
    """Every plan of the user, newest first."""
    return list(
        session.scalars(
            select(PlanRow)
            .where(PlanRow.user_id == user.id)
            .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
        )
    )


# --- logs ------------------------------------------------------------------------------------


def log_sets(session: Session, user: User, sets: Sequence[LoggedSet]) -> list[SetRow]:
    """Add several sets in the caller's transaction (all are flushed together)."""
    rows = [
        SetRow(
            user_id=user.id,
            date=s.date,
            exercise_id=s.exercise_id,
            set_number=s.set_number,
            reps=s.reps,
            load_kg=s.load_kg,
            band=s.band.value if s.band else None,
            last_two_hard=s.last_two_hard,
            good_form=s.good_form,
            created_at=_stamp(s.logged_at),
        )
        for s in sets
    ]
    session.add_all(rows)
    session.flush()
    return rows


def count_sets(session: Session, user: User, date: dt.date, exercise_id: str) -> int:
    """How many sets of ``exercise_id`` the user already logged on ``date``."""
    query = select(func.count()).where(
        SetRow.user_id == user.id, SetRow.date == date, SetRow.exercise_id == exercise_id
    )
    return int(session.scalar(query) or 0)


def log_cardio(session: Session, user: User, cardio: CardioLog) -> CardioRow:
    """Add one cardio bout."""
    row = CardioRow(
        user_id=user.id,
        date=cardio.date,
        activity_id=cardio.activity_id,
        minutes=cardio.minutes,
        distance_km=cardio.distance_km,
        speed_kmh=cardio.speed_kmh,
        created_at=_stamp(cardio.logged_at),
    )
    return _add(session, row)


def log_weight(session: Session, user: User, entry: WeightEntry) -> WeightRow:
    """Add a body-weight reading."""
    row = WeightRow(
        user_id=user.id,
        date=entry.date,
        weight_kg=entry.weight_kg,
        created_at=_stamp(entry.logged_at),
    )
    return _add(session, row)


def log_measurement(session: Session, user: User, entry: Measurement) -> MeasurementRow:
    """Add circumferences taken on one day."""
    row = MeasurementRow(
        user_id=user.id,
        date=entry.date,
        hips_cm=entry.hips_cm,
        waist_cm=entry.waist_cm,
        thigh_cm=entry.thigh_cm,
        created_at=_stamp(entry.logged_at),
    )
    return _add(session, row)


def log_pain(session: Session, user: User, report: PainReport) -> PainRow:
    """Add a pain report."""
    row = PainRow(
        user_id=user.id,
        date=report.date,
        exercise_id=report.exercise_id,
        severity=report.severity,
        note=report.note,
        created_at=_stamp(report.logged_at),
    )
    return _add(session, row)


def log_intake(session: Session, user: User, entry: IntakeEntry) -> IntakeRow:
    """Set the day's intake, replacing an earlier value for the same date."""
    row = session.scalars(
        select(IntakeRow).where(IntakeRow.user_id == user.id, IntakeRow.date == entry.date)
    ).one_or_none()
    if row is None:
        row = IntakeRow(user_id=user.id, date=entry.date, kcal=entry.kcal)
        session.add(row)
    row.kcal = entry.kcal
    row.created_at = _stamp(entry.logged_at)
    session.flush()
    return row


def load_history(session: Session, user: User) -> History:
    """Everything the user logged, as a domain :class:`History` (each kind oldest first)."""

    def rows(table: Any) -> Any:
        return session.scalars(
            select(table).where(table.user_id == user.id).order_by(table.date, table.id)
        )

    return History(
        sets=tuple(
            LoggedSet(
                date=r.date,
                exercise_id=r.exercise_id,
                set_number=r.set_number,
                reps=r.reps,
                load_kg=r.load_kg,
                band=BandLevel(r.band) if r.band else None,
                last_two_hard=r.last_two_hard,
                good_form=r.good_form,
                logged_at=r.created_at,
            )
            for r in rows(SetRow)
        ),
        cardio=tuple(
            CardioLog(
                date=r.date,
                activity_id=r.activity_id,
                minutes=r.minutes,
                distance_km=r.distance_km,
                speed_kmh=r.speed_kmh,
                logged_at=r.created_at,
            )
            for r in rows(CardioRow)
        ),
        weights=tuple(
            WeightEntry(date=r.date, weight_kg=r.weight_kg, logged_at=r.created_at)
            for r in rows(WeightRow)
        ),
        measurements=tuple(
            Measurement(
                date=r.date,
                hips_cm=r.hips_cm,
                waist_cm=r.waist_cm,
                thigh_cm=r.thigh_cm,
                logged_at=r.created_at,
            )
            for r in rows(MeasurementRow)
        ),
        pain=tuple(
            PainReport(
                date=r.date,
                exercise_id=r.exercise_id,
                severity=r.severity,
                note=r.note,
                logged_at=r.created_at,
            )
            for r in rows(PainRow)
        ),
        intake=tuple(
            IntakeEntry(date=r.date, kcal=r.kcal, logged_at=r.created_at) for r in rows(IntakeRow)
        ),
    )


def _stamp(logged_at: dt.datetime | None) -> dt.datetime:
    if logged_at is None:
        return utcnow()
    if logged_at.tzinfo is not None:
        return logged_at.astimezone(dt.UTC).replace(tzinfo=None)
    return logged_at


def _add(session: Session, row: _RowT) -> _RowT:
    session.add(row)
    session.flush()
    return row


# --- export / import --------------------------------------------------------------------------


def is_empty(session: Session) -> bool:
    """True when the database holds no users (and therefore nothing else)."""
    return not session.scalar(select(func.count()).select_from(User))


def delete_everything(session: Session) -> None:
    """Remove every user and, by cascade, everything they stored."""
    for table in reversed(list(USER_TABLES.values())):
        session.execute(delete(table))
    session.execute(delete(User))
    session.flush()


def _columns(table: type[Base]) -> list[Any]:
    skip = {"id", "user_id"}
    return [c for c in table.__table__.columns if c.name not in skip]


def _to_json(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime | Date):
        return value.isoformat()
    return value


def _from_json(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def export_all(session: Session) -> dict[str, Any]:
    """Every user and every stored row as JSON-able data, in a stable order.

    Database ids are left out (users are named); rows keep their insertion order and
    timestamps, so :func:`import_all` then :func:`export_all` reproduces the same data.
    """
    users: list[dict[str, Any]] = []
    for user in session.scalars(select(User).order_by(User.id)):
        entry: dict[str, Any] = {
            "name": user.name,
            "units": user.units,
            "created_at": user.created_at.isoformat(),
        }
        for key, table in USER_TABLES.items():
            columns = _columns(table)
            owner = table.__table__.c.user_id
            query = select(table).where(owner == user.id).order_by(table.__table__.c.id)
            entry[key] = [
                {c.name: _to_json(getattr(row, c.name), c) for c in columns}
                for row in session.scalars(query)
            ]
        users.append(entry)
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "users": users}


def import_all(session: Session, users: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Insert exported users and their rows (the data must already be validated).

    Returns:
        How many rows of each kind were written, keyed like the export.
    """
    counts = {"users": 0, **dict.fromkeys(USER_TABLES, 0)}
    for entry in users:
        user = User(
            name=entry["name"],
            units=entry.get("units"),
            created_at=_from_json(entry["created_at"], User.__table__.c.created_at),
        )
        session.add(user)
        session.flush()
        counts["users"] += 1
        for key, table in USER_TABLES.items():
            columns = _columns(table)
            rows = [
                table(
                    user_id=user.id,
                    **{c.name: _from_json(item.get(c.name), c) for c in columns if c.name in item},
                )
                for item in entry.get(key, [])
            ]
            # The unit of work inserts rows of one table in the order they were added, so
            # ids (and a later export's order) follow the file.
            session.add_all(rows)
            session.flush()
            counts[key] += len(rows)
    return counts
