"""Open the database named by the settings and bring its schema to the newest revision.

SQLite (the default, one file in the user data directory) gets foreign keys, WAL journaling
and write transactions that take the write lock when they begin; PostgreSQL is reached
through psycopg 3. Migrations run through Alembic in code, so a first run needs no manual
step, and an up-to-date database is recognised with one query, without loading Alembic.

Outages say so: a SQLite file deleted or replaced under a running server is noticed before
every transaction (:class:`DatabaseUnavailable`, one ``stat`` call), a write that waits
longer than :data:`SQLITE_BUSY_TIMEOUT_MS` for the lock fails with SQLAlchemy's
``OperationalError``, and :func:`check_database` is the health check; the web answers
all of them with 503 and ``Retry-After``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from gluteus.config import Settings, get_settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0016"
"""The newest migration shipped (a test checks it against the migration scripts)."""


SQLITE_BUSY_TIMEOUT_MS = 5000
"""How long a SQLite write waits for another writer's lock before giving up (milliseconds).

SQLite's busy handler retries with growing sleeps (1 ms up to 100 ms) for this long; then
BEGIN IMMEDIATE fails with "database is locked" before anything was written, and the web
answers 503 with ``Retry-After`` (never a 500). Writes are short (imports write in chunks,
see :mod:`gluteus.services.backup`), so a wait this long means the machine is overloaded.
"""


class DatabaseUnavailable(Exception):
    """The database cannot be used right now: its file was deleted or replaced, or it is down.

    Answered like an outage (503): nothing is written into a file nobody will read again.
    """


@dataclass
class _FileIdentity:
    """Which file a SQLite engine opened (device and inode), to notice it being swapped."""

    path: Path
    identity: tuple[int, int] | None = None

    def current(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return (found.st_dev, found.st_ino)

    def remember(self) -> None:
        if self.identity is None:
            self.identity = self.current()

    def check(self) -> None:
        """Raise :class:`DatabaseUnavailable` when the path no longer names the opened file."""
        if self.identity is None:
            return
        now = self.current()
        if now is None:
            raise DatabaseUnavailable(f"the database file {self.path} was deleted")
        if now != self.identity:
            raise DatabaseUnavailable(f"the database file {self.path} was replaced")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
        # Safe with WAL: a power cut may lose the last commit, never corrupt the file.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


READ_ONLY = "gluteus_read_only"
"""Execution option marking a transaction that only reads (see :func:`unit_of_work`)."""


def is_read_only(session: Session) -> bool:
    """Whether ``session`` is a read-only unit of work (it sees committed data only)."""
    return bool(session.connection().get_execution_options().get(READ_ONLY))


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two writers queue (busy_timeout) instead of
    # the second failing when it upgrades a stale read snapshot to a write. A read-only
    # transaction takes no lock at all: under WAL it reads a snapshot beside the writer.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _watch_file(engine: Engine, path: Path) -> None:
    """Refuse every transaction once ``path`` is no longer the file the engine opened.

    The identity (device and inode) is taken when the first connection opens the file; a
    pooled connection keeps writing into a deleted file otherwise, and every write it
    acknowledges would be lost.
    """
    watched = _FileIdentity(path)

    def opened(_dbapi_connection: Any, _record: Any) -> None:
        watched.remember()
        watched.check()

    def beginning(_connection: Any) -> None:
        watched.check()

    event.listen(engine, "connect", opened)
    event.listen(engine, "begin", beginning)


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
        if database and database != ":memory:" and not database.startswith("file:"):
            _watch_file(engine, Path(database).expanduser().resolve())
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
    # Read-only: opening the database (every CLI command) never waits for a writer's lock.
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
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


def check_database(engine: Engine) -> None:
    """The health check: one query in a read-only transaction (no lock taken).

    Raises:
        DatabaseUnavailable: The SQLite file was deleted or replaced since it was opened.
        sqlalchemy.exc.DBAPIError: The database does not answer.
    """
    with unit_of_work(engine, read_only=True) as session:
        session.execute(text("SELECT 1"))


@contextmanager
def snapshot_work(engine: Engine) -> Iterator[Session]:
    """A read-only session that sees one consistent snapshot for its whole length.

    For a backup taken while others write: on SQLite a deferred transaction under WAL reads
    the snapshot of its first read and never blocks writers (nor waits for them); on
    PostgreSQL the transaction is REPEATABLE READ and READ ONLY, so every table is read as
    of one instant, without locks that writers wait for.
    """
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    with Session(engine, expire_on_commit=False) as session, session.begin():
        session.connection(execution_options=options)
        yield session


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
