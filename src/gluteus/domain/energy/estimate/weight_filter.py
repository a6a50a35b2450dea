"""A Kalman filter for daily weigh-ins whose noise is learned from the person's own readings.

A weigh-in is the slowly changing body mass plus two kinds of noise: a water and gut-content
swing that carries over from one day to the next (an AR(1) process, phi = day-to-day carry-over)
and independent scale noise. Neither size is known in advance and both differ between people,
so the filter is run at once for every point of a grid of (phi, swing SD, scale SD) and the
grid points are weighted by how well each predicts the readings (the likelihood from the
filter's one-step-ahead errors, a flat prior over the grid). Averaging over the grid keeps the
uncertainty about the noise itself in the final band: with two weeks of readings the data
cannot yet tell a steady scale from a swinging one, and the band says so.

The caller supplies the rest of the state (tissue weight, expenditure, …) as a linear
state-space model; this module adds the AR(1) swing as the last state and does the filtering.
Pure NumPy, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

PHI_GRID = (0.0, 0.3, 0.5, 0.65, 0.8, 0.9)
"""Day-to-day carry-over of the water swing tried. [-]"""
NOISE_SD_GRID_KG = (0.2, 0.3, 0.45, 0.65, 0.9, 1.3)
"""Total scatter of one weigh-in around the trend tried. [kg]"""
SWING_SHARE_GRID = (0.25, 0.6, 0.9)
"""Share of that scatter's variance that is the carried-over swing tried. [-]"""
SLIP_PROBABILITY = 0.01
"""Prior chance that one weigh-in is a slip (a typo, pounds for kilograms, a shoe on the
scale) rather than body mass plus noise. Each reading is modelled as a mix of the normal
weigh-in and, with this probability, a value spread evenly over :data:`SLIP_RANGE_KG`; a
reading far outside the normal's reach is then mostly ignored by the update and costs every
noise hypothesis the same in the likelihood, so it neither drags the trend nor teaches the
filter that the scale is wild (Huber 1964 contamination model; Masreliez and Martin 1977 for
Kalman filters). [-]"""
SLIP_RANGE_KG = 100.0
"""Width of the even spread a slip lands in. [kg]"""


_LOG_SLIP_DENSITY = math.log(SLIP_PROBABILITY / SLIP_RANGE_KG)


@dataclass(frozen=True)
class NoiseGrid:
    """Every noise hypothesis the filter weighs, one entry per hypothesis."""

    phi: FloatArray
    swing_sd_kg: FloatArray
    scale_sd_kg: FloatArray

    @property
    def size(self) -> int:
        """Number of hypotheses."""
        return int(self.phi.size)

    @property
    def total_sd_kg(self) -> FloatArray:
        """Scatter of one weigh-in around the trend. [kg]"""
        return np.asarray(np.sqrt(self.swing_sd_kg**2 + self.scale_sd_kg**2), dtype=float)


def noise_grid() -> NoiseGrid:
    """The grid of weigh-in noise hypotheses (φ × total SD × swing share; no swing at φ = 0)."""
    phi, sd, share = (
        np.asarray(a, dtype=float).ravel()
        for a in np.meshgrid(PHI_GRID, NOISE_SD_GRID_KG, SWING_SHARE_GRID, indexing="ij")
    )
    share = np.where(phi == 0.0, 0.0, share)
    keep = np.unique(np.column_stack([phi, sd, share]), axis=0)
    phi, sd, share = keep.T
    return NoiseGrid(
        phi=phi, swing_sd_kg=sd * np.sqrt(share), scale_sd_kg=sd * np.sqrt(1.0 - share)
    )


@dataclass(frozen=True)
class LinearModel:
    """The caller's part of the state-space model, day by day (days 0 … T).

    The swing is added as one more state. Day t's transition takes the state from the morning
    of day t to the morning of day t + 1: x' = F x + c + noise(Q). A weigh-in on day t sees
    h · x + offset + swing + scale noise.

    Attributes:
        x0: Prior mean on day 0, shape (m,).
        p0: Prior covariance on day 0, shape (m, m).
        f: Transitions, shape (T, m, m).
        c: Known inputs, shape (T, m).
        q: Process-noise covariances, shape (T, m, m).
        h: Observation rows, shape (T + 1, m).
        offset: Known observation offsets, shape (T + 1,).
    """

    x0: FloatArray
    p0: FloatArray
    f: FloatArray
    c: FloatArray
    q: FloatArray
    h: FloatArray
    offset: FloatArray


