from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import assume, given
from hypothesis import strategies as st

from gluteus.domain.history import CardioLog, LoggedSet, WeightEntry
from gluteus.imports.identity import (
    LOAD_STEP_KG,
    WEIGHT_STEP_KG,
    Present,
    cardio_key,
    rounded_load,
    set_key,
    weight_key,
)

DAY = dt.date(2024, 12, 9)
START = dt.datetime(2024, 12, 9, 7, 16, 55)
LB = 0.45359237


def _set(reps: int = 10, load: float | None = 60.0, day: dt.date = DAY) -> LoggedSet:
    return LoggedSet(
        date=day,
        exercise_id="hip-thrust",
        set_number=1,
        reps=reps,
        load_kg=load,
        last_two_hard=False,
    )


@given(st.integers(min_value=10, max_value=400))
def test_a_load_in_pounds_keys_like_the_same_load_in_kilograms(half_kg: int) -> None:
    kg = half_kg * LOAD_STEP_KG
    pounds = round(kg / LB, 2)  # as an app shows it
    assert set_key(START, 1, _set(load=kg)) == set_key(START, 1, _set(load=pounds * LB))


def test_what_a_set_records_is_its_key() -> None:
    key = set_key(START, 1, _set())
    assert key.startswith("set:") and len(key) <= 80
    assert set_key(START.replace(second=3), 1, _set()) == key  # to the minute
    assert set_key(START.replace(minute=17), 1, _set()) != key
    assert set_key(START, 2, _set()) != key
    assert set_key(START, 1, _set(reps=9)) != key
    assert set_key(START, 1, _set(load=61.25)) != key
    assert set_key(None, 1, _set()) == set_key(dt.datetime(2024, 12, 9), 1, _set())


def test_rounded_load_and_no_load() -> None:
    assert rounded_load(None) is None
    assert rounded_load(0.0) is None
    assert rounded_load(60.0009) == 60.0
    assert rounded_load(61.3) == 61.5


def test_cardio_and_weight_keys() -> None:
    run = CardioLog(date=DAY, activity_id="jog", minutes=20.0, distance_km=3.0)
    key = cardio_key(START, 1, run)
    assert cardio_key(START, 1, run.model_copy(update={"minutes": 20.2})) == key
    assert cardio_key(START, 1, run.model_copy(update={"minutes": 25.0})) != key
    weight = WeightEntry(date=DAY, weight_kg=72.04)
    assert weight_key(weight, 1) == weight_key(WeightEntry(date=DAY, weight_kg=71.96), 1)
    assert weight_key(weight, 1) != weight_key(weight, 2)


def test_present_answers_once_for_each_stored_entry() -> None:
    present = Present([_set(), _set(), WeightEntry(date=DAY, weight_kg=72.0)])
    assert present.take(_set())
    assert present.take(_set(load=60.2))
    assert not present.take(_set())
    assert not present.take(_set(day=DAY + dt.timedelta(days=1)))
    assert not present.take(WeightEntry(date=DAY, weight_kg=72.0 + 2 * WEIGHT_STEP_KG))
    assert present.take(WeightEntry(date=DAY, weight_kg=72.0 + WEIGHT_STEP_KG))
    assert not present.take(WeightEntry(date=DAY, weight_kg=72.0))


@given(
    weights=st.lists(st.floats(min_value=40, max_value=150), min_size=1, max_size=6),
    noise=st.floats(min_value=-WEIGHT_STEP_KG, max_value=WEIGHT_STEP_KG),
)
def test_the_same_weigh_ins_from_another_app_are_all_present(
    weights: list[float], noise: float
) -> None:
    # readings of one day further apart than twice the tolerance (a morning and an evening)
    spaced = sorted(weights)
    assume(all(b - a > 2 * WEIGHT_STEP_KG + 0.01 for a, b in itertools.pairwise(spaced)))
    present = Present(WeightEntry(date=DAY, weight_kg=round(w, 2)) for w in weights)
    again = [WeightEntry(date=DAY, weight_kg=round(w, 2) + noise) for w in weights]
    assert all(present.take(entry) for entry in again)
    assert not present.take(again[0])
