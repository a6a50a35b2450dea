"""Log requests sent with an idempotency key, and the entry each one stored."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gluteus.db.tables import LoggedRequestRow


def logged_request(session: Session, user_id: int, key: str) -> tuple[str, str] | None:
    """The ``(fingerprint, entry id)`` stored under ``key`` for the user, if any."""
    row = session.execute(
        select(LoggedRequestRow.fingerprint, LoggedRequestRow.entry).where(
            LoggedRequestRow.user_id == user_id, LoggedRequestRow.key == key
        )
    ).first()
    return None if row is None else (row[0], row[1])


def add_logged_request(
    session: Session, user_id: int, key: str, fingerprint: str, entry: str
) -> None:
    """Remember that ``key`` stored ``entry`` (an entry id such as ``set-12``)."""
    session.add(LoggedRequestRow(user_id=user_id, key=key, fingerprint=fingerprint, entry=entry))
    session.flush()


def forget_logged_request(session: Session, user_id: int, key: str) -> None:
    """Drop ``key`` (its entry was deleted), so the request can be stored again."""
    session.execute(
        delete(LoggedRequestRow).where(
            LoggedRequestRow.user_id == user_id, LoggedRequestRow.key == key
        )
    )
    session.flush()
