import pytest
from pydantic import ValidationError

from gluteus.domain.profile import Equipment, Profile, Weekday, describe_validation_error
from gluteus.domain.units import (
    UnitParseError,
    UnitSystem,
    format_count,
    format_length,
    format_mass,
    lb_to_kg,
    parse_length_cm,
    parse_mass_kg,
)


@pytest.mark.parametrize(
    ("text", "cm"),
    [
        ("165cm", 165.0),
        ("165", 165.0),
        ("1.65 m", 165.0),
        ("5ft 5in", 165.1),
        ("5'5\"", 165.1),
        ("6 ft", 182.88),
        ("65 in", 165.1),
        ("170,5cm", 170.5),
        ("5 feet 5", 165.1),
    ],
)
def test_parse_length_accepts_metric_and_imperial(text: str, cm: float) -> None:
    assert parse_length_cm(text) == pytest.approx(cm, abs=0.01)


@pytest.mark.parametrize(
    ("text", "kg"),
    [("72kg", 72.0), ("72", 72.0), ("160lb", 72.57), ("160 lbs", 72.57), ("11st 6lb", 72.57)],
)
def test_parse_mass_accepts_metric_and_imperial(text: str, kg: float) -> None:
    assert parse_mass_kg(text) == pytest.approx(kg, abs=0.01)


@pytest.mark.parametrize("text", ["tall", "5 parsecs", "", "kg", "72 kg lb"])
def test_parse_rejects_garbage(text: str) -> None:
    with pytest.raises(UnitParseError):
        parse_mass_kg(text) if "kg" in text else parse_length_cm(text)


def test_format_in_both_systems() -> None:
    assert format_mass(72.0, UnitSystem.IMPERIAL) == "158.7 lb"
    assert format_length(165.1, UnitSystem.IMPERIAL) == "5 ft 5 in"
    assert format_mass(72.0) == "72 kg"
    assert format_mass(11.339809) == "11.34 kg"
    assert format_mass(lb_to_kg(25), UnitSystem.IMPERIAL) == "25 lb"


def test_profile_converts_units_and_dedupes() -> None:
    profile = Profile(
        sex="male",
        age=40,
        height_cm="6ft",
        weight_kg="200lb",
        equipment="dumbbells, mini_band, dumbbells",
        available_days=["fri", "mon"],
    )
    assert profile.height_cm == pytest.approx(182.88)
    assert profile.weight_kg == pytest.approx(90.72, abs=0.01)
    assert profile.equipment == (Equipment.DUMBBELLS, Equipment.MINI_BAND)
    assert profile.available_days == (Weekday.MON, Weekday.FRI)
    assert Equipment.NONE in profile.equipment_set


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("age", 12, "age: Input should be greater than or equal to 18 (allowed range 18–100"),
        ("weight_kg", "900kg", "weight_kg: Input should be less than or equal to 300"),
        ("height_cm", "tall", "height_cm: cannot read 'tall'"),
        ("minutes_per_session", 5, "allowed range 15–240"),
        ("equipment", ["rowing_boat"], "equipment.0: Input should be"),
        ("level", "expert", "one of: beginner, intermediate, advanced"),
        ("weeks", 80, "allowed range 1–52"),
    ],
)
def test_bad_profile_names_field_and_range(field: str, value: object, expected: str) -> None:
    data = {"sex": "female", "age": 30, "height_cm": 165, "weight_kg": 65, field: value}
    with pytest.raises(ValidationError) as info:
        Profile.model_validate(data)
    assert expected in describe_validation_error(info.value)


def test_goal_above_weight_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        Profile(sex="female", age=30, height_cm=165, weight_kg=65, goal_weight_kg=70)
    assert "goal_weight_kg" in describe_validation_error(info.value)


def test_unknown_key_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        Profile.model_validate(
            {"sex": "female", "age": 30, "height_cm": 165, "weight_kg": 65, "shoe_size": 38}
        )
    assert "shoe_size" in describe_validation_error(info.value)


@pytest.mark.parametrize(
    ("count", "noun", "plural", "text"),
    [(1, "set", None, "1 set"), (0, "set", None, "0 sets"),
     (3, "cardio bout", None, "3 cardio bouts"), (2, "day", None, "2 days"),
     (2, "rep", None, "2 reps"), (2, "person", "people", "2 people")],
)  # fmt: skip
def test_counts_read_in_the_right_number(
    count: int, noun: str, plural: str | None, text: str
) -> None:
    assert format_count(count, noun, plural) == text
