"""Energy: the balance, daily targets, weight projections, trend and expenditure estimators."""

from .balance import (
    ACTIVITY_FACTORS as ACTIVITY_FACTORS,
)
from .balance import (
    CALORIE_FLOOR_KCAL as CALORIE_FLOOR_KCAL,
)
from .balance import (
    HEALTHY_BMI_FLOOR as HEALTHY_BMI_FLOOR,
)
from .balance import (
    PREGNANCY_EXTRA_KCAL as PREGNANCY_EXTRA_KCAL,
)
from .balance import (
    SAFE_PACE_FRACTION_PER_WEEK as SAFE_PACE_FRACTION_PER_WEEK,
)
from .balance import (
    SAFE_PACE_MAX_KG_PER_WEEK as SAFE_PACE_MAX_KG_PER_WEEK,
)
from .balance import (
    IntakeTarget as IntakeTarget,
)
from .balance import (
    RestingMethod as RestingMethod,
)
from .balance import (
    activity_level_with_exercise as activity_level_with_exercise,
)
from .balance import (
    calorie_floor as calorie_floor,
)
from .balance import (
    deficit_for_pace as deficit_for_pace,
)
from .balance import (
    explain_target as explain_target,
)
from .balance import (
    intake_target as intake_target,
)
from .balance import (
    katch_mcardle as katch_mcardle,
)
from .balance import (
    met_kcal as met_kcal,
)
from .balance import (
    mifflin_st_jeor as mifflin_st_jeor,
)
from .balance import (
    minimum_goal_weight_kg as minimum_goal_weight_kg,
)
from .balance import (
    net_met_kcal as net_met_kcal,
)
from .balance import (
    pregnancy_extra_kcal as pregnancy_extra_kcal,
)
from .balance import (
    resting_energy as resting_energy,
)
from .balance import (
    resting_method_used as resting_method_used,
)
from .balance import (
    rule_3500_weight_kg as rule_3500_weight_kg,
)
from .balance import (
    safe_pace_kg_per_week as safe_pace_kg_per_week,
)
from .balance import (
    total_energy_expenditure as total_energy_expenditure,
)
from .bodyweight import (
    REFERENCES as REFERENCES,
)
from .bodyweight import (
    RULE_STOP_BMI_FLOOR as RULE_STOP_BMI_FLOOR,
)
from .bodyweight import (
    RULE_STOP_FAT_MASS as RULE_STOP_FAT_MASS,
)
from .bodyweight import (
    Baseline as Baseline,
)
from .bodyweight import (
    GoalResult as GoalResult,
)
from .bodyweight import (
    Phase as Phase,
)
from .bodyweight import (
    ProjectionInputError as ProjectionInputError,
)
from .bodyweight import (
    RuleProjection as RuleProjection,
)
from .bodyweight import (
    Trajectory as Trajectory,
)
from .bodyweight import (
    baseline as baseline,
)
from .bodyweight import (
    earliest_safe_day as earliest_safe_day,
)
from .bodyweight import (
    expenditure_kcal as expenditure_kcal,
)
from .bodyweight import (
    goal_activity_change_pct as goal_activity_change_pct,
)
from .bodyweight import (
    goal_intake_kcal as goal_intake_kcal,
)
from .bodyweight import (
    jackson_body_fat_pct as jackson_body_fat_pct,
)
from .bodyweight import (
    maintenance_intake_kcal as maintenance_intake_kcal,
)
from .bodyweight import (
    mifflin_st_jeor_bwp as mifflin_st_jeor_bwp,
)
from .bodyweight import (
    rule_3500_projection as rule_3500_projection,
)
from .bodyweight import (
    simulate as simulate,
)
from .bodyweight import (
    solve_goal as solve_goal,
)
from .daily_targets import (
    OLDER_STEPS_AGE as OLDER_STEPS_AGE,
)
from .daily_targets import (
    PROTEIN_G_PER_KG as PROTEIN_G_PER_KG,
)
from .daily_targets import (
    PROTEIN_REFERENCE_BMI as PROTEIN_REFERENCE_BMI,
)
from .daily_targets import (
    STEPS_RANGE as STEPS_RANGE,
)
from .daily_targets import (
    ProteinTarget as ProteinTarget,
)
from .daily_targets import (
    StepTarget as StepTarget,
)
from .daily_targets import (
    protein_reference_kg as protein_reference_kg,
)
from .daily_targets import (
    protein_target as protein_target,
)
from .daily_targets import (
    step_target as step_target,
)
from .trend import (
    BISQUARE_SCALE as BISQUARE_SCALE,
)
from .trend import (
    MIN_READINGS as MIN_READINGS,
)
from .trend import (
    ROBUSTNESS_PASSES as ROBUSTNESS_PASSES,
)
from .trend import (
    FloatArray as FloatArray,
)
from .trend import (
    TrendInputError as TrendInputError,
)
from .trend import (
    local_linear_trend as local_linear_trend,
)
