"""Web cost as history grows: today's page, logging a set, progress, history and the check-in
for people with no logs, 8 weeks, a year and three years of them, beside /healthz and a
static file, in one run.

Starts ``gluteus serve --workers 2`` on loopback for each backend (a fresh SQLite file; a
throwaway PostgreSQL database when ``GLUTEUS_TEST_POSTGRES_URL`` or the local default
answers) and signs up PEOPLE people through the API, each with the example profile and a
plan. Load then comes from this separate process: one keep-alive connection per person,
driven by asyncio over raw sockets (a lean client, so the server, not the load generator,
gets the CPU of this small machine). Each person's requests go one after the other on
their own connection (no two writes of one person race).

History lengths: first new people (plans starting today, nothing logged); then one person
does 8 weeks of a plan as planned through the API, and everyone imports that export,
repeated further back in time for the longer lengths (a year, three years), so every
page works on a real, long history.

- ``/healthz``: one trivial query, the ceiling for a request that touches the database;
  ``static``: a static file (/static/style.css), the ceiling for any request.
- ``/today``: the page, GET only (plan, logs, progression, template).
- ``session``: each person alternates GET /today and POST /today/sets (a logged set, as the
  page's form sends it, with the CSRF token and Origin): the log-a-set round trip. The two
  kinds are reported apart, but the CPU is the run's total over both kinds.
- ``POST set (JSON)``: each person only logs sets, as the page's script sends them
  (``Accept: application/json``, answered 201 with the stored set): the CPU of the POST
  alone, without the page after it (target ≤ 3 ms).
- ``/progress``, ``/history``: the pages, GET only.
- ``check-in``: POST /api/v1/checkin without saving (the assessment from the logs).
- ``/today @ R/s`` (full run only): open loop at the target rate: requests on a fixed
  schedule, latency from the scheduled time, so a server that falls behind shows in p99.

Closed-loop runs send the next request as soon as the previous answer came, so by Little's
law their mean latency is PEOPLE / throughput. Each run reports requests/s, p50/p99
latency, errors (a wrong status, a broken connection, no answer within TIMEOUT_S), the CPU
the server's processes used per request (CPU time delta over requests), the client's own
CPU and how busy the whole machine was; then ratios within the same run (today's CPU per
request against a new person's, its rate against /healthz) and each worker's resident
memory after serving everyone.

Each load runs once for WARMUP_S unmeasured, then REPEATS times; the report shows the run
with the median requests/s and the range over all of them (this machine is shared and noisy).

Run: python3 benchmarks/web.py [--quick] [--seconds S] [--people N] [--repeats R]
     [--weeks 0,8,52,156] [--rate R] [--sqlite-only]
(defaults: 5 s, 50 people, 3 repeats, rate 300; --quick: 2 s, 20 people, 1 repeat, no
open-loop run)
"""

import argparse
import asyncio
import copy
import datetime as dt
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "benchmark password"
COOKIE_NAME = "gluteus_session"
TICKS = os.sysconf("SC_CLK_TCK")
TIMEOUT_S = 10.0
"""A request without an answer after this long counts as an error."""
WARMUP_S = 1.0
"""Each load first runs this long unmeasured (caches filled, connections warm)."""


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


# --- the server and its processes ------------------------------------------------------------


def _proc_stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        raw = handle.read()
    return raw[raw.rindex(")") + 2 :].split()  # fields from "state" on


def server_pids(root: int) -> list[int]:
    """``root`` and every process descending from it (uvicorn's workers)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(_proc_stat(int(entry))[1])
            except (OSError, ValueError):
                continue
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found.extend(frontier)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time used so far by ``pids`` (gone processes count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = _proc_stat(pid)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores."""
    with open("/proc/stat", encoding="ascii") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


