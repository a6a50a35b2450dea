"""What the person is training for, as the planner needs it: a deficit or maintenance.

One predicate shared by the calorie plan and the volume ceiling, so the sets a week and the
calorie target never disagree about whether the person is in a deficit.
"""

from __future__ import annotations

from gluteus.domain.energy.balance import minimum_goal_weight_kg
from gluteus.domain.profile import Goal, Limitation, Profile

AT_GOAL_TOLERANCE_KG = 0.05
"""A goal weight this close to the current weight counts as reached. [kg]"""


def at_maintenance(profile: Profile) -> bool:
    """True when the plan eats at maintenance rather than in a deficit.

    Pregnancy, a goal below BMI 18.5, a goal reached, or no pace asked for (SPEC §2; WHO TRS
    894; ACOG Committee Opinion 804, 2020).
    """
    if profile.goal is not Goal.LOSE_FAT:
        return True
    goal = profile.goal_weight_kg
    if Limitation.PREGNANCY in profile.limitations or profile.pace_kg_per_week == 0:
        return True
    if goal is None:
        return False
    return goal < minimum_goal_weight_kg(profile.height_cm) or (
        goal >= profile.weight_kg - AT_GOAL_TOLERANCE_KG
    )


def effective_goal(profile: Profile) -> Goal:
    """The goal the plan follows.

    A loss goal the plan cannot take (pregnancy, a goal weight reached or under BMI 18.5, no
    pace) becomes ``tone``.
    """
    if profile.goal is Goal.LOSE_FAT and at_maintenance(profile):
        return Goal.TONE
    return profile.goal


BUILD_SURPLUS_PCT = (5, 10)
"""A small surplus for glute growth, as a share of maintenance (Iraki et al. 2019). [%]"""


def goal_note(profile: Profile) -> str | None:
    """One plain sentence on what the goal means for food, or None for fat loss."""
    goal = effective_goal(profile)
    if Limitation.PREGNANCY in profile.limitations or goal is Goal.LOSE_FAT:
        return None
    if goal is Goal.BUILD_GLUTES:
        low, high = BUILD_SURPLUS_PCT
        return (
            "Goal: build the glutes. Eat at least the maintenance target; up to about "
            f"{low}-{high} % more helps muscle grow. The plan gives the glutes the upper part "
            "of their weekly sets and cardio at the health minimum."
        )
    return (
        "Goal: tone at your current weight. The target is maintenance, with no deficit; the "
        "cardio is there for heart and lung health."
    )
