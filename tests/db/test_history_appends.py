"""Histories kept per process grow by what was logged since: always equal to a whole read.

Logging keeps the data stamp's log base, so the next read adds only the rows after the
kept history; any other change (a correction, a deletion, a log entered late for a day
before the last) reads the history whole again. Generated sequences of changes check that
the history served after each one equals the history read whole from the database.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.domain.units import UnitSystem
from gluteus.services import journal, users

DAY = dt.date(2025, 3, 10)
NOW = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)

change = st.one_of(
    st.tuples(st.just("sets"), st.integers(0, 100), st.integers(1, 3)),
    st.tuples(st.just("weight"), st.integers(0, 100), st.integers(60, 80)),
    st.tuples(st.just("cardio"), st.integers(0, 100), st.integers(5, 60)),
    st.tuples(st.just("undo"), st.just(0), st.just(0)),
    st.tuples(st.just("edit"), st.integers(0, 5), st.integers(1, 20)),
)

_serial = itertools.count()


def _apply(engine: Engine, actor: users.Actor, step: tuple[str, int, int]) -> None:
    kind, day, amount = step
    date = DAY + dt.timedelta(days=day)
    with unit_of_work(engine) as session:
        if kind == "sets":
            given = journal.SetsInput(
                exercise_id="glute-bridge", reps=[10] * amount, last_two_hard=True, date=date
            )
            journal.log_sets(session, actor, given)
        elif kind == "weight":
            journal.log_weight(
                session,
                actor,
                journal.WeightInput(weight_kg=float(amount), date=date, confirm=True),
            )
        elif kind == "cardio":
            journal.log_cardio(
                session,
                actor,
                journal.CardioInput(activity_id="brisk-walk", minutes=amount, date=date),
            )
        elif kind == "undo":
            if journal.last_action(session, actor):
                journal.undo_last(session, actor)
        else:  # a correction of the newest set
            sets = [v for v in journal.last_action(session, actor) if v.id.startswith("set-")]
            if sets:
                journal.edit_entry(session, actor, sets[0].id, journal.EntryEdit(reps=amount))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(change, min_size=1, max_size=12))
def test_the_history_served_after_each_change_equals_a_whole_read(
    engine: Engine, steps: list[tuple[str, int, int]]
) -> None:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, f"appends-{next(_serial)}", timezone="UTC")
        actor = users.actor_for(session, user_id, NOW, UnitSystem.METRIC)
    for step in steps:
        _apply(engine, actor, step)
        with unit_of_work(engine, read_only=True) as session:
            served = journal.history(session, actor)
            whole = repo.load_history(session, user_id)
        assert served == whole, step


def test_logging_reads_only_what_is_new(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, "appends-reads", timezone="UTC")
        actor = users.actor_for(session, user_id, NOW, UnitSystem.METRIC)
    for offset in range(3):
        _apply(engine, actor, ("sets", offset, 2))
    with unit_of_work(engine, read_only=True) as session:
        before = repo.data_stamp(session, user_id)
        first = journal.history(session, actor)
    _apply(engine, actor, ("sets", 3, 1))
    with unit_of_work(engine, read_only=True) as session:
        after = repo.data_stamp(session, user_id)
        assert before is not None and after is not None and after != before
        assert repo.same_log_base(before, after)
        kept = journal.HISTORIES.latest(user_id)
        assert kept is not None
        read = repo.entries_after(session, user_id, kept[1].last_ids)
        assert [name for name, _, _ in read] == ["set"]
        grown = journal.history(session, actor)
    assert grown.sets[: len(first.sets)] == first.sets and len(grown.sets) == 7
    # A correction is not an append: the stamp's base changes, the history is read whole.
    _apply(engine, actor, ("edit", 0, 5))
    with unit_of_work(engine, read_only=True) as session:
        edited = repo.data_stamp(session, user_id)
        assert edited is not None and not repo.same_log_base(after, edited)
        assert journal.history(session, actor) == repo.load_history(session, user_id)
