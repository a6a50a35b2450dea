"""Open the database named by the settings and bring its schema to the newest revision.

SQLite (the default, one file in the user data directory) gets foreign keys and WAL
journaling switched on for every connection; PostgreSQL is reached through psycopg 3.
Migrations run through Alembic in code, so a first run needs no manual step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url

from gluteus.config import Settings, get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` with the per-backend settings Gluteus relies on.

    For a SQLite file the parent directory is created when missing.

    Args:
        url: SQLAlchemy URL, e.g. ``sqlite:///path/gluteus.db`` or
            ``postgresql+psycopg://user@host/db``.

    Returns:
        The engine (no schema changes are made here; see :func:`upgrade_to_head`).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini needed at runtime).

    Args:
        engine: When given, migrations run on it; otherwise ``env.py`` uses the settings.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    """The newest migration revision shipped with this version of Gluteus."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (a no-op when already there)."""
    if current_revision(engine) == head_revision():
        return
    command.upgrade(alembic_config(engine), "head")


def downgrade_to(engine: Engine, revision: str = "base") -> None:
    """Migrate the schema down to ``revision`` (``base`` drops every table)."""
    command.downgrade(alembic_config(engine), revision)


def open_database(settings: Settings | None = None) -> Engine:
    """The engine for the configured database, created and migrated on first use.

    Args:
        settings: Settings to use (default: :func:`gluteus.config.get_settings`).
    """
    engine = create_db_engine((settings or get_settings()).database_url)
    upgrade_to_head(engine)
    return engine
