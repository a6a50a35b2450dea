import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluteus.domain.energy.balance import (
    CALORIE_FLOOR_KCAL,
    RestingMethod,
    deficit_for_pace,
    explain_target,
    intake_target,
    katch_mcardle,
    met_kcal,
    mifflin_st_jeor,
    net_met_kcal,
    pregnancy_extra_kcal,
    resting_energy,
    rule_3500_weight_kg,
    safe_pace_kg_per_week,
    total_energy_expenditure,
)
from gluteus.domain.profile import ActivityLevel, Level, Profile, Sex
from gluteus.domain.units import KCAL_PER_KG_FAT_RULE


@pytest.mark.parametrize(
    ("weight", "height", "age", "sex", "expected"),
    [
        # Worked values from the equation's definition (Mifflin et al. 1990).
        (72, 165, 34, Sex.FEMALE, 10 * 72 + 6.25 * 165 - 5 * 34 - 161),  # 1420.25
        (90, 180, 40, Sex.MALE, 900 + 1125 - 200 + 5),  # 1830
        (60, 160, 25, Sex.FEMALE, 1314.0),
    ],
)
def test_mifflin_st_jeor(weight, height, age, sex, expected) -> None:
    assert mifflin_st_jeor(weight, height, age, sex) == pytest.approx(expected)


def test_katch_mcardle_uses_lean_mass() -> None:
    # 80 kg at 25 % fat → 60 kg lean → 370 + 21.6 × 60 = 1666
    assert katch_mcardle(80, 25) == pytest.approx(1666.0)


def test_resting_energy_switches_to_katch_when_body_fat_known() -> None:
    base = {"sex": "female", "age": 30, "height_cm": 165, "weight_kg": 80}
    assert resting_energy(Profile(**base)) == pytest.approx(
        mifflin_st_jeor(80, 165, 30, Sex.FEMALE)
    )
    assert resting_energy(Profile(**base, body_fat_pct=25)) == pytest.approx(1666.0)
    with pytest.raises(ValueError, match="body_fat_pct"):
        resting_energy(Profile(**base), RestingMethod.KATCH_MCARDLE)


def test_tdee_multipliers() -> None:
    assert total_energy_expenditure(1500, ActivityLevel.SEDENTARY) == pytest.approx(1800)
    assert total_energy_expenditure(1500, ActivityLevel.VERY_ACTIVE) == pytest.approx(2850)


def test_met_kcal_is_met_times_kg_times_hours() -> None:
    assert met_kcal(4.0, 70, 30) == pytest.approx(140.0)


def test_net_met_kcal_leaves_out_the_resting_met() -> None:
    # (4 - 1) MET × 70 kg × 0.5 h: the resting 1 MET is already in the everyday TDEE.
    assert net_met_kcal(4.0, 70, 30) == pytest.approx(105.0)
    assert net_met_kcal(1.0, 70, 30) == 0.0
    assert net_met_kcal(0.9, 70, 30) == 0.0


@pytest.mark.parametrize(("met", "overstatement"), [(3.5, 0.40), (2.3, 0.77)])
def test_gross_energy_overstates_what_exercise_adds(met: float, overstatement: float) -> None:
    """Gross figures count rest twice: ~35-40 % for strength work, ~75 % for stretching."""
    gross, net = met_kcal(met, 80, 45), net_met_kcal(met, 80, 45)
    assert gross / net - 1 == pytest.approx(overstatement, abs=0.01)


@pytest.mark.parametrize(("trimester", "extra"), [(None, 0.0), (1, 0.0), (2, 340.0), (3, 452.0)])
def test_pregnancy_extra_follows_the_iom_trimester_figures(
    trimester: int | None, extra: float
) -> None:
    assert pregnancy_extra_kcal(trimester) == extra


def test_pregnancy_extra_refuses_a_fourth_trimester() -> None:
    with pytest.raises(ValueError, match=r"^pregnancy_trimester:"):
        pregnancy_extra_kcal(4)


def test_3500_rule_one_pound_per_3500_kcal() -> None:
    assert rule_3500_weight_kg(80, 500, 7) == pytest.approx(80 - 0.45359237)


def test_safe_pace_is_one_percent_capped_at_one_kg() -> None:
    assert safe_pace_kg_per_week(60) == pytest.approx(0.6)
    assert safe_pace_kg_per_week(150) == pytest.approx(1.0)


def test_target_never_below_floor_for_small_woman() -> None:
    small = Profile(
        sex="female",
        age=60,
        height_cm=150,
        weight_kg=50,
        pace_kg_per_week=1.0,
        activity="sedentary",
    )
    target = intake_target(small)
    assert target.target_kcal == CALORIE_FLOOR_KCAL[Sex.FEMALE]
    assert any("floor" in note for note in target.notes)
    assert target.pace_kg_per_week <= target.safe_pace_kg_per_week


