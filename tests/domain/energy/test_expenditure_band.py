"""The intake-and-trend band narrows as weeks of logs accrue (issue 24's band calibration).

The closed-loop study (tests/domain/energy/test_checkin_closed_loop.py, ``slow``) judges the
band's coverage; these quick tests hold the property behind it: nothing in the band stays
fixed while the evidence grows beyond what today's unknown meals add
(:func:`gluteus.domain.energy.estimate.intake_balance.todays_intake_sd`).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from gluteus.domain.energy.bodyweight import baseline, simulate
from gluteus.domain.energy.estimate.expenditure import (
    ExpenditureEstimate,
    estimate_expenditure_from_intake,
)
from gluteus.domain.energy.estimate.intake_balance import LOG_ERROR_FRACTION, todays_intake_sd
from gluteus.domain.profile import Sex

START = date(2026, 1, 5)
WEEKS = (3, 6, 9, 12)
SEEDS = (1, 2, 3, 4)
SHRINK_6_TO_12 = 0.7
"""Twice the weeks of logs: the band's width at week 12 over week 6 at most this, averaged over
the seeds (0.63 here; a band that stopped narrowing would sit near 1, and a straight-line
fit's slope through white noise would fall to 0.35)."""


def _logs(seed: int) -> tuple[list[date], list[float], dict[date, float], float]:
    """A 95 kg man cutting 600 kcal/day for 12 weeks, weighing in and logging like a person.

    AR(1) water swing (SD 0.6 kg, carry-over 0.6), 20 % of mornings unweighed, 30 % of days
    unlogged, each logged day 10 % off; the fat mass for the energy density.
    """
    days = 7 * WEEKS[-1]
    base = baseline(Sex.MALE, 40, 180, 95, 1.6)
    rng = np.random.default_rng(seed)
    eaten = (float(base.intake_kcal[0]) - 600.0) * np.exp(rng.normal(0.0, 0.12, days + 1))
    run = simulate(base, days + 1, intake_kcal_per_day=eaten)
    swing = np.empty(days + 1)
    swing[0] = rng.normal(0.0, 0.6)
    for d in range(1, days + 1):
        swing[d] = 0.6 * swing[d - 1] + rng.normal(0.0, 0.6 * math.sqrt(1.0 - 0.36))
    weighed = [d for d in range(days + 1) if d == 0 or rng.random() > 0.2]
    dates = [START + timedelta(days=d) for d in weighed]
    weights = [round(float(run.weight_kg[0, d] + swing[d]), 1) for d in weighed]
    intake = {
        START + timedelta(days=d): float(round(eaten[d] * np.exp(rng.normal(0.0, 0.1)), -1))
        for d in range(days)
        if rng.random() > 0.3
    }
    return dates, weights, intake, float(base.fat_kg[0])


def _widths(seed: int) -> list[float]:
    dates, weights, intake, fat = _logs(seed)
    out = []
    for week in WEEKS:
        today = START + timedelta(days=7 * week)
        est: ExpenditureEstimate = estimate_expenditure_from_intake(
            [d for d in dates if d <= today],
            [w for d, w in zip(dates, weights, strict=True) if d <= today],
            {d: kcal for d, kcal in intake.items() if d < today},
            today,
            fat_kg=fat,
            maintenance_kcal=2900.0,
        )
        out.append(est.high_kcal - est.low_kcal)
    return out


@pytest.fixture(scope="module")
def widths() -> np.ndarray:
    return np.array([_widths(seed) for seed in SEEDS])


def test_the_band_narrows_with_every_few_weeks_of_logs(widths: np.ndarray) -> None:
    mean = widths.mean(axis=0)
    assert np.all(np.diff(mean) < 0), mean
    ratio = float(np.mean(widths[:, 3] / widths[:, 1]))
    assert ratio <= SHRINK_6_TO_12, (ratio, mean)


def _days(values: list[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)


def test_a_logged_today_carries_only_its_logging_error() -> None:
    assert todays_intake_sd(_days([2000.0, np.nan, 2400.0])) == pytest.approx(240.0)


def test_steady_logs_leave_no_doubt_about_today() -> None:
    assert todays_intake_sd(_days([2000.0] * 20 + [np.nan])) == 0.0


def test_todays_intake_is_the_persons_own_scatter_without_the_logging_error() -> None:
    # True intake scatters 15 % around 2,000 kcal, logs add 10 %: today is about 300 kcal
    # from its fill (and a little more for the fill's own error), not the 360 kcal spread of
    # the logged values.
    rng = np.random.default_rng(7)
    true = 2000.0 * (1.0 + rng.normal(0.0, 0.15, 120))
    logged = true * np.exp(rng.normal(0.0, LOG_ERROR_FRACTION, 120))
    logged[rng.random(120) < 0.3] = np.nan
    logged[-1] = np.nan
    sd = todays_intake_sd(logged)
    assert 290.0 < sd < 360.0
    assert sd < float(np.nanstd(logged))


def test_a_target_changed_weeks_ago_is_not_scatter() -> None:
    # 2,500 kcal for a month, then 2,000: the spread of all logs is about 250 kcal, but each
    # day is close to the days around it.
    rng = np.random.default_rng(3)
    logged = np.concatenate([np.full(30, 2500.0), np.full(30, 2000.0), [np.nan]])
    logged[:-1] *= np.exp(rng.normal(0.0, 0.03, 60))
    assert todays_intake_sd(logged) < 100.0
