"""Movement patterns: the group each trains, its place in a session, weekly hard sets.

A hard set counts once, for the group its movement pattern targets (a squat set is a quads
set, a hip-thrust set a glutes set), as the volume studies counted direct sets. Warm-ups,
finishers, stretches and cardio are not hard sets. This module models counting only; it
does not choose exercises.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum

from gluteus.domain.catalog import Exercise, Muscle
from gluteus.domain.memo import memo, memo_by_identity
from gluteus.domain.program import PlannedExercise, Role, SessionKind, Week


class Group(StrEnum):
    """Muscle groups that weekly volume is counted for."""

    GLUTES = "glutes"
    QUADS = "quads"
    HAMSTRINGS = "hamstrings"
    BACK = "back"
    CHEST_SHOULDERS = "chest_shoulders"
    CORE = "core"
    ADDUCTORS = "adductors"
    CALVES = "calves"
    ARMS = "arms"
    LOWER_BACK = "lower_back"


MAJOR_OTHER_GROUPS: tuple[Group, ...] = (
    Group.QUADS,
    Group.HAMSTRINGS,
    Group.BACK,
    Group.CHEST_SHOULDERS,
    Group.CORE,
)
"""The major groups besides the glutes that need a maintenance dose every week."""

BRIDGE_PATTERNS = frozenset({"bridge"})
KNEE_PATTERNS = frozenset({"squat", "lunge", "step-up", "sit-to-stand"})
HINGE_PATTERNS = frozenset({"hinge", "reverse extension", "leg curl"})
PUSH_PATTERNS = frozenset({"push", "vertical push"})
PULL_PATTERNS = frozenset({"pull"})
CORE_PATTERNS = frozenset({"anti-extension", "anti-rotation", "anti-lateral-flexion"})
ABDUCTION_PATTERNS = frozenset({"hip abduction"})
HIP_EXTENSION_PATTERNS = frozenset({"hip extension", "reverse extension"})

PATTERN_GROUP: dict[str, Group] = {
    "bridge": Group.GLUTES,
    "hip extension": Group.GLUTES,
    "reverse extension": Group.GLUTES,
    "hip abduction": Group.GLUTES,
    "squat": Group.QUADS,
    "lunge": Group.QUADS,
    "step-up": Group.QUADS,
    "sit-to-stand": Group.QUADS,
    "hinge": Group.HAMSTRINGS,
    "leg curl": Group.HAMSTRINGS,
    "push": Group.CHEST_SHOULDERS,
    "vertical push": Group.CHEST_SHOULDERS,
    "dip": Group.ARMS,
    "pull": Group.BACK,
    "back extension": Group.LOWER_BACK,
    "anti-extension": Group.CORE,
    "anti-rotation": Group.CORE,
    "anti-lateral-flexion": Group.CORE,
    "hip adduction": Group.ADDUCTORS,
    "calf raise": Group.CALVES,
    "curl": Group.ARMS,
    "extension": Group.ARMS,
}

_MUSCLE_GROUP: dict[Muscle, Group] = {
    Muscle.GLUTE_MAX: Group.GLUTES,
    Muscle.GLUTE_MED: Group.GLUTES,
    Muscle.GLUTE_MIN: Group.GLUTES,
    Muscle.QUADS: Group.QUADS,
    Muscle.HAMSTRINGS: Group.HAMSTRINGS,
    Muscle.ADDUCTORS: Group.ADDUCTORS,
    Muscle.CALVES: Group.CALVES,
    Muscle.CORE: Group.CORE,
    Muscle.CHEST: Group.CHEST_SHOULDERS,
    Muscle.SHOULDERS: Group.CHEST_SHOULDERS,
    Muscle.BACK: Group.BACK,
    Muscle.ARMS: Group.ARMS,
}

_COMPOUND = frozenset(
    {"bridge", "squat", "sit-to-stand", "hinge", "leg curl", "push", "vertical push", "pull"}
)
_UNILATERAL_ONLY = frozenset({"lunge", "step-up"})


def target_group(pattern: str, primary: tuple[Muscle, ...]) -> Group:
    """The group a hard set of this pattern counts for (its first primary muscle otherwise)."""
    if pattern in PATTERN_GROUP:
        return PATTERN_GROUP[pattern]
    return _MUSCLE_GROUP[primary[0]]


UPPER_GROUPS = frozenset({Group.BACK, Group.CHEST_SHOULDERS})


def region(pattern: str, primary: tuple[Muscle, ...]) -> str:
    """``upper``, ``core`` or ``lower``: moves from different regions do not compete."""
    group = target_group(pattern, primary)
    if group in UPPER_GROUPS:
        return "upper"
    return "core" if group is Group.CORE else "lower"


def pair_up(regions: list[str]) -> list[tuple[int, int]]:
    """Neighbouring moves of different regions paired for supersets, first come first."""
    pairs = []
    index = 0
    while index + 1 < len(regions):
        if regions[index] != regions[index + 1]:
            pairs.append((index, index + 1))
            index += 2
        else:
            index += 1
    return pairs


def order_class(pattern: str, unilateral: bool) -> int:
    """Place in a session: 0 loaded bilateral compound, 1 unilateral, 2 isolation, 3 core.

    References:
        [1] Haff G.G., Triplett N.T. (eds.), Essentials of Strength Training and
            Conditioning, 4th ed., NSCA / Human Kinetics, 2016 (exercise order).
    """
    if pattern in CORE_PATTERNS:
        return 3
    if pattern in _UNILATERAL_ONLY or (pattern in _COMPOUND and unilateral):
        return 1
    if pattern in _COMPOUND:
        return 0
    return 2


def exercise_order_class(exercise: Exercise) -> int:
    """:func:`order_class` of a catalog entry."""
    return order_class(exercise.pattern, exercise.unilateral)


RECENT_WEEKS = 128
"""Weeks counted lately: the planner and three rules count the same weeks of one plan."""


def weekly_sets(week: Week) -> dict[str, int]:
    """Hard sets per group in a week: main-block strength sets only. [sets]"""
    return dict(_count_week(week))


@memo_by_identity(RECENT_WEEKS)
def _count_week(week: Week) -> dict[str, int]:
    return count_sets(_strength_exercises(week, (Role.MAIN,)))


def _strength_exercises(week: Week, roles: tuple[Role, ...]) -> Iterator[PlannedExercise]:
    """The week's strength-session exercises in these roles, day by day."""
    for day in week.days:
        for session in day.sessions:
            if session.kind is SessionKind.STRENGTH:
                yield from (ex for ex in session.exercises if ex.role in roles)


