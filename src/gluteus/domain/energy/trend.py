"""A centred trend through noisy, gappy daily readings: robust local linear regression (LOWESS).

A trailing average (such as the 10 %-a-day exponential average of The Hacker's Diet) lags a
steady change by its mean age: at 0.5-1 kg a week that is 0.6-1.3 kg behind the truth, all
the way along. A local linear fit centred on each day has no such lag: on a straight line it
is exact, in the middle and at the ends alike, and its error comes only from the noise and
from how much the line bends within the window (Fan and Gijbels 1996).

For each day ``t`` of the grid the readings within ``h(t)`` days are fitted by a straight line
with tricube weights ``(1 − (|x − t| / (h + 1))³)³``, and the line's value at ``t`` is the
trend. The half-width ``h(t)`` is the chosen half window in the middle of the series; near
either end it grows so that the window always spans ``2 × half window`` days of data (the
last day uses the last ``2 × half window`` days, one-sided), which keeps the ends about as
steady as the middle as LOWESS's nearest-neighbour span does (Cleveland 1979). A day whose
window holds fewer than three readings lies inside a gap: a reading day there widens its
window until it holds three, and the days between take the straight line between their
fitted neighbours, so a gap is bridged rather than extrapolated from one side. Two
robustness passes then down-weight readings far from the fit (bisquare weights on residuals
over six median absolute residuals, Cleveland 1979), so one mistyped or unusual reading
barely moves the line.

Pure numpy, vectorised over the grid: a year of daily readings takes under a millisecond.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

MIN_READINGS = 3
"""Readings a window must hold; it widens until it does. [-]"""
ROBUSTNESS_PASSES = 2
"""Bisquare re-weighting passes after the first fit (Cleveland 1979 uses two). [-]"""
BISQUARE_SCALE = 6.0
"""Residuals are scaled by this many median absolute residuals (Cleveland 1979). [-]"""

REFERENCES = (
    "[1] Cleveland W.S., Robust locally weighted regression and smoothing scatterplots, "
    "J. Am. Stat. Assoc. 74(368):829-836, 1979. doi:10.1080/01621459.1979.10481038",
    "[2] Fan J., Gijbels I., Local Polynomial Modelling and Its Applications, Chapman & "
    "Hall, 1996 (local linear fits carry no extra bias at the boundary).",
)


class TrendInputError(ValueError):
    """A trend input is out of range; the message starts with the field name."""


def _half_widths(
    grid: NDArray[np.int64], x: NDArray[np.int64], half_window: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Half-width per grid day and the distance to its MIN_READINGS-th nearest reading.

    The half-width is ``half_window`` in the middle and grows towards either end so the
    window keeps spanning ``2 × half_window`` days of data (never more than the series).
    """
    first, last = int(x[0]), int(x[-1])
    span = 2 * half_window
    from_start = np.maximum(half_window, first + span - grid)
    from_end = np.maximum(half_window, grid - (last - span))
    h = np.minimum(np.maximum(from_start, from_end), max(last - first, 1))
    # The k nearest readings are among the k on either side of the day's sorted position.
    k = min(MIN_READINGS, len(x))
    idx = np.searchsorted(x, grid)[:, None] + np.arange(-k, k)[None, :]
    valid = (idx >= 0) & (idx < len(x))
    far = np.iinfo(np.int64).max
    dist = np.where(valid, np.abs(x[np.clip(idx, 0, len(x) - 1)] - grid[:, None]), far)
    kth = np.sort(dist, axis=1)[:, k - 1]
    return h.astype(np.int64), kth.astype(np.int64)


def _tricube(u: FloatArray) -> FloatArray:
    return np.asarray(np.where(u < 1.0, (1.0 - u**3) ** 3, 0.0), dtype=float)


def _fit(
    rows: NDArray[np.intp],
    h: NDArray[np.int64],
    y_grid: FloatArray,
    w_grid: FloatArray,
    half_window: int,
) -> FloatArray:
    """Local linear value at the grid days ``rows``, given reading weights on the grid."""
    n = len(h)
    out = np.full(n, np.nan)
    plain = rows[h[rows] == half_window]
    if len(plain):  # most days: the plain centred window, five correlations over the grid
        j = np.arange(-half_window, half_window + 1, dtype=float)
        kernel = _tricube(np.abs(j) / (half_window + 1.0))
        pad = np.zeros(half_window)
        w_pad = np.concatenate([pad, w_grid, pad])
        wy_pad = np.concatenate([pad, w_grid * y_grid, pad])
        sums = [
            np.convolve(series, (kernel * j**power)[::-1], mode="valid")[plain]
            for series, power in ((w_pad, 0), (w_pad, 1), (w_pad, 2), (wy_pad, 0), (wy_pad, 1))
        ]
        out[plain] = _intercept(*sums)
    near = rows[(h[rows] != half_window) & (h[rows] <= 2 * half_window)]
    if len(near):  # days near the ends: wider windows, one matrix for all of them
        width = int(h[near].max())
        offsets = np.arange(-width, width + 1)
        cols = near[:, None] + offsets[None, :]
        inside = (cols >= 0) & (cols < n)
        cols = np.clip(cols, 0, n - 1)
        k = _tricube(np.abs(offsets)[None, :] / (h[near, None] + 1.0))
        k = np.where(inside, k * w_grid[cols], 0.0)
        out[near] = _window_intercept(k, offsets.astype(float)[None, :], y_grid[cols])
    for row in rows[h[rows] > 2 * half_window]:  # isolated readings (rare): one window each
        width = int(h[row])
        lo, hi = max(0, row - width), min(n, row + width + 1)
        offsets_f = np.arange(lo, hi, dtype=float) - row
        k_row = _tricube(np.abs(offsets_f) / (width + 1.0)) * w_grid[lo:hi]
        out[row] = _window_intercept(k_row[None, :], offsets_f[None, :], y_grid[None, lo:hi])[0]
    return out


