"""The plan's rules: named, sourced checks (the seeds' and the coach's) and the validator."""

from . import coaching as coaching
from . import registry as registry
from . import seed as seed
from .coaching import (
    CARDIO_WEEKLY_MINUTES as CARDIO_WEEKLY_MINUTES,
    MIN_CARDIO_BOUT as MIN_CARDIO_BOUT,
    STRENGTH_FLOOR_BUDGET as STRENGTH_FLOOR_BUDGET,
    STRENGTH_FLOOR_MINUTES as STRENGTH_FLOOR_MINUTES,
    GLUTE_SETS as GLUTE_SETS,
    OTHER_GROUP_MIN_SETS as OTHER_GROUP_MIN_SETS,
    LOWER_BACK_CORE_SETS as LOWER_BACK_CORE_SETS,
    CARDIO_DAYS_MAX as CARDIO_DAYS_MAX,
    PHASE_MAX_WEEKS as PHASE_MAX_WEEKS,
    OLDER_ADULT_AGE as OLDER_ADULT_AGE,
    KIT_SHOWN as KIT_SHOWN,
    CARDIO_MACHINES as CARDIO_MACHINES,
    COULD_NOT_MEET as COULD_NOT_MEET,
    Result as Result,
    session_skeleton as session_skeleton,
    glute_volume as glute_volume,
    group_volume as group_volume,
    full_body_when_two_days as full_body_when_two_days,
    strength_floor as strength_floor,
    cardio_weekly as cardio_weekly,
    no_empty_day as no_empty_day,
    phases_and_deloads as phases_and_deloads,
    intervals_stay_intervals as intervals_stay_intervals,
    hard_cardio_spacing as hard_cardio_spacing,
    limitation_care as limitation_care,
    owned_kit_used as owned_kit_used,
    honest_notes as honest_notes,
    older_adults as older_adults,
    is_older_adult as is_older_adult,
)
from .registry import (
    BAND_FINISHER_SIZE as BAND_FINISHER_SIZE,
    CARDIO_FREE_DAYS as CARDIO_FREE_DAYS,
    CARDIO_MIN_DAYS as CARDIO_MIN_DAYS,
    CARDIO_MIN_MINUTES as CARDIO_MIN_MINUTES,
    MIN_SETS as MIN_SETS,
    REPS_RANGE as REPS_RANGE,
    RULES as RULES,
    RULES_BY_ID as RULES_BY_ID,
    SANDWICH_MINUTES as SANDWICH_MINUTES,
    STRENGTH_MIN_DAYS as STRENGTH_MIN_DAYS,
    STRENGTH_TOWARD as STRENGTH_TOWARD,
    TIME_TOLERANCE_MIN as TIME_TOLERANCE_MIN,
    Check as Check,
    Rule as Rule,
    validate as validate,
)
from .seed import (
    WEEK as WEEK,
    PACE_TOLERANCE_KG as PACE_TOLERANCE_KG,
    RECOVERY_ROLES as RECOVERY_ROLES,
    WeeklyWork as WeeklyWork,
)
