"""Users and their settings, the lock on a user's row, and sign-in and sign-up attempts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gluteus.db.tables import AuthAttemptRow, User, utcnow


def get_user(session: Session, name: str) -> User | None:
    """The user called ``name``, None when absent."""
    return session.scalars(select(User).where(User.name == name)).one_or_none()


def user_by_id(session: Session, user_id: int) -> User | None:
    """The user with database id ``user_id``, None when absent."""
    return session.get(User, user_id)


def create_user(
    session: Session, name: str, *, units: str | None = None, timezone: str | None = None
) -> User:
    """Add a user called ``name`` (flushed, so its id is known)."""
    user = User(name=name, units=units, timezone=timezone, created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def set_units(session: Session, user: User, units: str | None) -> None:
    """Store the user's preferred unit system (``metric``/``imperial``; None to unset)."""
    user.units = units
    session.flush()


def set_timezone(session: Session, user: User, timezone: str | None) -> None:
    """Store the user's IANA time zone (None to unset)."""
    user.timezone = timezone
    session.flush()


def lock_user(session: Session, user_id: int) -> None:
    """Hold the user's row until the transaction ends, so their writes take turns.

    On PostgreSQL two transactions logging sets of one exercise could otherwise both read
    the same last set number; the second now waits, then reads the first one's sets.
    SQLite needs nothing: its write transactions take turns from the start.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(User.id).where(User.id == user_id).with_for_update())


# --- sign-in and sign-up attempts ----------------------------------------------------------


def record_attempt(
    session: Session, key: str, now: dt.datetime, *, attempts: int, window: dt.timedelta
) -> bool:
    """Count an attempt under ``key`` at ``now`` (naive UTC), unless the key is over its limit.

    Attempts of every key older than ``window`` are deleted on the way.

    Returns:
        True when fewer than ``attempts`` were made in the ``window`` before ``now`` (this
        one is then recorded); False otherwise (nothing is recorded).
    """
    if session.get_bind().dialect.name == "postgresql":
        # Workers counting the same key at once would each see room for one more; SQLite
        # needs nothing, as its write transactions take turns from the start.
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    cutoff = now - window
    session.execute(delete(AuthAttemptRow).where(AuthAttemptRow.at <= cutoff))
    recent = session.scalar(
        select(func.count()).select_from(AuthAttemptRow).where(AuthAttemptRow.key == key)
    )
    if (recent or 0) >= attempts:
        return False
    session.add(AuthAttemptRow(key=key, at=now))
    session.flush()
    return True
