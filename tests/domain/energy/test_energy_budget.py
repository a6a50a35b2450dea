"""The plan's own workouts in the energy budget: balance, floors, pace cap, pregnancy, protein.

Property tests build real plans for generated people and recompute the planned exercise from
the sessions' gross energy (minus 1 MET), independently of the planner's own sums.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy.balance import (
    CALORIE_FLOOR_KCAL,
    intake_target,
    met_kcal,
    net_met_kcal,
    safe_pace_kg_per_week,
)
from gluteus.domain.planning import build_program
from gluteus.domain.profile import (
    ActivityLevel,
    Equipment,
    Level,
    Limitation,
    Profile,
    Sex,
    Weekday,
)
from gluteus.domain.program import Program
from gluteus.domain.rules.registry import validate
from gluteus.domain.units import KCAL_PER_KG_FAT_RULE

CATALOG = default_catalog()
TRIMESTER_KCAL = {None: 0.0, 1: 0.0, 2: 340.0, 3: 452.0}
PACE_SLACK_KG = 0.005
"""Rounding of stored energies (0.1 kcal each) moves a pace by far less than this."""


@st.composite
def people(draw: st.DrawFn) -> Profile:
    limitations = draw(st.lists(st.sampled_from(Limitation), max_size=3, unique=True))
    pregnant = Limitation.PREGNANCY in limitations
    sex = Sex.FEMALE if pregnant else draw(st.sampled_from(Sex))
    height = draw(st.floats(145, 205))
    weight = draw(st.floats(40, 200))
    goal = draw(st.none() | st.floats(35, weight))
    return Profile(
        sex=sex,
        age=draw(st.integers(18, 90)),
        height_cm=height,
        weight_kg=weight,
        goal_weight_kg=goal,
        body_fat_pct=draw(st.none() | st.floats(8, 55)),
        level=draw(st.sampled_from(Level)),
        equipment=draw(st.lists(st.sampled_from(Equipment), max_size=6, unique=True)),
        limitations=limitations,
        available_days=draw(
            st.lists(st.sampled_from(Weekday), min_size=1, max_size=7, unique=True)
        ),
        minutes_per_session=draw(st.integers(15, 150)),
        weeks=draw(st.integers(1, 16)),
        activity=draw(st.sampled_from(ActivityLevel)),
        pace_kg_per_week=draw(st.floats(0, 1)),
        cardio_sandwich=draw(st.booleans()),
        pregnancy_trimester=draw(st.none() | st.integers(1, 3)) if pregnant else None,
    )


def workouts_kcal_per_day(program: Program) -> tuple[float, int]:
    """Planned energy above rest per day, from each row's gross energy minus 1 MET.

    Returns:
        (mean kcal per calendar day, number of exercise rows summed).
    """
    weight = program.profile.weight_kg
    rows = [
        ex
        for week in program.weeks
        for day in week.days
        for session in day.sessions
        for ex in session.exercises
    ]
    net = sum(max(ex.kcal - weight * ex.minutes / 60.0, 0.0) for ex in rows)
    return net / (7 * len(program.weeks)), len(rows)


def real_pace(program: Program, exercise: float) -> float:
    cal = program.calories
    spent = cal.tdee_kcal + exercise + cal.pregnancy_kcal
    return max(0.0, (spent - cal.target_kcal) * 7.0 / KCAL_PER_KG_FAT_RULE)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people())
def test_energy_balance_floor_and_cap_with_planned_exercise(profile: Profile) -> None:
    program = build_program(profile, CATALOG)
    cal = program.calories
    exercise, rows = workouts_kcal_per_day(program)
    days = 7 * profile.weeks
    # Each row's energies are rounded to 0.1 kcal, each session's sum once more.
    assert cal.exercise_kcal_per_day == pytest.approx(exercise, abs=0.15 * rows / days + 0.1)
    # Energy balance: target = everyday TDEE + planned exercise + pregnancy - deficit.
    assert cal.maintenance_kcal == pytest.approx(
        cal.tdee_kcal + cal.exercise_kcal_per_day + cal.pregnancy_kcal, abs=0.2
    )
    assert cal.target_kcal == pytest.approx(cal.maintenance_kcal - cal.deficit_kcal, abs=0.2)
    # The floor holds, and the pace with the workouts counted stays under the safe cap.
    assert cal.target_kcal >= CALORIE_FLOOR_KCAL[profile.sex]
    safe = safe_pace_kg_per_week(profile.weight_kg)
    assert real_pace(program, exercise) <= safe + PACE_SLACK_KG
    assert cal.pace_kg_per_week == pytest.approx(real_pace(program, exercise), abs=PACE_SLACK_KG)
    # Where neither the floor nor a maintenance reason applies, the pace asked is the pace got.
    if cal.mode == "fat_loss" and cal.target_kcal > cal.floor_kcal + 1:
        expected = min(profile.pace_kg_per_week, safe)
        assert cal.pace_kg_per_week == pytest.approx(expected, abs=0.001)
    rules = {rule.id: rule for rule in program.rules}
    assert rules["safe-pace"].satisfied and rules["calorie-floor"].satisfied
    assert f"{cal.target_kcal:,.0f}"[:-1] in cal.method


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people())
def test_pregnancy_protein_and_steps_over_generated_people(profile: Profile) -> None:
    cal = build_program(profile, CATALOG).calories
    if Limitation.PREGNANCY in profile.limitations:
        assert cal.mode == "toning_at_maintenance"
        assert cal.deficit_kcal <= 0.05 and cal.pace_kg_per_week == 0
        assert cal.pregnancy_kcal == TRIMESTER_KCAL[profile.pregnancy_trimester]
    else:
        assert cal.pregnancy_kcal == 0
    assert cal.protein_g is not None and cal.protein_reference_kg is not None
    at_bmi_25 = 25 * (profile.height_cm / 100) ** 2
    # Never more than 1.6 g per kg of body weight, nor per kg of the weight at BMI 25.
    assert cal.protein_g <= 1.6 * min(profile.weight_kg, at_bmi_25) + 0.5
    assert cal.protein_g >= 1.6 * min(profile.weight_kg, at_bmi_25) - 0.5
    assert 50 <= cal.protein_g <= 215
    assert cal.protein_g <= 2.2 * profile.weight_kg  # the top of Morton et al.'s interval
    assert (cal.steps_per_day, cal.steps_per_day_upper) == (
        (6000, 8000) if profile.age >= 60 else (8000, 10000)
    )


def heavy_cardio_man() -> Profile:
    return Profile(
        sex="male",
        age=40,
        height_cm=180,
        weight_kg=130,
        pace_kg_per_week=1.0,
        available_days=list(Weekday),
        minutes_per_session=90,
        cardio_sandwich=True,
        level="intermediate",
        equipment=["treadmill", "dumbbells", "bench"],
    )


def test_heavy_man_with_lots_of_cardio_keeps_the_safe_cap() -> None:
    """The issue's case: without the workouts counted he would lose ~1.2+ kg a week."""
    program = build_program(heavy_cardio_man(), CATALOG)
    cal = program.calories
    exercise, _ = workouts_kcal_per_day(program)
    assert exercise > 200
    everyday_only = intake_target(program.profile)
    assert (
        (everyday_only.tdee_kcal + exercise - everyday_only.target_kcal) * 7 / KCAL_PER_KG_FAT_RULE
    ) > 1.2
    assert real_pace(program, exercise) == pytest.approx(1.0, abs=PACE_SLACK_KG)
    assert cal.target_kcal == pytest.approx(everyday_only.target_kcal + exercise, abs=2)


