"""Data stamps: a token per user that changes with every change to what they stored.

Caches key what they derive from a user's data on this stamp. Every writer in this package
that adds, changes or deletes a user's logs, profile, plans or check-ins calls
:func:`_data_changed` in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

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
    the current data. One plain update (no read of the row first, nothing left for the
    ORM to flush); the session's copy of the row, when it holds one, sees the new stamp.
    """
    stamp = new_stamp()
    session.connection().execute(_STAMP_UPDATE, {"user_id": user_id, "stamp": stamp})
    held = session.identity_map.get(identity_key(User, user_id))
    if held is not None:
        set_committed_value(held, "data_stamp", stamp)


_STAMP_UPDATE = (
    update(User).where(User.id == bindparam("user_id")).values(data_stamp=bindparam("stamp"))
)
