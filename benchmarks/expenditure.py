"""Simulation study of the adaptive-expenditure estimator (issue 10): bias, RMSE, band coverage.

Simulated people (tests/simulated_people.py, held out from the estimator) diet for 9 weeks;
at weeks 3, 6 and 9 each method estimates today's expenditure from the logs so far and is
compared with the person's true expenditure from the dynamic model.

Then the closed loop of issue 24 (tests/closed_loop.py): people follow every check-in's target
for 12 weeks (perfect adherence, honest logs on 70 % of days, one confirmed pounds typo each);
it prints the achieved pace against the planned one, how often the target changed or reversed,
check-ins that lowered a target during loss faster than safe, and whether the typo moved any
target.

Run: python3 benchmarks/expenditure.py [people] [seed]
"""

from __future__ import annotations

import os

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from closed_loop import WEEKS
from closed_loop import people as loop_people
from closed_loop import run as loop_run
from gluteus.domain.energy.balance import safe_pace_kg_per_week
from gluteus.domain.energy.estimate.expenditure import (
    ExpenditureEstimate,
    estimate_expenditure_from_intake,
    estimate_expenditure_from_model,
    prior_expenditure,
)
from simulated_people import CHECKIN_WEEKS, START, Person, simulate_people

PEOPLE = 400
SEED = 20250303
RMSE_TARGET_KCAL = 120.0
COVERAGE_TARGET = (0.75, 0.85)


def _intake(p: Person, day: int) -> ExpenditureEstimate:
    dates, weights, intake, today, _ = p.checkin(day)
    return estimate_expenditure_from_intake(
        dates, weights, intake, today, fat_kg=p.app_fat_kg, maintenance_kcal=p.app_tdee_kcal
    )


def _intake_alone(p: Person, day: int) -> ExpenditureEstimate:
    dates, weights, intake, today, _ = p.checkin(day)
    return estimate_expenditure_from_intake(dates, weights, intake, today, fat_kg=p.app_fat_kg)


def _model(p: Person, day: int) -> ExpenditureEstimate:
    dates, weights, _, today, _ = p.checkin(day)
    return estimate_expenditure_from_model(p.app_base, START, dates, weights, today, p.plan)


def _prior(p: Person, day: int) -> ExpenditureEstimate:
    return prior_expenditure(
        p.app_tdee_kcal,
        p.weight_kg,
        intake_kcal=p.plan[0].intake_kcal,
        days_on_intake=day,
        fat_kg=p.app_fat_kg,
    )


METHODS: dict[str, Callable[[Person, int], ExpenditureEstimate]] = {
    "intake_and_trend": _intake,
    "intake_and_trend, no TDEE prior": _intake_alone,
    "model_offset": _model,
    "prior": _prior,
}


def study(
    people: list[Person], method: Callable[[Person, int], ExpenditureEstimate], week: int
) -> dict[str, float]:
    """Bias, RMSE, 80 % band coverage and CPU per estimate for one method at one week."""
    day = 7 * week
    errors, covered, widths, cpu = [], [], [], []
    for p in people:
        truth = float(p.true_expenditure_kcal[day])
        t0 = time.process_time()
        est = method(p, day)
        cpu.append(time.process_time() - t0)
        errors.append(est.tdee_kcal - truth)
        covered.append(est.low_kcal <= truth <= est.high_kcal)
        widths.append(est.high_kcal - est.low_kcal)
    err = np.asarray(errors)
    return {
        "n": float(err.size),
        "bias": float(err.mean()),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "coverage": float(np.mean(covered)),
        "width": float(np.median(widths)),
        "cpu_ms": 1e3 * statistics.median(cpu),
    }


