"""Check-ins: one a day per user, with the intake target it set."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gluteus.db.repository.stamps import _data_changed
from gluteus.db.tables import CheckinRow, utcnow


def save_checkin(
    session: Session, user_id: int, date: dt.date, intake_kcal: float, data: dict[str, Any]
) -> CheckinRow:
    """Store a check-in for ``date``, replacing one already stored for that day."""
    session.execute(
        delete(CheckinRow).where(CheckinRow.user_id == user_id, CheckinRow.date == date)
    )
    row = CheckinRow(
        user_id=user_id, date=date, intake_kcal=intake_kcal, data=data, created_at=utcnow()
    )
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row


def checkin_rows(
    session: Session, user_id: int, *, until: dt.date | None = None, limit: int | None = None
) -> list[CheckinRow]:
    """The user's check-ins, newest first, on or before ``until`` when given."""
    query = select(CheckinRow).where(CheckinRow.user_id == user_id)
    if until is not None:
        query = query.where(CheckinRow.date <= until)
    query = query.order_by(CheckinRow.date.desc()).limit(limit)
    return list(session.scalars(query))


def last_checkin_target(
    session: Session, user_id: int, until: dt.date
) -> tuple[dt.date, float] | None:
    """The date and intake target of the user's newest check-in on or before ``until``.

    Two columns of one row: pages ask on every view whether a check-in is due.
    """
    row = session.execute(
        select(CheckinRow.date, CheckinRow.intake_kcal)
        .where(CheckinRow.user_id == user_id, CheckinRow.date <= until)
        .order_by(CheckinRow.date.desc())
        .limit(1)
    ).one_or_none()
    return None if row is None else (row[0], float(row[1]))
