"""Energy: balance, daily targets, weight projections, trend, expenditure and the check-in."""

from . import balance as balance
from . import bodyweight as bodyweight
from . import checkin as checkin
from . import daily_targets as daily_targets
from . import estimate as estimate
from . import projection as projection
from . import trend as trend
from .balance import (
    RestingMethod as RestingMethod,
    ACTIVITY_FACTORS as ACTIVITY_FACTORS,
    PREGNANCY_EXTRA_KCAL as PREGNANCY_EXTRA_KCAL,
    CALORIE_FLOOR_KCAL as CALORIE_FLOOR_KCAL,
    SAFE_PACE_FRACTION_PER_WEEK as SAFE_PACE_FRACTION_PER_WEEK,
    SAFE_PACE_MAX_KG_PER_WEEK as SAFE_PACE_MAX_KG_PER_WEEK,
    HEALTHY_BMI_FLOOR as HEALTHY_BMI_FLOOR,
    mifflin_st_jeor as mifflin_st_jeor,
    katch_mcardle as katch_mcardle,
    resting_energy as resting_energy,
    resting_method_used as resting_method_used,
    total_energy_expenditure as total_energy_expenditure,
    calorie_floor as calorie_floor,
    safe_pace_kg_per_week as safe_pace_kg_per_week,
    minimum_goal_weight_kg as minimum_goal_weight_kg,
    deficit_for_pace as deficit_for_pace,
    IntakeTarget as IntakeTarget,
    intake_target as intake_target,
    explain_target as explain_target,
    met_kcal as met_kcal,
    net_met_kcal as net_met_kcal,
    pregnancy_extra_kcal as pregnancy_extra_kcal,
    rule_3500_weight_kg as rule_3500_weight_kg,
    activity_level_with_exercise as activity_level_with_exercise,
)
from .bodyweight import (
    REFERENCES as REFERENCES,
    RULE_STOP_BMI_FLOOR as RULE_STOP_BMI_FLOOR,
    RULE_STOP_FAT_MASS as RULE_STOP_FAT_MASS,
    Baseline as Baseline,
    GoalResult as GoalResult,
    Phase as Phase,
    ProjectionInputError as ProjectionInputError,
    RuleProjection as RuleProjection,
    Trajectory as Trajectory,
    baseline as baseline,
    baseline_for as baseline_for,
    earliest_safe_day as earliest_safe_day,
    expenditure_kcal as expenditure_kcal,
    goal_activity_change_pct as goal_activity_change_pct,
    goal_intake_kcal as goal_intake_kcal,
    jackson_body_fat_pct as jackson_body_fat_pct,
    maintenance_intake_kcal as maintenance_intake_kcal,
    mifflin_st_jeor_bwp as mifflin_st_jeor_bwp,
    rule_3500_projection as rule_3500_projection,
    simulate as simulate,
    solve_goal as solve_goal,
)
from .checkin import (
    CHECKIN_EVERY_DAYS as CHECKIN_EVERY_DAYS,
    WINDOW_DAYS as WINDOW_DAYS,
    MIN_WEIGHTS as MIN_WEIGHTS,
    MIN_SPAN_DAYS as MIN_SPAN_DAYS,
    MIN_INTAKE_DAYS as MIN_INTAKE_DAYS,
    MAX_STEP_KCAL as MAX_STEP_KCAL,
    MIN_CHANGE_KCAL as MIN_CHANGE_KCAL,
    BAND_LEVEL as BAND_LEVEL,
    PREGNANCY_VERDICT as PREGNANCY_VERDICT,
    Method as Method,
    METHOD_TEXT as METHOD_TEXT,
    ExpenditureView as ExpenditureView,
    TrendView as TrendView,
    TargetView as TargetView,
    CheckinView as CheckinView,
    enough_weigh_ins as enough_weigh_ins,
    assess as assess,
    equation_tdee_kcal as equation_tdee_kcal,
)
from .daily_targets import (
    PROTEIN_G_PER_KG as PROTEIN_G_PER_KG,
    PROTEIN_REFERENCE_BMI as PROTEIN_REFERENCE_BMI,
    OLDER_STEPS_AGE as OLDER_STEPS_AGE,
    STEPS_RANGE as STEPS_RANGE,
    ProteinTarget as ProteinTarget,
    StepTarget as StepTarget,
    protein_reference_kg as protein_reference_kg,
    protein_target as protein_target,
    step_target as step_target,
)
from .projection import (
    UNCERTAINTY_FRACTION as UNCERTAINTY_FRACTION,
    RULE_STOP_NOTES as RULE_STOP_NOTES,
    plan_pal as plan_pal,
    pal_for as pal_for,
    weight_band as weight_band,
    rule_stop_reason as rule_stop_reason,
    Series as Series,
    RuleSeries as RuleSeries,
    dynamic_series as dynamic_series,
    rule_series as rule_series,
    PlanProjection as PlanProjection,
    plan_projections as plan_projections,
)
from .trend import (
    FloatArray as FloatArray,
    MIN_READINGS as MIN_READINGS,
    ROBUSTNESS_PASSES as ROBUSTNESS_PASSES,
    BISQUARE_SCALE as BISQUARE_SCALE,
    TrendInputError as TrendInputError,
    local_linear_trend as local_linear_trend,
)
from . import goal as goal
from . import weigh_in as weigh_in
from .goal import (
    GOAL_TOLERANCE_KG as GOAL_TOLERANCE_KG,
    goal_reached as goal_reached,
    profile_at_weight as profile_at_weight,
    first_day_below as first_day_below,
    below_bmi_floor as below_bmi_floor,
    bmi_floor_goal_warning as bmi_floor_goal_warning,
    bmi_floor_crossing_warning as bmi_floor_crossing_warning,
    PREGNANCY_GOAL_WARNING as PREGNANCY_GOAL_WARNING,
)
from .weigh_in import (
    RECENT_WINDOW_DAYS as RECENT_WINDOW_DAYS,
    MIN_READINGS_FOR_CHECK as MIN_READINGS_FOR_CHECK,
    PLAUSIBLE_DAILY_CHANGE_KG as PLAUSIBLE_DAILY_CHANGE_KG,
    WATER_SWING_KG as WATER_SWING_KG,
    SWING_FRACTION as SWING_FRACTION,
    PROFILE_REFERENCE_DAYS as PROFILE_REFERENCE_DAYS,
    SUGGESTION_TOLERANCE_KG as SUGGESTION_TOLERANCE_KG,
    WeighInCheck as WeighInCheck,
    recent_weight_kg as recent_weight_kg,
    plausible_gap_kg as plausible_gap_kg,
    check_weigh_in as check_weigh_in,
)
