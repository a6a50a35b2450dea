"""What the person is training for, as the planner needs it: a deficit or maintenance.

One predicate shared by the calorie plan and the volume ceiling, so the sets a week and the
calorie target never disagree about whether the person is in a deficit.
"""

from __future__ import annotations

from gluteus.domain.energy.balance import minimum_goal_weight_kg
from gluteus.domain.profile import Limitation, Profile

AT_GOAL_TOLERANCE_KG = 0.05
"""A goal weight this close to the current weight counts as reached. [kg]"""


def at_maintenance(profile: Profile) -> bool:
    """True when the plan eats at maintenance rather than in a deficit.

    Pregnancy, a goal below BMI 18.5, a goal reached, or no pace asked for (SPEC §2; WHO TRS
    894; ACOG Committee Opinion 804, 2020).
    """
    goal = profile.goal_weight_kg
    if Limitation.PREGNANCY in profile.limitations or profile.pace_kg_per_week == 0:
        return True
    if goal is None:
        return False
    return goal < minimum_goal_weight_kg(profile.height_cm) or (
        goal >= profile.weight_kg - AT_GOAL_TOLERANCE_KG
    )
