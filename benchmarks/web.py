"""Web throughput: today's page against /healthz, two uvicorn workers, SQLite and PostgreSQL.

Starts ``gluteus serve --workers 2`` on loopback for each backend (a fresh SQLite file; a
throwaway PostgreSQL database when ``GLUTEUS_TEST_POSTGRES_URL`` or the local default
answers), signs up one person with the example profile and a plan, then drives load from
this separate process: CONCURRENCY threads, each with its own keep-alive connection, for
SECONDS per route. Reports requests/s, p50 and p99 latency per route and backend.
/healthz is one trivial query; /today reads the plan and the history, progresses the day
and renders the page, so the gap between them is the cost of the use case.

Run: python3 benchmarks/web.py [SECONDS] [CONCURRENCY]   (defaults: 5 s, 8 threads)
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "benchmark password"
ROUTES = ("/healthz", "/today")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """A throwaway PostgreSQL database URL, None when no server answers."""
    server = make_url(os.environ.get("GLUTEUS_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    name = f"gluteus_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        yield None
        return
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def served(database_url: str, data_dir: Path) -> Iterator[str]:
    """``gluteus serve --workers 2`` on a free loopback port; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "GLUTEUS_DATABASE_URL": database_url, "GLUTEUS_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "gluteus", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(server.stderr.read().decode() if server.stderr else "exited")
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gluteus serve did not come up")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def signed_in_cookies(base: str) -> dict[str, str]:
    """Sign up a person with the example profile and a plan; their session cookie."""
    text_ = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    profile: dict[str, Any] = tomllib.loads(text_)
    profile["available_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    credentials = {"email": "bench@example.com", "password": PASSWORD}
    with httpx.Client(base_url=base, timeout=30) as client:
        client.post("/api/v1/auth/signup", json=credentials).raise_for_status()
        token = client.post("/api/v1/auth/token", json=credentials).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        client.put("/api/v1/profile", json=profile, headers=headers).raise_for_status()
        client.post("/api/v1/plan", headers=headers).raise_for_status()
        client.post("/api/v1/today/log", json={"hard": True}, headers=headers)
        page = client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf
        client.post("/login", data={"csrf_token": csrf.group(1), **credentials})
        assert client.get("/today").status_code == 200
        return dict(client.cookies)


def drive(
    base: str, path: str, cookies: dict[str, str], seconds: float, threads: int
) -> dict[str, float]:
    """Requests/s, p50 and p99 [ms] of GET ``path`` under ``threads`` concurrent clients."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        mine: list[float] = []
        failed = 0
        with httpx.Client(base_url=base, cookies=cookies, timeout=30) as client:
            client.get(path)  # warm the connection
            while time.monotonic() < stop:
                began = time.perf_counter()
                status = client.get(path).status_code
                mine.append(time.perf_counter() - began)
                failed += status != 200
        with lock:
            latencies.extend(mine)
            errors += failed

    began = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - began
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "errors": float(errors),
    }


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="gluteus-bench-") as tmp, postgres_database() as pg:
        backends = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.db'}"}
        if pg:
            backends["postgresql"] = pg
        for name, url in backends.items():
            with served(url, Path(tmp) / name) as base:
                cookies = signed_in_cookies(base)
                results[name] = {
                    path: drive(base, path, cookies, seconds, threads) for path in ROUTES
                }
    print(f"gluteus serve --workers 2 · {threads} client threads · {seconds:g} s per route")
    print(f"{'route':<10} {'backend':<11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for path in ROUTES:
        for name, by_route in results.items():
            row = by_route[path]
            print(
                f"{path:<10} {name:<11} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} "
                f"{row['p99_ms']:>8.1f} {row['errors']:>7.0f}"
            )
    if "postgresql" not in results:
        print("(PostgreSQL not reachable: only SQLite measured)")


if __name__ == "__main__":
    main()
