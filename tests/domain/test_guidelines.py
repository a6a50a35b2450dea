"""domain/guidelines.py: every target once, each with its unit and its source.

The planner and the rules read the same numbers; a number without a unit or a reference
would be a number nobody can check, so the table refuses one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gluteus.domain import guidelines
from gluteus.domain.catalog import default_catalog
from gluteus.domain.profile import Level, Profile

SOURCE = Path(guidelines.__file__)
UNIT = re.compile(r"\[[A-Za-z][^\]]*\]")  # [kg], [sets/week]; not a reference number [1]


def _documented_constants() -> dict[str, str]:
    """Module-level NAME = value, mapped to the docstring right under it ('' when none)."""
    body = ast.parse(SOURCE.read_text("utf-8")).body
    found: dict[str, str] = {}
    for node, after in zip(body, [*body[1:], None], strict=True):
        if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
            continue
        name = node.targets[0].id
        if not name.isupper():
            continue
        doc = ""
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            doc = str(after.value.value)
        found[name] = doc
    return found


CONSTANTS = _documented_constants()
NUMBERS = sorted(
    name
    for name in CONSTANTS
    if isinstance(getattr(guidelines, name), int | float)
    or (
        isinstance(getattr(guidelines, name), tuple)
        and all(isinstance(v, int | float) for v in getattr(guidelines, name))
    )
)


def test_the_table_holds_the_shared_targets() -> None:
    for name in ("GLUTE_SETS", "REPS_RANGE", "CARDIO_WEEKLY_MINUTES", "PREGNANCY_RIR"):
        assert name in NUMBERS


@pytest.mark.parametrize("name", NUMBERS)
def test_every_number_names_its_unit_and_source(name: str) -> None:
    doc = CONSTANTS[name]
    assert UNIT.search(doc), f"{name} has no [unit] in its docstring"
    assert "References:" in doc, f"{name} has no source"


@pytest.mark.parametrize("name", sorted(CONSTANTS))
def test_every_constant_is_explained(name: str) -> None:
    assert CONSTANTS[name].strip(), f"{name} has no docstring"


def test_a_number_without_a_unit_is_caught() -> None:
    assert not UNIT.search("Weekly glute sets.\n\nReferences:\n    [1] Schoenfeld 2017.")
    assert UNIT.search("Weekly glute sets. [sets/week]")


def test_glute_range_widens_only_past_beginner_at_maintenance() -> None:
    low, high = guidelines.GLUTE_SETS
    assert guidelines.glute_set_range(Level.BEGINNER, deficit=False) == (low, high)
    assert guidelines.glute_set_range(Level.ADVANCED, deficit=True) == (low, high)
    assert guidelines.glute_set_range(Level.INTERMEDIATE, deficit=False) == (
        low,
        guidelines.GLUTE_SETS_MAINTENANCE_MAX,
    )


def test_floor_transfer_guard_thresholds() -> None:
    guarded = guidelines.floor_transfer_guarded
    limit = guidelines.FLOOR_TRANSFER_MAX_KG
    age = guidelines.OLDER_ADULT_AGE
    assert not guarded(limit, age - 1, Level.INTERMEDIATE)
    assert guarded(limit + 0.1, age - 1, Level.INTERMEDIATE)
    assert guarded(70, age, Level.INTERMEDIATE)
    assert guarded(70, 30, Level.BEGINNER)


def test_four_days_only_for_trained_lifters_toning_with_four_days() -> None:
    base = {
        "sex": "female",
        "age": 34,
        "height_cm": 165,
        "weight_kg": 65,
        "goal_weight_kg": 65,
        "goal": "tone",
        "level": "intermediate",
        "available_days": ["mon", "tue", "thu", "sat"],
        "parq": {f"q{i}": False for i in range(1, 8)},
    }
    assert guidelines.wants_four_days(Profile.model_validate(base))
    assert not guidelines.wants_four_days(Profile.model_validate({**base, "level": "beginner"}))
    three = {**base, "available_days": ["mon", "wed", "fri"]}
    assert not guidelines.wants_four_days(Profile.model_validate(three))


def test_kneeling_moves_are_found_in_the_catalog_text() -> None:
    catalog = default_catalog()
    kneeling = {e.id for e in catalog if guidelines.is_kneeling(e)}
    assert "bird-dog" in kneeling
    assert "glute-bridge" not in kneeling
