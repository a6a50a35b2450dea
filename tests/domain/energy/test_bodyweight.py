"""Tests of the Hall 2011 / NIH Body Weight Planner dynamic model and the goal solver."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluteus.domain.energy.balance import calorie_floor, safe_pace_kg_per_week
from gluteus.domain.energy.bodyweight import (
    RHO_F,
    RHO_G,
    RHO_L,
    Phase,
    ProjectionInputError,
    baseline,
    earliest_safe_day,
    goal_intake_kcal,
    rule_3500_projection,
    simulate,
    solve_goal,
)
from gluteus.domain.profile import Sex
from gluteus.domain.units import parse_length_cm, parse_mass_kg

# Published NIH Body Weight Planner outputs, reproduced in hall_model.md §8:
# S4/S5 are the INSP-RH/bw test file (tests/testthat/test_adult_weight.R) quoting the BWP web
# tool; S6 is a third-party blog's BWP run (200 lb, 6 ft, 30 y, PAL 1.4, 165 lb in 180 days,
# +20 % activity).
PUBLISHED_GOALS = [
    pytest.param(Sex.MALE, 36, 173.0, 76.0, 1.5, 70.0, 365, 0.0, 2287, 2360, id="bw-test-male"),
    pytest.param(Sex.FEMALE, 21, 164.0, 58.0, 1.7, 55.0, 365, 0.0, 2159, 2187, id="bw-test-female"),
    pytest.param(
        Sex.MALE,
        30,
        parse_length_cm("6ft"),
        parse_mass_kg("200lb"),
        1.4,
        parse_mass_kg("165lb"),
        180,
        20.0,
        1904,
        2456,
        id="blog-200lb-male",
    ),
]


@pytest.mark.parametrize(
    ("sex", "age", "height", "weight", "pal", "goal", "days", "act", "intake", "maint"),
    PUBLISHED_GOALS,
)
def test_published_bwp_goal_and_maintenance_intakes(
    sex: Sex,
    age: int,
    height: float,
    weight: float,
    pal: float,
    goal: float,
    days: int,
    act: float,
    intake: int,
    maint: int,
) -> None:
    result = solve_goal(baseline(sex, age, height, weight, pal), goal, days, act)
    assert result.intake_kcal == pytest.approx(intake, abs=1.0)
    assert result.maintenance_intake_kcal == pytest.approx(maint, abs=1.0)


def test_worked_example_initialisation() -> None:
    # hall_model.md §5 worked example (BWP baseline.js on a 30 y, 165 cm, 65 kg woman, PAL 1.6).
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6)
    assert base.rmr_kcal[0] == pytest.approx(1372.0, abs=0.05)
    assert base.intake_kcal[0] == pytest.approx(2195.2, abs=0.05)
    assert base.body_fat_pct[0] == pytest.approx(28.98, abs=0.005)
    assert base.fat_kg[0] == pytest.approx(18.83, abs=0.005)
    assert base.delta[0] == pytest.approx(9.287, abs=0.0005)
    assert base.k_kcal[0] == pytest.approx(-11.2, abs=0.05)


def test_no_change_stays_in_balance() -> None:
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6)
    tr = simulate(base, 365)
    assert np.allclose(tr.weight_kg, 65.0, atol=1e-9)


def test_energy_balance_matches_integrated_intake_minus_expenditure() -> None:
    base = baseline(
        [Sex.MALE, Sex.FEMALE, Sex.MALE], [40, 30, 60], [180, 165, 170], [90, 65, 120], 1.6
    )
    phases = [Phase(0, -600.0, 10.0), Phase(90, 200.0), Phase(200, 0.0, -20.0)]
    tr = simulate(base, 400, phases)
    stored = (
        RHO_F * (tr.fat_kg[:, -1] - tr.fat_kg[:, 0])
        + RHO_L * (tr.lean_kg[:, -1] - tr.lean_kg[:, 0])
        + RHO_G * (tr.glycogen_kg[:, -1] - tr.glycogen_kg[:, 0])
    )
    assert tr.intake_kcal is not None and tr.expenditure_kcal is not None
    balance = (tr.intake_kcal - tr.expenditure_kcal).sum(axis=1)
    assert abs(stored).min() > 5e3
    np.testing.assert_allclose(stored, balance, rtol=1e-10, atol=1e-6)


def test_hundred_kcal_cut_in_a_90_kg_man() -> None:
    # hall_model.md §11: a faithful re-implementation gives -2.73 kg at 1 y, -4.40 kg at 3 y.
    tr = simulate(baseline(Sex.MALE, 40, 180, 90, 1.5), 1095, [Phase(0, -100.0)])
    assert tr.weight_kg[0, 365] - 90 == pytest.approx(-2.73, abs=0.1)
    assert tr.weight_kg[0, 1095] - 90 == pytest.approx(-4.40, abs=0.1)


def test_ten_kcal_rule_of_thumb() -> None:
    # Hall et al. Lancet 2011 (foodnavigator-usa.com, 2011-09-01; hall_model.md §11):
    # 10 kcal/day ≈ 1 lb eventually, about half of it in about a year.
    base = baseline(Sex.MALE, 40, 180, 90, 1.5)
    tr = simulate(base, 6000, [Phase(0, -10.0)])
    change = tr.weight_kg[0] - 90.0
    eventual = change[-1]
    assert eventual == pytest.approx(-0.4536, rel=0.3)
    half_day = int(np.argmax(change <= eventual / 2))
    assert 200 <= half_day <= 500


def test_rule_3500_overstates_three_year_loss() -> None:
    # Thomas et al. Int J Obes 2013; Hall et al. Lancet 2011: the rule overstates by many fold.
    base = baseline(Sex.MALE, 40, 180, 90, 1.5)
    tr = simulate(base, 1095, [Phase(0, -100.0)])
    rule = rule_3500_projection(base, 1095, [Phase(0, -100.0)])
    assert rule.weight_kg.shape == tr.weight_kg.shape
    assert not rule.stopped[0]  # 4.7 kg off a 90 kg man: nowhere near a limit
    ratio = (90 - rule.weight_kg[0, -1]) / (90 - tr.weight_kg[0, -1])
    assert ratio >= 3.0


def test_one_step_per_day_converged() -> None:
    base = baseline([Sex.MALE, Sex.FEMALE], [40, 25], [180, 160], [110, 60], [1.5, 1.9])
    phases = [Phase(0, -700.0), Phase(120, 0.0, 30.0)]
    coarse = simulate(base, 1095, phases, keep_days=False)
    fine = simulate(base, 1095, phases, steps_per_day=10, keep_days=False)
    assert np.max(np.abs(coarse.weight_kg - fine.weight_kg)) < 1e-4


def test_vectorised_equals_per_person_loop() -> None:
    sexes = [Sex.MALE, Sex.FEMALE, Sex.FEMALE, Sex.MALE]
    ages = np.array([25.0, 40.0, 66.0, 80.0])
    heights = np.array([170.0, 158.0, 175.0, 190.0])
    weights = np.array([70.0, 95.0, 55.0, 140.0])
    pals = np.array([1.4, 1.6, 1.8, 2.2])
    changes = np.array([-500.0, 200.0, -50.0, -1000.0])
    batch = simulate(baseline(sexes, ages, heights, weights, pals), 300, [Phase(0, changes)])
    for i in range(4):
        one = simulate(
            baseline(sexes[i], ages[i], heights[i], weights[i], pals[i]),
            300,
            [Phase(0, float(changes[i]))],
        )
        np.testing.assert_allclose(batch.weight_kg[i], one.weight_kg[0], rtol=1e-12)
        np.testing.assert_allclose(batch.fat_kg[i], one.fat_kg[0], rtol=1e-12)


def test_per_day_arrays_equal_phases() -> None:
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6)
    intake = np.r_[np.full(50, 1700.0), np.full(50, 2195.2)]
    a = simulate(base, 100, intake_kcal_per_day=intake)
    b = simulate(base, 100, [Phase(0, intake_kcal=1700.0), Phase(50, intake_kcal=2195.2)])
    np.testing.assert_allclose(a.weight_kg, b.weight_kg, rtol=1e-12)
    act = np.r_[np.zeros(30), np.full(70, 25.0)]
    c = simulate(base, 100, activity_change_pct_per_day=act)
    d = simulate(base, 100, [Phase(0), Phase(30, 0.0, 25.0)])
    np.testing.assert_allclose(c.weight_kg, d.weight_kg, rtol=1e-12)


def test_measured_body_fat_is_used() -> None:
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6, body_fat_pct=35.0)
    assert base.fat_kg[0] == pytest.approx(22.75)


people = st.tuples(
    st.sampled_from([Sex.FEMALE, Sex.MALE]),
    st.integers(18, 80),
    st.floats(150, 200),
    st.floats(45, 150),
    st.floats(1.4, 2.2),
    st.floats(-1000, 500),
)


@settings(max_examples=40, deadline=None)
@given(people)
def test_projection_invariants(person: tuple[Sex, int, float, float, float, float]) -> None:
    sex, age, height, weight, pal, change = person
    base = baseline(sex, age, height, weight, pal)
    more = min(change + 100.0, 600.0)
    tr = simulate(baseline([sex] * 2, age, height, weight, pal), 730, [Phase(0, [change, more])])
    w = tr.weight_kg
    assert np.all(np.isfinite(w))
    assert np.all(w > 0)
    if change < 0:
        assert np.all(np.diff(w[0, 30:]) <= 1e-9)
    assert np.all(w[1, 1:] >= w[0, 1:])
    assert base.n == 1


def test_unreachable_goal_is_flagged() -> None:
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6)
    result = solve_goal(base, 45.0, 14)
    assert result.intake_kcal is None
    assert not result.achievable
    assert any("Not reachable" in w for w in result.warnings)


def test_floor_and_pace_warnings_and_earliest_safe_day() -> None:
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6)
    result = solve_goal(base, 58.0, 30)
    assert not result.achievable
    assert any("floor" in w for w in result.warnings)
    assert any("safe pace" in w for w in result.warnings)
    day = result.earliest_safe_day
    assert day is not None and day > 30
    safe = goal_intake_kcal(base, 58.0, day)
    assert safe is not None and safe >= calorie_floor(Sex.FEMALE) - 0.5
    assert (65 - 58) * 7 / day <= safe_pace_kg_per_week(65) + 1e-9
    earlier = goal_intake_kcal(base, 58.0, day - 1)
    pace_ok = (65 - 58) * 7 / (day - 1) <= safe_pace_kg_per_week(65)
    assert not (pace_ok and earlier is not None and earlier >= calorie_floor(Sex.FEMALE))
    assert earliest_safe_day(base, 58.0) == day
    assert solve_goal(base, 58.0, day).achievable


def test_maintenance_is_lower_than_baseline_after_loss() -> None:
    base = baseline(Sex.MALE, 45, 178, 100, 1.6)
    result = solve_goal(base, 90.0, 365)
    assert result.achievable
    assert result.maintenance_intake_kcal is not None
    assert result.maintenance_intake_kcal < result.baseline_intake_kcal
    assert result.maintenance_drop_kcal == pytest.approx(
        result.baseline_intake_kcal - result.maintenance_intake_kcal
    )
    tr = simulate(base, 365, [Phase(0, intake_kcal=result.intake_kcal)])
    assert tr.weight_kg[0, -1] == pytest.approx(90.0, abs=0.001)


def test_activity_alternative_reaches_goal_at_baseline_intake() -> None:
    base = baseline(Sex.MALE, 45, 178, 100, 1.6)
    result = solve_goal(base, 95.0, 365)
    assert result.activity_change_pct is not None and result.activity_change_pct > 0
    tr = simulate(base, 365, [Phase(0, 0.0, result.activity_change_pct)])
    assert tr.weight_kg[0, -1] == pytest.approx(95.0, abs=0.001)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"age_years": 12}, "age"),
        ({"weight_kg": 900}, "weight"),
        ({"height_cm": 20}, "height"),
        ({"pal": 5}, "pal"),
    ],
)
def test_bad_profile_names_field(kwargs: dict[str, float], field: str) -> None:
    args: dict[str, float] = {"age_years": 30, "height_cm": 165, "weight_kg": 65, "pal": 1.6}
    args.update(kwargs)
    with pytest.raises(ProjectionInputError, match=rf"^{field}: .*allowed range"):
        baseline(Sex.FEMALE, **args)


def test_bad_schedule_and_goal_name_field() -> None:
    base = baseline(Sex.FEMALE, 30, 165, 65, 1.6)
    with pytest.raises(ProjectionInputError, match=r"^intake: "):
        simulate(base, 10, [Phase(0, intake_kcal=-5.0)])
    with pytest.raises(ProjectionInputError, match=r"^intake: "):
        simulate(base, 10, [Phase(0, -3000.0)])
    with pytest.raises(ProjectionInputError, match=r"^goal_days: "):
        solve_goal(base, 60.0, 0)
    with pytest.raises(ProjectionInputError, match=r"^goal_weight: "):
        solve_goal(base, 900.0, 100)
    with pytest.raises(ValueError, match=r"^sex: "):
        baseline("robot", 30, 165, 65, 1.6)


def test_batch_final_state_equals_full_trajectory() -> None:
    rng = np.random.default_rng(7)
    n = 50
    base = baseline(
        [Sex.MALE, Sex.FEMALE] * (n // 2),
        rng.uniform(18, 80, n),
        rng.uniform(150, 200, n),
        rng.uniform(45, 150, n),
        rng.uniform(1.4, 2.2, n),
    )
    phases = [Phase(0, rng.uniform(-1000, 500, n), rng.uniform(-20, 50, n)), Phase(100, 0.0)]
    full = simulate(base, 200, phases)
    final = simulate(base, 200, phases, keep_days=False)
    assert final.day.tolist() == [0, 200]
    np.testing.assert_allclose(final.weight_kg[:, -1], full.weight_kg[:, -1], rtol=1e-12)
    np.testing.assert_allclose(final.fat_kg[:, -1], full.fat_kg[:, -1], rtol=1e-12)


def test_very_large_maintenance_intakes_stay_finite_on_a_fast() -> None:
    """One RK4 step a day is unstable above ~5,800 kcal/day maintenance; simulate adds steps."""
    from gluteus.domain.energy.bodyweight import stable_steps_per_day

    tall = baseline("male", 18, 230, 200, 2.5)
    assert stable_steps_per_day(tall) == 2
    tr = simulate(tall, 60, [Phase(0, intake_kcal=0.0)])
    assert np.all(np.isfinite(tr.weight_kg))
    assert 140 < tr.weight_kg[0, -1] < 200
    assert stable_steps_per_day(baseline("female", 40, 165, 70, 1.6)) == 1
