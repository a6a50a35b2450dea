"""Dosing: sets, reps, rest and effort for one exercise in one week, and the phase calendar.

A plan runs in phases of about four weeks. Within a phase the exercises stay the same,
the rep target climbs (double progression) and the effort target tightens from about three
reps in reserve to one; intermediate and advanced lifters get a lighter deload week before
each new phase. This module computes doses and time; it does not choose exercises.
"""

from __future__ import annotations

from typing import NamedTuple

from gluteus.domain.catalog import Exercise, RepUnit
from gluteus.domain.guidelines import PREGNANCY_RIR, REPS_RANGE
from gluteus.domain.guidelines import SHORT_DAY_MINUTES as _SHORT_DAY_MINUTES
from gluteus.domain.periodization import LOADED_KIT as _LOADED_KIT
from gluteus.domain.profile import Level
from gluteus.domain.progression.strength import (
    BIG_JUMP_FRACTION,
    CALIBRATION,
    EXTRA_REPS_BEFORE_BIG_JUMP,
)
from gluteus.domain.timing import move_minutes
from gluteus.domain.timing import superset_minutes as timing_superset
from gluteus.domain.units import format_count

PHASE_WEEKS = 4
PHASE_NAMES = ("foundation", "build", "peak")
DELOAD_RIR = 4
RIR_BY_WEEK: dict[Level, tuple[int, ...]] = {
    Level.BEGINNER: (3, 2, 2, 2),
    Level.INTERMEDIATE: (3, 2, 1, 1),
    Level.ADVANCED: (3, 2, 1, 1),
}
"""Target reps in reserve by week of a phase (Ratamess et al. 2009; Bell et al. 2023)."""
PREGNANCY_MIN_RIR = PREGNANCY_RIR
"""Reps in reserve never below 3 in pregnancy, in any phase (see the rule's constant)."""
LOADED_KIT = _LOADED_KIT
"""Kit that loads a lift (one list, shared with the rules)."""


class PlannedDose(NamedTuple):
    """Sets, reps, rest and effort for one exercise in one week.

    A named tuple: immutable like a frozen dataclass, and several times cheaper to make (the
    planner makes hundreds a plan).
    """

    sets: int
    reps_min: int
    reps_max: int
    rest_seconds: int
    rir: int | None = None


FINISHER_DOSE = PlannedDose(sets=2, reps_min=12, reps_max=15, rest_seconds=30)
"""Short band finisher: 2 × 12-15 as for floor and band work (seed 002)."""


def phase_index(week: int) -> int:
    """0 for weeks 1-4, 1 for weeks 5-8, and so on."""
    return (week - 1) // PHASE_WEEKS


def phase_name(week: int) -> str:
    """Short name of the phase a week belongs to: foundation, build, peak, build 2, …"""
    index = phase_index(week)
    if index < len(PHASE_NAMES):
        return PHASE_NAMES[index]
    return f"{PHASE_NAMES[1 + (index - 1) % 2]} {1 + (index - 1) // 2}"


def is_deload(level: Level, week: int, weeks: int) -> bool:
    """A lighter week closes each phase a new phase follows (intermediate and advanced).

    References:
        [1] Bell L. et al., Sports Med. Open 9:87, 2023 (deloading: Delphi consensus).
    """
    return level is not Level.BEGINNER and week % PHASE_WEEKS == 0 and week < weeks


def target_rir(level: Level, week: int, weeks: int, floor: int = 0) -> int:
    """Reps left in reserve at the end of each set this week, never below ``floor``. [reps]"""
    if is_deload(level, week, weeks):
        return max(DELOAD_RIR, floor)
    return max(RIR_BY_WEEK[level][(week - 1) % PHASE_WEEKS], floor)


def phase_sets(level: Level, phase: int, *, lead: bool) -> int:
    """Working sets per exercise in a phase; ``lead`` is the session's bridge or hip thrust.

    Beginners start with 2 sets and add one after the first phase; intermediates do 3;
    advanced lifters do 3 from week 1 and 4 on the lead lift afterwards.

    References:
        [1] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41(3):687-708, 2009 (novices
            1-3 sets; intermediate and advanced multiple sets).
        [2] Seed 001: at least 2 sets of 8-12 reps.
    """
    if level is Level.BEGINNER:
        return 2 if phase == 0 else 3 if lead else 2
    if level is Level.INTERMEDIATE:
        return 3
    return 4 if lead and phase > 0 else 3


