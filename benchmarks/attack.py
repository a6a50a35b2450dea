"""A bystander's page under attack: signed-in GET /today while sign-ins are guessed and a big
import runs, beside the same page without them, in one run (issue 25's benchmark).

Per backend (a fresh SQLite file; a throwaway PostgreSQL database when
``GLUTEUS_TEST_POSTGRES_URL`` or the local default answers, dropped afterwards) this starts
``gluteus serve --workers 2`` on loopback (benchmarks/web.py's ``served``, which trusts
X-Forwarded-For from loopback) and signs up a bystander and an importer. Then:

1. ``quiet``: the bystander's GET /today at RATE requests a second for SECONDS, open loop
   (requests on a fixed schedule, latency counted from the scheduled time, so a server that
   falls behind shows in p99).
2. ``attack``: the same, while ATTACKERS clients each send wrong passwords to
   POST /api/v1/auth/token one after the other, every client from its own address, and one
   client imports a file of IMPORT_MAX_ROWS set rows (POST /api/v1/import, replace).

It reports the page's p50/p99 in both phases, their p99 ratio (issue 25's target: at most
2), the bystander's 5xx and failed requests, what the attackers were answered (401, 429, 503
or 5xx) and the import's status and time.

A script of its own rather than a mode of web.py: web.py measures closed-loop throughput of
many people over long histories; this measures one person's latency beside hostile traffic,
and only borrows web.py's server and database helpers.

Run: python3 benchmarks/attack.py [--seconds S] [--rate R] [--attackers N] [--sqlite-only]
     [--postgres-only]
     [--only guessers|import]
(defaults: 20 s per phase, 10 requests/s, 24 attackers)
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import copy
import datetime as dt
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web  # the sibling script, found through the line above
from gluteus.services.imports import IMPORT_MAX_ROWS

TIMEOUT_S = 30.0
"""A page without an answer after this long counts as failed."""


@dataclass
class Phase:
    """What one phase measured."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    failed: int = 0

    def percentile(self, share: float) -> float:
        """The ``share`` quantile of the page's latency [ms] (nan when nothing answered)."""
        if len(self.latencies_ms) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies_ms, n=1000, method="inclusive")[
            round(share * 1000) - 1
        ]

    @property
    def server_errors(self) -> int:
        """Answers of 500 or above."""
        return sum(n for status, n in self.statuses.items() if status >= 500)


async def bystander(base: str, person: web.Person, rate: float, seconds: float) -> Phase:
    """GET /today as ``person`` at ``rate`` per second, open loop."""
    phase = Phase()
    cookies = {web.COOKIE_NAME: person.cookie}
    headers = {"X-Forwarded-For": person.address}
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, headers=headers, timeout=TIMEOUT_S, limits=limits
    ) as client:

        async def one(scheduled: float) -> None:
            await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
            try:
                response = await client.get("/today")
            except httpx.HTTPError:
                phase.failed += 1
                return
            phase.statuses[response.status_code] += 1
            phase.latencies_ms.append((time.monotonic() - scheduled) * 1000)

        start = time.monotonic() + 0.2
        count = int(rate * seconds)
        await asyncio.gather(*(one(start + i / rate) for i in range(count)))
    return phase


