"""The advanced lifter's heavier block: which phase, which lifts, what dose.

Advanced lifters periodize: one phase of the plan takes the main loaded lifts (the glute
lead, squats, hinges, presses and rows done with owned weights) to about 5-8 reps with
longer rests; the other phases stay at 8-12 or more.

References:
    [1] Ratamess N.A. et al., ACSM position stand, Med. Sci. Sports Exerc. 41(3):687-708,
        2009 (advanced: periodized loading across 1-12 RM, heavier loads for strength with
        2-3 min rests; moderate loads for hypertrophy).
    [2] Schoenfeld B.J. et al., J. Strength Cond. Res. 29(10), 2015 (heavier and moderate
        loads both build muscle when sets are hard).
"""

from __future__ import annotations

import math

from gluteus.domain.catalog import Exercise
from gluteus.domain.patterns import exercise_order_class
from gluteus.domain.profile import Equipment, Level

LOADED_KIT = frozenset(
    {
        Equipment.DUMBBELLS,
        Equipment.BARBELL,
        Equipment.KETTLEBELL,
        Equipment.BODY_BAR,
        Equipment.MEDICINE_BALL,
        Equipment.CABLE_MACHINE,
        Equipment.LEG_PRESS,
    }
)
"""Kit that loads a lift with external weight."""
HEAVY_REPS = (5, 8)
"""Reps of the main loaded lifts in the advanced lifter's heavier phase. [reps]"""
HEAVY_REST_SECONDS = 150
"""Rest between heavy sets (Ratamess et al. 2009: 2-3 min for heavier loads). [s]"""
HEAVY_PHASE = 2
"""The heavier phase: the third (weeks 9-12, peak), or the last one of shorter plans."""
PHASE_WEEKS = 4


def heavy_phase(level: Level, weeks: int) -> int | None:
    """The 0-based phase that runs heavier, or None (not advanced, or a single phase)."""
    if level is not Level.ADVANCED:
        return None
    phases = math.ceil(weeks / PHASE_WEEKS)
    return min(HEAVY_PHASE, phases - 1) if phases >= 2 else None


def is_main_lift(exercise: Exercise, owned: frozenset[Equipment]) -> bool:
    """A two-legged or two-armed compound lift done with owned weights."""
    return exercise_order_class(exercise) == 0 and bool(
        set(exercise.equipment) & LOADED_KIT & owned
    )
