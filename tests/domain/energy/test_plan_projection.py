"""The plan's projected weight (``gluteus.domain.energy.projection``) and the dynamic model's
baseline for a saved profile (``bodyweight.baseline_for``); no database, no clock.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy import projection
from gluteus.domain.energy.balance import ACTIVITY_FACTORS, activity_level_with_exercise
from gluteus.domain.energy.bodyweight import (
    RULE_STOP_BMI_FLOOR,
    RULE_STOP_FAT_MASS,
    Phase,
    baseline,
    baseline_for,
    rule_3500_projection,
    simulate,
)
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile

START = dt.date(2026, 3, 2)


def _profile(**kw: object) -> Profile:
    data: dict[str, object] = {
        "sex": "female",
        "age": 38,
        "height_cm": 165,
        "weight_kg": 84,
        "activity": "moderate",
        "pace_kg_per_week": 0.5,
        "goal_weight_kg": 70,
    }
    data.update(kw)
    return Profile.model_validate(data)


@pytest.mark.parametrize("body_fat_pct", [None, 38.0])
def test_baseline_for_a_profile_is_the_models_baseline_for_its_fields(
    body_fat_pct: float | None,
) -> None:
    profile = _profile(body_fat_pct=body_fat_pct)
    got = baseline_for(profile, 1.6)
    want = baseline("female", 38, 165, 84, 1.6, body_fat_pct)
    assert got.n == 1
    for name in ("weight_kg", "pal", "rmr_kcal", "intake_kcal", "fat_kg", "lean_kg", "k_kcal"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name))
    if body_fat_pct is not None:
        assert float(got.body_fat_pct[0]) == pytest.approx(body_fat_pct)


def test_the_plans_pal_counts_its_workouts_and_without_a_plan_the_everyday_factor() -> None:
    profile = _profile()
    program = build_program(profile, default_catalog(), START)
    everyday = ACTIVITY_FACTORS[profile.activity]
    calories = program.calories
    assert projection.plan_pal(program) == activity_level_with_exercise(
        everyday, calories.tdee_kcal, calories.exercise_kcal_per_day
    )
    assert projection.plan_pal(program) > everyday
    assert projection.pal_for(profile, program) == projection.plan_pal(program)
    assert projection.pal_for(profile, None) == everyday


def test_the_band_brackets_the_dynamic_model() -> None:
    base = baseline("female", 30, 165, 65, 1.6)
    phases = [Phase(0, -500.0)]
    low, high = projection.weight_band(base, 365, phases)
    middle = simulate(base, 365, phases).weight_kg
    assert low.shape == high.shape == middle.shape == (1, 366)
    assert low[0, 0] == high[0, 0] == middle[0, 0] == 65
    assert np.all(low[:, 1:] < middle[:, 1:]) and np.all(middle[:, 1:] < high[:, 1:])


@pytest.mark.parametrize(
    ("sex", "height_cm", "weight_kg", "cause", "words"),
    [
        ("female", 165, 65, RULE_STOP_BMI_FLOOR, "BMI 18.5 for your height"),
        ("male", 180, 120, RULE_STOP_FAT_MASS, "used up all the fat you have"),
    ],
)
def test_the_rules_line_stops_with_its_reason(
    sex: str, height_cm: float, weight_kg: float, cause: str, words: str
) -> None:
    base = baseline(sex, 40, height_cm, weight_kg, 1.5)
    days = list(range(3651))
    line = projection.rule_series(rule_3500_projection(base, 3650, [Phase(0, -1000.0)]), days)
    assert line.stop_day is not None and line.stop_cause == cause
    assert line.day == days and len(line.weight_kg) == len(days)
    assert line.weight_kg[line.stop_day :] == [line.limit_kg] * (len(days) - line.stop_day)
    assert line.stop_reason == projection.rule_stop_reason(cause, line.stop_day, line.limit_kg)
    assert words in line.stop_reason and f"day {line.stop_day}" in line.stop_reason
    assert cause in projection.RULE_STOP_NOTES


def test_a_line_that_never_stops_has_no_reason() -> None:
    base = baseline("female", 30, 165, 65, 1.6)
    line = projection.rule_series(rule_3500_projection(base, 30, [Phase(0, -300.0)]), [0, 30])
    assert line.stop_day is None and line.stop_cause is None and line.stop_reason is None


def test_the_dynamic_series_is_rounded_to_the_gram() -> None:
    base = baseline("male", 40, 180, 90, 1.5)
    phases = [Phase(0, -400.0)]
    trajectory = simulate(base, 10, phases)
    low, high = projection.weight_band(base, 10, phases)
    series = projection.dynamic_series(trajectory, low, high)
    assert series.day == list(range(11))
    assert series.weight_kg == [round(float(w), 3) for w in trajectory.weight_kg[0]]
    assert series.weight_low_kg == [round(float(w), 3) for w in low[0]]
    assert series.fat_mass_kg is not None and series.lean_mass_kg is not None


def test_plan_projections_follow_the_plans_target_from_its_start() -> None:
    profile = _profile()
    program = build_program(profile, default_catalog(), START)
    seen = projection.plan_projections(program)
    assert seen is not None
    days = 7 * len(program.weeks)
    assert seen.dates[0] == START and seen.dates[-1] == START + dt.timedelta(days=days)
    base = baseline_for(profile, projection.plan_pal(program))
    phases = [Phase(intake_kcal=program.calories.target_kcal)]
    assert seen.dynamic_kg == [float(w) for w in simulate(base, days, phases).weight_kg[0]]
    assert seen.dynamic_kg[0] == seen.low_kg[0] == seen.high_kg[0] == seen.rule_kg[0] == 84
    assert seen.low_kg[-1] < seen.dynamic_kg[-1] < seen.high_kg[-1]
    assert seen.rule_kg[-1] < seen.dynamic_kg[-1]  # the rule overstates the loss
    assert seen.rule_stop_date is None and seen.rule_stop_note is None


def test_a_plan_without_a_start_date_has_no_projection() -> None:
    program = build_program(_profile(), default_catalog())
    assert projection.plan_projections(program) is None