async def guesser(base: str, number: int, victim: str, until: float) -> collections.Counter[int]:
    """Wrong passwords for ``victim`` and made-up e-mails, from address ``number``, until then."""
    answers: collections.Counter[int] = collections.Counter()
    headers = {"X-Forwarded-For": f"203.0.{113 + number // 250}.{number % 250 + 1}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT_S) as client:
        attempt = 0
        while time.monotonic() < until:
            email = victim if attempt % 2 == 0 else f"nobody{number}-{attempt}@example.com"
            body = {"email": email, "password": f"wrong guess {number} {attempt}"}
            try:
                response = await client.post("/api/v1/auth/token", json=body)
                answers[response.status_code] += 1
            except httpx.HTTPError:
                answers[0] += 1
            attempt += 1
    return answers


def big_export(base: str, person: web.Person, rows: int) -> dict[str, Any]:
    """``person``'s export with its one logged set repeated over past days to ``rows`` rows."""
    headers = {"Authorization": f"Bearer {person.token}", "X-Forwarded-For": person.address}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        done = {"exercise_id": "glute-bridge", "reps": 12, "last_two_hard": True}
        client.post("/api/v1/logs/sets", json=done).raise_for_status()
        export: dict[str, Any] = client.get("/api/v1/export").json()
    person_data = export["users"][0]
    template = person_data["sets"][0]
    # The import's row limit counts every list of the person (the plan's rows too).
    rows -= sum(len(v) for k, v in person_data.items() if isinstance(v, list) and k != "sets")
    today = dt.date.today()
    per_day = 10
    sets = []
    for number in range(rows):
        row = copy.deepcopy(template)
        row["date"] = str(today - dt.timedelta(days=1 + number // per_day))
        row["set_number"] = number % per_day + 1
        sets.append(row)
    person_data["sets"] = sets
    return export


async def importer(base: str, person: web.Person, export: dict[str, Any]) -> tuple[str, float]:
    """Import ``export`` in place of ``person``'s data: the answer and the seconds it took."""
    headers = {"Authorization": f"Bearer {person.token}", "X-Forwarded-For": person.address}
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=600) as client:
        try:
            response = await client.post("/api/v1/import", params={"replace": "true"}, json=export)
            status = f"HTTP {response.status_code}"
            if not response.is_success:
                status += f" {response.text[:300]}"
        except httpx.HTTPError as exc:
            status = f"no answer ({exc!r})"
    return status, time.monotonic() - started


async def attacked(
    base: str, person: web.Person, victim: web.Person, export: dict[str, Any], args: Any
) -> tuple[Phase, collections.Counter[int], tuple[str, float]]:
    """The bystander's phase with the guessers and the import running beside it."""
    until = time.monotonic() + args.seconds
    attackers = 0 if args.only == "import" else args.attackers
    guessers = [
        asyncio.create_task(guesser(base, n, "bench0@example.com", until)) for n in range(attackers)
    ]
    loading = asyncio.create_task(
        asyncio.sleep(0, ("not run", 0.0))
        if args.only == "guessers"
        else importer(base, victim, export)
    )
    await asyncio.sleep(0.5)  # the attack is under way before the page is measured
    phase = await bystander(base, person, args.rate, args.seconds - 0.5)
    answers: collections.Counter[int] = collections.Counter()
    for counted in await asyncio.gather(*guessers):
        answers.update(counted)
    return phase, answers, await loading


def run_backend(name: str, url: str, args: Any) -> None:
    """Both phases on one backend, then the report's lines."""
    with tempfile.TemporaryDirectory() as data, web.served(url, Path(data)) as server:
        victim = web.sign_up(server.base, 0)
        person = web.sign_up(server.base, 1)
        export = big_export(server.base, victim, IMPORT_MAX_ROWS)
        quiet = asyncio.run(bystander(server.base, person, args.rate, args.seconds))
        loud, answers, (import_status, import_s) = asyncio.run(
            attacked(server.base, person, victim, export, args)
        )
        tracebacks = server.errors_logged()
    print(f"\n{name}: GET /today at {args.rate:g}/s, {args.seconds:g} s per phase")
    for label, phase in (("quiet", quiet), ("attack", loud)):
        print(
            f"  {label:7} p50 {phase.percentile(0.5):8.1f} ms  p99 {phase.percentile(0.99):8.1f} ms"
            f"  answered {len(phase.latencies_ms)}  5xx {phase.server_errors}"
            f"  failed {phase.failed}  statuses {dict(phase.statuses)}"
        )
    ratio = loud.percentile(0.99) / quiet.percentile(0.99)
    print(f"  p99 attack / quiet: {ratio:.2f} (target <= 2)")
    print(f"  attackers' answers: {dict(answers)} ({sum(answers.values())} attempts)")
    print(f"  import of {IMPORT_MAX_ROWS:,} rows: {import_status} in {import_s:.1f} s")
    print(f"  tracebacks in the server log: {tracebacks}")


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--rate", type=float, default=10.0, help="page requests per second")
    parser.add_argument("--attackers", type=int, default=24)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument(
        "--only", choices=("guessers", "import"), help="one part of the attack, to tell them apart"
    )
    return parser.parse_args()


def main() -> None:
    """Run the phases on SQLite, then on PostgreSQL when a server answers."""
    args = arguments()
    if not args.postgres_only:
        with tempfile.TemporaryDirectory() as folder:
            run_backend("SQLite", f"sqlite:///{Path(folder) / 'attack.db'}", args)
    if args.sqlite_only:
        return
    with web.postgres_database() as url:
        if url is None:
            print("\nPostgreSQL: no server answers; skipped")
            return
        run_backend("PostgreSQL", url, args)


if __name__ == "__main__":
    main()
