"""Simulation study: on held-out simulated dieters the 80 % band holds the truth 75-85 % of times.

The people come from tests/simulated_people.py (the dynamic model plus carried-over water
swings, scale noise, missing weigh-ins, noisy and missing intake logs); the estimator never sees
that module. Same seed and size as ``benchmarks/expenditure.py``, which prints the full table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from gluteus.domain.energy.estimate.expenditure import (
    estimate_expenditure_from_intake,
    estimate_expenditure_from_model,
)
from simulated_people import CHECKIN_WEEKS, START, Person, simulate_people

PEOPLE = 400
SEED = 20250303
COVERAGE = (0.75, 0.85)
"""Issue 10: the 80 % band covers the truth 75-85 % of the time at weeks 3, 6 and 9."""
RMSE_WEEK_6_KCAL = 120.0
"""Issue 10: RMSE ≤ 120 kcal/day at week 6 with daily intake logs."""
BIAS_KCAL = {"intake_and_trend": 40.0, "model_offset": 60.0}
"""Our tolerance on the mean error (≈ 4 standard errors of the mean at week 3; the model-offset
estimate runs 10-50 kcal/day low at week 3 across seeds, from the app's model of the person)."""


@dataclass(frozen=True)
class Result:
    bias: float
    rmse: float
    coverage: float


def _score(errors: list[float], covered: list[bool]) -> Result:
    err = np.asarray(errors)
    return Result(float(err.mean()), float(np.sqrt(np.mean(err**2))), float(np.mean(covered)))


def _study(people: list[Person]) -> dict[tuple[str, int], Result]:
    out = {}
    for week in CHECKIN_WEEKS:
        day = 7 * week
        errors: dict[str, list[float]] = {"intake_and_trend": [], "model_offset": []}
        covered: dict[str, list[bool]] = {"intake_and_trend": [], "model_offset": []}
        for p in people:
            dates, weights, intake, today, truth = p.checkin(day)
            for est in (
                estimate_expenditure_from_intake(
                    dates,
                    weights,
                    intake,
                    today,
                    fat_kg=p.app_fat_kg,
                    maintenance_kcal=p.app_tdee_kcal,
                ),
                estimate_expenditure_from_model(p.app_base, START, dates, weights, today, p.plan),
            ):
                errors[est.method].append(est.tdee_kcal - truth)
                covered[est.method].append(est.low_kcal <= truth <= est.high_kcal)
        for method in errors:
            out[method, week] = _score(errors[method], covered[method])
    return out


SLOW = pytest.mark.slow
"""The study behind the tests that use ``results`` takes about two minutes (the slowest in
the suite); ``benchmarks/expenditure.py`` prints the same table."""


@pytest.fixture(scope="module")
def people() -> list[Person]:
    return simulate_people(PEOPLE, SEED)


@pytest.fixture(scope="module")
def results(people: list[Person]) -> dict[tuple[str, int], Result]:
    return _study(people)


@SLOW
@pytest.mark.parametrize("week", CHECKIN_WEEKS)
def test_intake_band_covers_the_truth_80_percent_of_the_time(
    results: dict[tuple[str, int], Result], week: int
) -> None:
    r = results["intake_and_trend", week]
    assert COVERAGE[0] <= r.coverage <= COVERAGE[1], r


@SLOW
def test_intake_estimate_rmse_at_week_6(results: dict[tuple[str, int], Result]) -> None:
    r = results["intake_and_trend", 6]
    assert r.rmse <= RMSE_WEEK_6_KCAL, r


@SLOW
@pytest.mark.parametrize("method", ["intake_and_trend", "model_offset"])
@pytest.mark.parametrize("week", CHECKIN_WEEKS)
def test_estimates_are_unbiased(
    results: dict[tuple[str, int], Result], method: str, week: int
) -> None:
    assert abs(results[method, week].bias) <= BIAS_KCAL[method], results[method, week]


@SLOW
@pytest.mark.parametrize("week", CHECKIN_WEEKS)
def test_model_offset_band_is_honest(results: dict[tuple[str, int], Result], week: int) -> None:
    # Never overconfident; at week 3 it may be a little wide (it leans on the 15 % equation
    # prior, a bit wider than the simulated people's ~14 % equation error).
    high = 0.88 if week == 3 else COVERAGE[1]
    r = results["model_offset", week]
    assert COVERAGE[0] <= r.coverage <= high, r


def test_simulated_weigh_ins_carry_over_and_miss_days(people: list[Person]) -> None:
    # The simulator does what the study claims: scatter 0.5-0.8 kg (plus the model's own
    # intake-driven fluid), correlated from one day to the next, 20-40 % of days missing.
    lag1, spread, missing, unlogged = [], [], [], []
    for p in people[:100]:
        dates, weights, intake, _, _ = p.checkin(63)
        days = np.array([(d - START).days for d in dates])
        trend = np.polyval(np.polyfit(days, weights, 2), days)
        resid = np.asarray(weights) - trend
        pairs = np.nonzero(np.diff(days) == 1)[0]
        lag1.append(np.corrcoef(resid[pairs], resid[pairs + 1])[0, 1])
        spread.append(resid.std())
        missing.append(1.0 - days.size / 64)
        unlogged.append(1.0 - len(intake) / 63)
    assert 0.3 < float(np.mean(lag1)) < 0.8
    assert 0.45 < float(np.mean(spread)) < 0.9
    assert 0.2 < float(np.mean(missing)) < 0.4
    assert 0.05 < float(np.mean(unlogged)) < 0.25


def test_estimator_does_not_see_the_simulator() -> None:
    domain = Path(__file__).resolve().parents[3] / "src" / "gluteus" / "domain"
    for path in domain.glob("*.py"):
        assert "simulated_people" not in path.read_text("utf-8"), path.name
