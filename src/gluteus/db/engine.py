"""Open the database named by the settings and bring its schema to the newest revision.

SQLite (the default, one file in the user data directory) gets foreign keys, WAL journaling
and write transactions that take the write lock when they begin; PostgreSQL is reached
through psycopg 3. Migrations run through Alembic in code, so a first run needs no manual
step, and an up-to-date database is recognised with one query, without loading Alembic.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from gluteus.config import Settings, get_settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0010_bounded_reads"
"""The newest migration shipped (a test checks it against the migration scripts)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Safe with WAL: a power cut may lose the last commit, never corrupt the file.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


READ_ONLY = "gluteus_read_only"
"""Execution option marking a transaction that only reads (see :func:`unit_of_work`)."""


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two writers queue (busy_timeout) instead of
    # the second failing when it upgrades a stale read snapshot to a write. A read-only
    # transaction takes no lock at all: under WAL it reads a snapshot beside the writer.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


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
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini needed at runtime).

    Args:
        engine: When given, migrations run on it; otherwise ``env.py`` uses the settings.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    """The newest migration revision among the shipped scripts (loads every script)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, None for an empty database."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def upgrade_to_head(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (one query when already there)."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def downgrade_to(engine: Engine, revision: str = "base") -> None:
    """Migrate the schema down to ``revision`` (``base`` drops every table)."""
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def open_database(settings: Settings | None = None) -> Engine:
    """The engine for the configured database, created and migrated on first use.

    Args:
        settings: Settings to use (default: :func:`gluteus.config.get_settings`).
    """
    engine = create_db_engine((settings or get_settings()).database_url)
    upgrade_to_head(engine)
    return engine


@contextmanager
def unit_of_work(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """A session in one transaction: committed when the block ends, rolled back on error.

    Args:
        engine: The database.
        read_only: The block only reads. On SQLite the transaction then takes no write
            lock, so pages being read never queue behind each other or behind a writer
            (a write attempted anyway still works, but may fail instead of waiting when
            another writer committed first). On PostgreSQL the block runs without BEGIN
            and COMMIT: at READ COMMITTED each statement reads its own snapshot either
            way, and a page saves two round trips (a write would not be atomic then).
    """
    with Session(engine, expire_on_commit=False) as session, session.begin():
        if read_only:
            options: dict[str, Any] = {READ_ONLY: True}
            if engine.dialect.name == "postgresql":
                options["isolation_level"] = "AUTOCOMMIT"
            session.connection(execution_options=options)
        yield session
