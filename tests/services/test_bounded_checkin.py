"""The check-in from bounded reads: its window of weigh-ins and intake, and one aggregate row
for whether a first check-in is due, give what the whole history gives."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from gluteus.db import repository as repo
from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
from gluteus.domain.energy.checkin import WINDOW_DAYS, assess, enough_weigh_ins
from gluteus.domain.energy.checkin_rules import daily_intake
from gluteus.domain.energy.goal import profile_at_weight
from gluteus.domain.energy.weigh_in import recent_weight_kg
from gluteus.domain.history import IntakeEntry, WeightEntry
from gluteus.domain.units import UnitSystem
from gluteus.services import checkin, plans, users
from gluteus.services.cache import STAMPED, clear_all

NOW = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
_NAMES = itertools.count()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = Path(tmp_path_factory.mktemp("checkin")) / "checkin.db"
    made = create_db_engine(f"sqlite:///{path}")
    upgrade_to_head(made)
    yield made
    made.dispose()


offsets = st.integers(-3 * 365, 10)  # days from today, a few after it too
weights = st.lists(st.tuples(offsets, st.floats(50, 120).map(lambda w: round(w, 1))), max_size=30)
intakes = st.lists(st.tuples(offsets, st.integers(1200, 3500)), max_size=20)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(weighed=weights, eaten=intakes)
def test_bounded_checkin_reads_match_the_whole_history(
    engine: Engine, weighed: list[tuple[int, float]], eaten: list[tuple[int, int]]
) -> None:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, f"c{next(_NAMES)}", timezone="UTC")
        actor = users.actor_for(session, user_id, NOW, UnitSystem.METRIC)
        plans.save_profile(session, actor, plans.example_profile())
        entries: list[repo.Entry] = [
            WeightEntry(date=TODAY + dt.timedelta(days=d), weight_kg=kg) for d, kg in weighed
        ]
        entries += [IntakeEntry(date=TODAY + dt.timedelta(days=d), kcal=k) for d, k in eaten]
        repo.add_entries(session, user_id, entries)
    clear_all(STAMPED)
    with unit_of_work(engine, read_only=True) as session:
        whole = repo.load_history(session, user_id).until(TODAY)
        due = enough_weigh_ins(sorted(w.date for w in whole.weights))
        assert checkin.checkin_status(session, actor).due is due
        since = TODAY - dt.timedelta(days=WINDOW_DAYS)
        profile = plans.effective_profile(session, actor)
        assert profile is not None
        expected = assess(
            profile,
            None,
            [w for w in whole.weights_sorted() if w.date >= since],
            daily_intake(e for e in whole.intake if since <= e.date),
            TODAY,
            checkin._previous_target(session, actor, None, profile),
        )
        expected.target.proposed_kcal = expected.target.intake_kcal
        assert checkin.checkin(session, actor, checkin.CheckinInput(save=False)) == expected
        # The profile's weight comes from the weigh-ins of its window alone, too.
        readings = [(w.date, w.weight_kg) for w in whole.weights]
        weight = recent_weight_kg(readings)
        saved = plans.current_profile(session, actor)
        assert saved is not None
        whole_profile = saved if weight is None else profile_at_weight(saved, round(weight, 2))
        assert profile == whole_profile
