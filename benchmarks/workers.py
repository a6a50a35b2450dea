"""Worker memory after serving many people: what one process holds once its caches are full.

In one process on a fresh SQLite file: PEOPLE people each with the example plan (started
four weeks ago) and four weeks of logs; then each person's today page, progress page (report
and charts), first history page and check-in status are worked out once, as a worker serving
them would (the same service calls the routes make). Prints the start-up cost (importing the
web app; whether matplotlib or the argon2 hash were loaded or computed on import), resident
memory before and after, and what each per-process cache holds against its bound.

Run: python3 benchmarks/workers.py [PEOPLE] [--quick]   (default 1000; --quick: 200)
Target: resident memory ≤ 250 MB after 1,000 people.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB = 250.0


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def start_up() -> str:
    """Importing the web app in a fresh interpreter: seconds, and heavy modules loaded."""
    probe = (
        "import sys, time; t = time.perf_counter(); import gluteus.web.app; "
        "print(f'{time.perf_counter() - t:.2f} s,', "
        "'matplotlib loaded' if 'matplotlib' in sys.modules else 'no matplotlib,', "
        "'argon2 loaded' if 'argon2' in sys.modules else 'no argon2')"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    people = int(args[0]) if args else (200 if "--quick" in sys.argv else 1000)
    print(f"start-up (import gluteus.web.app): {start_up()}")

    from gluteus.db import repository as repo
    from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
    from gluteus.domain.history import LoggedSet, WeightEntry
    from gluteus.domain.units import UnitSystem
    from gluteus.services import checkin, journal, plans, progress, today, users
    from gluteus.web.charts import progress_charts

    now = dt.datetime.now(dt.UTC)
    start = now.date() - dt.timedelta(weeks=4)
    with tempfile.TemporaryDirectory(prefix="gluteus-bench-") as tmp:
        engine = create_db_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade_to_head(engine)
        began = time.perf_counter()
        actors = []
        program = None
        for number in range(people):
            with unit_of_work(engine) as session:
                user_id = users.create_user(session, f"p{number}", timezone="UTC")
                actor = users.actor_for(session, user_id, now, UnitSystem.METRIC)
                if program is None:  # the planner once; everyone else stores the same plan
                    request = plans.PlanRequest(profile=plans.example_profile(), start_date=start)
                    program = plans.make_plan(session, actor, request)
                else:
                    plans.save_profile(session, actor, plans.example_profile())
                    repo.save_plan(session, user_id, program)
                logs: list[repo.Entry] = []
                for day in range(28):
                    date = start + dt.timedelta(days=day)
                    logs.append(WeightEntry(date=date, weight_kg=72 - day / 30))
                    logs += [
                        LoggedSet(
                            date=date,
                            exercise_id="glute-bridge",
                            set_number=k,
                            reps=12,
                            last_two_hard=True,
                        )
                        for k in (1, 2, 3)
                    ]
                repo.add_entries(session, user_id, logs)
            actors.append(actor)
        spent = time.perf_counter() - began
        print(f"{people} people with a plan and four weeks of logs in {spent:.0f} s")
        before = rss_mb()
        began = time.perf_counter()
        for actor in actors:
            with unit_of_work(engine, read_only=True) as session:
                today.today_page(session, actor)
                progress.progress_page(
                    session, actor, lambda report, projections: progress_charts(report, projections)
                )
                journal.list_page(session, actor, journal.HistoryQuery())
                checkin.checkin_status(session, actor)
        served = time.perf_counter() - began
        after = rss_mb()
        engine.dispose()
    print(f"served every person once in {served:.0f} s ({served / people * 1000:.0f} ms each)")
    print(f"resident memory: {before:.0f} MB before serving, {after:.0f} MB after")
    caches = {
        "plans (PROGRAMS)": plans.PROGRAMS,
        "today's views (VIEWS)": today.VIEWS,
        "histories (HISTORIES)": journal.HISTORIES,
        "progress reports (REPORTS)": progress.REPORTS,
        "progress charts (PAGES)": progress.PAGES,
        "check-in status (STATUSES)": checkin.STATUSES,
    }
    for name, cache in caches.items():
        print(
            f"  {name:<28} {len(cache):>5} kept, size {cache.size / 1e6:7.1f} M "
            f"of {cache.max_size / 1e6:7.1f} M"
        )
    verdict = "PASS" if after <= TARGET_MB else "MISS"
    print(f"target: ≤ {TARGET_MB:.0f} MB after {people} people: {verdict}")


if __name__ == "__main__":
    main()
