"""The 3,500 kcal line stops where its assumption breaks down and never goes below zero."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluteus.domain.energy.balance import minimum_goal_weight_kg
from gluteus.domain.energy.bodyweight import (
    ACTIVITY_CHANGE_RANGE_PCT,
    GOAL_DAYS_RANGE,
    PAL_RANGE,
    RULE_STOP_BMI_FLOOR,
    RULE_STOP_FAT_MASS,
    Phase,
    baseline,
    rule_3500_projection,
)
from gluteus.domain.profile import AGE_RANGE, HEIGHT_RANGE_CM, WEIGHT_RANGE_KG, Sex
from gluteus.domain.units import KCAL_PER_KG_FAT_RULE

people = st.tuples(
    st.sampled_from([Sex.FEMALE, Sex.MALE]),
    st.floats(*AGE_RANGE),
    st.floats(*HEIGHT_RANGE_CM),
    st.floats(*WEIGHT_RANGE_KG),
    st.floats(*PAL_RANGE),
    st.one_of(st.none(), st.floats(3.0, 70.0)),
)
"""Anyone the model accepts, with or without a measured body fat."""
scenarios = st.tuples(
    st.floats(0.0, 1.0),  # intake as a share of maintenance (0 = eating nothing)
    st.floats(*ACTIVITY_CHANGE_RANGE_PCT),
    st.integers(*GOAL_DAYS_RANGE),
)


def _person(p: tuple[Sex, float, float, float, float, float | None]):  # type: ignore[no-untyped-def]
    sex, age, height, weight, pal, fat = p
    return baseline(sex, age, height, weight, pal, fat)


@settings(max_examples=150, deadline=None)
@given(people, scenarios)
def test_never_below_its_limits_and_never_negative(
    person: tuple[Sex, float, float, float, float, float | None],
    scenario: tuple[float, float, int],
) -> None:
    share, activity, days = scenario
    base = _person(person)
    w0, height = float(base.weight_kg[0]), float(base.height_cm[0])
    fat0, lean0 = float(base.fat_kg[0]), float(base.lean_kg[0])
    intake = share * float(base.intake_kcal[0])
    rule = rule_3500_projection(
        base, days, [Phase(0, intake_kcal=intake, activity_change_pct=activity)]
    )
    w = rule.weight_kg[0]
    assert w.shape == (days + 1,)
    assert np.all(np.isfinite(w)) and np.all(w > 0)
    floor = minimum_goal_weight_kg(height)
    assert rule.floor_kg[0] == pytest.approx(floor)
    assert rule.limit_kg[0] == pytest.approx(min(w0, max(floor, lean0)))
    # Never below BMI 18.5 (unless the start already is), never more fat lost than there is.
    assert np.all(w >= min(w0, floor) - 1e-9)
    assert np.all(w0 - w <= fat0 + 1e-9)
    # Until the stop it is the plain rule; from the stop on it holds the limit.
    daily = float(base.intake_kcal[0]) - intake + float(base.delta[0]) * activity / 100 * w0
    plain = w0 - daily * np.arange(days + 1) / KCAL_PER_KG_FAT_RULE
    limit = float(rule.limit_kg[0])
    stop = int(rule.stop_day[0])
    if stop < 0:
        np.testing.assert_allclose(w, plain, rtol=0, atol=1e-8)
        assert np.all(plain >= limit - 1e-9)
    else:
        np.testing.assert_allclose(w[:stop], plain[:stop], rtol=0, atol=1e-8)
        assert plain[stop] < limit <= plain[stop - 1] + 1e-9
        assert np.all(w[stop:] == limit)
    expected = RULE_STOP_BMI_FLOOR if floor >= lean0 else RULE_STOP_FAT_MASS
    assert rule.stop_cause[0] == expected


def test_ten_years_of_a_big_deficit_stops_at_bmi_18_5() -> None:
    # The case: a 10-year projection that used to end at negative weight.
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6)
    rule = rule_3500_projection(base, 3650, [Phase(0, -1000.0)])
    floor = minimum_goal_weight_kg(165)
    assert rule.stop_cause == (RULE_STOP_BMI_FLOOR,)
    assert rule.weight_kg[0].min() == pytest.approx(floor)
    assert 100 < rule.stop_day[0] < 130  # about 14.6 kg at 1000 kcal/day ≈ 113 days
    assert rule.weight_kg[0, -1] == pytest.approx(floor)


def test_a_lean_heavy_man_runs_out_of_fat_before_bmi_18_5() -> None:
    base = baseline(Sex.MALE, 40, 180, 120, 1.5)
    rule = rule_3500_projection(base, 3650, [Phase(0, -300.0)])
    assert rule.stop_cause == (RULE_STOP_FAT_MASS,)
    assert rule.weight_kg[0, -1] == pytest.approx(base.lean_kg[0])
    assert rule.weight_kg[0, -1] > minimum_goal_weight_kg(180)


def test_already_below_bmi_18_5_stops_at_once_on_a_deficit() -> None:
    base = baseline(Sex.FEMALE, 25, 170, 50, 1.6)  # BMI 17.3
    rule = rule_3500_projection(base, 30, [Phase(0, -200.0)])
    assert rule.stop_day[0] == 1
    assert np.all(rule.weight_kg[0] == 50.0)


def test_gains_and_short_deficits_are_not_stopped() -> None:
    base = baseline([Sex.MALE, Sex.FEMALE], [40, 30], [180, 165], [80, 65], [1.5, 1.6])
    rule = rule_3500_projection(base, 1500, [Phase(0, [300.0, -50.0])])
    assert list(rule.stop_day) == [-1, -1]
    assert not rule.stopped.any()
    assert rule.weight_kg[0, -1] > 80 + 50  # the rule's runaway gain, left as it is
    assert rule.weight_kg[1, -1] == pytest.approx(65 - 50 * 1500 / KCAL_PER_KG_FAT_RULE)


def test_batch_equals_one_at_a_time() -> None:
    base = baseline(
        [Sex.MALE, Sex.FEMALE, Sex.FEMALE],
        [40, 30, 60],
        [180, 165, 150],
        [120, 65, 90],
        [1.5, 1.6, 1.3],
    )
    change = np.array([-300.0, -1000.0, -100.0])
    batch = rule_3500_projection(base, 2000, [Phase(0, change)])
    for i in range(3):
        one = rule_3500_projection(base.person(i), 2000, [Phase(0, float(change[i]))])
        np.testing.assert_array_equal(batch.weight_kg[i], one.weight_kg[0])
        assert batch.stop_day[i] == one.stop_day[0]
        assert batch.stop_cause[i] == one.stop_cause[0]
