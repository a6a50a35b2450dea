"""Data stamps: a token per user that changes with every change to what they stored.

Caches key what they derive from a user's data on this stamp. Every writer in this package
that adds, changes or deletes a user's logs, profile, plans or check-ins calls
:func:`_data_changed` in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import String, bindparam, func, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from gluteus.db.tables import User, new_stamp

LOG_BASE_CHARS = 16
"""Leading characters of a data stamp that only logging something new leaves as they were.

A stamp is 32 random hex digits. Adding logs (:func:`_logs_appended`) keeps the first
:data:`LOG_BASE_CHARS` and draws the rest anew; every other change (a correction, a
deletion, a restore, a profile or plan) draws all of them. Two stamps with the same base
then mean: nothing changed in between but new logs, each with a higher row id than the logs
before it (see :func:`same_log_base`). 64 random bits on either side: a chance repeat is
out of reach.
"""


def data_stamp(session: Session, user_id: int) -> str | None:
    """The user's data stamp, None when unknown (see :func:`_data_changed`).

    It changes with every change to their logs, profile, plans or check-ins. Read from
    the session's copy of the user's row when it holds one (no query then).
    """
    user = session.get(User, user_id)
    return None if user is None else user.data_stamp


def _data_changed(session: Session, user_id: int) -> None:
    """Give the user a new data stamp, in the transaction that changes their data.

    Every function here that adds, changes or deletes a user's logs, profile, plans or
    check-ins calls this, so what a process kept under the old stamp is never taken for
    the current data. One plain update (no read of the row first, nothing left for the
    ORM to flush); the session's copy of the row, when it holds one, sees the new stamp.
    """
    stamp = new_stamp()
    session.connection().execute(_STAMP_UPDATE, {"user_id": user_id, "stamp": stamp})
    held = session.identity_map.get(identity_key(User, user_id))
    if held is not None:
        set_committed_value(held, "data_stamp", stamp)


def _logs_appended(session: Session, user_id: int) -> None:
    """Give the user a new data stamp for logs added, keeping the stamp's log base.

    Only adding logs calls this (:func:`~gluteus.db.repository.entries.add_entries`);
    a process that kept the history under an earlier stamp with the same base reads only
    the rows with higher ids. The user's row is updated before the logs are inserted, so
    writers of one user take turns on it (PostgreSQL) and their row ids rise in the order
    they commit.
    """
    suffix = new_stamp()[LOG_BASE_CHARS:]
    found = session.connection().execute(
        _APPEND_UPDATE, {"user_id": user_id, "fresh": new_stamp(), "suffix": suffix}
    )
    stamp = found.scalar()
    held = session.identity_map.get(identity_key(User, user_id))
    if held is not None and stamp is not None:
        set_committed_value(held, "data_stamp", stamp)


def same_log_base(older: str, newer: str) -> bool:
    """Whether only new logs were added between the data stamps ``older`` and ``newer``."""
    return older[:LOG_BASE_CHARS] == newer[:LOG_BASE_CHARS]


_APPEND_UPDATE = (
    update(User)
    .where(User.id == bindparam("user_id"))
    .values(
        data_stamp=func.substr(
            func.coalesce(User.data_stamp, bindparam("fresh")), 1, LOG_BASE_CHARS, type_=String
        )
        + bindparam("suffix", type_=String)
    )
    .returning(User.data_stamp)
)

_STAMP_UPDATE = (
    update(User).where(User.id == bindparam("user_id")).values(data_stamp=bindparam("stamp"))
)
