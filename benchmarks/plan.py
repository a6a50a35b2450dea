"""Planner speed: plans per second and p50/p99 latency for 12-week plans over varied people.

Run: python3 benchmarks/plan.py [N]   (targets: p50 ≤ 10 ms, p99 ≤ 30 ms)
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from gluteus.domain.catalog import default_catalog
from gluteus.domain.planner import build_program
from gluteus.domain.profile import Equipment, Level, Limitation, Profile, Weekday


def profiles(count: int, seed: int = 7) -> list[Profile]:
    rng = random.Random(seed)
    people = []
    for _ in range(count):
        people.append(
            Profile(
                sex=rng.choice(["female", "male"]),
                age=rng.randint(18, 80),
                height_cm=rng.uniform(150, 200),
                weight_kg=rng.uniform(50, 140),
                level=rng.choice(list(Level)),
                equipment=rng.sample(list(Equipment), rng.randint(0, 6)),
                limitations=rng.sample(list(Limitation), rng.randint(0, 2)),
                available_days=rng.sample(list(Weekday), rng.randint(2, 7)),
                minutes_per_session=rng.choice([20, 30, 45, 60, 75, 90]),
                weeks=12,
                cardio_sandwich=rng.random() < 0.3,
            )
        )
    return people


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    catalog = default_catalog()
    people = profiles(count)
    build_program(people[0], catalog)  # warm caches
    latencies = []
    start = time.perf_counter()
    for person in people:
        t0 = time.perf_counter()
        build_program(person, catalog)
        latencies.append((time.perf_counter() - t0) * 1000)
    total = time.perf_counter() - start
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    print(f"plans: {count}, 12 weeks each, catalog of {len(catalog)} exercises")
    print(f"plans/second: {count / total:8.1f}")
    print(f"p50 latency : {p50:8.2f} ms  (target ≤ 10 ms) {'PASS' if p50 <= 10 else 'MISS'}")
    print(f"p99 latency : {p99:8.2f} ms  (target ≤ 30 ms) {'PASS' if p99 <= 30 else 'MISS'}")
    print(f"max latency : {latencies[-1]:8.2f} ms")


if __name__ == "__main__":
    main()
