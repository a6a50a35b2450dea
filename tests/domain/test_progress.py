"""Progress statistics: adherence, streaks, personal bests, volume, weight trend, circumferences."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gluteus.domain.catalog import Muscle, default_catalog
from gluteus.domain.history import (
    BandLevel,
    CardioLog,
    History,
    LoggedSet,
    Measurement,
    WeightEntry,
)
from gluteus.domain.planner import build_program
from gluteus.domain.profile import Profile, Weekday
from gluteus.domain.program import Day, PlannedExercise, Program, Role, Session, SessionKind, Week
from gluteus.domain.progress import (
    DayStatus,
    adherence,
    circumference_changes,
    day_records,
    personal_bests,
    progress_report,
    weekly_rate_kg,
    weekly_sets_per_muscle,
    weight_trend,
)

CATALOG = default_catalog()
START = dt.date(2024, 3, 4)  # a Monday


def d(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def _exercise(exercise_id: str) -> PlannedExercise:
    ex = CATALOG.get(exercise_id)
    return PlannedExercise(
        id=ex.id,
        name=ex.name,
        role=Role.MAIN,
        sets=3,
        reps_min=8,
        reps_max=12,
        rest_seconds=60,
        primary_muscles=ex.primary_muscles,
        minutes=5,
        kcal=20,
    )


STRENGTH = Session(
    kind=SessionKind.STRENGTH,
    title="Lower body",
    minutes=30,
    kcal=150,
    exercises=(_exercise("glute-bridge"), _exercise("goblet-squat")),
)
CARDIO = Session(kind=SessionKind.CARDIO, title="Walk", minutes=30, kcal=120)
WARMUP = Session(kind=SessionKind.WARMUP, title="Warm-up", minutes=5, kcal=20)


@pytest.fixture(scope="module")
def program() -> Program:
    """Two weeks: strength Mon and Thu (with warm-up), cardio Wed; rest otherwise."""
    profile = Profile(
        sex="female",
        age=40,
        height_cm=165,
        weight_kg=75,
        parq={f"q{i}": False for i in range(1, 8)},
    )
    base = build_program(profile, CATALOG, START)
    days = (
        Day(weekday=Weekday.MON, sessions=(WARMUP, STRENGTH)),
        Day(weekday=Weekday.WED, sessions=(CARDIO,)),
        Day(weekday=Weekday.THU, sessions=(WARMUP, STRENGTH)),
    )
    weeks = tuple(Week(number=n, phase="base", days=days) for n in (1, 2))
    return base.model_copy(update={"weeks": weeks, "start_date": START})


def lift(
    date: dt.date, exercise_id: str = "glute-bridge", reps: int = 10, **kw: object
) -> LoggedSet:
    return LoggedSet(
        date=date,
        exercise_id=exercise_id,
        set_number=1,
        reps=reps,
        last_two_hard=True,
        **kw,  # type: ignore[arg-type]
    )


def walk(date: dt.date) -> CardioLog:
    return CardioLog(date=date, activity_id="brisk-walk", minutes=30)


# --- adherence and streaks -----------------------------------------------------------------


def test_adherence_counts_sessions_per_week(program: Program) -> None:
    # Week 1: Mon strength done, Wed cardio done, Thu missed. Week 2: Mon done; today Wed.
    history = History(sets=(lift(d(0)), lift(d(7))), cardio=(walk(d(2)),))
    result = adherence(program, history, d(9))
    assert [(w.week, w.planned, w.done) for w in result.weeks] == [(1, 3, 2), (2, 1, 1)]
    assert (result.planned, result.done) == (4, 3)
    assert result.rate == pytest.approx(0.75)


def test_today_counts_only_once_done(program: Program) -> None:
    history = History(sets=(lift(d(0)),), cardio=(walk(d(2)),))
    assert adherence(program, history, d(2)).planned == 2
    assert adherence(program, History(sets=(lift(d(0)),)), d(2)).planned == 1


def test_streak_ignores_rest_days_and_breaks_on_a_miss(program: Program) -> None:
    # Done: Mon, Wed, Thu of week 1 (3), miss Mon week 2, then Wed and Thu (2).
    history = History(
        sets=(lift(d(0)), lift(d(3)), lift(d(10))),
        cardio=(walk(d(2)), walk(d(9))),
    )
    result = adherence(program, history, d(13))
    assert result.longest_streak == 3
    assert result.current_streak == 2


def test_today_not_yet_done_keeps_the_streak(program: Program) -> None:
    history = History(sets=(lift(d(0)),), cardio=(walk(d(2)),))
    assert adherence(program, history, d(3)).current_streak == 2


def test_substituted_exercise_still_counts_the_session(program: Program) -> None:
    history = History(sets=(lift(d(0), "band-hip-bridge"),))
    records = day_records(program, history, d(1))
    assert records[0].status is DayStatus.DONE


def test_day_statuses(program: Program) -> None:
    history = History(sets=(lift(d(0)),))
    records = {r.date: r.status for r in day_records(program, history, d(4))}
    assert records[d(0)] is DayStatus.DONE
    assert records[d(1)] is DayStatus.REST
    assert records[d(2)] is DayStatus.MISSED
    assert records[d(3)] is DayStatus.MISSED
    assert records[d(7)] is DayStatus.UPCOMING
    assert len(records) == 14


def test_no_start_date_means_no_records(program: Program) -> None:
    assert day_records(program.model_copy(update={"start_date": None}), History(), d(3)) == []


# --- personal bests -------------------------------------------------------------------------


def test_personal_bests() -> None:
    history = History(
        sets=(
            lift(d(0), "goblet-squat", 12, load_kg=8.0),
            lift(d(2), "goblet-squat", 8, load_kg=10.0),
            lift(d(4), "goblet-squat", 10, load_kg=10.0),
            lift(d(6), "goblet-squat", 3, load_kg=14.0, good_form=False),
            lift(d(0), "band-hip-bridge", 15, band=BandLevel.LIGHT),
            lift(d(2), "band-hip-bridge", 9, band=BandLevel.MEDIUM),
            lift(d(0), "glute-bridge", 20),
            lift(d(1), "glute-bridge", 25),
        )
    )
    bests = personal_bests(history)
    squat = bests["goblet-squat"]
    assert (squat.heaviest_kg, squat.heaviest_reps, squat.heaviest_date) == (10.0, 10, d(4))
    assert squat.most_reps_at_load == ((8.0, 12), (10.0, 10))
    assert bests["band-hip-bridge"].best_band is BandLevel.MEDIUM
    assert bests["band-hip-bridge"].best_band_reps == 9
    assert bests["glute-bridge"].most_reps_bodyweight == 25
    assert bests["glute-bridge"].heaviest_kg is None


# --- weekly volume --------------------------------------------------------------------------


def test_weekly_sets_count_primary_one_and_secondary_half() -> None:
    bridge = CATALOG.get("glute-bridge")
    history = History(
        sets=(lift(d(0)), lift(d(2)), lift(d(8)), lift(d(8), reps=0)),
    )
    weeks = weekly_sets_per_muscle(history, CATALOG)
    assert list(weeks) == [d(0), d(7)]
    for muscle in bridge.primary_muscles:
        assert weeks[d(0)][muscle] == 2.0
        assert weeks[d(7)][muscle] == 1.0
    for muscle in bridge.secondary_muscles:
        assert weeks[d(0)][muscle] == 1.0
    assert Muscle.CHEST not in weeks[d(0)]


# --- weight trend ---------------------------------------------------------------------------


def test_trend_tracks_a_noisy_gappy_line() -> None:
    rng = random.Random(7)
    slope = -0.07  # kg/day, about 0.5 kg a week
    entries = [
        WeightEntry(date=d(n), weight_kg=80 + slope * n + rng.gauss(0, 0.6))
        for n in range(120)
        if rng.random() < 0.6  # about 40 % of days missing
    ]
    trend = weight_trend(entries)
    assert trend[0].date == entries[0].date and trend[-1].date == entries[-1].date
    assert len(trend) == (entries[-1].date - entries[0].date).days + 1
    lag_kg = -slope * 9  # EWMA with alpha 0.1 lags a steady change by ~9 days
    for point in trend[30:]:
        truth = 80 + slope * (point.date - START).days
        assert point.trend_kg == pytest.approx(truth + lag_kg, abs=0.6)
    rate = weekly_rate_kg(trend)
    assert rate == pytest.approx(slope * 7, abs=0.2)


def test_trend_smooths_noise_more_than_raw_readings() -> None:
    rng = random.Random(3)
    entries = [WeightEntry(date=d(n), weight_kg=70 + rng.gauss(0, 0.8)) for n in range(60)]
    trend = weight_trend(entries)[20:]
    assert max(abs(p.trend_kg - 70) for p in trend) < 0.8
    assert max(abs(e.weight_kg - 70) for e in entries) > 1.0


def test_trend_edge_cases() -> None:
    assert weight_trend([]) == []
    single = weight_trend([WeightEntry(date=d(0), weight_kg=70)])
    assert [(p.weight_kg, p.trend_kg) for p in single] == [(70, 70)]
    assert weekly_rate_kg(single) is None
    with pytest.raises(ValueError, match="alpha"):
        weight_trend([WeightEntry(date=d(0), weight_kg=70)], alpha=0)


def test_same_day_readings_are_averaged() -> None:
    trend = weight_trend(
        [WeightEntry(date=d(0), weight_kg=70), WeightEntry(date=d(0), weight_kg=72)]
    )
    assert trend[0].weight_kg == 71


# --- circumferences -------------------------------------------------------------------------


def test_circumference_changes_first_versus_latest_per_site() -> None:
    changes = circumference_changes(
        [
            Measurement(date=d(14), hips_cm=101.5, waist_cm=80.0),
            Measurement(date=d(0), hips_cm=104.0, thigh_cm=60.0),
            Measurement(date=d(7), waist_cm=82.0),
        ]
    )
    assert changes["hips"].change_cm == -2.5
    assert (changes["waist"].first_date, changes["waist"].change_cm) == (d(7), -2.0)
    assert changes["thigh"].change_cm == 0.0


def test_progress_report_without_program() -> None:
    report = progress_report(
        None, History(weights=(WeightEntry(date=d(0), weight_kg=70),)), CATALOG, d(1)
    )
    assert report.adherence.planned == 0
    assert len(report.trend) == 1
