"""`gluteus serve` runs the web app; `gluteus db upgrade` migrates the database.

The schema is migrated once, before any worker starts, so several workers never race to
migrate; each worker then finds the database at the newest revision with one query.
"""

from __future__ import annotations

from typing import Annotated

import typer

from gluteus.cli.app import app, console, fail

db_app = typer.Typer(help="Database schema: migrate to the newest revision.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _describe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1, max=64)] = 1,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(help="Proxies trusted for X-Forwarded-For/Proto (default 127.0.0.1)."),
    ] = None,
) -> None:
    """Serve the web app and the JSON API (SQLite in your data directory, or DATABASE_URL).

    Example: gluteus serve --host 0.0.0.0 --port 8000 --workers 4
    """
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from gluteus.config import get_settings
    from gluteus.db.engine import open_database

    settings = get_settings()
    try:
        open_database(settings).dispose()
    except (SQLAlchemyError, OSError) as exc:
        fail(f"database: cannot open it ({str(exc).splitlines()[0]})")
    settings.resolved_secret_key()
    console.print(f"Gluteus on http://{host}:{port}/ · database {_describe(settings.database_url)}")
    uvicorn.run(
        "gluteus.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=True,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )


@db_app.command("upgrade")
def upgrade() -> None:
    """Create or migrate the schema to the newest revision.

    Example: DATABASE_URL=postgresql://gluteus@db/gluteus gluteus db upgrade
    """
    from sqlalchemy.exc import SQLAlchemyError

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
    where = _describe(settings.database_url)
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
