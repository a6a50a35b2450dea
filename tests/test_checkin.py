"""The weekly check-in (issue "Adaptive energy"): what it measures, the target it sets, the
CLI contract, and that it is saved as a history of targets.

Logs come from the dynamic model for a known person, so the true expenditure is known.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gluteus.cli import cli
from gluteus.domain.energy.balance import ACTIVITY_FACTORS, calorie_floor, safe_pace_kg_per_week
from gluteus.domain.energy.bodyweight import Phase, baseline, simulate
from gluteus.domain.history import WeightEntry
from gluteus.domain.profile import Profile, Sex
from gluteus.services import checkin
from gluteus.services.plans import build_plan

TODAY = dt.date(2026, 11, 24)
runner = CliRunner()


def person(**kw: object) -> Profile:
    data: dict[str, object] = {
        "sex": "female",
        "age": 38,
        "height_cm": 165,
        "weight_kg": 84,
        "activity": "moderate",
        "pace_kg_per_week": 0.5,
        "goal_weight_kg": 70,
    }
    data.update(kw)
    return Profile.model_validate(data)


def logs(
    profile: Profile,
    intake_kcal: float,
    days: int,
    *,
    seed: int = 7,
    noise_kg: float = 0.4,
    every: int = 1,
) -> tuple[list[WeightEntry], dict[dt.date, float], float]:
    """Weigh-ins and intake for ``days`` days eating ``intake_kcal``, and today's true TDEE."""
    base = baseline(
        profile.sex.value,
        profile.age,
        profile.height_cm,
        profile.weight_kg,
        ACTIVITY_FACTORS[profile.activity],
    )
    tr = simulate(base, days, [Phase(intake_kcal=intake_kcal)])
    assert tr.expenditure_kcal is not None
    rng = np.random.default_rng(seed)
    start = TODAY - dt.timedelta(days=days)
    weights = [
        WeightEntry(
            date=start + dt.timedelta(days=i),
            weight_kg=round(float(tr.weight_kg[0, i]) + rng.normal(0.0, noise_kg), 1),
        )
        for i in range(0, days + 1, every)
    ]
    intake = {start + dt.timedelta(days=i): intake_kcal for i in range(days)}
    return weights, intake, float(tr.expenditure_kcal[0, -1])


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
    assert target.intake_kcal >= floor
    assert target.floor_kcal == floor
    if target.intake_kcal > floor + 10:
        assert abs(target.change_kcal) <= checkin.MAX_STEP_KCAL + 1
    wanted = view.expenditure.tdee_kcal - target.intake_kcal
    if abs(target.change_kcal) < checkin.MAX_STEP_KCAL - 10 and target.change_kcal:
        # Not held back by the step limit: the aimed pace is within the safe pace.
        safe = safe_pace_kg_per_week(view.trend.weight_kg)
        assert target.pace_kg_per_week <= safe + 0.02
        assert wanted * 7 / 7700 <= safe + 0.1


# --- the command line ------------------------------------------------------------------------


def _run(*args: str) -> dict[str, object]:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else {}


def test_checkin_cli_contract_from_logs_entered_with_dates(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    profile.write_text(
        'sex = "female"\nage = 38\nheight_cm = 165\nweight_kg = 84\nactivity = "moderate"\n'
        "pace_kg_per_week = 0.5\ngoal_weight_kg = 70\n",
        "utf-8",
    )
    today = dt.date.today()
    _run("plan", "--profile", str(profile), "--start", str(today - dt.timedelta(days=28)))
    weights, intake, _ = logs(person(), 1700, 28)
    shift = today - TODAY
    for w in weights[::2]:
        _run("log", "weight", f"{w.weight_kg}kg", "--date", str(w.date + shift))
    for day, kcal in intake.items():
        _run("log", "intake", str(int(kcal)), "--date", str(day + shift))
    data = _run("checkin", "--json")
    expenditure = data["expenditure"]
    assert isinstance(expenditure, dict)
    for key in ("tdee_kcal", "low_kcal", "high_kcal", "method", "days_of_data"):
        assert key in expenditure
    assert expenditure["method"] == "intake_and_trend"
    assert expenditure["low_kcal"] < expenditure["tdee_kcal"] < expenditure["high_kcal"]
    trend, target = data["trend"], data["target"]
    assert isinstance(trend, dict) and isinstance(target, dict)
    assert {"weight_kg", "rate_kg_per_week"} <= trend.keys()
    assert {"intake_kcal", "floor_kcal", "reason"} <= target.keys()
    assert target["intake_kcal"] >= target["floor_kcal"] == 1200
    history = json.loads(runner.invoke(cli, ["checkin", "--history", "--json"]).output)
    assert [h["date"] for h in history] == [str(today)]
    text = runner.invoke(cli, ["checkin", "--dry-run"]).output
    assert "Expenditure:" in text and "Not saved" in text


def test_checkin_before_a_profile_names_the_profile() -> None:
    result = runner.invoke(cli, ["checkin"])
    assert result.exit_code == 2
    assert "profile" in result.output


def test_today_nudges_when_a_check_in_is_due() -> None:
    assert runner.invoke(cli, ["plan", "--example"]).exit_code == 0
    assert "Weekly check-in due" in runner.invoke(cli, ["today"]).output
    assert runner.invoke(cli, ["checkin"]).exit_code == 0
    assert "Weekly check-in due" not in runner.invoke(cli, ["today"]).output
