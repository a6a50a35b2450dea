"""The energy overview: today's calorie target, both projections, the goal and the check-ins.

One use case behind the web app's energy page and ``GET /api/v1/energy``: it composes the
calorie report, the weight projections for the plan's target (with the goal solver when a
goal is asked) and the weekly check-in's status and history.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from gluteus.domain.energy.bodyweight import GOAL_DAYS_RANGE
from gluteus.domain.energy.projection import pal_for
from gluteus.domain.profile import WEIGHT_RANGE_KG, Limitation
from gluteus.services import plans
from gluteus.services.checkin import (
    CheckinStatus,
    CheckinSummary,
    CheckinView,
    checkin_history,
    checkin_status,
    latest_checkin,
)
from gluteus.services.context import Actor
from gluteus.services.energy import (
    CaloriesRequest,
    CaloriesView,
    ProjectionRequest,
    ProjectionView,
    calories_report,
    project,
)
from gluteus.services.errors import InputError

PROJECTION_DAYS = 365


class EnergyQuery(BaseModel):
    """An optional goal for the solver (both or neither)."""

    goal_weight_kg: float | None = Field(default=None, ge=WEIGHT_RANGE_KG[0], le=WEIGHT_RANGE_KG[1])
    goal_days: int | None = Field(default=None, ge=GOAL_DAYS_RANGE[0], le=GOAL_DAYS_RANGE[1])


class EnergyOverview(BaseModel):
    """Everything the energy page shows."""

    calories: CaloriesView
    target_kcal: float = Field(description="the intake target in force (last check-in or plan)")
    target_source: str
    projection: ProjectionView
    checkin: CheckinStatus
    latest: CheckinView | None
    history: list[CheckinSummary]


def energy_overview(session: Session, actor: Actor, query: EnergyQuery) -> EnergyOverview:
    """The actor's calorie target, projections for it, the goal solver and the check-ins.

    Raises:
        InputError: On ``profile`` before a profile is saved; on ``goal_days`` when only one
            of the goal weight and the goal days is given.
    """
    profile = plans.effective_profile(session, actor)
    if profile is None:
        raise InputError("profile", "save a profile first (onboarding or PUT /api/v1/profile)")
    program = plans.active_program(session, actor)
    calories = calories_report(profile, CaloriesRequest())
    status = checkin_status(session, actor)
    if status.intake_kcal is not None:
        target, source = status.intake_kcal, f"your check-in of {status.last_date}"
    elif program is not None:
        target, source = program.calories.target_kcal, "your plan"
    else:
        target, source = calories.target_kcal, "the calorie equations (no plan yet)"
    goal_weight = query.goal_weight_kg
    goal_days = query.goal_days
    if (goal_weight is None) != (goal_days is None):
        raise InputError("goal_days", "give the goal weight and the goal days together")
    request = ProjectionRequest(
        sex=profile.sex.value,
        age=profile.age,
        height_cm=profile.height_cm,
        weight_kg=profile.weight_kg,
        pal=pal_for(profile, program),
        days=PROJECTION_DAYS,
        pregnant=Limitation.PREGNANCY in profile.limitations,
        pregnancy_trimester=profile.pregnancy_trimester,
    )
    if goal_weight is None:
        baseline = project(request.model_copy(update={"days": 1})).baseline_intake_kcal
        request = request.model_copy(update={"intake_change_kcal": round(target - baseline, 1)})
    else:
        request = request.model_copy(update={"goal_weight_kg": goal_weight, "goal_days": goal_days})
    history = checkin_history(session, actor)
    latest = latest_checkin(session, actor)
    return EnergyOverview(
        calories=calories,
        target_kcal=target,
        target_source=source,
        projection=project(request),
        checkin=status,
        latest=latest,
        history=history,
    )
