"""Reaching the goal weight: when it counts as reached, and the profile that follows from it.

A goal is a loss goal only while the person is above it. Once the trend weight reaches or
passes it, the plan, the calorie report and the check-in all switch to eating at
maintenance; nothing here refuses a weight below the goal (people overshoot, and that is
not an input error).
"""

from __future__ import annotations

from gluteus.domain.profile import Profile

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
