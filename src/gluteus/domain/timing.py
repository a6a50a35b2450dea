"""How long sets take: one set, one move, and two non-competing moves run as a superset.

Shared by the planner's time model and the rule that checks short days count supersets
honestly.

References:
    [1] Robbins D.W. et al., J. Strength Cond. Res. 24(10):2632-2640, 2010 (paired sets of
        non-competing moves keep the work in less time).
"""

from __future__ import annotations

from gluteus.domain.catalog import Exercise, RepUnit

TRANSITION_S = 20.0
"""Moving to the next exercise. [s]"""
SIDE_SWITCH_S = 10.0
"""Switching sides on a one-sided move. [s]"""
SUPERSET_SWITCH_S = 15.0
"""Walking from one move of a superset to the other. [s]"""

Part = tuple[Exercise, int, int, int]
"""One move of a superset: (exercise, sets, top of the rep range, rest seconds)."""


def set_seconds(exercise: Exercise, reps_max: int) -> float:
    """Time of one set at the top of the rep range, both sides for one-sided moves. [s]"""
    rx = exercise.prescription
    per_rep = 1.0 if rx.unit is RepUnit.SECONDS else rx.seconds_per_rep
    sides = 2 if exercise.unilateral else 1
    return sides * (reps_max * per_rep + (SIDE_SWITCH_S if sides == 2 else 0))


def move_minutes(exercise: Exercise, sets: int, reps_max: int, rest: int) -> float:
    """All sets of one move with its rests and the move to the next exercise. [min]"""
    return (sets * set_seconds(exercise, reps_max) + (sets - 1) * rest + TRANSITION_S) / 60.0


def superset_minutes(first: Part, second: Part) -> float:
    """Two non-competing moves alternated, one rest after each round; their whole time. [min]

    Sets beyond the shorter one's count are done alone with their own rest.
    """
    ea, sets_a, reps_a, rest_a = first
    eb, sets_b, reps_b, rest_b = second
    rounds = min(sets_a, sets_b)
    work_a, work_b = set_seconds(ea, reps_a), set_seconds(eb, reps_b)
    paired = rounds * (work_a + work_b + SUPERSET_SWITCH_S) + (rounds - 1) * max(rest_a, rest_b)
    alone = (sets_a - rounds) * (work_a + rest_a) + (sets_b - rounds) * (work_b + rest_b)
    return (paired + alone + TRANSITION_S) / 60.0
