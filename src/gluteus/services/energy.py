"""Energy use cases: the daily calorie report and weight projections with a goal solver.

Both are pure compositions of domain models (no storage); the edges parse units and render.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from pydantic import BaseModel

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy.balance import (
    met_kcal,
    minimum_goal_weight_kg,
    net_met_kcal,
    pregnancy_extra_kcal,
)
from gluteus.domain.energy.goal import (
    PREGNANCY_GOAL_WARNING,
    below_bmi_floor,
    bmi_floor_crossing_warning,
    bmi_floor_goal_warning,
    first_day_below,
)
from gluteus.domain.energy.projection import (
    RULE_STOP_NOTES,
    UNCERTAINTY_FRACTION,
    RuleSeries,
    Series,
    dynamic_series,
    rule_series,
    rule_stop_reason,
    weight_band,
)
from gluteus.domain.profile import Profile
from gluteus.domain.quantities import Text
from gluteus.services.errors import InputError

__all__ = [
    "DEFAULT_DAYS",
    "REPORT_WEEKS",
    "RULE_STOP_NOTES",
    "TRUST_NOTE",
    "UNCERTAINTY_FRACTION",
    "CaloriesRequest",
    "CaloriesView",
    "ExerciseEnergy",
    "GoalView",
    "ProjectionRequest",
    "ProjectionView",
    "RuleSeries",
    "Series",
    "calories_report",
    "project",
    "rule_series",
    "rule_stop_reason",
    "weight_band",
]

PREGNANCY_PROJECTION_NOTE = (
    "Pregnancy: the line counts the trimester's extra energy as spent on the pregnancy; the "
    "pregnancy's own gain (baby, placenta, fluid) comes on top and your midwife tracks it."
)
REPORT_WEEKS = (4, 12, 26, 52, 156)
DEFAULT_DAYS = 365
TRUST_NOTE = (
    "Trust the dynamic model: it lets expenditure fall as weight, lean mass and adaptive "
    "thermogenesis fall (Hall et al., Lancet 2011; NIH Body Weight Planner). The 3,500 kcal "
    "rule assumes expenditure never changes, so it overstates loss more and more with time; "
    "its line stops at BMI 18.5 or when it has used up all your fat."
)


# --- calories --------------------------------------------------------------------------------


class CaloriesRequest(BaseModel):
    """Extras for the calorie report: one exercise's energy or a named routine's."""

    exercise_id: str | None = None
    minutes: float = 30.0
    routine: str | None = None


class ExerciseEnergy(BaseModel):
    """Energy of one exercise for some minutes: gross, and above rest."""

    id: str
    name: str
    minutes: float
    met: float
    kcal: float
    net_kcal: float


class CaloriesView(BaseModel):
    """Everyday and planned expenditure, the safe daily target and the guidance beside it.

    The numbers are those of the plan Gluteus builds for the same profile (its workouts are
    counted, net of resting energy, averaged over the plan): ``target_kcal`` =
    ``maintenance_kcal`` − ``deficit_kcal``; ``maintenance_kcal`` = ``tdee_kcal`` +
    ``exercise_kcal_per_day`` + ``pregnancy_kcal``.
    """

    mode: str
    bmr_kcal: float
    bmr_method: str
    tdee_kcal: float
    exercise_kcal_per_day: float
    pregnancy_kcal: float
    maintenance_kcal: float
    target_kcal: float
    floor_kcal: float
    deficit_kcal: float
    pace_kg_per_week: float
    safe_pace_kg_per_week: float
    weight_kg: float
    protein_g: float
    steps_per_day: int
    steps_per_day_upper: int
    method: Text
    notes: list[Text]
    exercise: ExerciseEnergy | None = None
    routine: dict[str, Any] | None = None


def calories_report(profile: Profile, request: CaloriesRequest) -> CaloriesView:
    """Daily needs and a safe target for ``profile``, with an exercise's or routine's energy.

    The target counts the workouts of the plan built from the same profile, so it is the
    number ``gluteus plan`` shows.

    Raises:
        InputError: On ``exercise_id``, ``minutes`` or ``routine`` when unknown or out of range.
    """
    from gluteus.domain.planning import ROUTINES, build_program, routine_estimate

    if not 1 <= request.minutes <= 600:
        raise InputError("minutes", "out of range", allowed="1–600", value=request.minutes)
    cal = build_program(profile, default_catalog()).calories
    view = CaloriesView(
        mode=cal.mode,
        bmr_kcal=cal.bmr_kcal,
        bmr_method=cal.bmr_method,
        tdee_kcal=cal.tdee_kcal,
        exercise_kcal_per_day=cal.exercise_kcal_per_day,
        pregnancy_kcal=cal.pregnancy_kcal,
        maintenance_kcal=cal.maintenance_kcal,
        target_kcal=cal.target_kcal,
        floor_kcal=cal.floor_kcal,
        deficit_kcal=cal.deficit_kcal,
        pace_kg_per_week=cal.pace_kg_per_week,
        safe_pace_kg_per_week=cal.safe_pace_kg_per_week,
        weight_kg=round(profile.weight_kg, 3),
        protein_g=cal.protein_g or 0.0,
        steps_per_day=cal.steps_per_day or 0,
        steps_per_day_upper=cal.steps_per_day_upper or 0,
        method=cal.method,
        notes=list(cal.notes),
    )
    if request.exercise_id is not None:
        try:
            entry = default_catalog().get(request.exercise_id)
        except KeyError:
            raise InputError(
                "exercise_id", "not in the exercise catalog", value=request.exercise_id
            ) from None
        view.exercise = ExerciseEnergy(
            id=entry.id,
            name=entry.name,
            minutes=request.minutes,
            met=entry.met,
            kcal=round(met_kcal(entry.met, profile.weight_kg, request.minutes), 1),
            net_kcal=round(net_met_kcal(entry.met, profile.weight_kg, request.minutes), 1),
        )
    if request.routine is not None:
        if request.routine not in ROUTINES:
            allowed = "one of " + ", ".join(ROUTINES)
            raise InputError("routine", "unknown routine", allowed=allowed, value=request.routine)
        view.routine = routine_estimate(request.routine, profile, default_catalog())
    return view


# --- projections -----------------------------------------------------------------------------


class ProjectionRequest(BaseModel):
    """A person and a scenario for the dynamic model (metric)."""

    sex: Literal["female", "male"]
    age: float
    height_cm: float
    weight_kg: float
    pal: float
    intake_change_kcal: float = 0.0
    activity_change_pct: float = 0.0
    days: int | None = None
    goal_weight_kg: float | None = None
    goal_days: int | None = None
    pregnancy_trimester: int | None = None
    pregnant: bool = False


class GoalView(BaseModel):
    """The goal solver's answer."""

    goal_weight_kg: float
    goal_days: int
    intake_kcal: float | None
    maintenance_intake_kcal: float | None
    maintenance_drop_kcal: float | None
    baseline_intake_kcal: float
    achievable: bool
    warnings: list[Text]
    earliest_safe_day: int | None
    activity_change_pct: float | None
    floor_kcal: float
    weekly_loss_kg: float
    safe_pace_kg_per_week: float


