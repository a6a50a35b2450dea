"""Reaching the goal weight: the profile that follows always validates and maintains."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy.balance import minimum_goal_weight_kg
from gluteus.domain.energy.goal import (
    GOAL_TOLERANCE_KG,
    below_bmi_floor,
    first_day_below,
    goal_reached,
    profile_at_weight,
)
from gluteus.domain.planning import build_program
from gluteus.domain.profile import WEIGHT_RANGE_KG, Profile, Sex


def _person(goal: float | None = 65.0) -> Profile:
    return Profile(sex=Sex.FEMALE, age=34, height_cm=165, weight_kg=72, goal_weight_kg=goal)


@pytest.mark.parametrize(
    ("goal", "weight", "reached"),
    [(65.0, 72.0, False), (65.0, 65.0 + GOAL_TOLERANCE_KG, True), (65.0, 60.0, True)],
)
def test_goal_reached_at_or_below_the_goal(goal: float, weight: float, reached: bool) -> None:
    assert goal_reached(goal, weight) is reached


def test_no_goal_is_never_reached() -> None:
    assert not goal_reached(None, 40.0)


@given(st.floats(min_value=WEIGHT_RANGE_KG[0], max_value=WEIGHT_RANGE_KG[1]))
def test_profile_at_any_weight_validates_and_keeps_goal_at_or_below_it(weight: float) -> None:
    moved = profile_at_weight(_person(), weight)
    assert moved.weight_kg == weight
    assert moved.goal_weight_kg is not None
    assert moved.goal_weight_kg <= weight + GOAL_TOLERANCE_KG
    assert moved.goal_weight_kg == (65.0 if weight > 65.0 + GOAL_TOLERANCE_KG else min(65, weight))


def test_passing_the_goal_builds_a_maintenance_plan() -> None:
    program = build_program(profile_at_weight(_person(), 60.0), default_catalog())
    assert program.calories.mode == "toning_at_maintenance"
    assert program.calories.deficit_kcal == 0
    above = build_program(profile_at_weight(_person(), 70.0), default_catalog())
    assert above.calories.mode == "fat_loss"


def test_first_day_below_marks_the_crossing_only() -> None:
    assert first_day_below([0, 1, 2, 3], [52.0, 51.0, 50.0, 49.0], 50.4) == 2
    assert first_day_below([0, 1], [52.0, 51.0], 50.4) is None
    assert first_day_below([0, 1], [49.0, 48.0], 50.4) is None  # already below: not a crossing


def test_goal_below_bmi_18_5_is_below_the_floor() -> None:
    floor = minimum_goal_weight_kg(165)
    assert below_bmi_floor(floor - 0.1, 165) and not below_bmi_floor(floor, 165)