GLUTE_DIRECT_PATTERNS = frozenset(
    {"bridge", "hip extension", "reverse extension", "hip abduction", "kickback"}
)
"""Patterns whose every set counts 1.0 for the glutes (Pelland et al. 2024)."""
GLUTE_HALF_PATTERNS = KNEE_PATTERNS | frozenset({"hinge"})
"""Patterns whose sets count 0.5 for the glutes when a glute is a primary mover."""
GLUTE_HALF = 0.5
"""Fraction of a set a synergist muscle gets.

References:
    [1] Pelland J.C. et al., "The resistance training dose-response", SportRxiv 2024 /
        Sports Med. 2025 (fractional set counting: 1.0 direct, about 0.5 synergist).
"""
_GLUTE_MUSCLES = frozenset({Muscle.GLUTE_MAX, Muscle.GLUTE_MED, Muscle.GLUTE_MIN})


def fractional_sets(exercises: Iterable[PlannedExercise]) -> dict[str, float]:
    """Weekly sets per group as a coach counts them: direct 1.0, glute synergist 0.5. [sets]

    Each set counts 1.0 for the group its pattern targets; a squat, lunge, step-up or hinge
    with a glute among its primary movers adds :data:`GLUTE_HALF` of a set to the glutes.
    Finishers count like main sets (band sets taken near failure are hard sets).
    """
    sets = {group.value: 0.0 for group in Group}
    glutes = Group.GLUTES.value
    for ex in exercises:
        group, half = _share(ex.pattern or "", ex.primary_muscles)
        sets[group] += ex.sets
        if half:
            sets[glutes] += GLUTE_HALF * ex.sets
    return sets


@memo(maxsize=1024)
def _share(pattern: str, primary: tuple[Muscle, ...]) -> tuple[str, bool]:
    """The group a set counts for, and whether the glutes get half a set too."""
    group = target_group(pattern, primary)
    half = group is not Group.GLUTES and pattern in GLUTE_HALF_PATTERNS
    return group.value, half and bool(_GLUTE_MUSCLES & set(primary))


def coach_weekly_sets(week: Week) -> dict[str, float]:
    """:func:`fractional_sets` over a week's main and finisher strength sets. [sets]"""
    return dict(_coach_count_week(week))


@memo_by_identity(RECENT_WEEKS)
def _coach_count_week(week: Week) -> dict[str, float]:
    return fractional_sets(_strength_exercises(week, (Role.MAIN, Role.FINISHER)))


def abduction_sets(week: Week) -> int:
    """Direct hip-abduction sets (glute med/min) in a week, finishers included. [sets]"""
    return sum(
        ex.sets
        for day in week.days
        for session in day.strength_sessions()
        for ex in session.exercises
        if ex.role in (Role.MAIN, Role.FINISHER) and ex.pattern in ABDUCTION_PATTERNS
    )


def count_sets(exercises: Iterable[PlannedExercise]) -> dict[str, int]:
    """Hard sets per group over some main-block exercises (every group keyed, zero if none)."""
    sets = {group.value: 0 for group in Group}
    for ex in exercises:
        group = target_group(ex.pattern or "", ex.primary_muscles)
        sets[group.value] += ex.sets
    return sets
