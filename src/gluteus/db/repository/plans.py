"""Plans: the user's active plan, its stamp and its stored JSON, and every plan kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Text, cast, delete, select
from sqlalchemy.orm import Session

from gluteus.db.repository.stamps import _data_changed
from gluteus.db.tables import PlanRow, utcnow
from gluteus.domain.quantities import STORAGE_CONTEXT

if TYPE_CHECKING:
    from gluteus.domain.program import Program


def save_plan(session: Session, user_id: int, program: Program) -> PlanRow:
    """Store ``program`` as the user's active plan, replacing the previous active plan.

    Args:
        session: Open session (the caller commits).
        user_id: Owner of the plan.
        program: A program with a ``start_date``.

    Raises:
        ValueError: When the program has no start date.
    """
    if program.start_date is None:
        raise ValueError("start_date: a saved plan needs a first day")
    # Remove first, in its own statement, so the one-active index never sees two. A plan
    # is rebuilt from the profile on demand, so keeping old full copies only grows backups.
    session.execute(delete(PlanRow).where(PlanRow.user_id == user_id, PlanRow.active))
    row = PlanRow(
        user_id=user_id,
        program=program.model_dump(mode="json", context=STORAGE_CONTEXT),
        start_date=program.start_date,
        weeks=len(program.weeks),
        active=True,
        created_at=utcnow(),
    )
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row


def active_plan(session: Session, user_id: int) -> PlanRow | None:
    """The user's active plan row, None when there is none."""
    return session.scalars(
        select(PlanRow).where(PlanRow.user_id == user_id, PlanRow.active)
    ).one_or_none()


@dataclass(frozen=True)
class PlanStamp:
    """What tells one stored plan from every other, without reading its (large) program.

    A replaced plan is deleted and a new row added, so the stamp changes whenever the
    plan does: SQLite may hand the new row the old id, never the same creation time too.
    """

    id: int
    user_id: int
    created_at: dt.datetime
    start_date: dt.date
    weeks: int


_STAMP_COLUMNS = (
    PlanRow.id,
    PlanRow.user_id,
    PlanRow.created_at,
    PlanRow.start_date,
    PlanRow.weeks,
)


def active_plan_stamp(session: Session, user_id: int) -> PlanStamp | None:
    """The stamp of the user's active plan (one small row), None when there is none."""
    row = session.execute(
        select(*_STAMP_COLUMNS).where(PlanRow.user_id == user_id, PlanRow.active)
    ).one_or_none()
    return PlanStamp(*row) if row is not None else None


def active_plan_json(session: Session, user_id: int) -> tuple[PlanStamp, str] | None:
    """The user's active plan as stored: its stamp and the program's JSON text, unparsed.

    The text comes straight from the database (no JSON decoding here), for
    ``Program.model_validate_json``.
    """
    row = session.execute(
        select(*_STAMP_COLUMNS, cast(PlanRow.program, Text)).where(
            PlanRow.user_id == user_id, PlanRow.active
        )
    ).one_or_none()
    if row is None:
        return None
    return PlanStamp(*row[:5]), str(row[5])


def plan_rows(session: Session, user_id: int) -> list[PlanRow]:
    """Every plan of the user, newest first."""
    return list(
        session.scalars(
            select(PlanRow)
            .where(PlanRow.user_id == user_id)
            .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
        )
    )
