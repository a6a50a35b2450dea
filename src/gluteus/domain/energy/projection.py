"""The plan's projected weight: the dynamic model with its band beside the 3,500 kcal rule.

Works out the activity level the dynamic model needs for a plan, the Body Weight Planner's
uncertainty band, and the rule's line stopped where its assumption breaks down, as series
ready to show or chart. Pure: the plan carries its own start date; NumPy and the model load
on first use, so importing this module stays light.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from gluteus.domain.energy.balance import ACTIVITY_FACTORS, activity_level_with_exercise
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program
from gluteus.domain.quantities import Mass, Text, message

if TYPE_CHECKING:
    from gluteus.domain.energy.bodyweight import (
        Baseline,
        FloatArray,
        Phase,
        RuleProjection,
        Trajectory,
    )

UNCERTAINTY_FRACTION = 0.10
"""The BWP's band: expenditure ±10 % of the baseline intake (calorie_spread). [-]

References:
    [1] NIH Body Weight Planner code (archived 2025), github.com/Zomega/BodyWeightPlanner
        38d841b (calorie_spread).
"""
RULE_STOP_NOTES = {"bmi_floor": "BMI 18.5", "fat_mass": "all fat used up"}
"""Short labels for where the 3,500 kcal line stops, for charts and tables."""


def plan_pal(program: Program) -> float:
    """The PAL the dynamic model needs for this plan: everyday activity plus its workouts.

    Args:
        program: The plan (its profile's everyday activity and its calorie budget).

    Returns:
        Physical activity level with the plan's exercise averaged over the week. [-]
    """
    calories = program.calories
    return activity_level_with_exercise(
        ACTIVITY_FACTORS[program.profile.activity],
        calories.tdee_kcal,
        calories.exercise_kcal_per_day,
    )


def pal_for(profile: Profile, program: Program | None) -> float:
    """The PAL for a person: the plan's (:func:`plan_pal`) when there is one, else everyday.

    Args:
        profile: The person now; only its everyday activity is read, and only without a plan.
        program: The active plan, when there is one.

    Returns:
        Physical activity level. [-]
    """
    return plan_pal(program) if program is not None else ACTIVITY_FACTORS[profile.activity]


def weight_band(
    base: Baseline, days: int, phases: Sequence[Phase]
) -> tuple[FloatArray, FloatArray]:
    """Dynamic-model weights when expenditure is 10 % of the baseline intake higher and lower.

    The Body Weight Planner's band (``calorie_spread``): the energy-balance constant K moves
    by ±10 % of the baseline intake (:data:`UNCERTAINTY_FRACTION`), the rest of the model
    unchanged.

    Args:
        base: Initial state of n people.
        days: Length of the projection. [day]
        phases: Intake and activity changes by phase.

    Returns:
        (low, high) body mass, each (n, days + 1). [kg]

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011. doi:10.1016/S0140-6736(11)60812-X
        [2] NIH Body Weight Planner code (archived 2025),
            github.com/Zomega/BodyWeightPlanner 38d841b (calorie_spread).
    """
    from gluteus.domain.energy import bodyweight as bw

    spread = UNCERTAINTY_FRACTION * base.intake_kcal
    low = bw.simulate(dataclasses.replace(base, k_kcal=base.k_kcal + spread), days, phases)
    high = bw.simulate(dataclasses.replace(base, k_kcal=base.k_kcal - spread), days, phases)
    return low.weight_kg, high.weight_kg


def rule_stop_reason(cause: str, stop_day: int, limit_kg: float) -> str:
    """Why the 3,500 kcal line stops on ``stop_day``, in a sentence for people.

    Args:
        cause: ``bmi_floor`` or ``fat_mass`` (see :class:`~.bodyweight.RuleProjection`).
        stop_day: First day held at the limit. [day]
        limit_kg: Where the line stops. [kg]
    """
    from gluteus.domain.energy.bodyweight import RULE_STOP_BMI_FLOOR

    if cause == RULE_STOP_BMI_FLOOR:
        return message(
            "The 3,500 kcal rule stops on day {day} at {limit}, BMI 18.5 for "
            "your height: it counts every kilogram lost as fat, which stops being true as a "
            "body gets lean, and Gluteus plans no loss below BMI 18.5 (underweight).",
            day=stop_day,
            limit=Mass(limit_kg, ".1f"),
        )
    return message(
        "The 3,500 kcal rule stops on day {day} at {limit}: it counts every "
        "kilogram lost as fat, and by then it has used up all the fat you have.",
        day=stop_day,
        limit=Mass(limit_kg, ".1f"),
    )


class Series(BaseModel):
    """Daily values from day 0."""

    day: list[int]
    weight_kg: list[float]
    fat_mass_kg: list[float] | None = None
    lean_mass_kg: list[float] | None = None
    weight_low_kg: list[float] | None = None
    weight_high_kg: list[float] | None = None


class RuleSeries(Series):
    """The 3,500 kcal rule's line, stopped where its assumption breaks down.

    From ``stop_day`` on, ``weight_kg`` repeats ``limit_kg`` (a held value that keeps the
    arrays as long as the dynamic model's, not a prediction); charts end the line there.

    Attributes:
        floor_kg: BMI 18.5 at the person's height. [kg]
        limit_kg: Where the line stops: the higher of ``floor_kg`` and the fat-free mass
            (the rule cannot lose more fat than there is), at most the start weight. [kg]
        stop_day: First day held at ``limit_kg``; None when the line never gets there. [day]
        stop_cause: ``bmi_floor`` or ``fat_mass``; None without a stop.
        stop_reason: The stop in a sentence for people; None without a stop.
    """

    floor_kg: float
    limit_kg: float
    stop_day: int | None = None
    stop_cause: Literal["bmi_floor", "fat_mass"] | None = None
    stop_reason: Text | None = None


def _rounded(values: Iterable[float], digits: int = 3) -> list[float]:
    return [round(float(v), digits) for v in values]


def dynamic_series(
    trajectory: Trajectory, low_kg: FloatArray, high_kg: FloatArray, person: int = 0
) -> Series:
    """One person's dynamic-model line with its band, to the gram.

    Args:
        trajectory: The model's output with every day kept.
        low_kg: Band's low weights from :func:`weight_band`, (n, days + 1). [kg]
        high_kg: Band's high weights from :func:`weight_band`, (n, days + 1). [kg]
        person: Which person of the batch.
    """
    return Series(
        day=[int(d) for d in trajectory.day],
        weight_kg=_rounded(trajectory.weight_kg[person]),
        fat_mass_kg=_rounded(trajectory.fat_kg[person]),
        lean_mass_kg=_rounded(trajectory.lean_kg[person]),
        weight_low_kg=_rounded(low_kg[person]),
        weight_high_kg=_rounded(high_kg[person]),
    )


def rule_series(rule: RuleProjection, days: list[int], person: int = 0) -> RuleSeries:
    """One person's stopped 3,500 kcal line, from a ``bodyweight.RuleProjection``.

    Args:
        rule: The stopped rule's lines for n people.
        days: The days the line covers, 0 … N. [day]
        person: Which person of the batch.
    """
    stop = int(rule.stop_day[person])
    limit = float(rule.limit_kg[person])
    cause = rule.stop_cause[person]
    return RuleSeries(
        day=days,
        weight_kg=_rounded(rule.weight_kg[person]),
        floor_kg=round(float(rule.floor_kg[person]), 3),
        limit_kg=round(limit, 3),
        stop_day=stop if stop >= 0 else None,
        stop_cause=cause if stop >= 0 else None,
        stop_reason=rule_stop_reason(cause, stop, limit) if stop >= 0 else None,
    )


class PlanProjection(BaseModel):
    """The plan's expected weight by day: the dynamic model with its band, and the rule.

    Attributes:
        dates: One date per day from the plan's start.
        dynamic_kg: Dynamic model (Hall 2011). [kg]
        low_kg: Dynamic model with expenditure 10 % of the baseline intake higher. [kg]
        high_kg: Dynamic model with expenditure 10 % of the baseline intake lower. [kg]
        rule_kg: The 3,500 kcal rule, held at its limit from ``rule_stop_date``. [kg]
        rule_stop_date: The day the rule's line stops, or None. [date]
        rule_stop_reason: Why it stops there, in a sentence, or None.
        rule_stop_note: The same in a few words for a chart label, or None.
    """

    model_config = ConfigDict(frozen=True)

    dates: list[dt.date]
    dynamic_kg: list[float]
    low_kg: list[float]
    high_kg: list[float]
    rule_kg: list[float]
    rule_stop_date: dt.date | None = None
    rule_stop_reason: Text | None = None
    rule_stop_note: str | None = None


def plan_projections(program: Program) -> PlanProjection | None:
    """Expected weight over the plan by the dynamic model (with its band) and the 3,500 kcal rule.

    All start from the plan's profile on its start date and assume the plan's daily target
    intake throughout, with the plan's workouts in the activity level (:func:`plan_pal`). The
    band is the ``project`` command's: expenditure ±10 % of the baseline intake
    (:data:`UNCERTAINTY_FRACTION`). The rule's line stops at BMI 18.5 or when it has used up
    the fat mass.

    Args:
        program: The plan, with its start date.

    Returns:
        The projection, or None when the plan has no start date or the profile is outside
        the model's range.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011. doi:10.1016/S0140-6736(11)60812-X
        [2] Thomas D.M. et al., Int. J. Obes. 37:1611-1613, 2013 (the 3,500 kcal rule
            overstates long-run loss). doi:10.1038/ijo.2013.51
    """
    from gluteus.domain.energy.bodyweight import (
        Phase,
        ProjectionInputError,
        baseline_for,
        rule_3500_projection,
        simulate,
    )

    if program.start_date is None:
        return None
    days = 7 * len(program.weeks)
    try:
        base = baseline_for(program.profile, plan_pal(program))
        phases = [Phase(intake_kcal=program.calories.target_kcal)]
        dynamic = simulate(base, days, phases).weight_kg[0]
        low, high = weight_band(base, days, phases)
        rule = rule_series(rule_3500_projection(base, days, phases), list(range(days + 1)))
    except ProjectionInputError:
        return None
    start = program.start_date
    return PlanProjection(
        dates=[start + dt.timedelta(days=i) for i in range(days + 1)],
        dynamic_kg=[float(w) for w in dynamic],
        low_kg=[float(w) for w in low[0]],
        high_kg=[float(w) for w in high[0]],
        rule_kg=rule.weight_kg,
        rule_stop_date=None if rule.stop_day is None else start + dt.timedelta(rule.stop_day),
        rule_stop_reason=rule.stop_reason,
        rule_stop_note=RULE_STOP_NOTES.get(rule.stop_cause or ""),
    )
