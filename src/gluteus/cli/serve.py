"""`gluteus serve`: the web app and the JSON API, for many users on one database.

Migrate the schema first with `gluteus db upgrade`: it runs once, before any worker starts,
so several workers never race to migrate; each worker then finds the database at the
newest revision with one query.
"""

from __future__ import annotations

import contextlib
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from gluteus.cli.app import app, console, fail

if TYPE_CHECKING:
    import uvicorn


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

    from gluteus.cli.runtime import describe_database
    from gluteus.config import get_settings
    from gluteus.db.engine import open_database

    settings = get_settings()
    try:
        open_database(settings).dispose()
    except (SQLAlchemyError, OSError) as exc:
        fail(f"database: cannot open it ({str(exc).splitlines()[0]})")
    settings.resolved_secret_key()
    console.print(
        f"Gluteus on http://{host}:{port}/ · database {describe_database(settings.database_url)}"
    )
    config = uvicorn.Config(
        "gluteus.web.app:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=True,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
    # What uvicorn.run does, except that several workers share a listening socket bound here.
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):
        if workers == 1:
            server.run()
        else:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[listening_socket(config)]).run()
    if workers == 1 and not server.started:
        raise typer.Exit(3)  # uvicorn's exit status for a failed start


def listening_socket(config: uvicorn.Config) -> socket.socket:
    """The socket several workers share, with Nagle's algorithm off for every connection.

    uvicorn binds it without naming TCP, so asyncio leaves Nagle on for the connections it
    accepts, and each keep-alive request after the first waited ~40 ms for the client's
    delayed ACK (uvicorn issue 3149). Accepted sockets inherit ``TCP_NODELAY`` from the
    listening one.
    """
    sock = config.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock
