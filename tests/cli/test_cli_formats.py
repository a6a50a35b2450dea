"""Numbers and domain text in the person's units, without float noise."""

from __future__ import annotations

import pytest

from gluteus.cli.formats import format_distance, format_load, localize, number
from gluteus.domain.history import BandLevel
from gluteus.domain.units import UnitSystem, format_mass, lb_to_kg

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


def test_localize_converts_every_kg_in_imperial_only() -> None:
    text = "A goal of 45.0 kg is below a BMI of 18.5 (50.4 kg at your height); pace 0.5 kg/week."
    converted = localize(text, IMPERIAL)
    assert "kg" not in converted
    assert "99.2 lb" in converted and "111.1 lb" in converted and "1.1 lb/week" in converted
    assert "18.5" in converted
    assert localize(text, METRIC) == text


def test_localize_converts_ranges_too() -> None:
    assert localize("add 1-2 kg when every set reaches the top", IMPERIAL) == (
        "add 2.2-4.4 lb when every set reaches the top"
    )
    assert localize("add 1–2 kg", IMPERIAL) == "add 2.2–4.4 lb"
