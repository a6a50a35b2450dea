"""Today's page and the check-in do the same database work after one year of logs or three.

Counting the rows returned misses a statement that visits every row to return one (an
aggregate over all weigh-ins, a range read on a table without an index on its dates), so
SQLite's own work is counted: the virtual machine instructions its progress handler sees.
Each history length gets its own database file, so a scan of the whole table shows too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
from gluteus.domain.history import IntakeEntry, LoggedSet, WeightEntry
from gluteus.domain.program import Role
from gluteus.domain.units import UnitSystem
from gluteus.services import checkin, plans, today, users
from gluteus.services.cache import STAMPED, clear_all
from gluteus.services.context import Actor

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
STEPS = 10
"""Instructions per call of the progress handler."""


class Work:
    """SQLite instructions run on an engine's connections while counting (by tens)."""

    def __init__(self, engine: Engine) -> None:
        self.steps = 0
        self.on = False
        engine.dispose()
        event.listen(engine, "connect", self._connected)

    def _connected(self, connection: Any, _: Any) -> None:
        def step() -> int:
            self.steps += self.on
            return 0

        connection.set_progress_handler(step, STEPS)

    @contextmanager
    def counting(self) -> Iterator[None]:
        self.steps, self.on = 0, True
        try:
            yield
        finally:
            self.on = False


def _person(engine: Engine, days: int) -> Actor:
    """Someone with ``days`` days of logs up to yesterday, on a plan started 8 weeks ago."""
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, "someone", timezone="UTC")
        actor = users.actor_for(session, user_id, NOW, UnitSystem.METRIC)
        program = plans.build_plan(plans.example_profile(), TODAY - dt.timedelta(weeks=8))
        plans.save_profile(session, actor, program.profile)
        repo.save_plan(session, user_id, program)
        lifts = sorted(
            {
                ex.id
                for week in program.weeks
                for day in week.days
                for s in day.sessions
                for ex in s.exercises
                if ex.role is Role.MAIN
            }
        )
        entries: list[repo.Entry] = []
        for n in range(days, 0, -1):
            date = TODAY - dt.timedelta(days=n)
            entries.append(WeightEntry(date=date, weight_kg=round(72 - n / 200, 1)))
            entries += [IntakeEntry(date=date, kcal=900, meal=m) for m in ("lunch", "dinner")]
            if n % 2:
                lift = lifts[n % len(lifts)]
                entries += [
                    LoggedSet(
                        date=date, exercise_id=lift, set_number=k, reps=10, last_two_hard=True
                    )
                    for k in (1, 2, 3)
                ]
        repo.add_entries(session, user_id, entries)
    return actor


def _work(tmp_path: Path, days: int) -> dict[str, int]:
    """SQLite instructions of each read of today's page and of the check-in."""
    engine = create_db_engine(f"sqlite:///{tmp_path / f'{days}.db'}")
    try:
        upgrade_to_head(engine)
        actor = _person(engine, days)
        work = Work(engine)
        program = plans.build_plan(plans.example_profile(), TODAY - dt.timedelta(weeks=8))
        reads: dict[str, Callable[[Session], object]] = {
            "progression": lambda s: today.progression_history(s, actor, program, TODAY),
            "page": lambda s: today.today_page(s, actor),
            "status": lambda s: checkin.checkin_status(s, actor),
            "profile": lambda s: plans.effective_profile(s, actor),
            "check-in": lambda s: checkin.checkin(s, actor, checkin.CheckinInput(save=False)),
        }
        found: dict[str, int] = {}
        for name, read in reads.items():
            clear_all(STAMPED)
            with unit_of_work(engine, read_only=True) as session, work.counting():
                read(session)
            found[name] = work.steps * STEPS
        return found
    finally:
        engine.dispose()


def test_today_and_checkin_reads_do_the_same_work_after_one_year_or_three(tmp_path: Path) -> None:
    one, three = _work(tmp_path, 365), _work(tmp_path, 3 * 365)
    for name, steps in one.items():
        # A deeper index may add a few instructions per seek, never a pass over the rows.
        assert three[name] <= steps * 1.1 + 100, (name, steps, three[name])
    assert one["check-in"] < 20_000  # twelve weeks of weigh-ins and meals, not a year
