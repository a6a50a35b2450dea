"""Logging a set over HTTP, in process: the CPU of each request beside /healthz's (issue 19).

Builds the app on a fresh SQLite file and signs PEOPLE people up (profile, plan, signed in
through the form), then sends requests straight to the ASGI app, one after another, with
no server and no sockets in between: what is left is the app's own work (middlewares,
routing, dependencies, the sign-in check, CSRF, parsing, the use case, the reply).

- ``POST set (JSON)``: POST /today/sets as the page's script sends it (the form, its CSRF
  token, Origin, ``Accept: application/json``), answered 201 with the stored set;
- ``POST set (form)``: the same as the page's form sends it, answered 303;
- ``POST API set``: POST /api/v1/logs/sets with a bearer token and a JSON body, 201;
- ``/healthz``: one trivial query, the floor of a request that touches the database.

Each kind runs WARMUP requests unmeasured, then BATCHES batches; the report gives the
median batch's CPU per request (process time: every thread) beside wall time, the CPU of
the event loop's thread alone (the HTTP stack; the route's own work runs in the thread
pool), and each kind's CPU as a multiple of /healthz's in the same run. ``--profile KIND``
runs KIND under cProfile instead, the route inline on the event loop's thread so that one
profile holds all of it, and prints the functions by own time.

benchmarks/web.py measures the same requests through ``gluteus serve`` and real sockets.

Run: python3 benchmarks/set_post.py [--requests N] [--people N] [--profile KIND]
(defaults: 2000 requests per kind in 10 batches, 10 people; target: POST set ≤ 3 ms CPU
over HTTP)
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import re
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

HOST = b"127.0.0.1:8000"
COOKIE_NAME = "gluteus_session"
PASSWORD = "benchmark password"
WARMUP = 300
BATCHES = 10


@dataclass(frozen=True)
class Person:
    """A signed-in person: session cookie, CSRF token, an exercise planned today, API token."""

    cookie: str
    csrf: str
    exercise_id: str
    token: str


Request = tuple[dict[str, Any], bytes, int]
"""An ASGI scope, its body and the status that means success."""


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


def page_set(person: Person, number: int, *, as_json: bool) -> Request:
    """POST /today/sets as the page sends it (see benchmarks/web.py ``set_request``)."""
    body = (
        f"csrf_token={person.csrf}&exercise_id={person.exercise_id}&reps={8 + number % 5}"
        f"&load=20&band=&last_two_hard=yes"
    ).encode()
    headers = [
        (b"host", HOST),
        (b"origin", b"http://" + HOST),
        (b"cookie", f"{COOKIE_NAME}={person.cookie}".encode()),
        (b"accept", b"application/json" if as_json else b"text/html"),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", str(len(body)).encode()),
    ]
    return _scope("POST", "/today/sets", headers), body, 201 if as_json else 303


def api_set(person: Person, number: int) -> Request:
    """POST /api/v1/logs/sets with the person's bearer token."""
    body = (
        f'{{"exercise_id": "{person.exercise_id}", "reps": {8 + number % 5}, '
        f'"load_kg": 20, "last_two_hard": true}}'
    ).encode()
    headers = [
        (b"host", HOST),
        (b"authorization", f"Bearer {person.token}".encode()),
        (b"accept", b"application/json"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    return _scope("POST", "/api/v1/logs/sets", headers), body, 201


def healthz(_person: Person, _number: int) -> Request:
    """GET /healthz."""
    return _scope("GET", "/healthz", [(b"host", HOST)]), b"", 200


KINDS: dict[str, Callable[[Person, int], Request]] = {
    "/healthz": healthz,
    "POST set (JSON)": lambda p, n: page_set(p, n, as_json=True),
    "POST set (form)": lambda p, n: page_set(p, n, as_json=False),
    "POST API set": api_set,
}


def sign_up(app: Any, count: int) -> list[Person]:
    """``count`` people with the example profile, a plan and a signed-in browser session."""
    from fastapi.testclient import TestClient

    text = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    profile: dict[str, Any] = tomllib.loads(text)
    profile["available_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    token_field = re.compile(r'name="csrf_token" value="([^"]+)"')
    planned = re.compile(
        r'action="/today/sets">\s*<input[^>]*>\s*<input type="hidden" name="exercise_id" '
        r'value="([^"]+)"'
    )
    people = []
    with TestClient(app, base_url="http://" + HOST.decode()) as client:
        for number in range(count):
            client.cookies.clear()
            credentials = {"email": f"bench{number}@example.com", "password": PASSWORD}
            client.post("/api/v1/auth/signup", json=credentials).raise_for_status()
            token = client.post("/api/v1/auth/token", json=credentials).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            client.put("/api/v1/profile", json=profile, headers=headers).raise_for_status()
            client.post("/api/v1/plan", headers=headers).raise_for_status()
            found = token_field.search(client.get("/login").text)
            assert found
            form = {"csrf_token": found.group(1), **credentials}
            client.post("/login", data=form, follow_redirects=False)
            page = client.get("/today").text
            csrf, exercise = token_field.search(page), planned.search(page)
            assert csrf
            people.append(
                Person(
                    client.cookies[COOKIE_NAME],
                    csrf.group(1),
                    exercise.group(1) if exercise else "hip-thrust",
                    token,
                )
            )
    return people


async def call(app: Any, request: Request) -> None:
    """Send one request to the app; fail unless it got the expected status."""
    scope, body, expected = request
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # a client that stays connected
        raise AssertionError("unreachable")

    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(dict(scope), receive, send)
    assert statuses == [expected], (scope["path"], statuses)


async def run(app: Any, people: list[Person], kind: str, count: int, start: int) -> None:
    """``count`` requests of ``kind``, the people taking turns."""
    make = KINDS[kind]
    requests = [make(people[n % len(people)], start + n) for n in range(count)]
    for request in requests:
        await call(app, request)


@dataclass
class Row:
    """One kind's median batch: ms per request."""

    cpu_ms: float
    wall_ms: float
    loop_cpu_ms: float


async def measure(app: Any, people: list[Person], total: int) -> dict[str, Row]:
    """Every kind: warm-up, then BATCHES batches (the kinds alternate between batches)."""
    for kind in KINDS:
        await run(app, people, kind, WARMUP, 0)
    size = max(1, total // BATCHES)
    found: dict[str, list[Row]] = {kind: [] for kind in KINDS}
    for batch in range(BATCHES):
        for kind in KINDS:
            cpu, wall, loop = time.process_time(), time.perf_counter(), time.thread_time()
            await run(app, people, kind, size, WARMUP + batch * size)
            found[kind].append(
                Row(
                    (time.process_time() - cpu) / size * 1000,
                    (time.perf_counter() - wall) / size * 1000,
                    (time.thread_time() - loop) / size * 1000,
                )
            )
    return {kind: _median(rows) for kind, rows in found.items()}


def _median(rows: list[Row]) -> Row:
    rows = sorted(rows, key=lambda row: row.cpu_ms)
    middle = rows[len(rows) // 2]
    return Row(middle.cpu_ms, statistics.median(r.wall_ms for r in rows), middle.loop_cpu_ms)


async def profile(app: Any, people: list[Person], kind: str, total: int) -> None:
    """``kind`` under cProfile, the route run inline on the event loop's thread."""
    import anyio.to_thread

    real = anyio.to_thread.run_sync

    async def inline(fn: Callable[..., Any], *args: Any, **_kwargs: Any) -> Any:
        return fn(*args)

    await run(app, people, kind, WARMUP, 0)
    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        await run(app, people, kind, total, WARMUP)
        profiler.disable()
    finally:
        anyio.to_thread.run_sync = real
    stats = pstats.Stats(profiler)
    print(f"{kind}: {stats.total_calls / total:.0f} Python calls per request")  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(40)


def arguments() -> argparse.Namespace:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured per kind")
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--profile", choices=list(KINDS), help="profile one kind instead")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    data_dir = Path(tempfile.mkdtemp(prefix="gluteus-setpost-"))
    os.environ["GLUTEUS_DATA_DIR"] = str(data_dir)
    os.environ["GLUTEUS_DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.db'}"
    from argon2 import PasswordHasher

    from gluteus.domain.catalog import default_catalog
    from gluteus.services import accounts
    from gluteus.web.app import create_app
    from gluteus.web.ratelimit import RateLimit

    # Cheap password hashing for the sign-ups: hashing is not what is measured here.
    accounts._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    app = create_app(rate_limit=RateLimit(attempts=100_000, window_s=60))
    default_catalog()
    people = sign_up(app, args.people)

    async def session() -> dict[str, Row] | None:
        async with app.router.lifespan_context(app):
            if args.profile:
                await profile(app, people, args.profile, args.requests)
                return None
            return await measure(app, people, args.requests)

    rows = asyncio.run(session())
    if rows is None:
        return
    floor = rows["/healthz"].cpu_ms
    print(
        f"in-process ASGI, SQLite file, {args.people} signed-in people, {args.requests} requests "
        f"per kind in {BATCHES} batches after {WARMUP} warm-up; median batch; ms per request"
    )
    print(f"{'request':<17} {'CPU':>7} {'wall':>7} {'loop CPU':>9} {'CPU ÷ /healthz':>15}")
    for kind, row in rows.items():
        print(
            f"{kind:<17} {row.cpu_ms:>7.3f} {row.wall_ms:>7.3f} {row.loop_cpu_ms:>9.3f} "
            f"{row.cpu_ms / floor:>14.1f}×"
        )
    print("(loop CPU: the event loop's thread alone, i.e. without the route's own work)")


if __name__ == "__main__":
    main()
