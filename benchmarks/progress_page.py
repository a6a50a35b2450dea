"""Progress page speed: GET /progress with a year of logs, server side, charts included.

Builds the app on a fresh SQLite file, signs one person up (through the service, then in
through the login form), gives them a 52-week plan started a year ago with three training
days a week, and logs a year: a weigh-in every day, about six sets on each planned day,
circumferences weekly. Then times GET /progress through the in-process test client (the
server's whole work: session, queries, report, projections, SVG charts, template), median
of RUNS after a warm-up, CPU (process time) beside wall time. The charts alone are timed
too, and with ``--old`` the matplotlib SVG files the page used to embed, on the same report.

Run: python3 benchmarks/progress_page.py [RUNS] [--days=N] [--old]   (target: page ≤ 300 ms;
``--days=1095`` for three years of logs: the 52-week plan's last year, and its pattern before)
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_S = 0.3
PASSWORD = "benchmark-password-42"
EMAIL = "bench@example.com"
DAYS = 365


def timed(run: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median (CPU, wall) seconds over ``runs`` calls after two warm-up calls."""
    run()
    run()
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def line(name: str, cpu: float, wall: float) -> None:
    """One row of the report."""
    print(f"{name + ':':<29} CPU {cpu * 1000:7.1f} ms   wall {wall * 1000:7.1f} ms")


def days_asked() -> int:
    """``--days=N`` from the command line, else a year."""
    for arg in sys.argv[1:]:
        if arg.startswith("--days="):
            return int(arg.removeprefix("--days="))
    return DAYS


def seed_a_year(engine: object, days: int = DAYS) -> int:
    """One person, a plan started ``days`` ago (Mon, Wed, Fri) and that many days of logs."""
    from sqlalchemy import Engine

    from gluteus.db.engine import unit_of_work
    from gluteus.domain.profile import Weekday
    from gluteus.domain.units import UnitSystem
    from gluteus.services import accounts, journal, plans, users

    assert isinstance(engine, Engine)
    account = accounts.new_account(accounts.Credentials(email=EMAIL, password=PASSWORD))
    with unit_of_work(engine) as session:
        user_id = accounts.sign_up(session, account).id
    now = dt.datetime.now(dt.UTC)
    with unit_of_work(engine) as session:
        actor = users.actor_for(session, user_id, now, UnitSystem.METRIC)
        start = actor.today - dt.timedelta(days=days - 1)
        plan_start = actor.today - dt.timedelta(days=min(days, 364) - 1)
        profile = plans.example_profile().model_copy(
            update={"weeks": 52, "available_days": (Weekday.MON, Weekday.WED, Weekday.FRI)}
        )
        program = plans.make_plan(
            session, actor, plans.PlanRequest(profile=profile, start_date=plan_start)
        )
    with unit_of_work(engine) as session:
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            weight = 72 - offset / 100 + (0.4 if offset % 3 else -0.3)
            journal.log_weight(session, actor, journal.WeightInput(weight_kg=weight, date=day))
            if offset % 7 == 0:
                journal.log_measurement(
                    session,
                    actor,
                    journal.MeasureInput(
                        date=day, hips_cm=104 - offset / 100, waist_cm=82 - offset / 80
                    ),
                )
            # Before the plan: the plan's own pattern, a year earlier each time round.
            planned = program.day_for(plan_start + dt.timedelta(days=(day - plan_start).days % 364))
            if planned is None:
                continue
            main = [e for s in planned.strength_sessions() for e in s.exercises]
            for exercise in main[:3]:
                journal.log_sets(
                    session,
                    actor,
                    journal.SetsInput(
                        exercise_id=exercise.id,
                        reps=[exercise.reps_max] * 2,
                        last_two_hard=True,
                        date=day,
                    ),
                )
    return user_id


def main() -> None:
    from fastapi.testclient import TestClient

    from gluteus.config import Settings
    from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
    from gluteus.domain.units import UnitSystem
    from gluteus.services import journal, plans, progress, users
    from gluteus.web.app import create_app
    from gluteus.web.charts import progress_charts

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 15
    days = days_asked()
    with tempfile.TemporaryDirectory(prefix="gluteus-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = create_db_engine(url)
        upgrade_to_head(engine)
        began = time.perf_counter()
        user_id = seed_a_year(engine, days)
        seeded = time.perf_counter() - began
        with unit_of_work(engine, read_only=True) as session:
            actor = users.actor_for(session, user_id, dt.datetime.now(dt.UTC), UnitSystem.METRIC)
            report = progress.progress(session, actor)
            program = plans.active_program(session, actor)
        projections = progress.plan_projections(program) if program else None
        app = create_app(Settings(data_dir=Path(tmp) / "data", database_url=url), engine=engine)
        with TestClient(app) as client:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
            assert token is not None
            signed = client.post(
                "/login",
                data={"csrf_token": token.group(1), "email": EMAIL, "password": PASSWORD},
                follow_redirects=False,
            )
            assert signed.status_code == 303, signed.text[:300]
            page = client.get("/progress")
            assert page.status_code == 200 and "<svg" in page.text, page.text[:300]
            size = len(page.content)
            cpu, wall = timed(lambda: client.get("/progress"), runs)

            def cold() -> object:
                for cache in (progress.REPORTS, progress.PAGES, journal.HISTORIES):
                    cache.clear()
                return client.get("/progress")

            cold_cpu, cold_wall = timed(cold, runs)
        engine.dispose()

    chart_cpu, chart_wall = timed(lambda: progress_charts(report, projections), runs)
    print(f"data: {days} days of daily weigh-ins, sets on 3 planned days a week, weekly tape")
    print(f"seeding the database took {seeded:.1f} s; page size {size / 1024:.0f} KiB")
    print(f"runs: {runs} after a warm-up, medians")
    line("GET /progress (server side)", cpu, wall)
    line("GET /progress, nothing cached", cold_cpu, cold_wall)
    line("SVG charts only", chart_cpu, chart_wall)
    if "--old" in sys.argv:
        from gluteus.charts.progress import write_progress_charts

        def old() -> None:
            with tempfile.TemporaryDirectory() as directory:
                write_progress_charts(report, Path(directory), "svg", projections=projections)

        old_cpu, old_wall = timed(old, max(3, runs // 5))
        line("matplotlib SVG files (old)", old_cpu, old_wall)
    verdict = "PASS" if wall <= TARGET_S else "MISS"
    print(
        f"target: page wall ≤ {TARGET_S * 1000:.0f} ms {verdict} (nothing cached: "
        f"{'PASS' if cold_wall <= TARGET_S else 'MISS'})"
    )


if __name__ == "__main__":
    main()
