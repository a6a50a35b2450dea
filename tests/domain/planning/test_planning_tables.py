"""The planner's modules one at a time: small tables of inputs and the outputs they must give.

Whole plans are tested in ``test_planner.py``; here each step (layout, minutes, selection,
dosing) is pinned on its own, so a change to one shows up in the table of that one.
"""

from __future__ import annotations

import pytest

from gluteus.domain.catalog import Catalog, Kind
from gluteus.domain.guidelines import PAD_CUE
from gluteus.domain.planning.dosing import (
    PlannedDose,
    dose_for,
    exercise_minutes,
    is_deload,
    phase_index,
    phase_name,
    phase_sets,
    target_rir,
)
from gluteus.domain.planning.layout import choose_strength_days, needs_third_day
from gluteus.domain.planning.minutes import cardio_cap, edge_minutes, strength_floor
from gluteus.domain.planning.selection import GLUTE, KNEE, kit_used, suitable, why
from gluteus.domain.profile import Equipment, Level, Limitation, Profile

BEGINNER, INTERMEDIATE, ADVANCED = Level.BEGINNER, Level.INTERMEDIATE, Level.ADVANCED
E = Equipment

# --- dosing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "index", "name"),
    [
        (1, 0, "foundation"),
        (4, 0, "foundation"),
        (5, 1, "build"),
        (9, 2, "peak"),
        (13, 3, "build 2"),
        (17, 4, "peak 2"),
        (21, 5, "build 3"),
    ],
)
def test_phase_of_a_week(week: int, index: int, name: str) -> None:
    assert phase_index(week) == index
    assert phase_name(week) == name


@pytest.mark.parametrize(
    ("level", "week", "weeks", "deload"),
    [
        (BEGINNER, 4, 12, False),  # beginners never deload
        (INTERMEDIATE, 4, 12, True),
        (INTERMEDIATE, 3, 12, False),
        (INTERMEDIATE, 12, 12, False),  # no deload closes the last phase
        (ADVANCED, 8, 12, True),
    ],
)
def test_deload_closes_each_phase_a_new_one_follows(
    level: Level, week: int, weeks: int, deload: bool
) -> None:
    assert is_deload(level, week, weeks) is deload


@pytest.mark.parametrize(
    ("level", "week", "floor", "rir"),
    [
        (BEGINNER, 1, 0, 3),
        (BEGINNER, 3, 0, 2),
        (BEGINNER, 4, 0, 2),
        (INTERMEDIATE, 3, 0, 1),
        (INTERMEDIATE, 4, 0, 4),  # deload
        (INTERMEDIATE, 3, 3, 3),  # pregnancy floor
        (ADVANCED, 2, 0, 2),
    ],
)
def test_target_reps_in_reserve(level: Level, week: int, floor: int, rir: int) -> None:
    assert target_rir(level, week, 12, floor) == rir


@pytest.mark.parametrize(
    ("level", "phase", "lead", "sets"),
    [
        (BEGINNER, 0, True, 2),
        (BEGINNER, 1, True, 3),
        (BEGINNER, 1, False, 2),
        (INTERMEDIATE, 0, True, 3),
        (INTERMEDIATE, 2, False, 3),
        (ADVANCED, 0, True, 3),
        (ADVANCED, 1, True, 4),
        (ADVANCED, 1, False, 3),
    ],
)
def test_working_sets_per_phase(level: Level, phase: int, lead: bool, sets: int) -> None:
    assert phase_sets(level, phase, lead=lead) == sets


@pytest.mark.parametrize(
    ("exercise_id", "sets", "week", "level", "min_rir", "dose"),
    [
        # hip thrust: 8-12 reps, 90 s rest in the catalog
        ("hip-thrust", 3, 1, INTERMEDIATE, 0, PlannedDose(3, 8, 12, 90, 3)),
        ("hip-thrust", 3, 3, INTERMEDIATE, 0, PlannedDose(3, 10, 12, 90, 1)),  # reps climb
        ("hip-thrust", 3, 4, INTERMEDIATE, 0, PlannedDose(2, 8, 12, 90, 4)),  # deload: half, ≥ 2
        ("hip-thrust", 3, 4, BEGINNER, 0, PlannedDose(3, 11, 12, 90, 2)),
        ("hip-thrust", 3, 2, INTERMEDIATE, 3, PlannedDose(3, 9, 12, 90, 3)),  # pregnancy floor
        # glute bridge: 12-15 reps, 60 s rest
        ("glute-bridge", 2, 1, BEGINNER, 0, PlannedDose(2, 12, 15, 60, 3)),
        (
            "glute-bridge",
            2,
            4,
            BEGINNER,
            0,
            PlannedDose(2, 15, 15, 60, 2),
        ),  # climb stops at the top
    ],
)
def test_dose_of_a_main_exercise(
    catalog: Catalog,
    exercise_id: str,
    sets: int,
    week: int,
    level: Level,
    min_rir: int,
    dose: PlannedDose,
) -> None:
    assert dose_for(catalog.get(exercise_id), sets, week, level, 12, min_rir) == dose


