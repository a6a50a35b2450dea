"""Numbers and domain text in the person's units, without float noise."""

from __future__ import annotations

import pytest

from gluteus.cli.formats import format_load, localize, number
from gluteus.domain.history import BandLevel
from gluteus.domain.quantities import Mass, MassRange, message
from gluteus.domain.units import UnitSystem, format_distance, format_mass, lb_to_kg

IMPERIAL, METRIC = UnitSystem.IMPERIAL, UnitSystem.METRIC


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(9.071847400000001, 2, "9.07"), (25.0, 1, "25"), (0.5, 1, "0.5"), (70.0, 0, "70")],
)
def test_number_has_no_float_noise(value: float, digits: int, text: str) -> None:
    assert number(value, digits) == text


def test_a_25_lb_load_shows_as_25_lb() -> None:
    assert format_mass(lb_to_kg(25), IMPERIAL) == "25 lb"
    assert format_mass(lb_to_kg(25), METRIC) == "11.34 kg"
    assert format_load(None, BandLevel.EXTRA_LIGHT, IMPERIAL) == "extra light band"
    assert format_load(None, None, METRIC) == "bodyweight"
    assert format_distance(3.218688, IMPERIAL) == "2 mi"


def test_localize_renders_the_quantities_of_domain_text_in_imperial_only() -> None:
    text = message(
        "A goal of {goal} is below a BMI of 18.5 ({floor} at your height); pace {pace}/week.",
        goal=Mass(45.0, ".1f"),
        floor=Mass(50.4, ".1f"),
        pace=Mass(0.5),
    )
    converted = localize(text, IMPERIAL)
    assert "kg" not in converted
    assert "99.2 lb" in converted and "111.1 lb" in converted and "1.1 lb/week" in converted
    assert "18.5" in converted
    assert (
        localize(text, METRIC)
        == str(text)
        == ("A goal of 45.0 kg is below a BMI of 18.5 (50.4 kg at your height); pace 0.5 kg/week.")
    )


def test_localize_renders_ranges_with_one_unit() -> None:
    text = message("add {step} when every set reaches the top", step=MassRange(1, 2))
    assert localize(text, IMPERIAL) == "add 2.2-4.4 lb when every set reaches the top"
    assert localize(message("add {step}", step=MassRange(1, 2, separator="–")), IMPERIAL) == (
        "add 2.2–4.4 lb"
    )


def test_localize_leaves_plain_text_alone() -> None:
    """Text without typed quantities is never parsed for numbers (no regex over sentences)."""
    assert localize("lift 20 kg", IMPERIAL) == "lift 20 kg"
