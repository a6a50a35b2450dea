"""Bad numbers on a page are answered in the person's units (pounds and inches included)."""

from __future__ import annotations

import re

import pytest
from actors import PageUser, days_from_today
from fastapi.testclient import TestClient

from gluteus.domain.units import UnitSystem
from gluteus.services.errors import FieldProblem, InputError
from gluteus.services.quantities import in_units
from gluteus.web.pages import problem_label

SET_ROW = re.compile(
    r'action="/today/sets"[^>]*>\s*<input[^>]+>\s*'
    r'<input type="hidden" name="exercise_id" value="([a-z0-9-]+)"'
)


def _listed(html: str) -> list[str]:
    return re.findall(r"<li>([^<]*)</li>", html)


def test_a_too_heavy_load_is_answered_in_pounds_on_the_today_page(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard(
        units="imperial",
        height="5ft 5in",
        weight="160",
        goal_weight="145",
        available_days=days_from_today(),
    )
    found = SET_ROW.search(client.get("/today").text)
    assert found, "today is a training day"
    form = {"exercise_id": found.group(1), "set_number": "1", "reps": "10", "load": "2000"}
    sent = user.post("/today/sets", form, headers={"Accept": "application/json"})
    assert sent.status_code == 422
    (problem,) = sent.json()["problems"]
    assert problem["field"] == "load_kg"  # the contract's field name stays
    assert problem["allowed"] == "allowed range 0–1102.3 lb"
    assert problem["value"] == 2000.0  # what they typed, not 907.18 kg
    page = user.post("/today/sets", form)
    assert page.status_code == 422
    assert "load: too high (allowed range 0–1102.3 lb)" in _listed(page.text)
    assert "(allowed range 0–1102.3 lb)" in page.text.split('class="field-error"', 1)[1]


def test_a_weight_typo_names_the_range_in_the_persons_units(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard(units="imperial", height="5ft 5in", weight="160", goal_weight="145")
    response = user.post("/log/weight", {"weight": "900"})
    assert response.status_code == 422
    assert "weight: too high (allowed range 77.2–661.4 lb)" in _listed(response.text)


def test_metric_ranges_name_their_unit_too(client: TestClient) -> None:
    user = PageUser(client, "bo@example.com")
    user.onboard()
    response = user.post("/log/weight", {"weight": "400"})
    assert response.status_code == 422
    assert "weight: too high (allowed range 35–300 kg)" in _listed(response.text)


def test_only_ranges_of_stored_masses_and_lengths_change() -> None:
    reps = FieldProblem("reps", "too high", "allowed range 0–200", 300, (0, 200))
    assert in_units(reps, UnitSystem.IMPERIAL) == reps
    unbounded = FieldProblem("load_kg", "cannot read it", "e.g. 8kg or 18lb", "x")
    assert in_units(unbounded, UnitSystem.IMPERIAL) == unbounded
    hips = FieldProblem("sets[0].hips_cm", "too low", "allowed range 30–250", 10.0, (30, 250))
    assert in_units(hips, UnitSystem.IMPERIAL).allowed == "allowed range 11.8–98.4 in"
    assert in_units(hips, UnitSystem.IMPERIAL).value == pytest.approx(3.9)
    assert in_units(hips, UnitSystem.METRIC).allowed == "allowed range 30–250 cm"
    assert problem_label(in_units(hips, UnitSystem.IMPERIAL)) == "sets[0].hips"
    goal = FieldProblem("profile.goal_weight_kg", "too low", "allowed range 30–300", 1, (30, 300))
    assert problem_label(goal) == "profile.goal weight kg"  # no unit said beside it: kept
    assert problem_label(in_units(goal, UnitSystem.METRIC)) == "profile.goal weight"


def test_an_errors_ranges_survive_grouping_and_prefixes() -> None:
    problem = FieldProblem("weight_kg", "too high", "allowed range 35–300", 400, (35, 300))
    error = InputError.of([problem]).within("entry")
    assert error.problems[0].bounds == (35, 300)
    assert error.problems[0].field == "entry.weight_kg"
