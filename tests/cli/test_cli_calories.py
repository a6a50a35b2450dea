"""`gluteus calories`: the same numbers as the plan, said in the person's units."""

from __future__ import annotations

import json
import re

import pytest
from commandline import PERSON, ok, run


def test_calories_json() -> None:
    code, out, _ = run(
        "calories",
        "--sex",
        "female",
        "--age",
        "34",
        "--height",
        "165",
        "--weight",
        "72",
        "--routine",
        "butt-lift",
        "--exercise",
        "jump-rope",
        "--minutes",
        "10",
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["bmr_kcal"] == pytest.approx(1420.2, abs=0.1)
    assert 310 <= data["routine"]["kcal"] <= 410
    assert data["routine"]["net_kcal"] < data["routine"]["kcal"]
    # Jump rope at 11.8 MET for 10 min: 10.8 MET above rest × 72 kg × 1/6 h.
    assert data["exercise"]["net_kcal"] == pytest.approx(10.8 * 72 / 6, abs=0.1)
    assert data["exercise"]["kcal"] == pytest.approx(11.8 * 72 / 6, abs=0.1)
    for key in ("exercise_kcal_per_day", "maintenance_kcal", "protein_g", "steps_per_day"):
        assert data[key] > 0, key
    assert data["method"]
    # The same number as the plan built from the same person.
    code, out, _ = run(
        "plan", "--sex", "female", "--age", "34", "--height", "165", "--weight", "72", "--json"
    )
    plan = json.loads(out)["calories"]
    assert code == 0
    for key in ("target_kcal", "exercise_kcal_per_day", "pace_kg_per_week", "protein_g"):
        assert data[key] == plan[key], key


def test_calories_text_says_how_the_number_was_made() -> None:
    code, out, _ = run(
        "calories", "--sex", "male", "--age", "40", "--height", "180", "--weight", "130"
    )
    assert code == 0
    text = " ".join(out.split())
    assert "How: Resting energy" in text and "for the plan's workouts" in text
    assert "with the plan's workouts counted" in text
    assert "protein about 130 g a day" in text


def test_imperial_calories_pace_in_pounds() -> None:
    ok("config", "units", "imperial")
    out = ok("calories", *PERSON, "--pace", "0.5kg")
    assert "1.1 lb/week" in out
    assert "for 1 lb/week" in ok("calories", *PERSON, "--pace", "1")  # bare: in pounds
    assert not re.search(r"\d ?kg\b", out)
    plan_out = ok("plan", *PERSON, "--weeks", "2")
    assert "lb/week" in plan_out


def test_pace_is_read_in_the_person_s_units() -> None:
    data = json.loads(ok("calories", *PERSON, "--pace", "1lb", "--json"))
    assert data["pace_kg_per_week"] == pytest.approx(0.454, abs=0.001)
    data = json.loads(ok("calories", *PERSON, "--pace", "0.5", "--json"))
    assert data["pace_kg_per_week"] == pytest.approx(0.5, abs=0.001)