def connections_per_worker(port: int) -> dict[int, int]:
    """How many established client connections each server process holds on ``port``."""
    listing = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    counts: dict[int, int] = {}
    for pid in re.findall(r"pid=(\d+)", listing):
        counts[int(pid)] = counts.get(int(pid), 0) + 1
    return counts


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Server:
    """A running ``gluteus serve`` and where it listens."""

    base: str
    host: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def errors_logged(self) -> int:
        """Requests that failed with an exception so far (each logs one traceback)."""
        return self.log.read_text("utf-8", "replace").count("Traceback (most recent call last)")

    def workers(self) -> list[int]:
        """The worker processes (every descendant of the uvicorn parent)."""
        return server_pids(self.process.pid)[1:]


@contextmanager
def served(database_url: str, data_dir: Path, workers: int = 2) -> Iterator[Server]:
    """``gluteus serve --workers 2`` (or ``workers``) on a free loopback port."""
    port = _free_port()
    env = {**os.environ, "GLUTEUS_DATABASE_URL": database_url, "GLUTEUS_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "gluteus", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "server.log"
    # The server's log goes to a file: a pipe nobody reads fills up, and then a worker
    # writing an error to it stops answering altogether.
    with log.open("wb") as sink:
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(log.read_text("utf-8", "replace"))
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gluteus serve did not come up")
            time.sleep(0.2)
        yield Server(base, "127.0.0.1", port, server, log)
    except BaseException:
        note(
            "server log (last lines):\n"
            + "\n".join(log.read_text("utf-8", "replace").splitlines()[-40:])
        )
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a stuck worker: end the whole group it leads
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


# --- the people ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A signed-in person: their session cookie, CSRF token and an exercise planned today."""

    cookie: str
    csrf: str
    exercise_id: str
    token: str
    address: str


def sign_up(base: str, number: int) -> Person:
    """Sign up person ``number`` with the example profile and a plan; sign them in."""
    text_ = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    profile: dict[str, Any] = tomllib.loads(text_)
    profile["available_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    credentials = {"email": f"bench{number}@example.com", "password": PASSWORD}
    # Each person from their own address (the server trusts X-Forwarded-For from loopback),
    # so the sign-in rate limit per address sees one person, as it would in a gym.
    address = {"X-Forwarded-For": f"198.51.{100 + number // 250}.{number % 250 + 1}"}
    with httpx.Client(base_url=base, timeout=60, headers=address) as client:
        client.post("/api/v1/auth/signup", json=credentials).raise_for_status()
        token = client.post("/api/v1/auth/token", json=credentials).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        client.put("/api/v1/profile", json=profile, headers=headers).raise_for_status()
        client.post("/api/v1/plan", headers=headers).raise_for_status()
        page = client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf
        client.post("/login", data={"csrf_token": csrf.group(1), **credentials})
        person = Person(client.cookies[COOKIE_NAME], "", "", token, address["X-Forwarded-For"])
    return looked_at_today(base, person)


def looked_at_today(base: str, person: Person) -> Person:
    """``person`` with the CSRF token and a strength exercise from their today's page."""
    cookies = {COOKIE_NAME: person.cookie}
    today = httpx.get(base + "/today", cookies=cookies, timeout=60)
    assert today.status_code == 200, today.status_code
    token = re.search(r'name="csrf_token" value="([^"]+)"', today.text)
    assert token
    planned = re.search(
        r'action="/today/sets">\s*<input[^>]*>\s*<input type="hidden" name="exercise_id" '
        r'value="([^"]+)"',
        today.text,
    )
    exercise = planned.group(1) if planned else "hip-thrust"  # a rest or cardio day
    return replace(person, csrf=token.group(1), exercise_id=exercise)


def history_export(base: str, weeks: int) -> dict[str, Any]:
    """The export of someone ``weeks`` weeks into their plan who did every session as planned.

    Built through the API: a plan that started ``weeks`` weeks ago, then each past day's
    progressed targets logged as done (every set, the cardio) and a weekly weigh-in.
    """
    start = dt.date.today() - dt.timedelta(weeks=weeks)
    text_ = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    profile: dict[str, Any] = tomllib.loads(text_)
    profile["available_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    credentials = {"email": "history@example.com", "password": PASSWORD}
    with httpx.Client(base_url=base, timeout=60) as client:
        client.post("/api/v1/auth/signup", json=credentials).raise_for_status()
        token = client.post("/api/v1/auth/token", json=credentials).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        client.put("/api/v1/profile", json=profile).raise_for_status()
        client.post("/api/v1/plan", json={"start_date": str(start)}).raise_for_status()
        for number in range(weeks * 7):
            day = start + dt.timedelta(days=number)
            if number % 7 == 0:
                weight = {"date": str(day), "weight_kg": 72 - 0.4 * number / 7}
                client.post("/api/v1/logs/weight", json=weight).raise_for_status()
            view = client.get("/api/v1/today", params={"date": str(day)}).json()
            for target in view["targets"]:
                if target["action"] == "skip":
                    continue
                done = {
                    "exercise_id": target["exercise_id"],
                    "reps": target["target_reps"],
                    "load_kg": target["load_kg"],
                    "band": target["band"],
                    "last_two_hard": True,
                    "date": str(day),
                }
                for _ in range(target["dose"]["sets"]):
                    client.post("/api/v1/logs/sets", json=done).raise_for_status()
            for cardio in view["cardio"]:
                bout = {
                    "exercise_id": cardio["activity_id"],
                    "minutes": cardio["minutes"],
                    "date": str(day),
                }
                client.post("/api/v1/logs/cardio", json=bout).raise_for_status()
        export: dict[str, Any] = client.get("/api/v1/export").json()
        return export


LOG_KEYS = ("sets", "cardio", "weights", "measurements", "pain", "intake")
"""Export keys of the logs (repeated further back for longer histories)."""


def _shifted(row: dict[str, Any], days: int) -> dict[str, Any]:
    moved = dict(row)
    if moved.get("date"):
        moved["date"] = str(dt.date.fromisoformat(moved["date"]) - dt.timedelta(days=days))
    if moved.get("created_at"):
        stamp = dt.datetime.fromisoformat(moved["created_at"]) - dt.timedelta(days=days)
        moved["created_at"] = stamp.isoformat()
    return moved


def longer_history(
    export: dict[str, Any], weeks: int, base_weeks: int, today: dt.date | None = None
) -> dict[str, Any]:
    """``export`` (``base_weeks`` of logs) with its logs repeated further back to ``weeks``.

    The plan, profile and check-ins stay as they are: someone ``weeks`` weeks in, on a
    plan that started ``base_weeks`` weeks ago (before ``today``, the machine's by default).
    """
    if weeks <= base_weeks:
        return export
    longer = copy.deepcopy(export)
    person = longer["users"][0]
    period = 7 * base_weeks
    oldest = (today or dt.date.today()) - dt.timedelta(weeks=weeks)
    for key in LOG_KEYS:
        rows = export["users"][0].get(key, [])
        earlier: list[dict[str, Any]] = []
        for copy_number in range(-(-weeks // base_weeks) - 1, 0, -1):
            earlier += [
                moved
                for row in rows
                if dt.date.fromisoformat((moved := _shifted(row, period * copy_number))["date"])
                >= oldest
            ]
        person[key] = earlier + list(rows)
    return longer


def with_history(
    base: str, people: list[Person], export: dict[str, Any], at_once: int = 4
) -> list[Person]:
    """Everyone's data replaced by ``export`` (their own copy of it), through the API.

    ``at_once`` imports run side by side: one for long histories, whose big write
    transactions would otherwise queue past SQLite's busy timeout.
    """

    def load(person: Person) -> Person:
        headers = {"Authorization": f"Bearer {person.token}", "X-Forwarded-For": person.address}
        response = httpx.post(
            base + "/api/v1/import",
            params={"replace": "true"},
            json=export,
            headers=headers,
            timeout=120,
        )
        response.raise_for_status()
        return looked_at_today(base, person)

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        return list(pool.map(load, people))


def sign_up_all(base: str, count: int) -> list[Person]:
    """``count`` people, signed up two at a time.

    Password hashing is deliberately slow, and on SQLite sign-up and sign-in hash inside
    their write transaction, so a burst of them queues on the write lock; four at a time
    on a busy machine sometimes waited past the 5 s busy timeout (a 500, counted in the
    server's tracebacks).
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda n: sign_up(base, n), range(count)))


# --- the load: raw HTTP/1.1 keep-alive over asyncio --------------------------------------------


def get_request(host: str, port: int, path: str, person: Person) -> bytes:
    """A GET as a browser with the person's session sends it."""
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Cookie: {COOKIE_NAME}={person.cookie}\r\nAccept: text/html\r\n\r\n"
    ).encode()


def checkin_request(host: str, port: int, person: Person) -> bytes:
    """POST /api/v1/checkin without saving: the assessment from the logs, by API token."""
    body = b'{"save": false}'
    head = (
        f"POST /api/v1/checkin HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Authorization: Bearer {person.token}\r\nX-Forwarded-For: {person.address}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def set_request(
    host: str, port: int, person: Person, number: int, *, as_json: bool = False
) -> bytes:
    """POST /today/sets as the page's form sends it (CSRF token, Origin, urlencoded).

    ``as_json``: as the page's script sends it (``Accept: application/json``), answered with
    the stored set (201) instead of a redirect to the page.
    """
    reps = 8 + number % 5
    body = (
        f"csrf_token={person.csrf}&exercise_id={person.exercise_id}&reps={reps}"
        f"&load=20&band=&last_two_hard=yes"
    ).encode()
    head = (
        f"POST /today/sets HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Origin: http://{host}:{port}\r\nCookie: {COOKIE_NAME}={person.cookie}\r\n"
        f"Accept: {'application/json' if as_json else 'text/html'}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; (status, whether the server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, chunked, keep = 0, False, True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.strip().lower() == "close":
            keep = False
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep


@dataclass
class Tally:
    """Latencies and errors of one kind of request."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0


class Connection:
    """One person's keep-alive connection; reconnects after an error or a close."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def exchange(self, request: bytes) -> int:
        """Send ``request``; the response status (0 for a broken connection or a timeout)."""
        try:
            async with asyncio.timeout(TIMEOUT_S):
                if self.writer is None or self.reader is None:
                    self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                self.writer.write(request)
                status, keep = await read_response(self.reader)
        except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
            await self.close()
            return 0
        if not keep:
            await self.close()
        return status

    async def close(self) -> None:
        """Drop the connection (the next exchange opens a new one)."""
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


@dataclass
class Step:
    """One request of a person's loop: its name, bytes and the status that means success."""

    name: str
    request: bytes
    expect: int | tuple[int, ...]

    def failed(self, status: int) -> bool:
        """Whether ``status`` is not an answer this request should get."""
        return status not in (self.expect if isinstance(self.expect, tuple) else (self.expect,))


async def arrive(connections: list[Connection], steps: list[Step]) -> None:
    """People arrive one after another: each opens their connection with a first request.

    Before the clock starts. Opening all at the same instant would let one worker accept
    most of them in one go (asyncio accepts every pending connection when woken), a
    pile-up that people arriving at a gym do not make.
    """
    for connection, step in zip(connections, steps, strict=True):
        await connection.exchange(step.request)


async def closed_loop(
    connections: list[Connection],
    loops: list[list[Step]],
    seconds: float,
    started: Callable[[], None],
) -> tuple[dict[str, Tally], float]:
    """Each person repeats their steps back to back for ``seconds``; tallies and elapsed s.

    ``started`` is called when everyone has arrived and the clock starts.
    """
    tallies: dict[str, Tally] = {}
    await arrive(connections, [loop[0] for loop in loops])
    started()
    stop = time.perf_counter() + seconds

    async def person(connection: Connection, steps: list[Step]) -> None:
        index = 0
        while time.perf_counter() < stop:
            step = steps[index % len(steps)]
            index += 1
            began = time.perf_counter()
            status = await connection.exchange(step.request)
            tally = tallies.setdefault(step.name, Tally())
            tally.latencies.append(time.perf_counter() - began)
            tally.errors += step.failed(status)

    began = time.perf_counter()
    await asyncio.gather(*(person(c, s) for c, s in zip(connections, loops, strict=True)))
    return tallies, time.perf_counter() - began


async def open_loop(
    connections: list[Connection],
    steps: list[Step],
    rate: float,
    seconds: float,
    started: Callable[[], None],
) -> tuple[dict[str, Tally], float]:
    """``rate`` requests/s in all, on a fixed schedule spread over the connections.

    Latency is measured from the scheduled send time, so time spent waiting for a busy
    connection (the server falling behind) counts. Requests still unsent
    :data:`TIMEOUT_S` after the schedule ended count as errors with that latency.
    """
    tally = Tally()
    count = len(connections)
    interval = count / rate
    await arrive(connections, steps)
    started()
    start = time.perf_counter() + 0.05
    give_up = start + seconds + TIMEOUT_S

    async def person(number: int, connection: Connection, step: Step) -> None:
        due = start + number * interval / count
        while due < start + seconds:
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if time.perf_counter() > give_up:
                tally.latencies.append(TIMEOUT_S)
                tally.errors += 1
            else:
                status = await connection.exchange(step.request)
                tally.latencies.append(time.perf_counter() - due)
                tally.errors += step.failed(status)
            due += interval

    await asyncio.gather(
        *(person(n, c, s) for n, (c, s) in enumerate(zip(connections, steps, strict=True)))
    )
    return {steps[0].name: tally}, time.perf_counter() - start


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the report."""

    backend: str
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu_ms: float
    client_cpu_ms: float
    machine_busy: float
    people: str = ""
    runs: str = ""


def measure(
    server: Server, backend: str, run: Any, title: str | None = None
) -> tuple[list[Row], float]:
    """Run one load; rows per request kind and the total requests/s.

    ``run(started)`` makes the load's coroutine; it calls ``started`` when the clock
    starts, which is when CPU counters are read and connections per worker counted.
    """
    workers = server.workers()
    before: dict[str, Any] = {}

    def started() -> None:
        before["cpu"], before["client"] = cpu_seconds(workers), time.process_time()
        before["machine"] = machine_busy()
        before["spread"] = sorted(connections_per_worker(server.port).values(), reverse=True)

    tallies, elapsed = asyncio.run(run(started))
    cpu1, client1, machine1 = cpu_seconds(workers), time.process_time(), machine_busy()
    total = sum(len(t.latencies) for t in tallies.values())
    busy = (machine1[0] - before["machine"][0]) / (machine1[1] - before["machine"][1])
    spread = "/".join(str(n) for n in before["spread"])
    note(f"{backend}: {', '.join(tallies)} done (connections per worker {spread})")
    cpu0, client0 = before["cpu"], before["client"]
    rows = []
    for name, tally in tallies.items():
        cuts = statistics.quantiles(tally.latencies, n=100)
        rows.append(
            Row(
                backend=backend,
                name=title or name,
                rps=len(tally.latencies) / elapsed,
                p50_ms=cuts[49] * 1000,
                p99_ms=cuts[98] * 1000,
                errors=tally.errors,
                server_cpu_ms=(cpu1 - cpu0) / total * 1000,
                client_cpu_ms=(client1 - client0) / total * 1000,
                machine_busy=busy,
            )
        )
    return rows, total / elapsed


def measure_median(
    server: Server,
    backend: str,
    run: Any,
    seconds: float,
    repeats: int,
    title: str | None = None,
) -> tuple[list[Row], float]:
    """A short warm-up run (discarded), then ``repeats`` runs of ``seconds``: the rows of
    the median run, each with the range of all runs.

    Closed loops are ranked by requests/s; an open loop (``title`` given) sends at a fixed
    rate, so it is ranked, and its range shown, by p99 latency instead.
    ``run(started, seconds)`` makes one run's coroutine (see :func:`measure`).
    """
    measure(server, backend, lambda started: run(started, WARMUP_S), title)
    results = [
        measure(server, backend, lambda started: run(started, seconds), title)
        for _ in range(repeats)
    ]

    def rank(row: Row) -> float:
        return row.p99_ms if title else row.rps

    results.sort(key=lambda result: rank(result[0][0]))
    rows, total = results[len(results) // 2]
    for row in rows:
        values = sorted(rank(next(r for r in found if r.name == row.name)) for found, _ in results)
        unit = " ms" if title else ""
        row.runs = f"{values[0]:.0f}–{values[-1]:.0f}{unit}" if len(values) > 1 else ""
    return rows, total


ANSWERED = tuple(range(200, 500))
"""Statuses a check-in may get: an assessment, or a plain refusal while data is short."""


@dataclass(frozen=True)
class Options:
    """What one run measures and for how long."""

    seconds: float
    repeats: int
    rate: float
    open_loop: bool


def bench_backend(
    server: Server,
    backend: str,
    people: list[Person],
    options: Options,
    *,
    label: str,
    ceilings: bool,
) -> tuple[list[Row], dict[str, float]]:
    """Every run on one server for one group of people; the rows and the totals per run."""
    host, port = server.host, server.port

    def connections() -> list[Connection]:
        return [Connection(host, port) for _ in people]

    def gets(path: str, name: str | None = None) -> list[list[Step]]:
        return [[Step(name or path, get_request(host, port, path, p), 200)] for p in people]

    session = [
        [
            Step("session: GET /today", get_request(host, port, "/today", p), 200),
            Step("session: POST set", set_request(host, port, p, n), 303),
        ]
        for n, p in enumerate(people)
    ]
    sets = [
        [Step("POST set (JSON)", set_request(host, port, p, n, as_json=True), 201)]
        for n, p in enumerate(people)
    ]
    checkins = [[Step("check-in", checkin_request(host, port, p), ANSWERED)] for p in people]
    runs = [
        ("/today", gets("/today")),
        ("session", session),
        ("POST set", sets),
        ("/progress", gets("/progress")),
        ("/history", gets("/history")),
        ("check-in", checkins),
    ]
    if ceilings:
        runs[:0] = [("/healthz", gets("/healthz")), ("static", gets("/static/style.css", "static"))]
    rows: list[Row] = []
    rates: dict[str, float] = {}
    for name, loops in runs:
        found, total = measure_median(
            server,
            backend,
            lambda started, span, loops=loops: closed_loop(connections(), loops, span, started),
            options.seconds,
            options.repeats,
        )
        rows += found
        rates[name] = total
        for row in found:
            rates[f"cpu {row.name}"] = row.server_cpu_ms
            rates[f"p50 {row.name}"] = row.p50_ms
    if options.open_loop:
        steps = [loop[0] for loop in gets("/today")]
        found, _ = measure_median(
            server,
            backend,
            lambda started, span: open_loop(connections(), steps, options.rate, span, started),
            options.seconds,
            options.repeats,
            title=f"/today @ {options.rate:g}/s",
        )
        rows += found
    for row in rows:
        row.people = label
    for number, pid in enumerate(worker_pids(server)):
        rates[f"rss {number}"] = rss_mb(pid)
    rates["tracebacks"] = server.errors_logged()
    return rows, rates


def worker_pids(server: Server) -> list[int]:
    """The processes that serve requests (uvicorn's workers, not its helpers)."""
    return [
        pid
        for pid in server.workers()
        if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text("latin-1")
    ]


def arguments() -> argparse.Namespace:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s runs, 20 people, 1 repeat")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--people", type=int)
    parser.add_argument("--repeats", type=int)
    parser.add_argument("--rate", type=float, default=300.0)
    parser.add_argument("--weeks", default="0,8,52,156", help="history lengths in weeks")
    parser.add_argument("--sqlite-only", action="store_true")
    found = parser.parse_args()
    found.seconds = found.seconds or (2.0 if found.quick else 5.0)
    found.people = found.people or (20 if found.quick else 50)
    found.repeats = found.repeats or (1 if found.quick else 3)
    return found


BASE_WEEKS = 8
"""Weeks of logs one person makes through the API; longer histories repeat them."""


def main() -> None:
    args = arguments()
    options = Options(args.seconds, args.repeats, args.rate, open_loop=not args.quick)
    lengths = [int(w) for w in args.weeks.split(",")]
    rows: list[Row] = []
    summary: dict[tuple[str, str], dict[str, float]] = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="gluteus-bench-") as tmp, postgres_database() as pg:
        backends = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.db'}"}
        if pg and not args.sqlite_only:
            backends["postgresql"] = pg
        for name, url in backends.items():
            with served(url, Path(tmp) / name) as server:
                began = time.monotonic()
                people = sign_up_all(server.base, args.people)
                note(f"{name}: {args.people} people signed up in {time.monotonic() - began:.0f} s")
                export: dict[str, Any] | None = None
                for weeks in lengths:
                    label = "new" if weeks == 0 else f"{weeks} wk"
                    if weeks:
                        began = time.monotonic()
                        if export is None:
                            export = history_export(server.base, BASE_WEEKS)
                        longer = longer_history(export, weeks, BASE_WEEKS)
                        at_once = 4 if weeks <= BASE_WEEKS else 1
                        people = with_history(server.base, people, longer, at_once)
                        note(
                            f"{name}: {weeks} weeks of logs each "
                            f"({len(longer['users'][0]['sets'])} sets) "
                            f"in {time.monotonic() - began:.0f} s"
                        )
                    found, summary[name, label] = bench_backend(
                        server, name, people, options, label=label, ceilings=weeks == 0
                    )
                    rows += found
    report(rows, summary, args, load_before)
    if pg is None:
        print("(PostgreSQL not reachable: only SQLite measured)")


def report(
    rows: list[Row],
    summary: dict[tuple[str, str], dict[str, float]],
    args: argparse.Namespace,
    load_before: tuple[float, float, float],
) -> None:
    """The table, then the ratios within this run and the workers' memory."""
    print(
        f"gluteus serve --workers 2 · {args.people} signed-in people, one connection each · "
        f"median of {args.repeats} runs of {args.seconds:g} s after a {WARMUP_S:g} s warm-up · "
        f"{os.cpu_count()} CPUs · load average before "
        f"{load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'run':<21} {'history':<8} {'backend':<10} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'server CPU':>10} {'client CPU':>10} {'machine':>7} {'req/s':>9}"
    )
    print(f"{'':<56}{'':>6} {'ms/req':>10} {'ms/req':>10} {'busy':>7} {'all runs':>9}")
    for row in rows:
        print(
            f"{row.name:<21} {row.people:<8} {row.backend:<10} {row.rps:>7.1f} "
            f"{row.p50_ms:>7.1f} {row.p99_ms:>7.1f} {row.errors:>6} {row.server_cpu_ms:>10.2f} "
            f"{row.client_cpu_ms:>10.2f} {row.machine_busy:>7.0%} {row.runs:>9}"
        )
    for (name, label), rates in summary.items():
        new = summary[name, "new"]
        print(
            f"{name}, {label}: /today CPU {rates['cpu /today']:.2f} ms/req "
            f"({rates['cpu /today'] / new['cpu /today']:.2f}× a new person's), "
            f"rate {rates['/today'] / new['/healthz']:.0%} of /healthz; "
            f"log-a-set round trip (POST + the page after it) CPU "
            f"{2 * rates['cpu session: POST set']:.2f} ms; "
            f"POST a set alone (JSON) CPU {rates['cpu POST set (JSON)']:.2f} ms/req "
            f"({rates['cpu POST set (JSON)'] / new['cpu /healthz']:.1f}× /healthz's); "
            f"/progress p50 {rates['p50 /progress']:.0f} ms, CPU {rates['cpu /progress']:.1f} "
            f"ms/req; /history CPU {rates['cpu /history']:.1f} ms/req; check-in CPU "
            f"{rates['cpu check-in']:.1f} ms/req; worker RSS "
            + " and ".join(f"{mb:.0f}" for key, mb in rates.items() if key.startswith("rss"))
            + f" MB; server tracebacks so far {rates['tracebacks']:.0f}"
        )


def note(text: str) -> None:
    """Progress on stderr (the table goes to stdout at the end)."""
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
