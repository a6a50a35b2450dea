"""Simulation study of the adaptive-expenditure estimator (issue 10): bias, RMSE, band coverage.

Simulated people (tests/simulated_people.py, held out from the estimator) diet for 9 weeks;
at weeks 3, 6 and 9 each method estimates today's expenditure from the logs so far and is
compared with the person's true expenditure from the dynamic model.

With --closed-loop, issue 24's closed-loop study instead (tests/closed_loop.py, its own
Hall-style truth): people follow every check-in's target for 12 weeks with perfect or realistic
adherence, honest, low or no intake logs, water and menstrual swings and one pounds typo each;
it prints the band coverage per method at weeks 3, 6, 9 and 12, the achieved pace against the
planned one, target changes and reversals, check-ins that lowered a target during loss faster
than safe, and whether the typo (confirmed or corrected) moved any target.

Run: python3 benchmarks/expenditure.py [people] [seed]
     python3 benchmarks/expenditure.py --closed-loop [people] [seed]   (about 2 s CPU a person)
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

from closed_loop import COVERAGE_WEEKS, WEEKS
from closed_loop import SEED as LOOP_SEED
from closed_loop import study as loop_study
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
LOOP_PEOPLE = 100
"""The slow test's study size (tests/domain/energy/test_checkin_closed_loop.py)."""


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


def closed_loop(n: int, seed: int) -> None:
    """Issue 24's closed-loop study (tests/closed_loop.py): coverage, pace, safety, the typo."""
    lo, hi = COVERAGE_TARGET
    t0 = time.perf_counter()
    s = loop_study(n, seed)
    print(f"closed loop, {n} people x {WEEKS} weeks, seed {seed}, {time.perf_counter() - t0:.0f} s")
    print("80 % band coverage of the true expenditure (realistic adherence, a typo each):")
    labels = {
        "intake_and_trend": "intake_and_trend, honest logs",
        "model_offset": "model_offset, no intake logs",
    }
    for method, label in labels.items():
        cells = []
        for week in COVERAGE_WEEKS:
            c = s.coverage[method][week]
            cells.append(f"wk{week} {c:.3f}{'' if lo <= c <= hi else '*'}")
        print(f"  {label:<31} " + "  ".join(cells))
    print(f"  (* outside {lo:.2f}-{hi:.2f}; the check-in used the method in all of them: ", end="")
    print("yes)" if all(v == 1.0 for ws in s.methods_used.values() for v in ws.values()) else "no)")
    print("median width of the 80 % band [kcal/day]:")
    for method, label in labels.items():
        cells = [f"wk{week} {s.band_width[method][week]:5.0f}" for week in COVERAGE_WEEKS]
        print(f"  {label:<31} " + "  ".join(cells))
    shares = s.pace_shares
    verdict = "PASS" if 0.9 <= float(np.mean(shares)) <= 1.1 else "MISS"
    print(
        f"achieved / planned pace, weeks 4-12, perfect adherence: mean {np.mean(shares):.3f} "
        f"(median {np.median(shares):.3f}, min {min(shares):.3f}, max {max(shares):.3f}; "
        f"target 0.9-1.1) {verdict}"
    )
    print(
        f"  realistic adherence: honest loggers {s.honest_pace:.3f}, "
        f"under-loggers {s.underlog_pace:.3f}"
    )
    print(
        f"perfect adherence: target changed at {s.changes} of {n * (WEEKS - 1)} check-ins; "
        f"people with 3+ reversals: {s.people_with_3_reversals} of {n}"
    )
    print(
        f"check-ins lowering a target during loss faster than safe: "
        f"{s.lowered_while_too_fast} of {s.checkins} (target 0)"
    )
    print(
        f"pounds typo questioned at entry: {s.typo_questioned} of {n}; targets moved by it: "
        f"{s.typo_moved_confirmed} confirmed, {s.typo_moved_corrected} corrected (target 0)"
    )
    print(f"genuine weigh-ins questioned: {s.false_questions} of {s.weigh_ins}")
    print(
        f"'intake looks incomplete' at check-ins: under-loggers {s.underlog_flagged:.1%}, "
        f"honest loggers {s.honest_flagged:.1%}"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--closed-loop"]
    if len(args) < len(sys.argv) - 1:
        closed_loop(
            int(args[0]) if args else LOOP_PEOPLE, int(args[1]) if len(args) > 1 else LOOP_SEED
        )
        return
    n = int(args[0]) if args else PEOPLE
    seed = int(args[1]) if len(args) > 1 else SEED
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


if __name__ == "__main__":
    main()