class ProjectionView(BaseModel):
    """Both projections, the uncertainty band and the goal, ready to show or chart."""

    baseline_intake_kcal: float
    rmr_kcal: float
    body_fat_pct: float
    days: int
    plan: str
    pal: float
    intake_change_kcal: float
    dynamic: Series
    rule_3500: RuleSeries
    trust: str = "dynamic"
    trust_note: str = TRUST_NOTE
    goal: GoalView | None = None
    bmi_floor_kg: float = 0.0
    below_bmi_floor_day: int | None = None
    pregnancy_kcal: float = 0.0
    warnings: list[Text] = []


_MODEL_FIELDS = {
    "height": "height_cm",
    "weight": "weight_kg",
    "intake": "intake_change_kcal",
    "activity_change": "activity_change_pct",
    "goal_weight": "goal_weight_kg",
}
"""Names the dynamic model uses in its messages → this request's field names."""


def project(request: ProjectionRequest) -> ProjectionView:
    """Project weight by the dynamic model and the 3,500 kcal rule, and solve the goal.

    With a goal and no intake change, the projection follows the goal intake and then the
    maintenance intake.

    Raises:
        InputError: Naming the field (``goal_days``, ``days``, ``age`` …) when out of range.
    """
    from gluteus.domain.energy import bodyweight as bw

    if (request.goal_weight_kg is None) != (request.goal_days is None):
        raise InputError("goal_days", "give the goal weight and the goal days together")
    high = bw.GOAL_DAYS_RANGE[1]
    for field, value in (("goal_days", request.goal_days), ("days", request.days)):
        if value is not None and not 1 <= value <= high:
            raise InputError(field, "out of range", allowed=f"1–{high} days", value=value)
    n_days = max(request.days or DEFAULT_DAYS, request.goal_days or 0)
    try:
        allowance = pregnancy_extra_kcal(request.pregnancy_trimester)
    except ValueError:
        raise InputError("pregnancy_trimester", "unknown trimester", allowed="1, 2 or 3") from None
    pregnant = request.pregnant or request.pregnancy_trimester is not None
    try:
        base = bw.baseline(
            request.sex, request.age, request.height_cm, request.weight_kg, request.pal
        )
        goal = None
        if request.goal_weight_kg is not None and request.goal_days is not None:
            goal = bw.solve_goal(
                base, request.goal_weight_kg, request.goal_days, request.activity_change_pct
            )
            goal = _safe_goal(goal, request, pregnant, allowance)
        phases, plan = _phases(base, request, goal, allowance)
        tr = bw.simulate(base, n_days, phases)
        rule = bw.rule_3500_projection(base, n_days, phases)
        low_band, high_band = weight_band(base, n_days, phases)
    except bw.ProjectionInputError as exc:
        name, _, reason = str(exc).partition(": ")
        field = _MODEL_FIELDS.get(name, name) if reason else "projection"
        raise InputError(field, reason or str(exc)) from None
    dynamic = dynamic_series(tr, low_band, high_band)
    floor_kg = minimum_goal_weight_kg(request.height_cm)
    crossing = first_day_below(dynamic.day, dynamic.weight_kg, floor_kg)
    warnings: list[str] = (
        [] if crossing is None else [bmi_floor_crossing_warning(crossing, request.height_cm)]
    )
    if pregnant:
        warnings.append(PREGNANCY_PROJECTION_NOTE)
    return ProjectionView(
        baseline_intake_kcal=round(float(base.intake_kcal[0]), 1),
        rmr_kcal=round(float(base.rmr_kcal[0]), 1),
        body_fat_pct=round(float(base.body_fat_pct[0]), 2),
        days=n_days,
        plan=plan,
        pal=request.pal,
        intake_change_kcal=request.intake_change_kcal,
        dynamic=dynamic,
        rule_3500=rule_series(rule, dynamic.day),
        goal=_goal_view(goal) if goal is not None else None,
        bmi_floor_kg=round(floor_kg, 1),
        below_bmi_floor_day=crossing,
        pregnancy_kcal=allowance,
        warnings=warnings,
    )


