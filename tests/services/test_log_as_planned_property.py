"""Logging a day "as planned" works on every day a plan can produce, and logs what today shows.

Issue 23, item 8: over generated people and plans, each training day is read with
``today_view`` and logged with ``log_as_planned``; what is stored is exactly the day's
targets (exercise, number of sets, reps, load and band), nothing is logged twice when the
button is pressed again, and the next training day still opens.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from gluteus.db.engine import unit_of_work
from gluteus.domain.profile import Equipment, Level, Limitation, Profile, Weekday
from gluteus.domain.units import UnitSystem
from gluteus.services import journal, plans, today, users

START = dt.date(2025, 3, 3)
"""A Monday; every generated plan starts here and is logged in the past."""
NOW = dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC)

people = st.builds(
    lambda level, equipment, limitations, days, minutes, finisher, sandwich: Profile.model_validate(
        plans.example_profile().model_dump()
        | {
            "level": level,
            "equipment": equipment,
            "limitations": limitations,
            "available_days": days,
            "minutes_per_session": minutes,
            "band_finisher": finisher,
            "cardio_sandwich": sandwich,
            "weeks": 6,
        }
    ),
    st.sampled_from(Level),
    st.lists(st.sampled_from(Equipment), max_size=5, unique=True),
    st.lists(st.sampled_from(Limitation), max_size=2, unique=True),
    st.lists(st.sampled_from(Weekday), min_size=1, max_size=6, unique=True),
    st.integers(15, 75),
    st.booleans(),
    st.booleans(),
)

_serial = itertools.count()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(profile=people, skip=st.lists(st.booleans(), min_size=12, max_size=12))
def test_every_planned_day_logs_as_shown(
    engine: Engine, profile: Profile, skip: list[bool]
) -> None:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, f"as-planned-{next(_serial)}", timezone="UTC")
        actor = users.actor_for(session, user_id, NOW, UnitSystem.METRIC)
        program = plans.make_plan(
            session, actor, plans.PlanRequest(profile=profile, start_date=START)
        )
    days = [
        START + dt.timedelta(days=offset)
        for offset in range(7 * len(program.weeks))
        if program.day_for(START + dt.timedelta(days=offset)) is not None
    ][: len(skip)]
    assert days, "every plan has at least one training day"
    for date, skipped in zip(days, skip, strict=False):
        if skipped:
            continue  # a missed day: the next one must still open and log
        with unit_of_work(engine) as session:
            view = today.today_view(session, actor, date)
            assert view.day is not None
            expected = Counter[tuple[str, int, float | None, str | None]]()
            for rec in view.targets:
                if rec.action.value == "skip":
                    continue
                key = (
                    rec.exercise_id,
                    rec.target_reps,
                    rec.load_kg,
                    rec.band.value if rec.band else None,
                )
                expected[key] += rec.dose.sets
            logged = today.log_as_planned(session, actor, date, last_two_hard=False)
        with unit_of_work(engine) as session:
            stored = Counter[tuple[str, int, float | None, str | None]]()
            for s in journal.history(session, actor).sets:
                if s.date == date:
                    band = s.band.value if s.band else None
                    stored[(s.exercise_id, s.reps, s.load_kg, band)] += 1
            assert stored == expected, (date, logged)
            again = today.log_as_planned(session, actor, date, last_two_hard=False)
            assert again.entries == []
        with unit_of_work(engine) as session:
            numbers: dict[str, list[int]] = {}
            for s in journal.history(session, actor).sets:
                if s.date == date:
                    numbers.setdefault(s.exercise_id, []).append(s.set_number)
            assert all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())
