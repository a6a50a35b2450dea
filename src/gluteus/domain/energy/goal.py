"""Reaching the goal weight: when it counts as reached, and the profile that follows from it.

A goal is a loss goal only while the person is above it. Once the trend weight reaches or
passes it, the plan, the calorie report and the check-in all switch to eating at
maintenance; nothing here refuses a weight below the goal (people overshoot, and that is
not an input error).
"""

from __future__ import annotations

from collections.abc import Sequence

from gluteus.domain.energy.balance import minimum_goal_weight_kg
from gluteus.domain.profile import Profile
from gluteus.domain.quantities import Mass, Message, message

GOAL_TOLERANCE_KG = 0.05
"""A weight within this of the goal has reached it: the profile's own tolerance for a goal
above the weight, so the two checks agree. [kg]"""


def goal_reached(goal_weight_kg: float | None, weight_kg: float) -> bool:
    """Whether ``weight_kg`` has reached (or passed) the loss goal.

    Args:
        goal_weight_kg: The goal, None when there is none (never reached). [kg]
        weight_kg: The weight now (trend, not one reading). [kg]

    Returns:
        True when the weight is at most :data:`GOAL_TOLERANCE_KG` above the goal.

    References:
        [1] Our rule: a goal is a weight to reach; at or below it the aim is to hold it
            (maintenance), as the NIH Body Weight Planner switches to maintenance at the
            goal day (Hall K.D. et al., Lancet 378:826-837, 2011).
    """
    return goal_weight_kg is not None and weight_kg <= goal_weight_kg + GOAL_TOLERANCE_KG


def profile_at_weight(profile: Profile, weight_kg: float) -> Profile:
    """The profile with a new body weight, the goal marked reached when the weight passed it.

    A goal below the new weight is kept. A goal the weight has reached or passed becomes the
    weight itself, so the plan built from this profile maintains instead of failing the
    profile's "goal not above the weight" check.

    Args:
        profile: The saved profile.
        weight_kg: The person's weight now (the trend of the weigh-ins). [kg]

    Returns:
        A validated profile (the same object when nothing changed).
    """
    goal = profile.goal_weight_kg
    if abs(weight_kg - profile.weight_kg) <= 1e-9 and not (
        goal is not None and goal > weight_kg + GOAL_TOLERANCE_KG
    ):
        return profile
    update: dict[str, float | None] = {"weight_kg": weight_kg}
    if goal is not None and goal_reached(goal, weight_kg):
        update["goal_weight_kg"] = min(goal, weight_kg)
    data = profile.model_dump()
    data.update(update)
    return Profile.model_validate(data)


def first_day_below(
    days: Sequence[int], weights_kg: Sequence[float], floor_kg: float
) -> int | None:
    """The first day a projected line goes below ``floor_kg`` (BMI 18.5), None when it never does.

    A line that starts below the floor is not marked (the person is there already).

    Args:
        days: Day of each value. [day]
        weights_kg: The projected weight on each day. [kg]
        floor_kg: The weight at BMI 18.5 for the person's height. [kg]

    References:
        [1] WHO, "Obesity: preventing and managing the global epidemic", TRS 894, 2000
            (underweight below BMI 18.5).
    """
    if not weights_kg or weights_kg[0] < floor_kg:
        return None
    for day, weight in zip(days, weights_kg, strict=True):
        if weight < floor_kg:
            return day
    return None


def below_bmi_floor(goal_weight_kg: float, height_cm: float) -> bool:
    """Whether a goal lies below BMI 18.5 at this height: such a goal is refused.

    References:
        [1] WHO TRS 894, 2000 (underweight below BMI 18.5); the planner's
            :func:`gluteus.domain.energy.balance.minimum_goal_weight_kg`.
    """
    return goal_weight_kg < minimum_goal_weight_kg(height_cm) - 1e-9


def bmi_floor_goal_warning(height_cm: float) -> Message:
    """Why a goal below BMI 18.5 is refused, in words."""
    return message(
        "A goal below {floor} is under a BMI of 18.5 at your "
        "height (underweight), so Gluteus does not plan a loss to it.",
        floor=Mass(minimum_goal_weight_kg(height_cm), ".1f"),
    )


def bmi_floor_crossing_warning(day: int, height_cm: float) -> Message:
    """The projection's note when its line crosses BMI 18.5."""
    return message(
        "On this intake the projected weight falls below {floor} "
        "(BMI 18.5, underweight) around day {day}; Gluteus plans no loss past it, so eat "
        "to hold your weight before then.",
        floor=Mass(minimum_goal_weight_kg(height_cm), ".1f"),
        day=day,
    )


PREGNANCY_GOAL_WARNING = (
    "In pregnancy Gluteus plans no calorie deficit (ACOG Committee Opinion 804, 2020): the "
    "intake shown is maintenance plus the trimester's extra energy (IOM 2005), not a loss."
)
"""The goal solver's answer in pregnancy."""
