"""Progress use cases: the report to date and the plan's projected weight for the charts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy import ACTIVITY_FACTORS
from gluteus.domain.program import Program
from gluteus.domain.progress import ProgressReport, progress_report
from gluteus.services import journal, plans
from gluteus.services.context import Actor

Projections = dict[str, tuple[list[dt.date], list[float]]]


def progress(session: Session, actor: Actor, as_of: dt.date | None = None) -> ProgressReport:
    """Adherence, streaks, bests, weekly volume, weight trend and circumferences to a day."""
    when = as_of or actor.today
    return progress_report(
        plans.active_program(session, actor),
        journal.history(session, actor).until(when),
        default_catalog(),
        when,
    )


def plan_projections(program: Program) -> Projections:
    """Expected weight over the plan by the dynamic model and by the 3,500 kcal rule.

    Both start from the plan's profile on its start date and assume the plan's daily
    target intake throughout.

    Returns:
        Name → (dates, weights [kg]); empty when the plan has no start date or the profile
        is outside the model's range.
    """
    from gluteus.domain.bodyweight import (
        Phase,
        ProjectionInputError,
        baseline,
        rule_3500_projection,
        simulate,
    )

    if program.start_date is None:
        return {}
    profile = program.profile
    days = 7 * len(program.weeks)
    try:
        base = baseline(
            profile.sex.value,
            profile.age,
            profile.height_cm,
            profile.weight_kg,
            ACTIVITY_FACTORS[profile.activity],
            profile.body_fat_pct,
        )
        phases = [Phase(intake_kcal=program.calories.target_kcal)]
        dynamic = simulate(base, days, phases).weight_kg[0]
        rule = rule_3500_projection(base, days, phases)[0]
    except ProjectionInputError:
        return {}
    dates = [program.start_date + dt.timedelta(days=i) for i in range(days + 1)]
    return {
        "Dynamic model (Hall 2011)": (dates, [float(w) for w in dynamic]),
        "3,500 kcal rule": (dates, [float(w) for w in rule]),
    }