def timing(fn: Callable[[], object], repeats: int = 21) -> tuple[float, float]:
    """Median CPU and wall time of one call after a warm-up. [ms]"""
    fn()
    cpu, wall = [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return 1e3 * statistics.median(cpu), 1e3 * statistics.median(wall)


def twelve_weeks(seed: int) -> tuple[float, float, float, float]:
    """CPU and wall time of one estimate over 12 weeks of daily weigh-ins and intake."""
    p = simulate_people(1, seed, days=85)[0]
    truth_days = np.arange(85)
    dates = [START + timedelta(days=int(d)) for d in truth_days]
    rng = np.random.default_rng(seed)
    weights = [float(w) for w in 80.0 - 0.05 * truth_days + rng.normal(0.0, 0.6, 85)]
    intake = {START + timedelta(days=int(d)): 2000.0 for d in truth_days[:-1]}
    today = dates[-1]
    cpu_i, wall_i = timing(
        lambda: estimate_expenditure_from_intake(
            dates, weights, intake, today, fat_kg=25.0, maintenance_kcal=2500.0
        )
    )
    cpu_m, wall_m = timing(
        lambda: estimate_expenditure_from_model(p.app_base, START, dates, weights, today, p.plan)
    )
    return cpu_i, wall_i, cpu_m, wall_m


def closed_loop() -> None:
    """The issue 24 closed loop: pace, target changes and reversals, safety, the typo."""
    t0 = time.perf_counter()
    shares, changes, reversals, unsafe, typo_moves, checkins = [], 0, [], 0, 0, 0
    for profile, program, truth, rng in loop_people():
        state = rng.bit_generator.state
        typo_day = int(rng.integers(20, 7 * WEEKS - 7))
        clean = loop_run(profile, program, truth, rng, typo_day=None)
        rng.bit_generator.state = state
        rng.integers(20, 7 * WEEKS - 7)
        typo = loop_run(profile, program, truth, rng, typo_day=typo_day)
        rng.bit_generator.state = state
        rng.integers(20, 7 * WEEKS - 7)
        dropped = loop_run(profile, program, truth, rng, typo_day=None, drop_day=typo_day)
        lost = clean.weights_kg[28] - clean.weights_kg[-1]
        shares.append(lost / ((len(clean.weights_kg) - 1 - 28) / 7) / clean.planned_pace)
        steps = np.diff([program.calories.target_kcal, *clean.targets])
        moved = steps[steps != 0]
        changes += len(moved)
        checkins += len(steps)
        reversals.append(int(np.sum(np.diff(np.sign(moved)) != 0)) if len(moved) > 1 else 0)
        for view in clean.views + typo.views:
            rate = view.trend.rate_kg_per_week
            fast = rate is not None and rate < -safe_pace_kg_per_week(view.trend.weight_kg)
            unsafe += int(fast and view.target.change_kcal < 0)
        typo_moves += int(typo.targets != dropped.targets)
    n = len(shares)
    print(f"closed loop, {n} people x 12 weeks in {time.perf_counter() - t0:.1f} s:")
    verdict = "PASS" if 0.9 <= float(np.mean(shares)) <= 1.1 else "MISS"
    print(
        f"  achieved / planned pace, weeks 4-12: mean {np.mean(shares):.3f} "
        f"(min {min(shares):.3f}, max {max(shares):.3f}; target 0.9-1.1) {verdict}"
    )
    print(
        f"  target changed at {changes} of {checkins} check-ins; people with 3+ reversals: "
        f"{sum(r >= 3 for r in reversals)} of {n}"
    )
    print(f"  check-ins lowering a target during loss faster than safe: {unsafe} (target 0)")
    print(f"  people whose pounds typo moved a target: {typo_moves} (target 0)")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else PEOPLE
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else SEED
    lo, hi = COVERAGE_TARGET
    t0 = time.perf_counter()
    people = simulate_people(n, seed)
    print(f"{n} simulated people (seed {seed}) in {time.perf_counter() - t0:.2f} s")
    print(
        f"{'method':<32} {'week':>4} {'n':>5} {'bias':>7} {'RMSE':>7} {'cover80':>8} "
        f"{'width':>7} {'CPU/est':>8}  check"
    )
    for name, method in METHODS.items():
        for week in CHECKIN_WEEKS:
            r = study(people, method, week)
            checks = []
            if name != "prior":
                checks.append("cover " + ("PASS" if lo <= r["coverage"] <= hi else "MISS"))
            if name == "intake_and_trend" and week == 6:
                checks.append("RMSE " + ("PASS" if r["rmse"] <= RMSE_TARGET_KCAL else "MISS"))
            print(
                f"{name:<32} {week:>4} {int(r['n']):>5} {r['bias']:>7.1f} {r['rmse']:>7.1f} "
                f"{r['coverage']:>8.3f} {r['width']:>7.0f} {r['cpu_ms']:>6.1f}ms  "
                + ", ".join(checks)
            )
    cpu_i, wall_i, cpu_m, wall_m = twelve_weeks(seed)
    print("one estimate over 12 weeks of daily data (median of 21 after a warm-up):")
    verdict = "PASS" if cpu_i < 50.0 else "MISS"
    print(
        f"  intake_and_trend: CPU {cpu_i:.1f} ms, wall {wall_i:.1f} ms (target < 50 ms) {verdict}"
    )
    print(f"  model_offset:     CPU {cpu_m:.1f} ms, wall {wall_m:.1f} ms")
    print("bias and RMSE in kcal/day; width = median width of the 80 % band; cover80 = share of")
    print(f"true values inside the 80 % band (target {lo:.2f}-{hi:.2f}).")
    closed_loop()


if __name__ == "__main__":
    main()
