"""The web application: pages and the JSON API over one database, built by :func:`create_app`.

Workers are stateless: sessions live in signed cookies, the database holds everything else,
so any number of processes can serve one PostgreSQL database.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.templating import Jinja2Templates

from gluteus.config import Settings, get_settings
from gluteus.db.engine import DatabaseUnavailable, check_database, open_database
from gluteus.web.cookies import SecurityHeadersMiddleware, SessionMiddleware
from gluteus.web.deps import WebState
from gluteus.web.errors import UNAVAILABLE_RETRY_AFTER_S, install_error_handlers
from gluteus.web.hashing import HashingPool
from gluteus.web.limits import RequestLimitMiddleware
from gluteus.web.ratelimit import RateLimit, RateLimiter

API_TITLE = "Gluteus API"


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("gluteus.web").joinpath(name)))


WORKER_THREADS = 6
"""Requests each worker process runs at once in its thread pool (routes are synchronous).

AnyIO's default is 40; on a small machine 40 threads only contend for the interpreter
lock, and under load the unlucky requests waited close to a second (p99) while the rest
went through. Six keep a core busy while some wait for the database (benchmarks/web.py
on two cores: more requests per second and a lower p99 than 40, 3 or 2).
"""


FULL_COLLECTION_EVERY = 1000
"""Collections of the middle generation between two full collections in a served worker.

Python's default is 10. A worker keeps parsed plans, histories and views (some 400,000
objects under benchmarks/web.py), and a full collection walks all of them: 250–400 ms in
which the worker answers nobody, about every 15 s under load (the p99 of today's page).
Nearly all garbage here dies young or without cycles (freed at once by reference
counting), so full collections can be a hundred times rarer.
"""


SWITCH_INTERVAL_S = 0.001
"""Longest a busy thread of a served worker keeps the interpreter lock while another waits.

Python's default is 5 ms. A page's thread gives the lock up at each database round trip
and waits for it again when the answer comes; while another thread of the worker is busy
(an import parsing and writing its rows, the event loop refusing a flood of sign-ins), each
of those waits lasted up to the whole interval, so a page of a few round trips waited tens
of milliseconds on PostgreSQL (issue 25's benchmark; SQLite's calls are in-process). At
1 ms the busy thread hands over five times sooner; switching costs microseconds.
"""


def share_interpreter_lock() -> None:
    """Set :data:`SWITCH_INTERVAL_S` for this process (a served worker)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def tune_collector() -> None:
    """Set the garbage collector up for a long-running worker.

    Everything loaded so far (modules, the catalog, templates) lives as long as the
    process: it is frozen out of all later collections. Full collections then come
    :data:`FULL_COLLECTION_EVERY` middle ones apart instead of ten.
    """
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def create_served_app() -> FastAPI:
    """The app as ``gluteus serve`` runs it in each worker process.

    See :func:`tune_collector` and :func:`share_interpreter_lock`.
    """
    from gluteus.domain.catalog import default_catalog

    served = create_app()
    default_catalog()  # loaded once per worker, before the collector freezes it
    tune_collector()
    share_interpreter_lock()
    return served


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    rate_limit: RateLimit | None = None,
    hashing: HashingPool | None = None,
) -> FastAPI:
    """The Gluteus web app for ``settings`` (default: the environment's).

    The database is opened and migrated to the newest schema here, and the secret key is
    read from the settings or the data directory (generated there on first run).

    Args:
        settings: Where the database is, default units, the secret key.
        engine: An engine to use instead of opening ``settings.database_url``.
        rate_limit: Sign-in and sign-up attempts allowed per client address.
        hashing: Where passwords are hashed and checked (default: a pool of
            :data:`~gluteus.web.hashing.HASH_WORKERS` threads of the app's own, at low
            priority, sharing one machine-wide budget through the data directory).
    """
    from gluteus.web.pages import install_template_globals
    from gluteus.web.routes import include_routes

    settings = settings or get_settings()
    engine = engine or open_database(settings)
    templates = Jinja2Templates(directory=str(_package_dir("templates")))
    install_template_globals(templates)
    app = FastAPI(
        lifespan=_lifespan,
        title=API_TITLE,
        version="1",
        summary="Plans, today's session and the training journal of Gluteus, as JSON.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = WebState(
        settings=settings,
        engine=engine,
        limiter=RateLimiter(rate_limit or RateLimit(), engine),
        templates=templates,
        hashing=hashing or HashingPool(lock_dir=settings.data_dir),
    )
    app.add_middleware(SessionMiddleware, secret_key=settings.resolved_secret_key())
    app.add_middleware(SecurityHeadersMiddleware)
    # Outermost: an oversized or unstorable body is refused before anything else runs.
    app.add_middleware(RequestLimitMiddleware)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(_package_dir("static"))), name="static")

    service_worker = _package_dir("static") / "sw.js"

    @app.get("/sw.js", include_in_schema=False)
    def sw() -> FileResponse:
        # Served from the root so it may look after every page (a worker's scope is its path).
        return FileResponse(
            service_worker, media_type="text/javascript", headers={"Cache-Control": "no-cache"}
        )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        # 200 only when the database answers and (SQLite) its file is the one opened; a
        # supervisor or load balancer restarts or skips a worker answering 503.
        try:
            check_database(engine)
        except (DBAPIError, PoolTimeout, DatabaseUnavailable):
            return JSONResponse(
                {"status": "unavailable"},
                status_code=503,
                headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)},
            )
        return JSONResponse({"status": "ok"})

    # Pages first: routes are matched in order, and a person's browser asks for pages far
    # more often than the API is called (no path of one can match the other's). Each
    # feature's router goes straight into the app (see gluteus.web.routes).
    include_routes(app)
    return app
