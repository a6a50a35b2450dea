"""One throwaway PostgreSQL database per test session, shared by the storage and web suites.

The server comes from ``GLUTEUS_TEST_POSTGRES_URL`` (default: the local server with trust
auth); when it is unreachable the PostgreSQL cases are skipped, unless
``GLUTEUS_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """URL of a new, empty database named ``prefix_<random>``, dropped afterwards."""
    server = make_url(os.environ.get("GLUTEUS_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL unreachable at {server.render_as_string(hide_password=True)}"
        if os.environ.get("GLUTEUS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}: {exc.orig}")
        pytest.skip(reason)
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
