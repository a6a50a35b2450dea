"""Worker memory after serving many people: what one ``gluteus serve`` process holds.

Builds a fresh SQLite database of PEOPLE people, each with the example plan and WEEKS weeks
of logs (one person does eight weeks of the plan as planned through the API, their export
is repeated further back to WEEKS and imported; every other person is a copy of that
person's rows made in SQL, with their own web session and API token minted in-process, so
a thousand people take a minute instead of a thousand slow password hashes and imports).

Then starts ``gluteus serve --workers 1`` (one process serves everyone: the worst case for
one worker) and reports its resident memory (RSS) right after start, after one person's
pages (/, /today, /plan, /progress, /history, /energy, /exercises, /settings and the API's
today and progress), and as more distinct people are served the same pages, two at a time;
with the worker's CPU time beside the wall time. ``--caches`` then serves the same people
in this process (the app under a test client) and prints what each registered cache holds.

Run: python3 benchmarks/workers.py [--people N] [--weeks W] [--caches] [--dir DIR]
(defaults: 1000 people, 156 weeks; --quick: 100 people; --dir keeps the database there and
reuses it on the next run, whose WEEKS it then has)
Target: a worker ≤ 250 MB resident after 1,000 people with three years of history each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import Engine, create_engine, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import (
    BASE_WEEKS,
    COOKIE_NAME,
    TICKS,
    _proc_stat,
    history_export,
    longer_history,
    note,
    rss_mb,
    served,
    sign_up,
    with_history,
)

TARGET_MB = 250.0
PAGES = (
    "/",
    "/today",
    "/plan",
    "/progress",
    "/history",
    "/energy",
    "/exercises",
    "/settings",
    "/api/v1/today",
    "/api/v1/progress",
)
"""What serving one person means here: each page once, then the API's today and progress."""
NOT_COPIED = {"users", "api_tokens", "web_sessions", "logged_requests"}
"""Tables with a user id whose rows are not copied from the first person."""


def process_cpu_s(pid: int) -> float:
    """User plus system CPU time ``pid`` has used so far."""
    fields = _proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS


def copy_people(engine: Engine, source: int, count: int) -> None:
    """``count`` copies of user ``source``: their rows in every per-user table.

    Each copy gets its own email and data stamp.
    """
    from gluteus.db.engine import unit_of_work
    from gluteus.db.tables import Base, User

    tables = [
        table
        for table in Base.metadata.sorted_tables
        if "user_id" in table.c and table.name not in NOT_COPIED
    ]
    with unit_of_work(engine) as session:
        user = session.get(User, source)
        assert user is not None and user.password_hash is not None
        template = {c: getattr(user, c) for c in ("units", "timezone", "password_hash")}
    for number in range(1, count + 1):
        with unit_of_work(engine) as session:
            user_id = session.execute(
                insert(User.__table__).values(
                    name=f"copy{number}@example.com", data_stamp=uuid.uuid4().hex, **template
                )
            ).inserted_primary_key[0]
            for table in tables:
                columns = [c for c in table.c if c.name not in ("id", "user_id")]
                picked = select(*columns, user_id).where(table.c.user_id == source)
                session.execute(
                    table.insert().from_select([*(c.name for c in columns), "user_id"], picked)
                )
        if number % 100 == 0:
            note(f"  {number} people copied")


def sign_in(url: str, data_dir: Path, people: int) -> list[dict[str, str]]:
    """A web session (the signed cookie the app makes at sign-in) and an API token for
    each of the first ``people`` people who sign in (minted here, not by hashing)."""
    from itsdangerous import URLSafeTimedSerializer

    from gluteus.config import Settings
    from gluteus.db.engine import unit_of_work
    from gluteus.db.tables import User
    from gluteus.services import accounts

    settings = Settings(database_url=url, data_dir=data_dir)
    signer = URLSafeTimedSerializer(settings.resolved_secret_key(), salt="gluteus.session")
    now = dt.datetime.now(dt.UTC)
    engine = create_engine(url)
    logins = []
    with unit_of_work(engine) as session:
        found = session.scalars(
            select(User.id)
            .where(User.name.startswith("bench0@") | User.name.startswith("copy"))
            .order_by(User.id)
            .limit(people)
        ).all()
        if len(found) < people:
            raise SystemExit(f"the database holds {len(found)} people, fewer than {people}")
        for user_id in found:
            sid = accounts.start_web_session(session, user_id, now)
            token = accounts.issue_token(session, user_id, now)
            version = accounts.session_version(session, user_id)
            cookie = signer.dumps(
                {"uid": user_id, "ver": version, "sid": sid, "csrf": uuid.uuid4().hex}
            )
            logins.append({"cookie": str(cookie), "token": token})
    engine.dispose()
    return logins


def build(url: str, data_dir: Path, people: int, weeks: int) -> None:
    """The database of ``people`` people with ``weeks`` weeks of logs each."""
    from gluteus.db.engine import unit_of_work
    from gluteus.db.tables import User

    began = time.monotonic()
    with served(url, data_dir) as server:
        first = sign_up(server.base, 0)
        export = history_export(server.base, BASE_WEEKS)
        with_history(server.base, [first], longer_history(export, weeks, BASE_WEEKS), 1)
    note(f"first person with {weeks} weeks of logs in {time.monotonic() - began:.0f} s")
    began = time.monotonic()
    engine = create_engine(url)
    with unit_of_work(engine) as session:
        source = session.scalars(select(User.id).where(User.name == "bench0@example.com")).one()
    copy_people(engine, source, people - 1)
    engine.dispose()
    note(f"{people} people in the database in {time.monotonic() - began:.0f} s")


