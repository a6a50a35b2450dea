"""Shared fixtures: the real catalog and a few typical people."""

from __future__ import annotations

import pytest

from gluteus.domain.catalog import Catalog, default_catalog
from gluteus.domain.profile import Profile


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture
def woman() -> Profile:
    return Profile(
        sex="female",
        age=34,
        height_cm=165,
        weight_kg=72,
        goal_weight_kg=65,
        equipment=["mini_band", "dumbbells", "bench"],
        parq={f"q{i}": False for i in range(1, 8)},
    )
