"""Storage tests: the database fixtures (SQLite and PostgreSQL) of :mod:`storage_fixtures`."""

from __future__ import annotations

from storage_fixtures import _private_data_dir, bare_engine, db_url, engine, postgres_url

__all__ = ["_private_data_dir", "bare_engine", "db_url", "engine", "postgres_url"]
