"""Progress use cases: the report to date and the plan's projected weight for the charts."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy.balance import ACTIVITY_FACTORS, activity_level_with_exercise
from gluteus.domain.program import Program
from gluteus.domain.progress import ProgressReport, progress_report
from gluteus.services import journal, plans
from gluteus.services.context import Actor


def progress(session: Session, actor: Actor, as_of: dt.date | None = None) -> ProgressReport:
    """Adherence, streaks, bests, weekly volume, weight trend and circumferences to a day."""
    when = as_of or actor.today
    return progress_report(
        plans.active_program(session, actor),
        journal.history(session, actor).until(when),
        default_catalog(),
        when,
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
    rule_stop_reason: str | None = None
    rule_stop_note: str | None = None


def plan_pal(program: Program) -> float:
    """The PAL the dynamic model needs for this plan: everyday activity plus its workouts."""
    calories = program.calories
    return activity_level_with_exercise(
        ACTIVITY_FACTORS[program.profile.activity],
        calories.tdee_kcal,
        calories.exercise_kcal_per_day,
    )


def plan_projections(program: Program) -> PlanProjection | None:
    """Expected weight over the plan by the dynamic model (with its band) and the 3,500 kcal rule.

    All start from the plan's profile on its start date and assume the plan's daily target
    intake throughout, with the plan's workouts in the activity level. The band is the
    ``project`` command's: expenditure ±10 % of the baseline intake
    (:data:`gluteus.services.energy.UNCERTAINTY_FRACTION`). The rule's line stops at BMI
    18.5 or when it has used up the fat mass.

    Returns:
        The projection, or None when the plan has no start date or the profile is outside
        the model's range.
    """
    from gluteus.domain.energy.bodyweight import (
        Phase,
        ProjectionInputError,
        baseline,
        rule_3500_projection,
        simulate,
    )
    from gluteus.services.energy import RULE_STOP_NOTES, rule_series, weight_band

    if program.start_date is None:
        return None
    profile = program.profile
    days = 7 * len(program.weeks)
    try:
        base = baseline(
            profile.sex.value,
            profile.age,
            profile.height_cm,
            profile.weight_kg,
            plan_pal(program),
            profile.body_fat_pct,
        )
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