def test_pace_is_capped() -> None:
    big = Profile(
        sex="male",
        age=30,
        height_cm=180,
        weight_kg=70,
        pace_kg_per_week=1.0,
        activity="very_active",
    )
    target = intake_target(big)
    assert target.pace_kg_per_week == pytest.approx(0.7)
    assert any("capped" in note for note in target.notes)


WOMAN = {"sex": "female", "age": 34, "height_cm": 165, "weight_kg": 72}


def test_target_rises_by_the_planned_exercise_and_keeps_the_pace() -> None:
    person = Profile(**WOMAN, pace_kg_per_week=0.5)
    without = intake_target(person)
    with_workouts = intake_target(person, exercise_kcal_per_day=250.0)
    assert with_workouts.target_kcal == pytest.approx(without.target_kcal + 250.0)
    assert with_workouts.maintenance_kcal == pytest.approx(without.tdee_kcal + 250.0)
    assert with_workouts.pace_kg_per_week == pytest.approx(0.5)
    assert with_workouts.deficit_kcal == pytest.approx(deficit_for_pace(0.5))


def test_pace_cap_is_checked_with_the_workouts_counted() -> None:
    """A heavy man asking 1 kg/week: the deficit against everything he spends is the cap's."""
    heavy = Profile(sex="male", age=40, height_cm=180, weight_kg=130, pace_kg_per_week=1.0)
    target = intake_target(heavy, exercise_kcal_per_day=300.0)
    real_pace = (target.tdee_kcal + 300.0 - target.target_kcal) * 7 / KCAL_PER_KG_FAT_RULE
    assert real_pace == pytest.approx(1.0, abs=1e-9)
    # Built on everyday expenditure alone, the same man would lose about 1.27 kg a week.
    old = intake_target(heavy)
    assert (old.tdee_kcal + 300.0 - old.target_kcal) * 7 / KCAL_PER_KG_FAT_RULE > 1.25


def test_negative_exercise_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"^exercise_kcal_per_day:"):
        intake_target(Profile(**WOMAN), exercise_kcal_per_day=-1.0)


def test_pregnancy_means_no_deficit_and_the_trimester_extra() -> None:
    second = Profile(
        **WOMAN, limitations=("pregnancy",), pregnancy_trimester=2, pace_kg_per_week=1.0
    )
    target = intake_target(second, exercise_kcal_per_day=120.0)
    assert target.deficit_kcal == 0
    assert target.pace_kg_per_week == 0
    assert target.pregnancy_kcal == 340.0
    assert target.target_kcal == pytest.approx(target.tdee_kcal + 120.0 + 340.0)
    assert any("Trimester 2" in note for note in target.notes)


def test_pregnancy_without_a_trimester_says_needs_rise_later() -> None:
    target = intake_target(Profile(**WOMAN, limitations=("pregnancy",)))
    assert target.pregnancy_kcal == 0 and target.deficit_kcal == 0
    assert any("rise later in pregnancy" in note for note in target.notes)


def test_explanation_walks_from_resting_energy_to_the_target() -> None:
    target = intake_target(Profile(**WOMAN, pace_kg_per_week=0.5), exercise_kcal_per_day=164.4)
    text = explain_target(target, ActivityLevel.LIGHT, 12)
    for part in ("1,420", "37.5 %", "1,953", "+ 164", "2,117", "− 551", "0.5 kg", "1,566"):
        assert part in text, part
    assert "without these workouts" in text
    floored = intake_target(
        Profile(sex="female", age=70, height_cm=150, weight_kg=45, activity="sedentary")
    )
    assert "raised to the 1,200 kcal/day floor" in explain_target(
        floored, ActivityLevel.SEDENTARY, 4
    )


profiles = st.builds(
    Profile,
    sex=st.sampled_from(Sex),
    age=st.integers(18, 100),
    height_cm=st.floats(120, 230),
    weight_kg=st.floats(35, 300),
    body_fat_pct=st.none() | st.floats(3, 70),
    level=st.sampled_from(Level),
    activity=st.sampled_from(ActivityLevel),
    pace_kg_per_week=st.floats(0, 1),
)


@settings(max_examples=500, deadline=None)
@given(profiles, st.floats(0, 1500))
def test_intake_target_invariants(profile: Profile, exercise: float) -> None:
    target = intake_target(profile, exercise_kcal_per_day=exercise)
    spent = target.tdee_kcal + exercise
    assert target.maintenance_kcal == pytest.approx(spent)
    assert target.target_kcal >= CALORIE_FLOOR_KCAL[profile.sex] - 1e-9
    assert 0 <= target.pace_kg_per_week <= target.safe_pace_kg_per_week + 1e-9
    assert target.pace_kg_per_week <= profile.pace_kg_per_week + 1e-9
    assert target.target_kcal <= max(spent, target.floor_kcal) + 1e-9
    assert target.deficit_kcal == pytest.approx(spent - target.target_kcal)
    real_pace = max(0.0, (spent - target.target_kcal) * 7 / KCAL_PER_KG_FAT_RULE)
    assert real_pace <= target.safe_pace_kg_per_week + 1e-9
