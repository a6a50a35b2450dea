"""Shared fixtures: the real catalog and a few typical people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gluteus.domain.catalog import Catalog, default_catalog
from gluteus.domain.profile import Profile
from gluteus.services.cache import RESOURCE, STAMPED, clear_all


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test off the real per-user data directory and database."""
    home = tmp_path_factory.mktemp("gluteus-home")
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(home))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{home / 'gluteus.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _cold_caches() -> Iterator[None]:
    """Each test starts without what another read from its database or made for its process.

    The CLI's engine (disposed) and the stamped caches go; the domain's memos of pure
    functions stay warm, since what they hold does not depend on any test.
    """

    clear_all(STAMPED, RESOURCE)
    yield
    clear_all(STAMPED, RESOURCE)


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