def test_sessions_show_net_energy_beside_gross() -> None:
    program = build_program(heavy_cardio_man(), CATALOG)
    weight = program.profile.weight_kg
    for day in program.weeks[0].days:
        for session in day.sessions:
            assert session.net_kcal is not None and session.net_kcal < session.kcal
            for ex in session.exercises:
                assert ex.net_kcal == pytest.approx(ex.kcal - weight * ex.minutes / 60, abs=0.15), (
                    ex.id
                )


def test_safe_pace_rule_recomputes_the_pace_from_the_sessions() -> None:
    """Lowering the target without touching the stated pace still breaks the rule."""
    program = build_program(heavy_cardio_man(), CATALOG)
    cal = program.calories
    tampered = program.model_copy(
        update={"calories": cal.model_copy(update={"target_kcal": cal.target_kcal - 300})}
    )
    rules = {r.id: r for r in validate(tampered, CATALOG, {})}
    assert not rules["safe-pace"].satisfied
    assert "planned workouts counted" in rules["safe-pace"].detail


def _strip(data: Any, names: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v, names) for k, v in data.items() if k not in names}
    if isinstance(data, list):
        return [_strip(v, names) for v in data]
    return data


def test_a_plan_stored_before_the_energy_budget_still_loads() -> None:
    program = build_program(heavy_cardio_man(), CATALOG)
    new = {
        "net_kcal",
        "exercise_kcal_per_day",
        "pregnancy_kcal",
        "maintenance_kcal",
        "protein_g",
        "protein_reference_kg",
        "steps_per_day",
        "steps_per_day_upper",
        "method",
        "pregnancy_trimester",
    }
    old = _strip(json.loads(program.model_dump_json()), new)
    loaded = Program.model_validate(old)
    cal = loaded.calories
    assert cal.exercise_kcal_per_day == 0 and cal.protein_g is None and cal.method == ""
    assert cal.maintenance_kcal == cal.tdee_kcal
    # Net energy is rebuilt from gross (minus 1 MET) for every row and session.
    for fresh, restored in zip(program.weeks, loaded.weeks, strict=True):
        for a, b in zip(fresh.days, restored.days, strict=True):
            assert b.net_kcal == pytest.approx(a.net_kcal, abs=0.1 * len(a.sessions) + 0.5)