def serve_person(base: str, login: dict[str, str]) -> None:
    """Every page of :data:`PAGES` for one person, one after the other."""
    cookies = {COOKIE_NAME: login["cookie"]}
    headers = {"Accept": "text/html"}
    with httpx.Client(base_url=base, cookies=cookies, headers=headers, timeout=120) as client:
        for path in PAGES:
            extra = {"Authorization": f"Bearer {login['token']}"} if "/api/" in path else {}
            response = client.get(path, headers=extra)
            for _ in range(5):  # the database busy with another process's writes: again
                if response.status_code != 503:
                    break
                time.sleep(1)
                response = client.get(path, headers=extra)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")


def checkpoints(people: int) -> list[int]:
    """After how many people the worker's memory is read."""
    marks = [n for n in (10, 100, 250, 500, 750, 1000, 2000) if n < people]
    return [1, *marks, people]


def measure(url: str, data_dir: Path, logins: list[dict[str, str]]) -> float:
    """Serve everyone from one fresh worker; print its memory as it goes; the final RSS."""
    with served(url, data_dir, workers=1) as server:
        pid = server.process.pid
        start_cpu = process_cpu_s(pid)
        print(f"{'served':>16} {'RSS MB':>7} {'worker CPU s':>12} {'wall s':>7}")
        print(f"{'after start':>16} {rss_mb(pid):>7.0f} {start_cpu:>12.1f} {'':>7}")
        began = time.monotonic()
        done = 0
        with ThreadPoolExecutor(max_workers=2) as pool:
            for mark in checkpoints(len(logins)):
                list(pool.map(lambda login: serve_person(server.base, login), logins[done:mark]))
                done = mark
                cpu, wall = process_cpu_s(pid) - start_cpu, time.monotonic() - began
                label = "1 person" if mark == 1 else f"{mark} people"
                print(f"{label:>16} {rss_mb(pid):>7.0f} {cpu:>12.1f} {wall:>7.0f}", flush=True)
        final = rss_mb(pid)
        if server.errors_logged():
            print(f"server tracebacks: {server.errors_logged()}")
    return final


def cache_report(url: str, data_dir: Path, logins: list[dict[str, str]]) -> None:
    """Serve everyone in this process and print each registered cache's size."""
    from starlette.testclient import TestClient

    from gluteus.config import Settings
    from gluteus.domain.memo import CACHES
    from gluteus.web.app import create_app

    app = create_app(Settings(database_url=url, data_dir=data_dir))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for login in logins:
            client.cookies.set(COOKIE_NAME, login["cookie"])
            for path in PAGES:
                extra = {"Authorization": f"Bearer {login['token']}"} if "/api/" in path else {}
                client.get(path, headers={"Accept": "text/html", **extra})
    print(f"in-process after {len(logins)} people: RSS {rss_mb(os.getpid()):.0f} MB")
    for name, entry in sorted(CACHES.items()):
        print(f"  {name:<64} {describe(entry.clear):>28}   bound: {entry.bound}")


def describe(clear: Callable[[], None]) -> str:
    """How much the cache whose ``clear`` this is holds now, as far as it says."""
    owner = getattr(clear, "__self__", None)
    if owner is not None and hasattr(owner, "size") and hasattr(owner, "max_size"):
        return f"{len(owner)} kept, {owner.size / 1e6:.1f}/{owner.max_size / 1e6:.1f} M"
    info = getattr(clear, "__wrapped__", None)
    kept = getattr(owner, "_kept", None)
    if kept is not None:
        return f"{len(kept)} kept"
    cache_info = getattr(getattr(clear, "__self__", None), "cache_info", None) or getattr(
        info, "cache_info", None
    )
    return f"{cache_info().currsize} kept" if cache_info else ""


def arguments() -> argparse.Namespace:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int)
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--quick", action="store_true", help="100 people")
    parser.add_argument("--caches", action="store_true", help="then each cache's size")
    parser.add_argument("--dir", type=Path, help="keep the database here; reuse it if there")
    found = parser.parse_args()
    found.people = found.people or (100 if found.quick else 1000)
    return found


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory(prefix="gluteus-bench-") as tmp:
        where = args.dir or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{where / 'bench.db'}"
        data_dir = where / "data"
        if not (where / "bench.db").exists():
            build(url, data_dir, args.people, args.weeks)
        logins = sign_in(url, data_dir, args.people)
        print(
            f"gluteus serve --workers 1 · {args.people} people with {args.weeks} weeks of logs "
            f"· each served {', '.join(PAGES)}"
        )
        final = measure(url, data_dir, logins)
        verdict = "PASS" if final <= TARGET_MB else "MISS"
        print(f"target: ≤ {TARGET_MB:.0f} MB after {args.people} people: {verdict}")
        if args.caches:
            cache_report(url, data_dir, logins)


if __name__ == "__main__":
    main()