def _safe_goal(goal: Any, request: ProjectionRequest, pregnant: bool, allowance: float) -> Any:
    """The solver's answer with the rules on top.

    No deficit in pregnancy (maintenance plus the trimester's allowance), and no goal below
    BMI 18.5 (:func:`gluteus.domain.energy.goal.below_bmi_floor`).
    """
    if pregnant:
        hold = goal.baseline_intake_kcal + allowance
        return replace(
            goal,
            intake_kcal=hold,
            maintenance_intake_kcal=hold,
            maintenance_drop_kcal=0.0,
            achievable=False,
            warnings=(PREGNANCY_GOAL_WARNING,),
            earliest_safe_day=None,
            activity_change_pct=None,
        )
    if below_bmi_floor(goal.goal_weight_kg, request.height_cm):
        return replace(
            goal,
            intake_kcal=None,
            maintenance_intake_kcal=None,
            maintenance_drop_kcal=None,
            achievable=False,
            warnings=(bmi_floor_goal_warning(request.height_cm),),
            earliest_safe_day=None,
            activity_change_pct=None,
        )
    return goal


def _phases(
    base: Any, request: ProjectionRequest, goal: Any, allowance: float
) -> tuple[list[Any], str]:
    """The model's intake phases.

    In pregnancy the trimester's extra energy goes to the pregnancy, not to the mother's
    stores, so it is taken off the intake the model sees.
    """
    from gluteus.domain.energy.bodyweight import Phase

    activity = request.activity_change_pct
    if request.intake_change_kcal == 0.0 and goal is not None and goal.intake_kcal is not None:
        return [
            Phase(0, intake_kcal=goal.intake_kcal - allowance, activity_change_pct=activity),
            Phase(
                goal.goal_days + 1,
                intake_kcal=goal.maintenance_intake_kcal - allowance,
                activity_change_pct=activity,
            ),
        ], "goal intake, then maintenance from the day after the goal day"
    change = request.intake_change_kcal
    plan = (
        f"intake {float(base.intake_kcal[0]) + change:.0f} kcal/day ({change:+.0f}), "
        f"activity {activity:+.0f} %"
    )
    if allowance:
        plan += f", of which {allowance:.0f} kcal/day is the pregnancy's own"
    return [Phase(0, change - allowance, activity)], plan


def _goal_view(goal: Any) -> GoalView:
    def r1(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return GoalView(
        goal_weight_kg=round(goal.goal_weight_kg, 3),
        goal_days=goal.goal_days,
        intake_kcal=r1(goal.intake_kcal),
        maintenance_intake_kcal=r1(goal.maintenance_intake_kcal),
        maintenance_drop_kcal=r1(goal.maintenance_drop_kcal),
        baseline_intake_kcal=round(goal.baseline_intake_kcal, 1),
        achievable=goal.achievable,
        warnings=list(goal.warnings),
        earliest_safe_day=goal.earliest_safe_day,
        activity_change_pct=r1(goal.activity_change_pct),
        floor_kcal=goal.floor_kcal,
        weekly_loss_kg=round(goal.weekly_loss_kg, 3),
        safe_pace_kg_per_week=round(goal.safe_pace_kg_per_week, 3),
    )