def _window_intercept(k: FloatArray, j: FloatArray, y: FloatArray) -> FloatArray:
    """:func:`_intercept` for rows of explicit windows (weights k, offsets j, values y)."""
    ky = k * y
    return _intercept(
        k.sum(axis=1),
        (k * j).sum(axis=1),
        (k * j * j).sum(axis=1),
        ky.sum(axis=1),
        (ky * j).sum(axis=1),
    )


def _intercept(
    s0: FloatArray, s1: FloatArray, s2: FloatArray, t0: FloatArray, t1: FloatArray
) -> FloatArray:
    """Value at offset 0 of the weighted straight line from its weighted sums.

    ``s_p = Σ k j^p`` and ``t_p = Σ k j^p y`` over the window (weights k, offsets j). NaN
    where every weight is zero.
    """
    det = s0 * s2 - s1 * s1
    empty = s0 <= 1e-12
    mean = t0 / np.where(empty, 1.0, s0)
    # A window whose readings sit on one day cannot fix a slope: use their weighted mean.
    flat = det <= 1e-9 * np.maximum(s0 * s2, 1e-300)
    line = (s2 * t0 - s1 * t1) / np.where(flat, 1.0, det)
    return np.asarray(np.where(empty, np.nan, np.where(flat, mean, line)), dtype=float)


def local_linear_trend(
    day: ArrayLike,
    value: ArrayLike,
    half_window_days: int = 14,
    robustness_passes: int = ROBUSTNESS_PASSES,
) -> FloatArray:
    """The centred trend on a daily grid from the first to the last reading.

    Args:
        day: Day number of each reading, strictly increasing integers. [day]
        value: The readings (one per day; average same-day readings first).
        half_window_days: Half-width of the window in the middle of the series, ≥ 1. [day]
        robustness_passes: Bisquare re-weighting passes, ≥ 0. [-]

    Returns:
        The trend for days ``day[0] … day[-1]``, one value a day (same unit as ``value``).

    Raises:
        TrendInputError: No readings, days not strictly increasing, non-finite values, or a
            half window below 1.

    References:
        [1] Cleveland 1979 (tricube weights, nearest-neighbour span, bisquare robustness).
        [2] Fan and Gijbels 1996 (local linear: no extra bias at the boundary).
    """
    if half_window_days < 1:
        raise TrendInputError(f"half_window_days: must be at least 1, got {half_window_days}")
    if robustness_passes < 0:
        raise TrendInputError(f"robustness_passes: must be at least 0, got {robustness_passes}")
    x = np.asarray(day, dtype=np.int64)
    y = np.asarray(value, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or len(x) == 0:
        raise TrendInputError("day: give one day per reading, at least one reading")
    if np.any(np.diff(x) <= 0):
        raise TrendInputError("day: days must be strictly increasing")
    if not np.all(np.isfinite(y)):
        raise TrendInputError("value: readings must be finite numbers")
    if len(x) == 1:
        return y.copy()
    grid = np.arange(int(x[0]), int(x[-1]) + 1, dtype=np.int64)
    at = x - x[0]
    present = np.zeros(len(grid))
    present[at] = 1.0
    y_grid = np.zeros(len(grid))
    y_grid[at] = y
    h, kth = _half_widths(grid, x, half_window_days)
    # Fitted days: those whose window holds MIN_READINGS readings, and every reading day
    # (its window widened until it does). Days in longer gaps lie on straight lines between
    # fitted days, so a gap is bridged rather than extrapolated from one side.
    rows = np.flatnonzero((kth <= h) | (present > 0))
    h = np.maximum(h, kth)
    fitted = _fit(rows, h, y_grid, present, half_window_days)
    for _ in range(robustness_passes if len(x) > MIN_READINGS else 0):
        residual = y - fitted[at]
        scale = float(np.median(np.abs(residual)))
        if scale <= 1e-12:
            break
        u = np.abs(residual) / (BISQUARE_SCALE * scale)
        robust = np.zeros(len(grid))
        robust[at] = np.where(u < 1.0, (1.0 - u**2) ** 2, 0.0)
        refit = _fit(rows, h, y_grid, robust, half_window_days)
        # A window whose every reading was rejected keeps the previous pass's value.
        fitted = np.where(np.isnan(refit), fitted, refit)
    return np.asarray(np.interp(grid, grid[rows], fitted[rows]), dtype=float)
