"""Pain by joint or region: the load on a painful region never rises while it hurts."""

from __future__ import annotations

import datetime as dt

import pytest

from gluteus.domain.catalog import Load, default_catalog
from gluteus.domain.history import History, LoggedSet, PainRegion, PainReport
from gluteus.domain.profile import Weekday
from gluteus.domain.program import Day, PlannedExercise, Role, Session, SessionKind
from gluteus.domain.progression import (
    PAIN_REGION_LOAD,
    Action,
    Dose,
    Recommendation,
    family_of,
    find_substitute,
    load_held_by_pain,
    needs_professional,
    next_prescription,
    pain_on,
    progress_day,
)

CATALOG = default_catalog()
DOSE = Dose(sets=3, reps_min=8, reps_max=12, rest_seconds=90)
MON = dt.date(2024, 3, 4)
_RANK = {Load.LOW: 0, Load.MODERATE: 1, Load.HIGH: 2}


def day(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def top_session(
    date: dt.date, exercise_id: str, load: float | None = 10.0
) -> tuple[LoggedSet, ...]:
    """Every set at the top of the range with reps to spare: the engine would add load."""
    return tuple(
        LoggedSet(
            date=date,
            exercise_id=exercise_id,
            set_number=n,
            reps=12,
            load_kg=load,
            last_two_hard=False,
        )
        for n in (1, 2, 3)
    )


def knee_pain(n: int = 0, exercise_id: str = "loaded-squat", severity: int = 4) -> PainReport:
    return PainReport(
        date=day(n), exercise_id=exercise_id, severity=severity, region=PainRegion.KNEE
    )


def advise(exercise_id: str, history: History, today: dt.date) -> Recommendation:
    return next_prescription(DOSE, CATALOG.get(exercise_id), CATALOG, history, today)


def test_region_defaults_to_other() -> None:
    assert PainReport(date=day(0), exercise_id="x", severity=2).region is PainRegion.OTHER


def test_graded_regions_map_to_catalog_joint_loads() -> None:
    assert PAIN_REGION_LOAD == {PainRegion.KNEE: "knee_load", PainRegion.LOWER_BACK: "back_load"}


def test_knee_pain_on_a_loaded_squat_swaps_for_less_knee_load() -> None:
    squat = CATALOG.get("loaded-squat")
    history = History(sets=top_session(day(0), "loaded-squat", 30.0), pain=(knee_pain(0),))
    rec = next_prescription(DOSE, squat, CATALOG, history, day(2))
    assert rec.action is Action.SUBSTITUTE
    swap = CATALOG.get(rec.exercise_id)
    assert _RANK[swap.knee_load] < _RANK[squat.knee_load]


def test_unplaced_pain_keeps_the_regression_chain_first() -> None:
    report = PainReport(date=day(0), exercise_id="loaded-squat", severity=4)
    swap = find_substitute(CATALOG.get("loaded-squat"), CATALOG, History(pain=(report,)), day(2))
    assert swap is not None and swap.id == "goblet-squat"


@pytest.mark.parametrize("exercise_id", ["loaded-squat", "goblet-squat", "forward-lunge"])
def test_knee_substitute_loads_the_knee_less_or_is_none(exercise_id: str) -> None:
    exercise = CATALOG.get(exercise_id)
    history = History(pain=(knee_pain(0, exercise_id),))
    swap = find_substitute(exercise, CATALOG, history, day(1))
    assert swap is None or _RANK[swap.knee_load] < _RANK[exercise.knee_load]


def test_back_pain_substitute_loads_the_back_less() -> None:
    squat = CATALOG.get("loaded-squat")
    report = PainReport(date=day(0), exercise_id=squat.id, severity=3, region=PainRegion.LOWER_BACK)
    swap = find_substitute(squat, CATALOG, History(pain=(report,)), day(1))
    assert swap is not None and _RANK[swap.back_load] < _RANK[squat.back_load]


@pytest.mark.parametrize("lunge", ["forward-lunge", "reverse-lunge"])
def test_lunges_two_days_after_knee_pain_do_not_gain_load(lunge: str) -> None:
    assert CATALOG.get(lunge).knee_load in (Load.HIGH, Load.MODERATE)
    # 20 kg → 22 kg is a 10 % step: load, not reps first (BIG_JUMP_FRACTION)
    sets = top_session(day(2), lunge, 20.0)
    free = advise(lunge, History(sets=sets), day(4))
    assert free.action is Action.ADD_LOAD  # the rule below is what holds it
    held = advise(lunge, History(sets=sets, pain=(knee_pain(0),)), day(4))
    assert held.action is Action.HOLD
    assert held.load_kg == 20.0
    assert "knee" in held.reason


def test_load_rises_again_after_the_episode() -> None:
    sets = top_session(day(30), "forward-lunge", 20.0)
    rec = advise("forward-lunge", History(sets=sets, pain=(knee_pain(0),)), day(31))
    assert rec.action is Action.ADD_LOAD


def test_knee_pain_leaves_low_knee_load_exercises_free() -> None:
    bridge = CATALOG.get("glute-bridge")
    assert bridge.knee_load is Load.LOW
    history = History(pain=(knee_pain(0),))
    assert load_held_by_pain(bridge, CATALOG, history, day(1)) is None


def test_hip_pain_holds_the_family_not_the_whole_knee() -> None:
    report = PainReport(date=day(0), exercise_id="forward-lunge", severity=3, region=PainRegion.HIP)
    history = History(pain=(report,))
    assert load_held_by_pain(CATALOG.get("split-squat"), CATALOG, history, day(1)) == report
    assert load_held_by_pain(CATALOG.get("goblet-squat"), CATALOG, history, day(1)) is None


def test_pain_on_one_family_member_takes_out_the_harder_ones() -> None:
    harder, easier = family_of("goblet-squat", CATALOG)
    assert "loaded-squat" in harder and "bodyweight-squat" in easier
    history = History(pain=(PainReport(date=day(0), exercise_id="goblet-squat", severity=3),))
    assert pain_on(CATALOG.get("loaded-squat"), CATALOG, history, day(1))
    # an easier member is the gentle stand-in for unplaced pain
    assert not pain_on(CATALOG.get("bodyweight-squat"), CATALOG, history, day(1))


def test_knee_pain_takes_out_easier_members_loading_the_knee_as_much() -> None:
    history = History(pain=(knee_pain(0, "goblet-squat"),))
    assert pain_on(CATALOG.get("bodyweight-squat"), CATALOG, history, day(1))  # high, as goblet
    assert not pain_on(CATALOG.get("chair-squat"), CATALOG, history, day(1))  # moderate


def _planned(exercise_id: str) -> PlannedExercise:
    ex = CATALOG.get(exercise_id)
    return PlannedExercise(
        id=ex.id,
        name=ex.name,
        role=Role.MAIN,
        sets=3,
        reps_min=8,
        reps_max=12,
        rest_seconds=90,
        primary_muscles=ex.primary_muscles,
        minutes=6.0,
        kcal=30.0,
    )


def test_today_follows_pain_across_the_family() -> None:
    """The plan names the goblet squat; the loaded squat was logged last and hurt."""
    planned = Day(
        weekday=Weekday.MON,
        sessions=(
            Session(
                kind=SessionKind.STRENGTH,
                title="Lower",
                minutes=30,
                kcal=150,
                exercises=(_planned("goblet-squat"),),
            ),
        ),
    )
    sets = top_session(day(0), "goblet-squat", 12.0) + top_session(day(2), "loaded-squat", 20.0)
    history = History(sets=sets, pain=(knee_pain(2, "goblet-squat"),))
    work = progress_day(planned, CATALOG, history, day(4))
    (rec,) = work.recommendations
    assert rec.action is Action.SUBSTITUTE
    assert _RANK[CATALOG.get(rec.exercise_id).knee_load] < _RANK[Load.HIGH]


def test_repeated_region_pain_still_brings_the_referral() -> None:
    history = History(pain=(knee_pain(0), knee_pain(3, "forward-lunge")))
    assert needs_professional(history, day(4))
    rec = advise("loaded-squat", history, day(4))
    assert rec.see_professional
