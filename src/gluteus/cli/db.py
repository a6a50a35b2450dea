"""`gluteus db upgrade|current`: the database schema and its revision.

Run `gluteus db upgrade` once before `gluteus serve` starts its workers, so several workers
never race to migrate.
"""

from __future__ import annotations

import typer

from gluteus.cli.app import app, console, fail

db_app = typer.Typer(help="Database schema: migrate to the newest revision.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade() -> None:
    """Create or migrate the schema to the newest revision.

    Example: DATABASE_URL=postgresql://gluteus@db/gluteus gluteus db upgrade
    """
    from sqlalchemy.exc import SQLAlchemyError

    from gluteus.cli.runtime import describe_database
    from gluteus.config import get_settings
    from gluteus.db.engine import HEAD_REVISION, create_db_engine, current_revision, upgrade_to_head

    settings = get_settings()
    try:
        engine = create_db_engine(settings.database_url)
        before = current_revision(engine)
        upgrade_to_head(engine)
        engine.dispose()
    except (SQLAlchemyError, OSError) as exc:
        fail(f"database: cannot migrate it ({str(exc).splitlines()[0]})")
    where = describe_database(settings.database_url)
    if before == HEAD_REVISION:
        console.print(f"{where}: already at revision {HEAD_REVISION}")
    else:
        console.print(f"{where}: migrated from {before or 'empty'} to {HEAD_REVISION}")


@db_app.command("current")
def current() -> None:
    """Print the revision the database is at.

    Example: gluteus db current
    """
    from gluteus.config import get_settings
    from gluteus.db.engine import create_db_engine, current_revision

    engine = create_db_engine(get_settings().database_url)
    console.print(current_revision(engine) or "empty")
    engine.dispose()
