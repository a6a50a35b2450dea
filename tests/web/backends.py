"""Databases and settings for web tests: emptying PostgreSQL, test settings, lenient limits."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from gluteus.config import Settings
from gluteus.db.engine import create_db_engine
from gluteus.db.tables import Base
from gluteus.web.ratelimit import RateLimit

GENEROUS = RateLimit(attempts=10_000, window_s=60)
"""A limit tests never reach (one test checks the real behaviour)."""


def empty_postgres(url: str) -> None:
    """Remove every row (ids restart) from the session's PostgreSQL database."""
    engine = create_db_engine(url)
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def make_settings(tmp_path: Path, db_url: str) -> Settings:
    """Settings for a test app: a private data dir (the secret key is generated there)."""
    return Settings(data_dir=tmp_path / "data", database_url=db_url)