@pytest.mark.parametrize(
    ("exercise_id", "dose", "minutes"),
    [
        # 3 × 12 reps × 3 s, two 90 s rests, 20 s to move on
        ("hip-thrust", PlannedDose(3, 8, 12, 90), (3 * 12 * 3 + 2 * 90 + 20) / 60),
        # one side then the other: 2 sets × 2 sides × (15 reps × 3 s + 10 s switch)
        (
            "band-side-lying-clamshell",
            PlannedDose(2, 10, 15, 45),
            (2 * 2 * (15 * 3 + 10) + 45 + 20) / 60,
        ),
    ],
)
def test_minutes_an_exercise_takes(
    catalog: Catalog, exercise_id: str, dose: PlannedDose, minutes: float
) -> None:
    assert exercise_minutes(catalog.get(exercise_id), dose) == pytest.approx(minutes)


# --- minutes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "edge", "floor"),
    [
        (90, 5.0, 15.0),
        (40, 5.0, 15.0),
        (39, 3.0, 15.0),
        (30, 3.0, 15.0),  # from 30 min the floor is fixed
        (25, 3.0, 19.0),  # shorter: all but the warm-up and cool-down
        (20, 3.0, 14.0),
    ],
)
def test_warm_up_and_strength_floor_by_session_length(
    budget: int, edge: float, floor: float
) -> None:
    assert edge_minutes(budget) == edge
    assert strength_floor(budget) == floor


@pytest.mark.parametrize(
    ("minutes", "pregnant", "cap"),
    [(60, False, 45.0), (30, False, 30.0), (60, True, 30.0), (20, True, 20.0)],
)
def test_longest_cardio_session(woman: Profile, minutes: int, pregnant: bool, cap: float) -> None:
    limits = [Limitation.PREGNANCY] if pregnant else []
    person = woman.model_copy(update={"minutes_per_session": minutes, "limitations": limits})
    assert cardio_cap(person) == cap


# --- layout ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("available", "chosen", "touching"),
    [
        ((0, 1, 2, 3, 4, 5, 6), (0, 2, 4), False),
        ((0, 2, 4), (0, 2, 4), False),
        ((0, 1, 2, 3), (0, 3), False),  # three in four days would touch
        ((0, 1, 2), (0, 2), False),
        ((5, 6), (5, 6), True),  # a weekend: both, though they touch
        ((0, 3), (0, 3), False),
        ((2,), (2,), False),
        ((), (), False),
    ],
)
def test_strength_days_never_touch_when_they_can_help_it(
    available: tuple[int, ...], chosen: tuple[int, ...], touching: bool
) -> None:
    assert choose_strength_days(available) == (chosen, touching)


@pytest.mark.parametrize(
    ("level", "available", "needed"),
    [
        (BEGINNER, 5, False),
        (INTERMEDIATE, 4, True),
        (INTERMEDIATE, 3, False),
        (ADVANCED, 7, True),
    ],
)
def test_trained_lifters_with_four_days_get_a_third(
    level: Level, available: int, needed: bool
) -> None:
    assert needs_third_day(level, available) is needed


# --- selection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise_id", "owned", "used"),
    [
        ("hip-thrust", {E.DUMBBELLS, E.BENCH, E.MINI_BAND}, {E.DUMBBELLS, E.BENCH}),
        ("glute-bridge", {E.NONE, E.DUMBBELLS}, set()),
        ("goblet-squat", {E.KETTLEBELL, E.NONE}, {E.KETTLEBELL}),
        ("band-side-lying-clamshell", {E.MINI_BAND}, {E.MINI_BAND}),
    ],
)
def test_kit_an_exercise_puts_to_use(
    catalog: Catalog, exercise_id: str, owned: set[Equipment], used: set[Equipment]
) -> None:
    assert kit_used(catalog.get(exercise_id), frozenset(owned)) == used


@pytest.mark.parametrize(
    ("level", "exercise_id", "offered"),
    [
        (BEGINNER, "glute-bridge", True),
        (BEGINNER, "hip-thrust", True),  # one level up, at a light load
        (BEGINNER, "bulgarian-split-squat", False),  # two levels up
        (BEGINNER, "squat-kickback", False),  # plyometric
        (INTERMEDIATE, "squat-kickback", True),
        (INTERMEDIATE, "bulgarian-split-squat", True),
    ],
)
def test_moves_offered_by_level(
    catalog: Catalog, level: Level, exercise_id: str, offered: bool
) -> None:
    pool = suitable(catalog, Kind.STRENGTH, frozenset(Equipment), (), level)
    assert (catalog.get(exercise_id) in pool) is offered


@pytest.mark.parametrize(
    ("exercise_id", "slot", "limits", "words"),
    [
        ("glute-bridge", GLUTE, [], [GLUTE.purpose]),
        ("bodyweight-squat", KNEE, [Limitation.KNEES], [KNEE.purpose]),
        ("forward-lunge", KNEE, [Limitation.BALANCE], ["hold a support"]),
    ],
)
def test_why_an_exercise_was_chosen(
    catalog: Catalog,
    woman: Profile,
    exercise_id: str,
    slot: object,
    limits: list[Limitation],
    words: list[str],
) -> None:
    person = woman.model_copy(update={"limitations": limits})
    reason = why(catalog.get(exercise_id), slot, person)  # type: ignore[arg-type]
    assert all(word in reason for word in words), reason
    assert PAD_CUE not in reason  # none of these is done kneeling
