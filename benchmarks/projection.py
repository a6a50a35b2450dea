"""Benchmark of the dynamic body-weight model (issue 3): prints measured numbers vs targets.

Run: python3 benchmarks/projection.py
"""

from __future__ import annotations

import os

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import statistics
import time
import timeit

import numpy as np
from scipy.integrate import solve_ivp

from gluteus.domain.energy import bodyweight as bw

N_PEOPLE = 100_000
DAYS = 365
SAMPLE = 300


def population(n: int, seed: int = 0) -> tuple[bw.Baseline, np.ndarray]:
    rng = np.random.default_rng(seed)
    sexes = np.where(rng.random(n) < 0.5, "male", "female").tolist()
    base = bw.baseline(
        sexes,
        rng.uniform(18, 80, n),
        rng.uniform(150, 200, n),
        rng.uniform(45, 150, n),
        rng.uniform(1.4, 2.2, n),
    )
    return base, rng.uniform(-1000, 500, n)


def reference_rhs(base: bw.Baseline, i: int, intake: float):  # type: ignore[no-untyped-def]
    """The BWP equations written literally (bodymodel.js), for one person."""
    ei0 = float(base.intake_kcal[i])
    k = float(base.k_kcal[i])
    delta = float(base.delta[i])
    ci = 0.5 * intake
    k_g = 0.5 * ei0 / 0.25
    sodium = 4000.0 * intake / ei0

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        f, lean, g, ecf, therm = y
        carbflux = ci - k_g * g * g
        weight = f + lean + 3.7 * (g - 0.5) + ecf
        expend = k + 22.0 * lean + 3.2 * f + delta * weight + therm + 0.1 * intake
        p = bw.FORBES_C_PRIME / (bw.FORBES_C_PRIME + f)
        e = (1 - p) * 180.0 / 9440.0 + p * 230.0 / 1807.0
        tee = (expend + (intake - carbflux) * e) / (1 + e)
        imbalance = intake - tee - carbflux
        return [
            (1 - p) * imbalance / 9440.0,
            p * imbalance / 1807.0,
            carbflux / 4180.0,
            (sodium - 4000.0 - 3000.0 * ecf - 4000.0 * (1 - ci / (0.5 * ei0))) / 3220.0,
            (0.14 * intake - therm) / 14.0,
        ]

    y0 = [float(base.fat_kg[i]), float(base.lean_kg[i]), 0.5, 0.0, 0.14 * ei0]
    return rhs, y0


def main() -> None:
    rows: list[tuple[str, float, str, str, bool]] = []

    one = bw.baseline("female", 30, 165, 65, 1.6)
    phases = [bw.Phase(0, -500.0)]
    bw.simulate(one, 1095, phases)
    runs = timeit.repeat(lambda: bw.simulate(one, 1095, phases), number=20, repeat=7)
    single_ms = statistics.median(runs) / 20 * 1e3
    rows.append(("one person, 3 years daily (median)", single_ms, "ms", "≤ 2 ms", single_ms <= 2))

    base, change = population(N_PEOPLE)
    t0 = time.perf_counter()
    batch = bw.simulate(base, DAYS, [bw.Phase(0, change)], keep_days=False)
    batch_s = time.perf_counter() - t0
    rows.append(("100,000 people × 365 days", batch_s, "s", "≤ 1.5 s", batch_s <= 1.5))

    rng = np.random.default_rng(1)
    sample = rng.choice(N_PEOPLE, SAMPLE, replace=False)
    diffs = []
    t0 = time.perf_counter()
    for i in sample:
        intake = float(base.intake_kcal[i] + change[i])
        rhs, y0 = reference_rhs(base, int(i), intake)
        sol = solve_ivp(rhs, (0.0, DAYS), y0, method="RK45", rtol=1e-8, atol=1e-10)
        f, lean, g, ecf, _ = sol.y[:, -1]
        diffs.append(abs(f + lean + 3.7 * (g - 0.5) + ecf - batch.weight_kg[i, -1]))
    per_person = (time.perf_counter() - t0) / SAMPLE
    ref_total = per_person * N_PEOPLE
    speedup = ref_total / batch_s
    rows.append(
        (f"solve_ivp RK45 reference (extrapolated from {SAMPLE})", ref_total, "s", "–", True)
    )
    rows.append(("speed-up vs solve_ivp", speedup, "×", "≥ 200×", speedup >= 200))
    max_diff = max(diffs)
    rows.append(("largest final-weight difference", max_diff, "kg", "≤ 0.05 kg", max_diff <= 0.05))

    print(f"{'measure':<48} {'value':>12}  {'target':<10} result")
    for name, value, unit, target, ok in rows:
        verdict = "PASS" if ok else "MISS"
        verdict = "" if target == "–" else verdict
        print(f"{name:<48} {value:>10.4g} {unit:<2} {target:<10} {verdict}")


if __name__ == "__main__":
    main()
