"""Projections and the goal solver: BMI 18.5 is marked and refused; pregnancy plans no deficit."""

from __future__ import annotations

import pytest

from gluteus.domain.energy.balance import PREGNANCY_EXTRA_KCAL, minimum_goal_weight_kg
from gluteus.services.energy import ProjectionRequest, project
from gluteus.services.errors import InputError

PERSON = {"sex": "female", "age": 30, "height_cm": 165.0, "weight_kg": 55.0, "pal": 1.6}


def test_a_line_that_crosses_bmi_18_5_is_marked() -> None:
    view = project(ProjectionRequest(**PERSON, intake_change_kcal=-600))
    floor = minimum_goal_weight_kg(165.0)
    assert view.bmi_floor_kg == pytest.approx(floor, abs=0.05)
    day = view.below_bmi_floor_day
    assert day is not None
    assert view.dynamic.weight_kg[day] < floor <= view.dynamic.weight_kg[day - 1]
    assert any("BMI 18.5" in w and f"day {day}" in w for w in view.warnings)
    steady = project(ProjectionRequest(**PERSON))
    assert steady.below_bmi_floor_day is None and steady.warnings == []


def test_a_goal_below_bmi_18_5_is_refused() -> None:
    floor = minimum_goal_weight_kg(165.0)
    view = project(ProjectionRequest(**PERSON, goal_weight_kg=floor - 1.0, goal_days=200))
    goal = view.goal
    assert goal is not None
    assert not goal.achievable and goal.intake_kcal is None
    assert any("BMI of 18.5" in w for w in goal.warnings)
    above = project(ProjectionRequest(**PERSON, goal_weight_kg=floor + 1.0, goal_days=200))
    assert above.goal is not None and above.goal.achievable


@pytest.mark.parametrize("trimester", [1, 2, 3])
def test_pregnancy_goal_offers_no_deficit(trimester: int) -> None:
    request = ProjectionRequest(
        **{**PERSON, "weight_kg": 72.0},
        goal_weight_kg=66.0,
        goal_days=180,
        pregnancy_trimester=trimester,
    )
    view = project(request)
    goal = view.goal
    assert goal is not None and not goal.achievable
    hold = view.baseline_intake_kcal + PREGNANCY_EXTRA_KCAL[trimester]
    assert goal.intake_kcal == pytest.approx(hold, abs=0.1)
    assert any("no calorie deficit" in w for w in goal.warnings)
    assert abs(view.dynamic.weight_kg[-1] - 72.0) < 0.5  # the allowance is not stored as fat


def test_pregnancy_projection_counts_the_allowance() -> None:
    allowance = PREGNANCY_EXTRA_KCAL[3]
    base = {**PERSON, "weight_kg": 72.0, "intake_change_kcal": allowance}
    pregnant = project(ProjectionRequest(**base, pregnancy_trimester=3))
    assert abs(pregnant.dynamic.weight_kg[-1] - 72.0) < 0.5
    assert pregnant.pregnancy_kcal == allowance
    assert project(ProjectionRequest(**base)).dynamic.weight_kg[-1] > 78.0  # without it


def test_unknown_trimester_names_the_field() -> None:
    with pytest.raises(InputError) as caught:
        project(ProjectionRequest(**PERSON, pregnancy_trimester=4))
    assert caught.value.field == "pregnancy_trimester"