def test_trimester_needs_the_pregnancy_limitation() -> None:
    with pytest.raises(ValidationError, match="pregnancy_trimester: only used with the pregnancy"):
        Profile(sex="female", age=30, height_cm=165, weight_kg=70, pregnancy_trimester=2)


@pytest.mark.parametrize("trimester", [0, 4])
def test_trimester_outside_one_to_three_is_refused(trimester: int) -> None:
    with pytest.raises(ValidationError) as caught:
        Profile(
            sex="female",
            age=30,
            height_cm=165,
            weight_kg=70,
            limitations=["pregnancy"],
            pregnancy_trimester=trimester,
        )
    assert caught.value.errors()[0]["loc"] == ("pregnancy_trimester",)


def test_third_trimester_plan_eats_the_iom_extra() -> None:
    base = {
        "sex": "female",
        "age": 31,
        "height_cm": 168,
        "weight_kg": 74,
        "limitations": ["pregnancy"],
        "weeks": 4,
    }
    first = build_program(Profile(**base, pregnancy_trimester=1), CATALOG).calories
    third = build_program(Profile(**base, pregnancy_trimester=3), CATALOG).calories
    assert third.target_kcal - first.target_kcal == pytest.approx(452.0, abs=0.2)
    assert "452" in third.method


def test_obese_protein_is_based_on_the_weight_at_bmi_25() -> None:
    cal = build_program(heavy_cardio_man(), CATALOG).calories
    assert cal.protein_reference_kg == pytest.approx(81.0)
    assert cal.protein_g == 130
    lean = build_program(
        Profile(sex="female", age=30, height_cm=170, weight_kg=60), CATALOG
    ).calories
    assert lean.protein_g == 96 and lean.protein_reference_kg == 60


def test_net_and_gross_agree_with_the_compendium_definition() -> None:
    # A 130 kg man walking briskly (4.3 MET) for 45 min: 419 kcal gross, 322 above rest.
    assert met_kcal(4.3, 130, 45) == pytest.approx(419.25)
    assert net_met_kcal(4.3, 130, 45) == pytest.approx(321.75)


def test_the_model_s_activity_level_counts_the_plan_s_workouts() -> None:
    from gluteus.domain.energy.balance import activity_level_with_exercise

    assert activity_level_with_exercise(1.375, 2000.0, 0.0) == pytest.approx(1.375)
    assert activity_level_with_exercise(1.375, 2000.0, 200.0) == pytest.approx(1.5125)
    assert activity_level_with_exercise(1.9, 2000.0, 1000.0) == 2.5
    with pytest.raises(ValueError, match="tdee_kcal"):
        activity_level_with_exercise(1.2, 0.0, 100.0)
