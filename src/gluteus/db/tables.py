"""The relational schema: users, their profiles, plans and everything they log.

ORM classes only; no behaviour. Quantities are metric (``_kg``, ``_cm``, ``_km``), dates are
calendar dates in the person's local time and timestamps are naive UTC. Plans and profiles
are stored as the JSON of their domain models plus a few columns to query by.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time as naive UTC, the form every timestamp column stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base carrying the metadata and its constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _user_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def _created() -> Mapped[dt.datetime]:
    return mapped_column(DateTime, nullable=False, default=utcnow)


def new_stamp() -> str:
    """A fresh random stamp (128 bits as hex): never equal to one handed out before."""
    return uuid.uuid4().hex


class User(Base):
    """A person using Gluteus, with their display settings.

    On the web ``name`` holds the email address the person signs in with.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    units: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str | None] = mapped_column(
        String(255), doc="argon2 hash; None for a user who cannot sign in (the CLI's local user)"
    )
    data_stamp: Mapped[str | None] = mapped_column(
        String(32),
        default=new_stamp,
        doc="changes (to a new random value) with every change to the user's logs, "
        "profile, plans or check-ins; None only for rows an older version wrote",
    )
    created_at: Mapped[dt.datetime] = _created()


class ApiTokenRow(Base):
    """A bearer token for the JSON API; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[dt.datetime] = _created()
    expires_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime, doc="naive UTC; the token stops working then (None only in older rows)"
    )
    last_used_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime, doc="naive UTC, to the hour: when the token was last accepted"
    )


class ProfileRow(Base):
    """One saved version of a profile; the newest row is the current one."""

    __tablename__ = "profiles"
    __table_args__ = (Index("ix_profiles_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class ScreeningRow(Base):
    """A readiness check: the answers and the resulting clearance, as JSON."""

    __tablename__ = "screenings"
    __table_args__ = (Index("ix_screenings_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    cleared: Mapped[bool] = mapped_column(Boolean, nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class PlanRow(Base):
    """A program; at most one per user is active, past ones are kept."""

    __tablename__ = "plans"
    __table_args__ = (
        Index("ix_plans_user_created", "user_id", "created_at"),
        Index(
            "uq_plans_one_active_per_user",
            "user_id",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    program: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    weeks: Mapped[int] = mapped_column(Integer, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = _created()


class SetRow(Base):
    """One strength set as performed."""

    __tablename__ = "logged_sets"
    __table_args__ = (
        Index("ix_logged_sets_user_date", "user_id", "date"),
        # A lift's last sessions before a day, newest first (today's bounded reads).
        Index("ix_logged_sets_user_exercise_date", "user_id", "exercise_id", "date"),
        # Set numbers are per person, day and exercise; the index makes a concurrent
        # second writer fail instead of writing a duplicate number.
        UniqueConstraint("user_id", "date", "exercise_id", "set_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    exercise_id: Mapped[str] = mapped_column(String(80), nullable=False)
    set_number: Mapped[int] = mapped_column(Integer, nullable=False)
    reps: Mapped[int] = mapped_column(Integer, nullable=False)
    load_kg: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str | None] = mapped_column(String(16))
    last_two_hard: Mapped[bool] = mapped_column(Boolean, nullable=False)
    good_form: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = _created()


class CardioRow(Base):
    """One cardio bout."""

    __tablename__ = "cardio_sessions"
    __table_args__ = (
        Index("ix_cardio_sessions_user_date", "user_id", "date"),
        Index("ix_cardio_sessions_user_activity_date", "user_id", "activity_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    activity_id: Mapped[str] = mapped_column(String(80), nullable=False)
    minutes: Mapped[float] = mapped_column(Float, nullable=False)
    distance_km: Mapped[float | None] = mapped_column(Float)
    speed_kmh: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = _created()


class WeightRow(Base):
    """A body-weight reading."""

    __tablename__ = "body_weights"
    __table_args__ = (Index("ix_body_weights_user_date", "user_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    weight_kg: Mapped[float] = mapped_column(Float, nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class MeasurementRow(Base):
    """Circumferences taken on one day; a missing site is NULL."""

    __tablename__ = "circumferences"
    __table_args__ = (Index("ix_circumferences_user_date", "user_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    hips_cm: Mapped[float | None] = mapped_column(Float)
    waist_cm: Mapped[float | None] = mapped_column(Float)
    thigh_cm: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = _created()


class PainRow(Base):
    """Pain felt on an exercise, 1 to 10, and where (knee, lower_back, hip, shoulder, other)."""

    __tablename__ = "pain_reports"
    __table_args__ = (
        Index("ix_pain_reports_user_exercise", "user_id", "exercise_id"),
        Index("ix_pain_reports_user_date", "user_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    exercise_id: Mapped[str] = mapped_column(String(80), nullable=False)
    severity: Mapped[int] = mapped_column(Integer, nullable=False)
    region: Mapped[str] = mapped_column(
        String(20), nullable=False, default="other", server_default="other"
    )
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[dt.datetime] = _created()


class IntakeRow(Base):
    """Energy eaten: one row per meal or per day as logged; a day's rows are summed."""

    __tablename__ = "daily_intake"
    __table_args__ = (Index("ix_daily_intake_user_date", "user_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    kcal: Mapped[float] = mapped_column(Float, nullable=False)
    meal: Mapped[str | None] = mapped_column(String(40), nullable=True)
    incomplete: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    protein_g: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[dt.datetime] = _created()


class PeriodRow(Base):
    """A period's first day (the check-in reads the cycle from these); one per user and day."""

    __tablename__ = "period_starts"
    __table_args__ = (UniqueConstraint("user_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class CheckinRow(Base):
    """A weekly check-in: the expenditure measured from the logs and the intake target set.

    One per day (checking in again the same day replaces it); ``data`` is the check-in's JSON
    so the history of targets can be shown as it was.
    """

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    intake_kcal: Mapped[float] = mapped_column(Float, nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class ImportedEntryRow(Base):
    """Where an imported log came from: its source app and a key stable across re-imports.

    Kept apart from the log tables so exports and edits of logs stay as they were; exactly
    one of the three entry ids is set, and deleting the entry deletes its key with it.
    """

    __tablename__ = "imported_entries"
    __table_args__ = (
        UniqueConstraint("user_id", "import_key"),
        CheckConstraint(
            "(CASE WHEN set_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN cardio_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN weight_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_entry",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    import_key: Mapped[str] = mapped_column(String(80), nullable=False)
    set_id: Mapped[int | None] = mapped_column(
        ForeignKey("logged_sets.id", ondelete="CASCADE"), index=True
    )
    cardio_id: Mapped[int | None] = mapped_column(
        ForeignKey("cardio_sessions.id", ondelete="CASCADE"), index=True
    )
    weight_id: Mapped[int | None] = mapped_column(
        ForeignKey("body_weights.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = _created()


class ExerciseNameMapRow(Base):
    """A person's answer to "which catalog exercise is this app's name?", kept for next time.

    ``app_name`` is the name folded as the matcher compares it (``hip thrust (barbell)``);
    ``exercise_id`` is a catalog id or ``skip``.
    """

    __tablename__ = "exercise_name_maps"
    __table_args__ = (UniqueConstraint("user_id", "app_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    app_name: Mapped[str] = mapped_column(String(200), nullable=False)
    exercise_id: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class AuthAttemptRow(Base):
    """One sign-in or sign-up attempt, counted against its client's limit.

    Shared by every worker and host of one database, so the limit holds however many
    serve it; rows older than the limit's window are deleted as new attempts come in.
    """

    __tablename__ = "auth_attempts"
    __table_args__ = (Index("ix_auth_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(
        String(120), nullable=False, doc="what was tried and from where, e.g. signin:203.0.113.9"
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)


class AuthFailureRow(Base):
    """One failed sign-in, counted against the account and the address it came from.

    Failures slow further attempts on the same key down more and more (see
    ``gluteus.web.ratelimit.failure_delay``); they are kept for a day, and the account's
    are forgotten when it signs in.
    """

    __tablename__ = "auth_failures"
    __table_args__ = (Index("ix_auth_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(
        String(120), nullable=False, doc="account:<sha-256 of the email> or address:<ip>"
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)


class WebSessionRow(Base):
    """A signed-in browser: the cookie carries a random id, of which only a hash is stored.

    Signing out deletes the row, so a copied cookie stops working at once; a session also
    ends after a while unused and a while after sign-in (see ``gluteus.services.accounts``).
    """

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sid_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[dt.datetime] = _created()
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class LoggedRequestRow(Base):
    """A log request sent with an idempotency key, so a retried request stores nothing twice.

    A phone that logged a set offline sends it again when the signal returns, perhaps more
    than once; the key it chose for that set finds the entry stored the first time.
    """

    __tablename__ = "logged_requests"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    key: Mapped[str] = mapped_column(String(100), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    entry: Mapped[str] = mapped_column(String(40), nullable=False)
    created_at: Mapped[dt.datetime] = _created()
