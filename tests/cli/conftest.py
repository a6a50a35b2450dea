"""Every CLI test runs on its own database, in its own data directory, in metric units."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from commandline import close_database, use_database


@pytest.fixture(autouse=True)
def _private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_database(tmp_path / "data", monkeypatch)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("GLUTEUS_UNITS", raising=False)
    yield
    close_database()
