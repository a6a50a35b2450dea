"""The progression engine: double progression, misses, regressions, deloads, pain, cardio."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gluteus.domain.catalog import Kind, Load, RepUnit, default_catalog
from gluteus.domain.history import BandLevel, CardioLog, History, LoggedSet, PainReport
from gluteus.domain.profile import Equipment, Limitation, Weekday
from gluteus.domain.program import Day, PlannedExercise, Role, Session, SessionKind
from gluteus.domain.progression.cardio import next_cardio
from gluteus.domain.progression.day import current_exercise, progress_day
from gluteus.domain.progression.pain import find_substitute, needs_professional
from gluteus.domain.progression.strength import (
    Action,
    Dose,
    Recommendation,
    deload_advice,
    load_increment_kg,
    lower_load_kg,
    next_load_kg,
    next_prescription,
    stalled_lifts,
)

CATALOG = default_catalog()
DOSE = Dose(sets=3, reps_min=8, reps_max=12, rest_seconds=90)
MON = dt.date(2024, 3, 4)
_RANK = {Load.LOW: 0, Load.MODERATE: 1, Load.HIGH: 2}


def day(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def session(
    date: dt.date,
    exercise_id: str,
    reps: list[int],
    *,
    load: float | None = None,
    band: BandLevel | None = None,
    hard: bool = True,
    form: bool = True,
) -> tuple[LoggedSet, ...]:
    return tuple(
        LoggedSet(
            date=date,
            exercise_id=exercise_id,
            set_number=i + 1,
            reps=r,
            load_kg=load,
            band=band,
            last_two_hard=hard,
            good_form=form,
        )
        for i, r in enumerate(reps)
    )


def advise(
    exercise_id: str,
    history: History,
    today: dt.date = MON + dt.timedelta(days=10),
    equipment: list[Equipment] | None = None,
) -> Recommendation:
    return next_prescription(
        DOSE, CATALOG.get(exercise_id), CATALOG, history, today, equipment=equipment
    )


# --- load steps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("load", "exercise_id", "equipment", "expected"),
    [
        (6.0, "goblet-squat", None, 7.0),  # light dumbbell: 1 kg step (5 % rounds to 0)
        (12.0, "goblet-squat", None, 14.0),  # heavier dumbbell: 2 kg step
        (40.0, "hip-thrust", None, 42.5),  # barbell listed first: 2.5 kg
        (40.0, "hip-thrust", [Equipment.DUMBBELLS], 42.0),  # no barbell owned
        (100.0, "hip-thrust", [Equipment.BARBELL], 105.0),  # 5 % of 100 = two plates' worth
    ],
)
def test_next_load_follows_acsm_step_and_kit_increment(
    load: float, exercise_id: str, equipment: list[Equipment] | None, expected: float
) -> None:
    assert next_load_kg(load, CATALOG.get(exercise_id), equipment) == pytest.approx(expected)


def test_load_step_within_acsm_range_once_increments_are_small_relative_to_load() -> None:
    exercise = CATALOG.get("hip-thrust")
    for load in (50.0, 60.0, 80.0, 120.0):
        step = next_load_kg(load, exercise, [Equipment.BARBELL]) - load
        assert 0.02 * load <= step <= 0.10 * load


def test_lower_load_never_negative() -> None:
    assert lower_load_kg(1.0, CATALOG.get("goblet-squat")) == 0.0
    assert load_increment_kg(25.0, CATALOG.get("goblet-squat")) == 2.0


# --- double progression -------------------------------------------------------------------


def test_first_time_starts_at_bottom_of_range() -> None:
    rec = advise("romanian-deadlift", History())
    assert rec.action is Action.START
    assert rec.target_reps == DOSE.reps_min


def test_below_top_adds_a_rep_on_the_weakest_set() -> None:
    rec = advise(
        "romanian-deadlift", History(sets=session(day(0), "romanian-deadlift", [10, 9, 9], load=20))
    )
    assert rec.action is Action.ADD_REPS
    assert rec.target_reps == 10
    assert rec.load_kg == 20


def test_easy_last_reps_add_two() -> None:
    sets = session(day(0), "romanian-deadlift", [10, 9, 9], load=20, hard=False)
    assert advise("romanian-deadlift", History(sets=sets)).target_reps == 11


def test_top_of_range_on_every_set_adds_load_and_restarts_reps() -> None:
    sets = session(day(0), "romanian-deadlift", [12, 12, 12], load=20)
    rec = advise("romanian-deadlift", History(sets=sets))
    assert rec.action is Action.ADD_LOAD
    assert rec.load_kg == 22
    assert rec.target_reps == DOSE.reps_min


def test_top_with_bad_form_holds() -> None:
    sets = session(day(0), "romanian-deadlift", [12, 12, 12], load=20, form=False)
    rec = advise("romanian-deadlift", History(sets=sets))
    assert rec.action is Action.HOLD
    assert rec.load_kg == 20


def test_fewer_sets_than_planned_is_not_the_top() -> None:
    sets = session(day(0), "romanian-deadlift", [12, 12], load=20)
    assert advise("romanian-deadlift", History(sets=sets)).action is Action.ADD_REPS


def test_band_top_moves_one_band_up() -> None:
    sets = session(day(0), "band-hip-bridge", [12, 12, 12], band=BandLevel.LIGHT)
    rec = advise("band-hip-bridge", History(sets=sets))
    assert rec.action is Action.STRONGER_BAND
    assert rec.band is BandLevel.MEDIUM


def test_heaviest_band_twice_at_top_moves_along_the_chain() -> None:
    sets = session(day(0), "band-hip-bridge", [12] * 3, band=BandLevel.EXTRA_HEAVY) + session(
        day(2), "band-hip-bridge", [12] * 3, band=BandLevel.EXTRA_HEAVY
    )
    rec = advise("band-hip-bridge", History(sets=sets))
    assert rec.action is Action.NEXT_EXERCISE
    assert rec.exercise_id in CATALOG.get("band-hip-bridge").progressions


def test_bodyweight_needs_two_top_sessions_before_next_exercise() -> None:
    once = session(day(0), "glute-bridge", [12, 12, 12])
    assert advise("glute-bridge", History(sets=once)).action is Action.HOLD
    twice = once + session(day(2), "glute-bridge", [12, 12, 12])
    rec = advise("glute-bridge", History(sets=twice))
    assert rec.action is Action.NEXT_EXERCISE
    assert rec.exercise_id == CATALOG.get("glute-bridge").progressions[0]


def test_progression_respects_equipment() -> None:
    twice = session(day(0), "glute-bridge", [12] * 3) + session(day(2), "glute-bridge", [12] * 3)
    rec = advise("glute-bridge", History(sets=twice), equipment=[])
    assert rec.exercise_id == "single-leg-glute-bridge"  # band and weights not owned


def test_end_of_chain_holds() -> None:
    twice = session(day(0), "single-leg-hip-thrust", [12] * 3) + session(
        day(2), "single-leg-hip-thrust", [12] * 3
    )
    rec = advise("single-leg-hip-thrust", History(sets=twice))
    assert rec.action is Action.HOLD
    assert rec.exercise_id == "single-leg-hip-thrust"


def test_hold_seconds_add_five() -> None:
    dose = Dose(sets=2, reps_min=20, reps_max=45, rest_seconds=45, unit=RepUnit.SECONDS)
    sets = session(day(0), "plank", [30, 25])
    rec = next_prescription(dose, CATALOG.get("plank"), CATALOG, History(sets=sets), day(3))
    assert rec.target_reps == 30


# --- misses and regression ----------------------------------------------------------------


def test_a_miss_holds_the_load() -> None:
    sets = session(day(0), "romanian-deadlift", [9, 8, 6], load=30)
    rec = advise("romanian-deadlift", History(sets=sets))
    assert rec.action is Action.HOLD
    assert rec.load_kg == 30


def test_three_misses_in_a_row_regress_one_step() -> None:
    sets = tuple(
        s for n in range(3) for s in session(day(2 * n), "romanian-deadlift", [8, 7, 6], load=30)
    )
    rec = advise("romanian-deadlift", History(sets=sets))
    assert rec.action is Action.REGRESS
    assert rec.load_kg == 28


def test_three_band_misses_take_an_easier_band() -> None:
    sets = tuple(
        s
        for n in range(3)
        for s in session(day(2 * n), "band-hip-bridge", [7, 6, 6], band=BandLevel.HEAVY)
    )
    assert advise("band-hip-bridge", History(sets=sets)).band is BandLevel.MEDIUM


def test_three_bodyweight_misses_use_the_catalog_regression() -> None:
    sets = tuple(
        s for n in range(3) for s in session(day(2 * n), "bulgarian-split-squat", [5, 4, 4])
    )
    rec = advise("bulgarian-split-squat", History(sets=sets))
    assert rec.action is Action.REGRESS
    assert rec.exercise_id == "split-squat"


# --- deload --------------------------------------------------------------------------------


def _flat(ids: list[str], sessions: int) -> History:
    return History(
        sets=tuple(
            s
            for n in range(sessions)
            for ex in ids
            for s in session(day(2 * n), ex, [10, 10, 10], load=20)
        )
    )


def test_three_stalled_lifts_trigger_a_deload_week() -> None:
    lifts = ["romanian-deadlift", "goblet-squat", "hip-thrust"]
    history = _flat(lifts, 3)
    assert stalled_lifts(history, day(4)) == sorted(lifts)
    advice = deload_advice(history, day(5))
    assert advice is not None
    assert advice.start == day(5)
    assert advice.end == day(11)
    assert deload_advice(history, day(12)) is None


def test_two_stalled_lifts_are_not_enough() -> None:
    assert deload_advice(_flat(["romanian-deadlift", "goblet-squat"], 3), day(5)) is None


def test_deload_day_drops_a_set_and_ten_percent() -> None:
    lifts = ["romanian-deadlift", "goblet-squat", "hip-thrust"]
    planned = _planned("romanian-deadlift")
    result = progress_day(_day(planned), CATALOG, _flat(lifts, 3), day(6))
    rec = result.recommendations[0]
    assert result.deload is not None
    assert rec.action is Action.DELOAD
    assert rec.dose.sets == planned.sets - 1
    assert rec.load_kg is not None and rec.load_kg <= 18.0


# --- pain ----------------------------------------------------------------------------------


def test_pain_swaps_for_a_lower_load_relative_and_never_adds_load() -> None:
    sets = session(day(0), "goblet-squat", [12, 12, 12], load=10)
    pain = (PainReport(date=day(0), exercise_id="goblet-squat", severity=4),)
    rec = advise("goblet-squat", History(sets=sets, pain=pain))
    assert rec.action is Action.SUBSTITUTE
    assert rec.exercise_id != "goblet-squat"
    assert rec.load_kg is None
    assert not rec.see_professional


def test_substitute_shares_muscle_and_is_not_harder_on_joints() -> None:
    for exercise in CATALOG.filter(kind=Kind.STRENGTH):
        swap = find_substitute(exercise, CATALOG, History(), day(0), limitations=[Limitation.KNEES])
        assert swap is not None, f"{exercise.id}: no substitute for sore knees"
        assert swap.id != exercise.id
        assert exercise.primary_muscles[0] in swap.primary_muscles
        assert _RANK[swap.knee_load] <= _RANK[exercise.knee_load]
        assert _RANK[swap.back_load] <= _RANK[exercise.back_load]
        assert not swap.unsuitable_for([Limitation.KNEES])


def test_substitute_prefers_the_exercise_regression() -> None:
    swap = find_substitute(CATALOG.get("bulgarian-split-squat"), CATALOG, History(), day(0))
    assert swap is not None and swap.id == "split-squat"


def test_old_pain_no_longer_swaps() -> None:
    pain = (PainReport(date=day(0), exercise_id="goblet-squat", severity=3),)
    rec = advise("goblet-squat", History(pain=pain), today=day(40))
    assert rec.exercise_id == "goblet-squat"


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        ([("goblet-squat", 3, 0)], False),
        ([("goblet-squat", 3, 0), ("goblet-squat", 2, 5)], True),  # same exercise twice
        ([("goblet-squat", 3, 0), ("hip-thrust", 2, 5)], True),  # two exercises
        ([("goblet-squat", 3, 0), ("hip-thrust", 2, 20)], False),  # 20 days apart
        ([("hip-thrust", 8, 5)], True),  # one strong report
    ],
)
def test_repeated_pain_advises_a_professional(
    reports: list[tuple[str, int, int]], expected: bool
) -> None:
    pain = tuple(PainReport(date=day(n), exercise_id=ex, severity=sev) for ex, sev, n in reports)
    latest = max(n for _, _, n in reports)
    assert needs_professional(History(pain=pain), day(latest + 1)) is expected


# --- day application ------------------------------------------------------------------------


def _planned(exercise_id: str, role: Role = Role.MAIN) -> PlannedExercise:
    ex = CATALOG.get(exercise_id)
    return PlannedExercise(
        id=ex.id,
        name=ex.name,
        role=role,
        sets=3,
        reps_min=8,
        reps_max=12,
        rest_seconds=90,
        primary_muscles=ex.primary_muscles,
        minutes=6.0,
        kcal=30.0,
    )


def _day(*exercises: PlannedExercise) -> Day:
    return Day(
        weekday=Weekday.MON,
        sessions=(
            Session(
                kind=SessionKind.STRENGTH, title="Lower", minutes=30, kcal=150, exercises=exercises
            ),
        ),
    )


def test_progress_day_follows_a_move_along_the_chain() -> None:
    twice = session(day(0), "glute-bridge", [12] * 3) + session(day(2), "glute-bridge", [12] * 3)
    first = progress_day(_day(_planned("glute-bridge")), CATALOG, History(sets=twice), day(4))
    moved = first.exercises[0]
    assert moved.id != "glute-bridge"
    assert moved.progressed_from == "glute-bridge"
    # Once the new move is logged, the slot resolves to it and its own progression applies.
    later = History(sets=(*twice, *session(day(4), moved.id, [9, 9, 9])))
    assert current_exercise("glute-bridge", CATALOG, later, day(6)) == moved.id
    second = progress_day(_day(_planned("glute-bridge")), CATALOG, later, day(6))
    assert second.exercises[0].id == moved.id
    assert second.recommendations[0].target_reps == 10


def test_progress_day_drops_painful_exercise_without_substitute_and_notes_it() -> None:
    pain = (
        PainReport(date=day(0), exercise_id="goblet-squat", severity=3),
        PainReport(date=day(1), exercise_id="hip-thrust", severity=3),
    )
    result = progress_day(
        _day(_planned("goblet-squat"), _planned("hip-thrust")),
        CATALOG,
        History(pain=pain),
        day(3),
    )
    ids = [e.id for e in result.exercises]
    assert "goblet-squat" not in ids and "hip-thrust" not in ids
    assert result.see_professional
    assert any("physiotherapist" in note for note in result.notes)


def test_progress_day_ramps_cardio() -> None:
    walk = CATALOG.get("brisk-walk")
    planned = PlannedExercise(
        id=walk.id,
        name=walk.name,
        role=Role.CARDIO,
        sets=1,
        reps_min=1200,
        reps_max=1200,
        unit=RepUnit.SECONDS,
        rest_seconds=0,
        primary_muscles=walk.primary_muscles,
        minutes=20,
        kcal=100,
    )
    cardio_day = Day(
        weekday=Weekday.MON,
        sessions=(
            Session(
                kind=SessionKind.CARDIO, title="Walk", minutes=20, kcal=100, exercises=(planned,)
            ),
        ),
    )
    logs = (CardioLog(date=day(2), activity_id="brisk-walk", minutes=20),)
    result = progress_day(cardio_day, CATALOG, History(cardio=logs), day(7))
    assert result.exercises[0].minutes == 22
    assert result.exercises[0].reps_max == 22 * 60


# --- cardio ---------------------------------------------------------------------------------


def test_cardio_longer_by_at_most_ten_percent_per_week() -> None:
    logs = (CardioLog(date=day(-3), activity_id="brisk-walk", minutes=30),)
    target = next_cardio("brisk-walk", 20, History(cardio=logs), day(0))
    assert target.minutes == 33


def test_cardio_capped_at_45_then_faster() -> None:
    logs = (CardioLog(date=day(-3), activity_id="brisk-walk", minutes=43, speed_kmh=5.0),)
    assert next_cardio("brisk-walk", 20, History(cardio=logs), day(0)).minutes == 45
    logs = (CardioLog(date=day(-3), activity_id="brisk-walk", minutes=45, distance_km=4.5),)
    target = next_cardio("brisk-walk", 20, History(cardio=logs), day(0))
    assert target.minutes == 45
    assert target.speed_kmh == pytest.approx(6.3)


def test_cardio_only_steps_once_a_week() -> None:
    logs = (
        CardioLog(date=day(-3), activity_id="brisk-walk", minutes=20),
        CardioLog(date=day(1), activity_id="brisk-walk", minutes=22),
    )
    assert next_cardio("brisk-walk", 20, History(cardio=logs), day(3)).minutes == 22


def test_cardio_after_a_break_restarts_where_left_off() -> None:
    logs = (CardioLog(date=day(-30), activity_id="brisk-walk", minutes=15),)
    assert next_cardio("brisk-walk", 30, History(cardio=logs), day(0)).minutes == 15


# --- properties -----------------------------------------------------------------------------

STRENGTH_IDS = sorted(e.id for e in CATALOG.filter(kind=Kind.STRENGTH))

set_logs = st.builds(
    lambda reps, load, band, hard, form: (reps, load, band, hard, form),
    st.integers(0, 20),
    st.one_of(st.none(), st.floats(0.5, 200, allow_nan=False).map(lambda x: round(x, 1))),
    st.one_of(st.none(), st.sampled_from(BandLevel)),
    st.booleans(),
    st.booleans(),
)


@st.composite
def histories(draw: st.DrawFn) -> tuple[str, History]:
    exercise_id = draw(st.sampled_from(STRENGTH_IDS))
    sessions = draw(st.lists(st.lists(set_logs, min_size=1, max_size=4), min_size=1, max_size=6))
    sets: list[LoggedSet] = []
    for n, logs in enumerate(sessions):
        load = logs[0][1]
        band = logs[0][2]
        for i, (reps, _, _, hard, form) in enumerate(logs):
            sets.append(
                LoggedSet(
                    date=day(2 * n),
                    exercise_id=exercise_id,
                    set_number=i + 1,
                    reps=reps,
                    load_kg=load,
                    band=band,
                    last_two_hard=hard,
                    good_form=form,
                )
            )
    return exercise_id, History(sets=tuple(sets))


def _last(history: History, exercise_id: str) -> tuple[LoggedSet, ...]:
    return list(history.sets_for(exercise_id).values())[-1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_property_invariants(case: tuple[str, History]) -> None:
    exercise_id, history = case
    exercise = CATALOG.get(exercise_id)
    today = day(20)
    rec = next_prescription(DOSE, exercise, CATALOG, history, today)
    last = _last(history, exercise_id)
    last_load = max((s.load_kg or 0.0 for s in last), default=0.0)
    # Same input, same output.
    assert rec == next_prescription(DOSE, exercise, CATALOG, history, today)
    # Never outside the chain from the current exercise.
    assert rec.exercise_id in {exercise_id, *exercise.progressions, *exercise.regressions}
    # Load never negative, band always on the scale.
    assert rec.load_kg is None or rec.load_kg >= 0
    assert rec.band is None or rec.band in BandLevel
    # After a miss: never more load, never a stronger band, never a harder exercise.
    if any(s.reps < DOSE.reps_min for s in last):
        assert rec.load_kg is None or rec.load_kg <= last_load
        last_band = max((s.band.rank for s in last if s.band), default=-1)
        assert rec.band is None or rec.band.rank <= last_band
        assert rec.exercise_id not in exercise.progressions


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.integers(1, 10), st.integers(0, 27))
def test_property_pain_never_adds_load(case: tuple[str, History], severity: int, ago: int) -> None:
    exercise_id, history = case
    today = day(12)
    pain = (
        PainReport(date=today - dt.timedelta(days=ago), exercise_id=exercise_id, severity=severity),
    )
    history = history.model_copy(update={"pain": pain})
    rec = next_prescription(DOSE, CATALOG.get(exercise_id), CATALOG, history, today)
    assert rec.exercise_id != exercise_id or rec.action is Action.SKIP
    assert rec.load_kg is None
    assert rec.action in (Action.SUBSTITUTE, Action.SKIP)
    if rec.action is Action.SUBSTITUTE:
        swap = CATALOG.get(rec.exercise_id)
        assert CATALOG.get(exercise_id).primary_muscles[0] in swap.primary_muscles
