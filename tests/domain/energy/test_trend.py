"""The centred weight trend: no lag on a steady loss, exact on lines, robust, equal to LOWESS."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from gluteus.domain.energy.trend import TrendInputError, _half_widths, local_linear_trend
from gluteus.domain.history import WeightEntry
from gluteus.domain.progress import TREND_HALF_WINDOW_DAYS, weekly_rate_kg, weight_trend

Floats = NDArray[np.float64]
START = dt.date(2024, 1, 1)

MEAN_ERROR_BOUND_KG = 0.1
"""Largest mean error (bias, lag included) allowed at mid-series and at the last day. [kg]"""
RMSE_MID_BOUND_KG = 0.25
RMSE_END_BOUND_KG = 0.4
"""Largest root-mean-square error at mid-series and at the last day (noise SD 0.6 kg). [kg]"""


def _old_ewma(days: NDArray[np.int64], values: Floats, alpha: float = 0.1) -> Floats:
    """The trailing 10 %-a-day average this replaced (gaps filled by straight lines)."""
    grid = np.arange(days[0], days[-1] + 1)
    filled = np.interp(grid, days, values)
    trend = np.empty(len(grid))
    level = filled[0]
    for i, value in enumerate(filled):
        level += alpha * (value - level)
        trend[i] = level
    return trend


def _steady_loss_errors(
    smoother: object, kg_per_week: float, seeds: int = 150
) -> tuple[Floats, Floats]:
    """Trend minus truth at day 60 and on the last day (119) over many simulated people.

    Daily weigh-ins with noise SD 0.6 kg and about 20 % of days missed (first and last kept).
    """
    rng = np.random.default_rng(20240101)
    mid, end = [], []
    all_days = np.arange(120)
    for _ in range(seeds):
        keep = rng.random(120) < 0.8
        keep[[0, -1]] = True
        days = all_days[keep]
        truth = 80.0 - kg_per_week / 7.0 * all_days
        values = truth[keep] + rng.normal(0.0, 0.6, len(days))
        trend = smoother(days, values)  # type: ignore[operator]
        mid.append(trend[60] - truth[60])
        end.append(trend[-1] - truth[-1])
    return np.array(mid), np.array(end)


def _within_bounds(mid: Floats, end: Floats) -> bool:
    rmse = lambda e: float(np.sqrt(np.mean(e**2)))  # noqa: E731
    return (
        abs(mid.mean()) <= MEAN_ERROR_BOUND_KG
        and abs(end.mean()) <= MEAN_ERROR_BOUND_KG
        and rmse(mid) <= RMSE_MID_BOUND_KG
        and rmse(end) <= RMSE_END_BOUND_KG
    )


def _centred(days: NDArray[np.int64], values: Floats) -> Floats:
    return local_linear_trend(days, values, TREND_HALF_WINDOW_DAYS)


@pytest.mark.parametrize("kg_per_week", [0.5, 0.75, 1.0])
def test_no_lag_during_a_steady_loss(kg_per_week: float) -> None:
    mid, end = _steady_loss_errors(_centred, kg_per_week)
    assert _within_bounds(mid, end), (mid.mean(), end.mean())
    # The trailing average this replaced fails the same bounds: it trails by 9 days of loss.
    old_mid, old_end = _steady_loss_errors(_old_ewma, kg_per_week)
    assert not _within_bounds(old_mid, old_end)
    assert old_end.mean() == pytest.approx(9 * kg_per_week / 7, rel=0.15)


def test_weekly_rate_is_unbiased_and_steady() -> None:
    rng = np.random.default_rng(5)
    errors = []
    for _ in range(60):
        entries = [
            WeightEntry(date=START + dt.timedelta(days=n), weight_kg=80 - 0.07 * n + noise)
            for n in range(120)
            if rng.random() < 0.6 or n in (0, 119)
            for noise in [rng.normal(0.0, 0.6)]
        ]
        rate = weekly_rate_kg(weight_trend(entries))
        assert rate is not None
        errors.append(rate + 0.49)
    assert abs(np.mean(errors)) <= 0.05
    assert np.std(errors) <= 0.15


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 200), min_size=2, max_size=80, unique=True),
    st.floats(-0.3, 0.3),
    st.integers(1, 30),
)
def test_exact_on_any_straight_line(days: list[int], slope: float, half: int) -> None:
    x = np.array(sorted(days))
    trend = local_linear_trend(x, 70.0 + slope * x, half)
    grid = np.arange(x[0], x[-1] + 1)
    np.testing.assert_allclose(trend, 70.0 + slope * grid, atol=1e-8)


def _reference(x: NDArray[np.int64], y: Floats, half: int, passes: int) -> Floats:
    """Weighted least squares solved window by window (slow, obviously right)."""
    grid = np.arange(x[0], x[-1] + 1)
    widths, kth = _half_widths(grid, x, half)
    rows = [i for i, t in enumerate(grid) if kth[i] <= widths[i] or t in set(x.tolist())]

    def fit(robust: Floats) -> Floats:
        out = np.full(len(grid), np.nan)
        for i in rows:
            t, width = grid[i], max(widths[i], kth[i])
            u = np.abs(x - t) / (width + 1.0)
            k = np.where(u < 1, (1 - u**3) ** 3, 0.0) * robust
            if k.sum() <= 1e-12:
                continue
            design = np.stack([np.ones(len(x)), x - t], axis=1)
            a = design.T @ (k[:, None] * design)
            if np.linalg.cond(a) > 1e9:
                out[i] = float((k * y).sum() / k.sum())
            else:
                out[i] = float(np.linalg.solve(a, design.T @ (k * y))[0])
        return out

    fitted = fit(np.ones(len(x)))
    for _ in range(passes if len(x) > 3 else 0):
        residual = y - fitted[x - x[0]]
        scale = np.median(np.abs(residual))
        if scale <= 1e-12:
            break
        u = np.abs(residual) / (6 * scale)
        refit = fit(np.where(u < 1, (1 - u**2) ** 2, 0.0))
        fitted = np.where(np.isnan(refit), fitted, refit)
    return np.interp(grid, grid[rows], fitted[rows])


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 150), min_size=1, max_size=50, unique=True),
    st.integers(1, 20),
    st.integers(0, 2**32 - 1),
)
def test_equals_window_by_window_least_squares(days: list[int], half: int, seed: int) -> None:
    x = np.array(sorted(days))
    y = 70 + np.random.default_rng(seed).normal(0, 1, len(x))
    expected = y if len(x) == 1 else _reference(x, y, half, 2)
    np.testing.assert_allclose(local_linear_trend(x, y, half), expected, atol=1e-8)


def test_one_odd_reading_barely_moves_the_trend() -> None:
    rng = np.random.default_rng(2)
    x = np.arange(60)
    y = 70 + rng.normal(0, 0.3, 60)
    clean = local_linear_trend(x, y)
    y[30] += 6.0  # a mistyped reading
    assert np.max(np.abs(local_linear_trend(x, y) - clean)) < 0.05
    assert np.max(np.abs(local_linear_trend(x, y, robustness_passes=0) - clean)) > 0.2


def test_gaps_are_bridged_and_ends_follow_the_readings() -> None:
    x = np.array([0, 1, 2, 3, 90, 91, 92])
    y = np.array([80.0, 80.1, 79.9, 80.0, 77.0, 77.1, 76.9])
    trend = local_linear_trend(x, y)
    assert len(trend) == 93
    assert np.all(np.isfinite(trend))
    assert trend[0] == pytest.approx(80.0, abs=0.2)
    assert trend[-1] == pytest.approx(77.0, abs=0.2)
    assert 77.0 < trend[45] < 80.0


@pytest.mark.parametrize(
    ("days", "values", "half", "field"),
    [
        ([], [], 14, "day"),
        ([0, 0], [70.0, 71.0], 14, "day"),
        ([1, 0], [70.0, 71.0], 14, "day"),
        ([0, 1], [70.0, float("nan")], 14, "value"),
        ([0, 1], [70.0, 71.0], 0, "half_window_days"),
    ],
)
def test_bad_input_names_the_field(
    days: list[int], values: list[float], half: int, field: str
) -> None:
    with pytest.raises(TrendInputError, match=f"^{field}: "):
        local_linear_trend(days, values, half)
