"""add_entries returns each new row's id in order, also for SQLite's one-statement batches."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, select

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.db.tables import WeightRow
from gluteus.domain.history import WeightEntry
from gluteus.services import users

DAY = dt.date(2024, 3, 1)


def _weights(first: float, n: int) -> list[WeightEntry]:
    return [WeightEntry(date=DAY + dt.timedelta(days=i), weight_kg=first + i) for i in range(n)]


def test_batch_ids_match_the_rows_in_order_after_deletes_and_other_people(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        ann = users.create_user(session, "ann", timezone="UTC")
        bo = users.create_user(session, "bo", timezone="UTC")
    with unit_of_work(engine) as session:
        first = repo.add_entries(session, ann, _weights(50, 5))
        session.execute(delete(WeightRow).where(WeightRow.id == first[-1]))  # a gap at the end
    with unit_of_work(engine) as session:
        theirs = repo.add_entries(session, bo, _weights(80, 4))
        mine = repo.add_entries(session, ann, _weights(60, 3))
    with unit_of_work(engine, read_only=True) as session:
        found = {
            row.id: (row.user_id, row.weight_kg) for row in session.scalars(select(WeightRow)).all()
        }
    assert [found[i] for i in theirs] == [(bo, 80.0), (bo, 81.0), (bo, 82.0), (bo, 83.0)]
    assert [found[i] for i in mine] == [(ann, 60.0), (ann, 61.0), (ann, 62.0)]
    assert len(set(first[:-1] + theirs + mine)) == 11
