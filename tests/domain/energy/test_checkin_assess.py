"""The weekly check-in's maths (``gluteus.domain.energy.checkin``): what it measures, the trend
it reads and the target it sets, from a profile, a plan and logs; no database, no clock.

Most logs come from the dynamic model for a known person, so the true expenditure is known;
a few small hand-made series pin the documented thresholds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin_logs import TODAY, logs, person
from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy import checkin
from gluteus.domain.energy.balance import calorie_floor, intake_target, safe_pace_kg_per_week
from gluteus.domain.energy.estimate import expenditure
from gluteus.domain.history import WeightEntry
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile, Sex
from gluteus.domain.program import Program


def build_plan(profile: Profile, start_date: dt.date) -> Program:
    """The plan the app builds for ``profile`` from the packaged catalog."""
    return build_program(profile, default_catalog(), start_date)


def _assess(
    profile: Profile,
    weights: Sequence[WeightEntry],
    intake: dict[dt.date, float],
    previous: float = 1800.0,
    *,
    with_plan: bool = True,
    plan_start_days: int = 42,
) -> checkin.CheckinView:
    program = build_plan(profile, TODAY - dt.timedelta(days=plan_start_days)) if with_plan else None
    return checkin.assess(profile, program, weights, intake, TODAY, previous)


def _weighed(*days_back_and_kg: tuple[int, float]) -> list[WeightEntry]:
    """Hand-made weigh-ins, oldest first: (days before TODAY, weight [kg])."""
    return [
        WeightEntry(date=TODAY - dt.timedelta(days=days), weight_kg=kg)
        for days, kg in days_back_and_kg
    ]


def _eaten(days: int, kcal: float = 1700.0) -> dict[dt.date, float]:
    """Intake logged on each of the ``days`` days before TODAY. [kcal/day]"""
    return {TODAY - dt.timedelta(days=i): kcal for i in range(1, days + 1)}


THREE_OVER_TWO_WEEKS = _weighed((14, 84.0), (7, 83.6), (0, 83.1))


# --- what it measures ------------------------------------------------------------------------


def test_intake_logs_give_a_measured_expenditure_near_the_truth() -> None:
    profile = person()
    weights, intake, truth = logs(profile, 1700, 42)
    view = _assess(profile, weights, intake)
    exp = view.expenditure
    assert exp.method == "intake_and_trend"
    assert abs(exp.tdee_kcal - truth) < 250
    assert exp.low_kcal < exp.tdee_kcal < exp.high_kcal
    assert exp.band_level == pytest.approx(0.8)
    assert exp.weigh_ins == len(weights) and exp.intake_days == 42
    rate = view.trend.rate_kg_per_week
    assert rate is not None and -1.0 < rate < -0.2
    assert view.trend.expected_rate_kg_per_week < 0


def test_without_intake_the_trend_is_read_against_the_model() -> None:
    profile = person()
    program = build_plan(profile, TODAY - dt.timedelta(days=35))
    weights, _, _ = logs(profile, program.calories.target_kcal, 35)
    view = checkin.assess(profile, program, weights, {}, TODAY, program.calories.target_kcal)
    assert view.expenditure.method == "model_offset"
    assert view.expenditure.low_kcal < view.expenditure.tdee_kcal < view.expenditure.high_kcal


def test_too_few_weigh_ins_fall_back_to_the_equations_and_keep_the_target() -> None:
    profile = person()
    weights, intake, _ = logs(profile, 1700, 4, every=2)
    view = _assess(profile, weights, intake, previous=1760)
    assert view.expenditure.method == "prior"
    assert view.expenditure.high_kcal - view.expenditure.low_kcal > 300
    assert view.target.intake_kcal == 1760 and view.target.change_kcal == 0
    assert "Keep logging" in view.target.reason


def test_no_weigh_ins_at_all_still_answers() -> None:
    view = _assess(person(), [], {})
    assert view.expenditure.method == "prior"
    assert view.trend.rate_kg_per_week is None
    assert view.trend.weight_kg == 84
    assert "Weigh yourself" in view.trend.verdict


@pytest.mark.parametrize(
    ("weights", "intake_days", "plan_start_days", "method"),
    [
        # Three weigh-ins over 14 days and a week of intake: energy balance, plan or not.
        (THREE_OVER_TWO_WEEKS, checkin.MIN_INTAKE_DAYS, 21, "intake_and_trend"),
        (THREE_OVER_TWO_WEEKS, checkin.MIN_INTAKE_DAYS, None, "intake_and_trend"),
        # A day of intake short: against the model on a plan, else the equations.
        (THREE_OVER_TWO_WEEKS, checkin.MIN_INTAKE_DAYS - 1, 21, "model_offset"),
        (THREE_OVER_TWO_WEEKS, checkin.MIN_INTAKE_DAYS - 1, None, "prior"),
        # A plan started 5 days ago leaves too few weigh-ins on it to read against the model.
        (THREE_OVER_TWO_WEEKS, 0, 5, "prior"),
        # Weigh-ins spanning a day less than MIN_SPAN_DAYS, or one too few, measure nothing.
        (_weighed((9, 84.0), (4, 83.6), (0, 83.1)), 14, 21, "prior"),
        (_weighed((14, 84.0), (0, 83.1)), 14, 21, "prior"),
    ],
    ids=[
        "intake-on-plan",
        "intake-no-plan",
        "model-offset",
        "too-little-intake-no-plan",
        "plan-too-new",
        "span-too-short",
        "too-few-weigh-ins",
    ],
)
def test_a_hand_made_series_is_measured_by_the_documented_method(
    weights: list[WeightEntry], intake_days: int, plan_start_days: int | None, method: str
) -> None:
    profile = person()
    program = (
        None
        if plan_start_days is None
        else build_plan(profile, TODAY - dt.timedelta(days=plan_start_days))
    )
    view = checkin.assess(profile, program, weights, _eaten(intake_days), TODAY, 1800.0)
    assert view.expenditure.method == method
    assert view.expenditure.how == checkin.METHOD_TEXT[method]
    assert view.expenditure.weigh_ins == len(weights)
    assert view.expenditure.intake_days == intake_days
    assert view.next_checkin == TODAY + dt.timedelta(days=checkin.CHECKIN_EVERY_DAYS)
    assert view.target.intake_kcal >= view.target.floor_kcal
    if method == "prior":  # not measured: the target in force stays exactly
        assert view.target.intake_kcal == 1800.0 and view.target.change_kcal == 0


def test_the_band_level_is_the_estimators() -> None:
    assert checkin.BAND_LEVEL == expenditure.BAND_LEVEL


def test_equation_expenditure_counts_the_plans_workouts() -> None:
    profile = person()
    program = build_plan(profile, TODAY)
    assert checkin.equation_tdee_kcal(profile, None) == intake_target(profile).maintenance_kcal
    assert checkin.equation_tdee_kcal(profile, program) == program.calories.maintenance_kcal


# --- the trend it reads ----------------------------------------------------------------------


def test_one_weigh_in_asks_for_more_and_counts_it() -> None:
    view = checkin.assess(person(), None, _weighed((0, 83.4)), {}, TODAY, 1800.0)
    assert view.trend.weight_kg == 83.4 and view.trend.rate_kg_per_week is None
    assert f"at least {checkin.MIN_SPAN_DAYS} days (1 so far)" in view.trend.verdict


def test_a_plan_that_holds_weight_expects_no_change() -> None:
    profile = person(pace_kg_per_week=0.0, goal_weight_kg=None)
    view = checkin.assess(profile, None, THREE_OVER_TWO_WEEKS, _eaten(7), TODAY, 2200.0)
    expected = view.trend.expected_rate_kg_per_week
    assert expected == 0.0 and str(expected) == "0.0"  # never "-0.0"
    assert "while the plan aims to hold steady" in view.trend.verdict


# --- the target it sets ----------------------------------------------------------------------


def test_a_big_change_is_spread_over_check_ins() -> None:
    profile = person()
    weights, intake, truth = logs(profile, 1700, 42)
    view = _assess(profile, weights, intake, previous=truth + 800)
    # The step is 250 kcal; the target is then rounded to 10 kcal toward the old one.
    assert -checkin.MAX_STEP_KCAL <= view.target.change_kcal <= -checkin.MAX_STEP_KCAL + 10
    assert "held to 250 kcal" in view.target.reason


def test_a_small_change_keeps_the_target() -> None:
    profile = person()
    weights, intake, _ = logs(profile, 1700, 42)
    first = _assess(profile, weights, intake, previous=1700)
    again = _assess(profile, weights, intake, previous=first.target.intake_kcal + 20)
    assert again.target.change_kcal == 0


def test_pregnancy_never_retargets_from_the_scale() -> None:
    profile = person(limitations=["pregnancy"], goal_weight_kg=None)
    weights, intake, _ = logs(profile, 2600, 42)  # gaining, as expected in pregnancy
    view = _assess(profile, weights, intake, previous=2300)
    assert view.target.intake_kcal == 2300 and view.target.change_kcal == 0
    assert "Pregnancy" in view.target.reason
    assert "gain is expected" in view.trend.verdict


def test_reaching_the_goal_switches_to_maintenance() -> None:
    profile = person(goal_weight_kg=80)
    weights, intake, _ = logs(profile, 1500, 63)
    view = _assess(profile, weights, intake, previous=1700)
    assert view.trend.weight_kg <= 80
    assert "reached the goal" in view.target.reason
    assert view.target.change_kcal > 0


@pytest.mark.parametrize(("sex", "floor"), [("female", 1200.0), ("male", 1500.0)])
def test_target_never_below_floor(sex: str, floor: float) -> None:
    # A small, older, sedentary person who holds her weight on little food: the chosen pace
    # would mean eating less than the floor.
    profile = person(
        sex=sex,
        age=70,
        height_cm=160,
        weight_kg=62,
        activity="sedentary",
        pace_kg_per_week=1.0,
        goal_weight_kg=None,
    )
    weights = _weighed((21, 62.0), (14, 62.0), (7, 62.0), (0, 62.0))
    view = checkin.assess(profile, None, weights, _eaten(21, floor + 300), TODAY, floor + 100)
    assert view.expenditure.method == "intake_and_trend"
    assert view.expenditure.tdee_kcal - floor < 7700 / 7 * safe_pace_kg_per_week(62.0)
    assert view.target.floor_kcal == floor
    assert view.target.intake_kcal == floor
    assert "floor" in view.target.reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sex=st.sampled_from(["female", "male"]),
    weight=st.floats(55, 150),
    intake=st.floats(1200, 3200),
    previous=st.floats(1200, 3500),
    pace=st.floats(0.1, 1.0),
    days=st.integers(14, 70),
    seed=st.integers(0, 1000),
)
def test_the_target_keeps_the_floor_the_safe_pace_and_the_step_limit(
    sex: str,
    weight: float,
    intake: float,
    previous: float,
    pace: float,
    days: int,
    seed: int,
) -> None:
    profile = person(sex=sex, weight_kg=weight, pace_kg_per_week=pace, goal_weight_kg=None)
    weights, logged, _ = logs(profile, intake, days, seed=seed)
    view = checkin.assess(profile, None, weights, logged, TODAY, previous)
    target = view.target
    floor = calorie_floor(Sex(sex))
    assert target.intake_kcal >= min(floor, round(previous))  # an incomplete log keeps it
    assert target.floor_kcal == floor
    if target.changed:
        assert target.intake_kcal >= floor
    if target.intake_kcal > floor + 10:
        assert abs(target.change_kcal) <= checkin.MAX_STEP_KCAL + 1
    wanted = view.expenditure.tdee_kcal - target.intake_kcal
    if abs(target.change_kcal) < checkin.MAX_STEP_KCAL - 10 and target.change_kcal:
        # Not held back by the step limit: the aimed pace is within the safe pace.
        safe = safe_pace_kg_per_week(view.trend.weight_kg)
        assert target.pace_kg_per_week <= safe + 0.02
        # Whole tens rounded toward the previous target may add up to 10 kcal of deficit.
        assert (wanted - 10) * 7 / 7700 <= safe + 0.1


@pytest.mark.parametrize(
    ("offsets", "ready"),
    [((), False), ((0, 12), False), ((0, 4, 9), False), ((0, 4, 10), True), ((0, 1, 2, 30), True)],
)
def test_the_first_check_in_waits_for_a_readable_trend(
    offsets: tuple[int, ...], ready: bool
) -> None:
    start = dt.date(2026, 1, 5)
    dates = [start + dt.timedelta(days=d) for d in offsets]
    assert checkin.enough_weigh_ins(dates) is ready


def test_rounding_a_new_target_never_crosses_the_one_in_force() -> None:
    from gluteus.domain.energy.checkin import round_target

    assert round_target(2348.0, 2345.0, 1200.0) == 2345.0  # a small rise is not a cut
    assert round_target(2342.0, 2345.0, 1200.0) == 2345.0  # a small cut is not a rise
    assert round_target(2368.0, 2345.0, 1200.0) == 2360.0
    assert round_target(2322.0, 2345.0, 1200.0) == 2330.0
    assert round_target(2345.4, 2345.0, 1200.0) == 2345.0
    assert round_target(1100.0, 1300.0, 1200.0) == 1200.0
