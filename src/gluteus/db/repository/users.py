"""Users and their settings, the lock on a user's row, sign-in attempts and failures, sessions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from gluteus.db.tables import AuthAttemptRow, AuthFailureRow, User, WebSessionRow, utcnow


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


def numbers_may_clash(session: Session) -> bool:
    """Whether two writers of one user could both read the same last set number.

    Not on SQLite: its write transactions take the database's write lock when they begin,
    so a savepoint to renumber after a clash would be work for nothing.
    """
    return session.get_bind().dialect.name != "sqlite"


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


# --- failed sign-ins -----------------------------------------------------------------------


def failures_since(
    session: Session, key: str, since: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """How many failures ``key`` has after ``since`` (naive UTC), and when the last was."""
    count, last = session.execute(
        select(func.count(), func.max(AuthFailureRow.at)).where(
            AuthFailureRow.key == key, AuthFailureRow.at > since
        )
    ).one()
    return int(count or 0), last


def record_failure(
    session: Session, keys: list[str], now: dt.datetime, *, keep: dt.timedelta
) -> None:
    """Count one failure under each of ``keys`` at ``now``; failures older than ``keep`` go."""
    session.execute(delete(AuthFailureRow).where(AuthFailureRow.at <= now - keep))
    session.add_all(AuthFailureRow(key=key, at=now) for key in keys)
    session.flush()


def forget_failures(session: Session, key: str) -> None:
    """Forget every failure counted under ``key`` (an account that signed in)."""
    session.execute(delete(AuthFailureRow).where(AuthFailureRow.key == key))
    session.flush()


# --- web sessions --------------------------------------------------------------------------


def add_web_session(session: Session, user_id: int, sid_hash: str, now: dt.datetime) -> None:
    """Store a signed-in browser's session (``now`` naive UTC)."""
    session.add(WebSessionRow(user_id=user_id, sid_hash=sid_hash, created_at=now, seen_at=now))
    session.flush()


def web_session(session: Session, sid_hash: str) -> WebSessionRow | None:
    """The session whose id hashes to ``sid_hash``, None when it ended."""
    return session.scalars(
        select(WebSessionRow).where(WebSessionRow.sid_hash == sid_hash)
    ).one_or_none()


def user_and_web_session(
    session: Session, user_id: int, sid_hash: str | None
) -> tuple[User | None, tuple[int, dt.datetime, dt.datetime] | None]:
    """The user's row (kept in ``session``) and their session ``sid_hash``, in one query.

    The session as (user id, created at, seen at); None when it ended or is not theirs.
    """
    if sid_hash is None:
        return session.get(User, user_id), None
    found = session.execute(
        _USER_AND_WEB_SESSION, {"user_id": user_id, "sid_hash": sid_hash}
    ).one_or_none()
    if found is None:
        return None, None
    user, owner, created_at, seen_at = found
    return user, (None if owner is None else (owner, created_at, seen_at))


_USER_AND_WEB_SESSION = (
    select(User, WebSessionRow.user_id, WebSessionRow.created_at, WebSessionRow.seen_at)
    .outerjoin(
        WebSessionRow,
        (WebSessionRow.user_id == User.id) & (WebSessionRow.sid_hash == bindparam("sid_hash")),
    )
    .where(User.id == bindparam("user_id"))
)


def touch_web_session(session: Session, sid_hash: str, now: dt.datetime) -> None:
    """Mark the session as used at ``now``."""
    session.execute(
        update(WebSessionRow).where(WebSessionRow.sid_hash == sid_hash).values(seen_at=now)
    )


def end_web_sessions(
    session: Session, user_id: int, *, only: str | None = None, keep: str | None = None
) -> int:
    """End the user's sessions: just ``only`` (a hash), or all but ``keep``; how many ended."""
    query = delete(WebSessionRow).where(WebSessionRow.user_id == user_id)
    if only is not None:
        query = query.where(WebSessionRow.sid_hash == only)
    if keep is not None:
        query = query.where(WebSessionRow.sid_hash != keep)
    result = session.execute(query)
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def end_stale_web_sessions(
    session: Session, *, seen_before: dt.datetime, created_before: dt.datetime
) -> None:
    """Delete sessions unused since ``seen_before`` or begun before ``created_before``."""
    session.execute(
        delete(WebSessionRow).where(
            (WebSessionRow.seen_at < seen_before) | (WebSessionRow.created_at < created_before)
        )
    )
