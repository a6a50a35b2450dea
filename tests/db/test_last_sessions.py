"""Each exercise's last sessions before a day, from one statement built once per shape."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.db.repository import entries
from gluteus.domain.history import CardioLog, LoggedSet, WeightEntry
from gluteus.domain.units import UnitSystem
from gluteus.services import users
from gluteus.services.cache import clear_all

DAY = dt.date(2025, 3, 20)
NOW = dt.datetime(2025, 3, 20, 12, 0, tzinfo=dt.UTC)
EXERCISES = ("glute-bridge", "hip-thrust", "step-up")


def _sets(exercise: str, dates: list[int]) -> list[LoggedSet]:
    return [
        LoggedSet(
            date=DAY - dt.timedelta(days=d),
            exercise_id=exercise,
            set_number=k,
            reps=10,
            last_two_hard=True,
        )
        for d in dates
        for k in (1, 2)
    ]


def _user(engine: Engine, name: str) -> int:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        users.actor_for(session, user_id, NOW, UnitSystem.METRIC)
        return user_id


def test_the_last_sessions_of_each_exercise_and_only_the_users_own(engine: Engine) -> None:
    ann, bob = _user(engine, "ann"), _user(engine, "bob")
    with unit_of_work(engine) as session:
        repo.add_entries(session, ann, _sets("glute-bridge", [1, 3, 5]) + _sets("step-up", [0, 9]))
        repo.add_entries(
            session,
            ann,
            [CardioLog(date=DAY - dt.timedelta(days=2), activity_id="brisk-walk", minutes=20)],
        )
        repo.add_entries(session, bob, _sets("glute-bridge", [2]) + _sets("hip-thrust", [4]))
    clear_all()
    built = entries._last_before_statement.cache_info  # type: ignore[attr-defined]
    with unit_of_work(engine, read_only=True) as session:

        def days(user: int, ids: tuple[str, ...], count: int | None) -> list[tuple[str, int]]:
            found = repo.last_sessions_before(session, user, ids, DAY, count)
            return [(e.exercise_id, (DAY - e.date).days) for _, _, e in found]  # type: ignore[union-attr]

        assert days(ann, EXERCISES, 1) == [("step-up", 9)] * 2 + [("glute-bridge", 1)] * 2
        assert (built().currsize, built().misses) == (1, 1)
        # Another user and other ids of the same number: the same statement, their rows.
        assert days(bob, ("glute-bridge", "hip-thrust", "squat"), 1) == (
            [("hip-thrust", 4)] * 2 + [("glute-bridge", 2)] * 2
        )
        assert (built().currsize, built().misses, built().hits) == (1, 1, 1)
        assert sorted(days(ann, EXERCISES, 2)) == sorted(
            [("step-up", 9)] * 2 + [("glute-bridge", 3)] * 2 + [("glute-bridge", 1)] * 2
        )
        assert len(days(ann, EXERCISES, None)) == 8  # every earlier session (not day 0)
        assert days(ann, (), 1) == []
        cardio = repo.last_cardio_before(session, ann, ["brisk-walk", "cycling"], DAY)
        assert [(DAY - e.date).days for _, _, e in cardio] == [2]
        # Plain rows come back as the same models the whole history holds.
        whole = {(k, i): e for k, i, e in repo.list_entries(session, ann, ("set", "cardio"))}
        assert all(whole[k, i] == e for k, i, e in cardio)
        last_day = repo.last_training_day_before(session, ann, DAY)
        assert {(DAY - e.date).days for _, _, e in last_day} == {1}
        assert all(whole[k, i] == e for k, i, e in last_day)
        assert repo.last_training_day_before(session, bob, DAY - dt.timedelta(days=4)) == []


def test_the_weigh_in_span_counts_up_to_what_is_asked_and_only_the_users_own(
    engine: Engine,
) -> None:
    ann, bob = _user(engine, "ann"), _user(engine, "bob")
    with unit_of_work(engine) as session:
        weights = [WeightEntry(date=DAY - dt.timedelta(days=d), weight_kg=70) for d in range(9)]
        repo.add_entries(session, ann, weights)
        repo.add_entries(
            session, bob, [WeightEntry(date=DAY - dt.timedelta(days=20), weight_kg=80)]
        )
    with unit_of_work(engine, read_only=True) as session:
        first, last = DAY - dt.timedelta(days=8), DAY
        assert repo.weigh_in_span(session, ann, DAY, most=3) == (3, first, last)
        assert repo.weigh_in_span(session, ann, DAY, most=20) == (9, first, last)
        assert repo.weigh_in_span(session, ann, DAY - dt.timedelta(days=7), most=3) == (
            2,
            first,
            DAY - dt.timedelta(days=7),
        )
        assert repo.weigh_in_span(session, ann, DAY - dt.timedelta(days=9), most=3) == (
            0,
            None,
            None,
        )
        assert repo.weigh_in_span(session, bob, DAY, most=3)[0] == 1
