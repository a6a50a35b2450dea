"""Web fixtures: create_app(test_settings) on SQLite and on PostgreSQL, clients and helpers.

PostgreSQL comes from ``GLUTEUS_TEST_POSTGRES_URL``; one throwaway database is created per
test session, migrated once and emptied between tests. When the server is unreachable the
PostgreSQL cases are skipped, unless ``GLUTEUS_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from actors import ApiUser
from argon2 import PasswordHasher
from backends import GENEROUS, empty_postgres, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from gluteus.db.engine import create_db_engine, upgrade_to_head
from gluteus.services import accounts
from gluteus.web.app import create_app
from pgtest import throwaway_database


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: hashing cost is not under test (test_accounts checks it)."""
    monkeypatch.setattr(
        accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh, migrated PostgreSQL database for this session (dropped afterwards)."""
    with throwaway_database("gluteus_web") as url:
        engine = create_db_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty, migrated database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'web.db'}"
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """The test database's engine, shared by the app (disposed afterwards)."""
    engine = create_db_engine(db_url)
    upgrade_to_head(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def app(tmp_path: Path, db_url: str, engine: Engine) -> FastAPI:
    """The app under test on the backend of ``db_url``."""
    return create_app(make_settings(tmp_path, db_url), engine=engine, rate_limit=GENEROUS)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client for the app (plain http://testserver)."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def alice(client: TestClient) -> ApiUser:
    """A signed-up API user."""
    return ApiUser(client, "alice@example.com")


@pytest.fixture
def bob(client: TestClient) -> ApiUser:
    """Another signed-up API user."""
    return ApiUser(client, "bob@example.com")
