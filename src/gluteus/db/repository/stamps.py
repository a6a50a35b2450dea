"""Data stamps: a token per user that changes with every change to what they stored.

Caches key what they derive from a user's data on this stamp. Every writer in this package
that adds, changes or deletes a user's logs, profile, plans or check-ins calls
:func:`_data_changed` in the same transaction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from gluteus.db.tables import User, new_stamp


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
    the current data.
    """
    user = session.get(User, user_id)
    if user is not None:
        user.data_stamp = new_stamp()
