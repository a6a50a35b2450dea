"""Start-up and everyday CLI speed, as whole processes, the way a person runs them.

Run: python3 benchmarks/cli.py [RUNS]

Each command runs once to warm up (which also writes bytecode caches, as on a person's
machine: PYTHONDONTWRITEBYTECODE is cleared for the children), then RUNS times; the table
shows the median wall time and the median CPU time (user + system) of the child process.
`python3 -c "import typer"` is measured in the same run, so the ratio holds on a noisy
machine. Targets: `--help` ≤ 250 ms and ≤ 2× the typer import; `exercises list --json`
≤ 400 ms; `log weight` ≤ 700 ms; `progress` with a year of daily logs ≤ 1.0 s (SQLite).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GLUTEUS = [sys.executable, "-m", "gluteus"]
TARGETS_MS = {"--help": 250.0, "exercises list --json": 400.0, "log weight": 700.0,
              "progress (1 year)": 1000.0}  # fmt: skip


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        message = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed: {message}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds after one warm-up run."""
    run(argv, env)
    samples = [run(argv, env) for _ in range(runs)]
    return (
        1000 * statistics.median(s[0] for s in samples),
        1000 * statistics.median(s[1] for s in samples),
    )


def seed_a_year(data_dir: Path) -> None:
    """A 52-week plan started a year ago and about six logged sets on every planned day."""
    from gluteus.cli.runtime import machine_timezone
    from gluteus.db.engine import open_database, unit_of_work
    from gluteus.domain.units import UnitSystem
    from gluteus.services import journal, plans, users

    os.environ["GLUTEUS_DATABASE_URL"] = f"sqlite:///{data_dir / 'gluteus.db'}"
    engine = open_database()
    now = dt.datetime.now(dt.UTC)
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, "local", timezone=machine_timezone())
        actor = users.actor_for(session, user_id, now, UnitSystem.METRIC)
        start = actor.today - dt.timedelta(days=364)
        profile = plans.example_profile().model_copy(update={"weeks": 52})
        program = plans.make_plan(session, actor, plans.PlanRequest(profile=profile,
                                                                    start_date=start))  # fmt: skip
    for offset in range(365):
        day = start + dt.timedelta(days=offset)
        with unit_of_work(engine) as session:
            journal.log_weight(
                session, actor, journal.WeightInput(weight_kg=72 - offset / 100, date=day)
            )
            planned = program.day_for(day)
            if planned is None:
                continue
            main = [e for s in planned.sessions for e in s.exercises if e.role.value == "main"]
            for exercise in main[:3]:
                journal.log_sets(session, actor, journal.SetsInput(
                    exercise_id=exercise.id, reps=[exercise.reps_max] * 2,
                    last_two_hard=True, date=day))  # fmt: skip
    engine.dispose()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    home = Path(tempfile.mkdtemp(prefix="gluteus-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        GLUTEUS_DATA_DIR=str(home / "empty"),
        GLUTEUS_DATABASE_URL=f"sqlite:///{home / 'empty' / 'gluteus.db'}",
    )
    year = home / "year"
    year.mkdir()
    seed_a_year(year)
    year_env = {**env, "GLUTEUS_DATA_DIR": str(year),
                "GLUTEUS_DATABASE_URL": f"sqlite:///{year / 'gluteus.db'}"}  # fmt: skip
    cases = [
        ('python3 -c "import typer"', [sys.executable, "-c", "import typer"], env),
        ("--help", [*GLUTEUS, "--help"], env),
        ("exercises list --json", [*GLUTEUS, "exercises", "list", "--json"], env),
        ("log weight", [*GLUTEUS, "log", "weight", "70kg"], env),
        ("progress (1 year)", [*GLUTEUS, "progress"], year_env),
    ]
    results = {name: measure(argv, case_env, runs) for name, argv, case_env in cases}
    print(f"median of {runs} runs after a warm-up; wall and child CPU in ms")
    print(f"{'command':28} {'wall':>8} {'cpu':>8} {'target':>8}")
    for name, (wall, cpu) in results.items():
        target = TARGETS_MS.get(name)
        mark = "" if target is None else f"{target:8.0f}" + (" ok" if wall <= target else " MISS")
        print(f"{name:28} {wall:8.0f} {cpu:8.0f} {mark}")
    typer_wall = results['python3 -c "import typer"'][0]
    ratio = results["--help"][0] / typer_wall
    print(f"--help / typer import: {ratio:.2f}× (target ≤ 2×)")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
