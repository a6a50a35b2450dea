"""Planner speed: CPU time (time.process_time) beside wall time per plan.

Varied people (level, kit, limitations, days, minutes 15-120) across plan lengths of 1-52
weeks. Each person's plan is built ``repeat`` times after one warm-up build and the median
is kept, so a cold cache or a scheduler hiccup does not pose as planner cost.

Run: python3 benchmarks/plan.py [PEOPLE] [REPEAT]   (targets, 12 weeks: CPU p50 ≤ 10 ms,
p99 ≤ 30 ms)
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from gluteus.domain.catalog import default_catalog
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Equipment, Level, Limitation, Profile, Weekday

WEEKS = (1, 4, 12, 26, 52)
MINUTES = (15, 20, 30, 45, 60, 75, 90, 120)
TARGET_P50_MS = 10.0
TARGET_P99_MS = 30.0


def profiles(count: int, weeks: int = 12, seed: int = 7) -> list[Profile]:
    """Reproducible varied people, all with plans of ``weeks`` weeks."""
    rng = random.Random(seed)
    return [
        Profile(
            sex=rng.choice(["female", "male"]),
            age=rng.randint(18, 80),
            height_cm=rng.uniform(150, 200),
            weight_kg=rng.uniform(50, 140),
            level=rng.choice(list(Level)),
            equipment=rng.sample(list(Equipment), rng.randint(0, 6)),
            limitations=rng.sample(list(Limitation), rng.randint(0, 2)),
            available_days=rng.sample(list(Weekday), rng.randint(2, 7)),
            minutes_per_session=rng.choice(MINUTES),
            weeks=weeks,
            cardio_sandwich=rng.random() < 0.3,
        )
        for _ in range(count)
    ]


def measure(people: list[Profile], repeat: int) -> tuple[list[float], list[float]]:
    """Median CPU and wall milliseconds per person over ``repeat`` builds after a warm-up."""
    catalog = default_catalog()
    cpu_ms, wall_ms = [], []
    for person in people:
        build_program(person, catalog)
        cpu, wall = [], []
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            build_program(person, catalog)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        cpu_ms.append(statistics.median(cpu))
        wall_ms.append(statistics.median(wall))
    return sorted(cpu_ms), sorted(wall_ms)


def percentile(values: list[float], fraction: float) -> float:
    """The value at ``fraction`` of a sorted list (nearest rank)."""
    return values[min(len(values) - 1, int(fraction * len(values)))]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"planner benchmark: {count} people per row, median of {repeat} runs after a warm-up")
    print(f"{'weeks':>5} {'cpu p50':>9} {'cpu p99':>9} {'wall p50':>9} {'wall p99':>9}  [ms]")
    headline: tuple[float, float] | None = None
    for weeks in WEEKS:
        cpu, wall = measure(profiles(count, weeks), repeat)
        p50, p99 = statistics.median(cpu), percentile(cpu, 0.99)
        print(
            f"{weeks:>5} {p50:9.2f} {p99:9.2f} {statistics.median(wall):9.2f} "
            f"{percentile(wall, 0.99):9.2f}"
        )
        if weeks == 12:
            headline = (p50, p99)
    print("minutes (12 weeks):")
    for minutes in MINUTES:
        people = [
            p.model_copy(update={"minutes_per_session": minutes})
            for p in profiles(max(10, count // 4))
        ]
        cpu, _ = measure(people, repeat)
        low, high = statistics.median(cpu), percentile(cpu, 0.99)
        print(f"{minutes:>5} min  cpu p50 {low:7.2f}  p99 {high:7.2f}")
    assert headline is not None
    p50, p99 = headline
    print(
        f"12-week plan CPU p50 {p50:.2f} ms (target ≤ {TARGET_P50_MS:.0f}) "
        f"{'PASS' if p50 <= TARGET_P50_MS else 'MISS'}; "
        f"p99 {p99:.2f} ms (target ≤ {TARGET_P99_MS:.0f}) "
        f"{'PASS' if p99 <= TARGET_P99_MS else 'MISS'}"
    )


if __name__ == "__main__":
    main()
