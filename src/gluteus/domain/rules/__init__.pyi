"""The plan's rules: named, sourced checks (the seeds' and the coach's) and the validator."""

from .coaching import (
    CARDIO_DAYS_MAX as CARDIO_DAYS_MAX,
)
from .coaching import (
    CARDIO_MACHINES as CARDIO_MACHINES,
)
from .coaching import (
    CARDIO_WEEKLY_MINUTES as CARDIO_WEEKLY_MINUTES,
)
from .coaching import (
    COULD_NOT_MEET as COULD_NOT_MEET,
)
from .coaching import (
    GLUTE_SETS as GLUTE_SETS,
)
from .coaching import (
    KIT_SHOWN as KIT_SHOWN,
)
from .coaching import (
    LOWER_BACK_CORE_SETS as LOWER_BACK_CORE_SETS,
)
from .coaching import (
    MIN_CARDIO_BOUT as MIN_CARDIO_BOUT,
)
from .coaching import (
    OLDER_ADULT_AGE as OLDER_ADULT_AGE,
)
from .coaching import (
    OTHER_GROUP_MIN_SETS as OTHER_GROUP_MIN_SETS,
)
from .coaching import (
    PHASE_MAX_WEEKS as PHASE_MAX_WEEKS,
)
from .coaching import (
    STRENGTH_FLOOR_BUDGET as STRENGTH_FLOOR_BUDGET,
)
from .coaching import (
    STRENGTH_FLOOR_MINUTES as STRENGTH_FLOOR_MINUTES,
)
from .coaching import (
    WEEK as WEEK,
)
from .coaching import (
    Result as Result,
)
from .coaching import (
    cardio_weekly as cardio_weekly,
)
from .coaching import (
    full_body_when_two_days as full_body_when_two_days,
)
from .coaching import (
    glute_volume as glute_volume,
)
from .coaching import (
    group_volume as group_volume,
)
from .coaching import (
    hard_cardio_spacing as hard_cardio_spacing,
)
from .coaching import (
    honest_notes as honest_notes,
)
from .coaching import (
    intervals_stay_intervals as intervals_stay_intervals,
)
from .coaching import (
    is_older_adult as is_older_adult,
)
from .coaching import (
    limitation_care as limitation_care,
)
from .coaching import (
    no_empty_day as no_empty_day,
)
from .coaching import (
    older_adults as older_adults,
)
from .coaching import (
    owned_kit_used as owned_kit_used,
)
from .coaching import (
    phases_and_deloads as phases_and_deloads,
)
from .coaching import (
    session_skeleton as session_skeleton,
)
from .coaching import (
    strength_floor as strength_floor,
)
from .registry import (
    BAND_FINISHER_SIZE as BAND_FINISHER_SIZE,
)
from .registry import (
    CARDIO_FREE_DAYS as CARDIO_FREE_DAYS,
)
from .registry import (
    CARDIO_MIN_DAYS as CARDIO_MIN_DAYS,
)
from .registry import (
    CARDIO_MIN_MINUTES as CARDIO_MIN_MINUTES,
)
from .registry import (
    MIN_SETS as MIN_SETS,
)
from .registry import (
    REPS_RANGE as REPS_RANGE,
)
from .registry import (
    RULES as RULES,
)
from .registry import (
    RULES_BY_ID as RULES_BY_ID,
)
from .registry import (
    SANDWICH_MINUTES as SANDWICH_MINUTES,
)
from .registry import (
    STRENGTH_MIN_DAYS as STRENGTH_MIN_DAYS,
)
from .registry import (
    STRENGTH_TOWARD as STRENGTH_TOWARD,
)
from .registry import (
    TIME_TOLERANCE_MIN as TIME_TOLERANCE_MIN,
)
from .registry import (
    Check as Check,
)
from .registry import (
    Rule as Rule,
)
from .registry import (
    validate as validate,
)
from .seed import (
    PACE_TOLERANCE_KG as PACE_TOLERANCE_KG,
)
from .seed import (
    RECOVERY_ROLES as RECOVERY_ROLES,
)
from .seed import (
    WeeklyWork as WeeklyWork,
)
