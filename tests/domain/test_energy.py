import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluteus.domain.energy import (
    CALORIE_FLOOR_KCAL,
    RestingMethod,
    intake_target,
    katch_mcardle,
    met_kcal,
    mifflin_st_jeor,
    resting_energy,
    rule_3500_weight_kg,
    safe_pace_kg_per_week,
    total_energy_expenditure,
)
from gluteus.domain.profile import ActivityLevel, Level, Profile, Sex


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
@given(profiles)
def test_intake_target_invariants(profile: Profile) -> None:
    target = intake_target(profile)
    assert target.target_kcal >= CALORIE_FLOOR_KCAL[profile.sex] - 1e-9
    assert 0 <= target.pace_kg_per_week <= target.safe_pace_kg_per_week + 1e-9
    assert target.pace_kg_per_week <= profile.pace_kg_per_week + 1e-9
    assert target.target_kcal <= max(target.tdee_kcal, target.floor_kcal) + 1e-9
    assert target.deficit_kcal == pytest.approx(target.tdee_kcal - target.target_kcal)
