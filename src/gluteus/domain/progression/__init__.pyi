"""Progression: what today prescribes from the plan and the log (strength, cardio, pain, day)."""

from . import cardio as cardio
from . import day as day
from . import pain as pain
from . import strength as strength
from .cardio import (
    CARDIO_WEEKLY_FRACTION as CARDIO_WEEKLY_FRACTION,
    CARDIO_PACE_WEEKLY_FRACTION as CARDIO_PACE_WEEKLY_FRACTION,
    CARDIO_DURATION_GOAL_MIN as CARDIO_DURATION_GOAL_MIN,
    CardioTarget as CardioTarget,
    next_cardio as next_cardio,
)
from .day import (
    DayProgression as DayProgression,
    current_exercise as current_exercise,
    progress_day as progress_day,
)
from .pain import (
    PAIN_SUBSTITUTE_DAYS as PAIN_SUBSTITUTE_DAYS,
    PAIN_PROFESSIONAL_WINDOW_DAYS as PAIN_PROFESSIONAL_WINDOW_DAYS,
    PAIN_PROFESSIONAL_REPORTS as PAIN_PROFESSIONAL_REPORTS,
    PAIN_PROFESSIONAL_SEVERITY as PAIN_PROFESSIONAL_SEVERITY,
    PAIN_FAMILY_STEPS as PAIN_FAMILY_STEPS,
    PAIN_REGION_LOAD as PAIN_REGION_LOAD,
    family_of as family_of,
    region_load as region_load,
    active_reports as active_reports,
    pain_affects as pain_affects,
    pain_on as pain_on,
    load_held_by_pain as load_held_by_pain,
    suits as suits,
    recent_pain as recent_pain,
    needs_professional as needs_professional,
    find_substitute as find_substitute,
)
from .strength import (
    LOAD_STEP_FRACTION as LOAD_STEP_FRACTION,
    LOAD_STEP_FRACTION_EASY as LOAD_STEP_FRACTION_EASY,
    MISSES_BEFORE_REGRESSION as MISSES_BEFORE_REGRESSION,
    TOPS_BEFORE_NEXT_EXERCISE as TOPS_BEFORE_NEXT_EXERCISE,
    STALL_SESSIONS as STALL_SESSIONS,
    STALLED_LIFTS_FOR_DELOAD as STALLED_LIFTS_FOR_DELOAD,
    STALL_RECENT_DAYS as STALL_RECENT_DAYS,
    DELOAD_DAYS as DELOAD_DAYS,
    DELOAD_LOAD_FRACTION as DELOAD_LOAD_FRACTION,
    SECONDS_STEP as SECONDS_STEP,
    BREAK_DAYS_NOTED as BREAK_DAYS_NOTED,
    BREAK_DAYS_LIGHTER as BREAK_DAYS_LIGHTER,
    BREAK_LOAD_FRACTION as BREAK_LOAD_FRACTION,
    NEW_VARIATION_LOAD_FRACTION as NEW_VARIATION_LOAD_FRACTION,
    REFERENCES as REFERENCES,
    Action as Action,
    Dose as Dose,
    Recommendation as Recommendation,
    DeloadAdvice as DeloadAdvice,
    load_increment_kg as load_increment_kg,
    next_load_kg as next_load_kg,
    lower_load_kg as lower_load_kg,
    CALIBRATION as CALIBRATION,
    first_time_reason as first_time_reason,
    next_prescription as next_prescription,
    PAIN_HELD_ACTIONS as PAIN_HELD_ACTIONS,
    stalled_lifts as stalled_lifts,
    dose_in_unit as dose_in_unit,
    last_resistance as last_resistance,
    held_for_deload as held_for_deload,
    start_from_relative as start_from_relative,
    break_fraction as break_fraction,
    back_from_break as back_from_break,
    deload_advice as deload_advice,
    deloaded as deloaded,
)