def dose_for(
    exercise: Exercise, sets: int, week: int, level: Level, weeks: int, min_rir: int = 0
) -> PlannedDose:
    """The dose of a main exercise in a week: the phase's sets, reps climbing, effort tightening.

    Args:
        exercise: The catalog entry (its prescription gives the rep range and rest).
        sets: Working sets for this phase. [sets]
        week: Week number, 1-based.
        level: The lifter's level.
        weeks: Weeks in the plan.
        min_rir: Fewest reps in reserve allowed (3 in pregnancy). [reps]

    Returns:
        The dose; a deload week halves the sets (never below 2) and keeps the exercises.

    References:
        [1] Seed 001: 2+ sets of 8-12; seed 002: 2 × 12-15 floor work; seed 004: 3 × 10-15.
        [2] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41(3), 2009 (double progression).
    """
    rx = exercise.prescription
    if rx.unit is RepUnit.REPS:
        low = min(max(rx.reps_min, REPS_RANGE[0]), REPS_RANGE[1])
        high = min(max(rx.reps_max, low), REPS_RANGE[1])
    else:
        low, high = rx.reps_min, rx.reps_max
    deload = is_deload(level, week, weeks)
    step = (week - 1) % PHASE_WEEKS
    if not deload:
        low += min(high - low, step)
    working = max(2, sets // 2) if deload else sets
    rir = target_rir(level, week, weeks, min_rir)
    return PlannedDose(working, low, high, max(rx.rest_seconds, 30), rir)


def exercise_minutes(exercise: Exercise, dose: PlannedDose) -> float:
    """Time for all sets, rests and the move to the next exercise. [min]"""
    return move_minutes(exercise, dose.sets, dose.reps_max, dose.rest_seconds)


SHORT_DAY_MINUTES = _SHORT_DAY_MINUTES
"""Days this short run their strength work as supersets of non-competing moves.

References:
    [1] Robbins D.W. et al., J. Strength Cond. Res. 24(10), 2010 (paired sets keep the work
        in less time); Contreras, Strong Curves, 2013 (circuits on short days).
"""


def superset_minutes(
    first: tuple[Exercise, PlannedDose], second: tuple[Exercise, PlannedDose]
) -> float:
    """Two non-competing moves alternated, one rest after each round (:mod:`..timing`). [min]"""
    (ea, da), (eb, db) = first, second
    return timing_superset(
        (ea, da.sets, da.reps_max, da.rest_seconds), (eb, db.sets, db.reps_max, db.rest_seconds)
    )


def load_guidance(week: int, level: Level, weeks: int, min_rir: int = 0) -> str:
    """The load note a lifter reads before the session, matching the progression engine.

    References:
        [1] :mod:`gluteus.domain.progression.strength` (double progression; the next owned
            load, reps first when it is over :data:`BIG_JUMP_FRACTION` heavier, up to
            :data:`EXTRA_REPS_BEFORE_BIG_JUMP` above the range; :data:`CALIBRATION`, the same
            first-set sentence today shows). The note names no unit: edges show kg or lb.
    """
    rir = target_rir(level, week, weeks, min_rir)
    if is_deload(level, week, weeks):
        return (
            f"Load, week {week} (deload): same exercises and weights, about half the sets, "
            f"stop each set with {rir} or more reps to spare."
        )
    if (week - 1) % PHASE_WEEKS == 0:
        start = f"Load, week {week}: new exercises start light; {CALIBRATION}; "
    else:
        start = f"Load, week {week}: keep last week's weight or band, "
    return start + (
        f"stop each set with about {format_count(rir, 'rep')} in reserve, and when every set "
        "reaches the top of the range, move to the next weight you own (when that is more than "
        f"about {round(BIG_JUMP_FRACTION * 100)} % heavier, first add up to "
        f"{EXTRA_REPS_BEFORE_BIG_JUMP} reps above the range), a stronger band, or a harder "
        "variation."
    )
