"""Progression: what today prescribes from the plan and the log (strength, cardio, pain, day)."""

from .cardio import (
    CARDIO_DURATION_GOAL_MIN as CARDIO_DURATION_GOAL_MIN,
)
from .cardio import (
    CARDIO_PACE_WEEKLY_FRACTION as CARDIO_PACE_WEEKLY_FRACTION,
)
from .cardio import (
    CARDIO_WEEKLY_FRACTION as CARDIO_WEEKLY_FRACTION,
)
from .cardio import (
    CardioTarget as CardioTarget,
)
from .cardio import (
    next_cardio as next_cardio,
)
from .day import (
    DayProgression as DayProgression,
)
from .day import (
    current_exercise as current_exercise,
)
from .day import (
    progress_day as progress_day,
)
from .pain import (
    PAIN_PROFESSIONAL_REPORTS as PAIN_PROFESSIONAL_REPORTS,
)
from .pain import (
    PAIN_PROFESSIONAL_SEVERITY as PAIN_PROFESSIONAL_SEVERITY,
)
from .pain import (
    PAIN_PROFESSIONAL_WINDOW_DAYS as PAIN_PROFESSIONAL_WINDOW_DAYS,
)
from .pain import (
    PAIN_SUBSTITUTE_DAYS as PAIN_SUBSTITUTE_DAYS,
)
from .pain import (
    find_substitute as find_substitute,
)
from .pain import (
    needs_professional as needs_professional,
)
from .pain import (
    recent_pain as recent_pain,
)
from .pain import (
    suits as suits,
)
from .strength import (
    DELOAD_DAYS as DELOAD_DAYS,
)
from .strength import (
    DELOAD_LOAD_FRACTION as DELOAD_LOAD_FRACTION,
)
from .strength import (
    LOAD_STEP_FRACTION as LOAD_STEP_FRACTION,
)
from .strength import (
    LOAD_STEP_FRACTION_EASY as LOAD_STEP_FRACTION_EASY,
)
from .strength import (
    MISSES_BEFORE_REGRESSION as MISSES_BEFORE_REGRESSION,
)
from .strength import (
    REFERENCES as REFERENCES,
)
from .strength import (
    SECONDS_STEP as SECONDS_STEP,
)
from .strength import (
    STALL_RECENT_DAYS as STALL_RECENT_DAYS,
)
from .strength import (
    STALL_SESSIONS as STALL_SESSIONS,
)
from .strength import (
    STALLED_LIFTS_FOR_DELOAD as STALLED_LIFTS_FOR_DELOAD,
)
from .strength import (
    TOPS_BEFORE_NEXT_EXERCISE as TOPS_BEFORE_NEXT_EXERCISE,
)
from .strength import (
    Action as Action,
)
from .strength import (
    DeloadAdvice as DeloadAdvice,
)
from .strength import (
    Dose as Dose,
)
from .strength import (
    Recommendation as Recommendation,
)
from .strength import (
    deload_advice as deload_advice,
)
from .strength import (
    deloaded as deloaded,
)
from .strength import (
    load_increment_kg as load_increment_kg,
)
from .strength import (
    lower_load_kg as lower_load_kg,
)
from .strength import (
    next_load_kg as next_load_kg,
)
from .strength import (
    next_prescription as next_prescription,
)
from .strength import (
    stalled_lifts as stalled_lifts,
)