@dataclass(frozen=True)
class Posterior:
    """The filter's state on the last day under every noise hypothesis.

    Attributes:
        mean: State means, shape (K, m + 1); the last column is the swing.
        cov: State covariances, shape (K, m + 1, m + 1).
        weight: Posterior weight of each hypothesis (sums to 1), shape (K,).
        grid: The hypotheses.
    """

    mean: FloatArray
    cov: FloatArray
    weight: FloatArray
    grid: NoiseGrid

    def components(self, coef: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Mean and SD of coef · state under each noise hypothesis."""
        m = self.mean @ coef
        v = np.einsum("i,kij,j->k", coef, self.cov, coef)
        return m, np.sqrt(np.maximum(v, 0.0))

    def combination(self, coef: FloatArray) -> tuple[float, float]:
        """Mean and SD of coef · state, averaged over the noise hypotheses."""
        m, sd = self.components(coef)
        mean = float(self.weight @ m)
        var = float(self.weight @ (sd**2 + (m - mean) ** 2))
        return mean, math.sqrt(max(var, 0.0))

    def noise(self) -> tuple[float, float]:
        """Posterior mean of the weigh-in scatter [kg] and of its day-to-day correlation [-].

        The correlation of two neighbouring days' deviations is φ × the swing's share of the
        variance (a swing that is small beside the scale noise hardly carries over).
        """
        g = self.grid
        lag1 = g.phi * g.swing_sd_kg**2 / g.total_sd_kg**2
        return float(self.weight @ g.total_sd_kg), float(self.weight @ lag1)


def run_filter(
    model: LinearModel, readings: list[list[float]], grid: NoiseGrid | None = None
) -> Posterior:
    """Filter the readings under every noise hypothesis at once.

    Args:
        model: The caller's state-space model for days 0 … T.
        readings: The weigh-ins of each day 0 … T (an empty list for a day without). [kg]
        grid: Noise hypotheses; :func:`noise_grid` when omitted.

    Returns:
        The state on day T and the weight of each hypothesis.

    References:
        [1] Kalman R.E., J. Basic Eng. 82:35-45, 1960 (the filter).
        [2] Harvey A.C., Forecasting, Structural Time Series Models and the Kalman Filter,
            Cambridge University Press, 1989, ch. 3 (likelihood from the one-step-ahead
            errors; weighing a grid of variance hypotheses by it).
        [3] Huber P.J., Robust estimation of a location parameter, Ann. Math. Stat.
            35(1):73-101, 1964. doi:10.1214/aoms/1177703732
        [4] Masreliez C.J., Martin R.D., Robust Bayesian estimation for the linear model and
            robustifying the Kalman filter, IEEE Trans. Autom. Control 22(3):361-371, 1977.
            doi:10.1109/TAC.1977.1101538
    """
    grid = noise_grid() if grid is None else grid
    k, m = grid.size, model.x0.size
    n = m + 1
    swing_var = grid.swing_sd_kg**2
    scale_var = grid.scale_sd_kg**2
    phi = grid.phi
    x = np.zeros((k, n))
    x[:, :m] = model.x0
    p = np.zeros((k, n, n))
    p[:, :m, :m] = model.p0
    p[:, m, m] = swing_var
    # The transition is shared by every hypothesis except the swing's φ, so it is applied
    # as one matrix product over the stacked covariances, then the swing's row and column
    # are scaled by φ (the swing does not mix with the other states).
    fk = np.eye(n)
    swing_q = swing_var * (1.0 - phi**2)
    cfull = np.zeros(n)
    hfull = np.ones(n)
    loglik = np.zeros(k)
    days = model.h.shape[0]
    for t in range(days):
        if t > 0:
            fk[:m, :m] = model.f[t - 1]
            cfull[:m] = model.c[t - 1]
            x = x @ fk.T + cfull
            x[:, m] *= phi
            half = (p.reshape(k * n, n) @ fk.T).reshape(k, n, n)
            p = (half.transpose(0, 2, 1).reshape(k * n, n) @ fk.T).reshape(k, n, n)
            p[:, m, :] *= phi[:, None]
            p[:, :, m] *= phi[:, None]
            p[:, :m, :m] += model.q[t - 1]
            p[:, m, m] += swing_q
        if not readings[t]:
            continue
        hfull[:m] = model.h[t]
        for y in readings[t]:
            ph = (p.reshape(k * n, n) @ hfull).reshape(k, n)
            s = ph @ hfull + scale_var
            innov = y - model.offset[t] - x @ hfull
            log_normal = math.log(1.0 - SLIP_PROBABILITY) - 0.5 * (
                np.log(2.0 * math.pi * s) + innov * innov / s
            )
            log_both = np.logaddexp(log_normal, _LOG_SLIP_DENSITY)
            keep = np.exp(log_normal - log_both)  # chance the reading is a normal weigh-in
            gain = ph * (keep / s)[:, None]
            x = x + gain * innov[:, None]
            p = p - gain[:, :, None] * ph[:, None, :]
            loglik += log_both
    weight = np.exp(loglik - loglik.max())
    return Posterior(mean=x, cov=p, weight=weight / weight.sum(), grid=grid)


def _normal_cdf(z: FloatArray) -> FloatArray:
    # Abramowitz & Stegun 7.1.26 for erf (absolute error < 1.5e-7), vectorised.
    x = np.abs(z) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-x * x)
    return np.asarray(0.5 * (1.0 + np.sign(z) * erf), dtype=float)


def mixture_interval(
    means: FloatArray, sds: FloatArray, weights: FloatArray, level: float
) -> tuple[float, float]:
    """Central interval holding ``level`` of a mixture of normal distributions.

    A mixture of normals with different spreads has heavier tails than one normal with the
    same variance, so mean ± z·SD would be too wide at 80 % (and too narrow far out); the
    interval is read from the mixture's own distribution function instead.

    Args:
        means: Component means.
        sds: Component standard deviations (> 0).
        weights: Component weights (sum 1).
        level: Probability inside the interval, e.g. 0.8. [-]

    Returns:
        (low, high).

    References:
        [1] Abramowitz M., Stegun I.A., Handbook of Mathematical Functions, 1964, eq. 7.1.26.
    """
    mean = float(weights @ means)
    spread = math.sqrt(float(weights @ (sds**2 + (means - mean) ** 2)))
    grid = mean + spread * np.linspace(-5.0, 5.0, 401)
    keep = weights > 1e-6
    z = (grid[:, None] - means[keep][None, :]) / np.maximum(sds[keep], 1e-9)[None, :]
    cdf = _normal_cdf(z) @ (weights[keep] / weights[keep].sum())
    tail = 0.5 * (1.0 - level)
    low = float(np.interp(tail, cdf, grid))
    high = float(np.interp(1.0 - tail, cdf, grid))
    return low, high


@dataclass(frozen=True)
class HypothesisFit:
    """An expenditure fit on the last day, one answer per noise hypothesis.

    Attributes:
        means: Expenditure today under each noise hypothesis. [kcal/day]
        sds: Its SD under each hypothesis. [kcal/day]
        weights: Posterior weight of each hypothesis. [-]
        trend_weight_kg: Weight without the day-to-day swing (water shift included). [kg]
        water_shift_kg: Modelled glycogen-and-water shift since the start. [kg]
        rate_kg_per_week: Change of the trend weight over the last two weeks. [kg/week]
        noise_sd_kg: Learned scatter of a weigh-in. [kg]
        noise_carryover: Learned day-to-day carry-over of the swing. [-]
    """

    means: FloatArray
    sds: FloatArray
    weights: FloatArray
    trend_weight_kg: float
    water_shift_kg: float
    rate_kg_per_week: float
    noise_sd_kg: float
    noise_carryover: float
