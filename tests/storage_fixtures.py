"""Database fixtures of the storage and use-case tests (their conftests take them from here):
every such test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``GLUTEUS_TEST_POSTGRES_URL`` (default: the local server with trust
auth). One throwaway database is created per test session and dropped at the end; when the
server is unreachable the PostgreSQL cases are skipped, unless ``GLUTEUS_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from gluteus.db.engine import create_db_engine, downgrade_to, upgrade_to_head
from pgtest import throwaway_database


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a storage test touch the real per-user data directory."""
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'gluteus.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test session (dropped afterwards)."""
    with throwaway_database("gluteus_test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def bare_engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty database (no tables), cleaned up after the test."""
    engine = create_db_engine(db_url)
    try:
        yield engine
    finally:
        downgrade_to(engine, "base")
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a database migrated to the newest schema."""
    upgrade_to_head(bare_engine)
    return bare_engine
