"""Energy balance between logged intake and weigh-ins, as a state-space model for the filter.

Day by day from the first log: tissue weight W, expenditure E, the weight-stable intake M the
person ate before the logs, and the size σ of the modelled glycogen-and-water shift. The
dynamic model (Hall 2011) supplies how E adapts to the logged intake and how glycogen and
extracellular fluid respond to it; :mod:`gluteus.domain.energy.estimate.weight_filter` adds the
weigh-in noise
learned from the readings. Used by :func:`gluteus.domain.energy.estimate.expenditure.
estimate_expenditure_from_intake`, which validates the logs and packages the answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gluteus.domain.energy.balance import katch_mcardle
from gluteus.domain.energy.bodyweight import (
    BETA_AT,
    BETA_TEF,
    CARB_FRACTION,
    ETA_F,
    ETA_L,
    GAMMA_F,
    GAMMA_L,
    GLYCOGEN_0_KG,
    GLYCOGEN_WATER,
    RHO_G,
    SODIUM_0_MG,
    SODIUM_CONC_MG_PER_KG,
    TAU_AT,
    XI_CI,
    XI_NA,
)
from gluteus.domain.energy.estimate.weight_filter import (
    HypothesisFit,
    LinearModel,
    Posterior,
    run_filter,
)

FloatArray = NDArray[np.float64]

LOG_ERROR_FRACTION = 0.10
"""Assumed random error of one logged day's intake (portion sizes, forgotten items); our
assumption, not a published figure. [-]"""
EXPENDITURE_DRIFT_SD_KCAL = 4.0
"""Unmodelled day-to-day drift of expenditure (beyond the dynamic model's adaptation): a
random walk of this SD per day. Our assumption. [kcal/day per day]"""
START_SD_KCAL = 40.0
"""Error of the model's expenditure on the first day of a new diet around the weight-stable
intake (synthesis costs, glycogen flux). Our assumption. [kcal/day]"""
WATER_SCALE_SD = 0.25
"""Uncertainty of the size of the modelled glycogen-and-water shift relative to the model's
value (people differ from the model, e.g. with carbohydrate share). Our assumption. [-]"""
ACTIVITY_COST_KCAL_PER_KG = 6.0
"""Activity cost per kg of body mass (Hall's δ) when body fat is unknown: a sedentary to
lightly active adult (Hall 2011 appendix: ≈ 7 kcal/kg/day at PAL 1.5). [kcal/kg/day]"""
SMOOTHING_DAYS = 7
"""Glycogen and fluid are driven by the mean intake of the last this many days. [day]"""
STEP_DAYS = 14
"""The start-up step is sized from the mean intake of the first this many days. [day]"""


def filled_intake(logged_kcal: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Every day's intake and its uncertainty; unlogged days (NaN) get the mean around them.

    Args:
        logged_kcal: Logged intake by day, NaN where nothing was logged (at least one value).
            [kcal/day]

    Returns:
        (intake [kcal/day], its SD [kcal/day]): a logged day carries the assumed logging
        error; an unlogged day the mean of the logged days within a week either side (all
        logged days if none) with the person's own day-to-day spread added.
    """
    have = ~np.isnan(logged_kcal)
    values = logged_kcal[have]
    spread = max(float(np.std(values)), 0.1 * float(np.mean(values)))
    filled = logged_kcal.copy()
    sums = np.concatenate([[0.0], np.cumsum(np.where(have, logged_kcal, 0.0))])
    counts = np.concatenate([[0], np.cumsum(have)])
    for gap in np.nonzero(~have)[0].tolist():
        lo, hi = max(0, gap - 7), min(filled.size, gap + 8)
        n = int(counts[hi] - counts[lo])
        filled[gap] = (sums[hi] - sums[lo]) / n if n else float(np.mean(values))
    logging = LOG_ERROR_FRACTION * filled
    sd = np.where(have, logging, np.sqrt(spread**2 + logging**2))
    return filled, np.asarray(sd, dtype=float)


def todays_intake_sd(logged_kcal: FloatArray) -> float:
    """How far today's true intake may be from the value :func:`filled_intake` gives it.

    Today's expenditure includes the thermic effect of today's meals, so the band carries
    :data:`~gluteus.domain.energy.bodyweight.BETA_TEF` times this. A logged day: its logging
    error. An unlogged day (the usual case: the check-in comes before the day's meals): the
    person's own day-to-day scatter around their usual intake, plus the error of the fill
    (the mean of the logged days within a week), and no more. The scatter is read from how far
    each logged day lies from the mean of the logged days around it (so a target that changed
    a month ago is not counted as scatter), less the logging error those values already carry
    (:data:`LOG_ERROR_FRACTION`), since today's true intake has no logging error.

    Counting the spread of all logged values plus the logging error once more, as the filled
    days' own uncertainty does, made this term a quarter to a third too large (issue 24): a fixed
    part of the band that more weeks of data cannot shrink, so from about week 9 of the
    closed-loop study the 80 % band held the truth nearly 90 % of the time.

    Args:
        logged_kcal: Logged intake by day, NaN where nothing was logged (at least one value);
            the last day is today. [kcal/day]

    Returns:
        The standard deviation of today's intake around its fill. [kcal/day]

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix (thermic effect of feeding,
            β_TEF = 0.1 of the intake).
    """
    have = ~np.isnan(logged_kcal)
    if have[-1]:
        return LOG_ERROR_FRACTION * float(logged_kcal[-1])
    days = np.nonzero(have)[0]
    values = logged_kcal[have]
    near = np.abs(days[:, None] - days[None, :]) <= 7
    np.fill_diagonal(near, False)
    others = near.sum(axis=1)
    keep = others > 0
    if not np.any(keep):
        # One logged day or none near another: no scatter to read; the logging error's size.
        return LOG_ERROR_FRACTION * float(np.mean(values))
    local = (near[keep] @ values) / others[keep]
    # A day's distance from the mean of n others has variance σ² (1 + 1/n).
    spread_sq = float(np.mean((values[keep] - local) ** 2 / (1.0 + 1.0 / others[keep])))
    scatter_sq = max(spread_sq - float(np.mean((LOG_ERROR_FRACTION * values) ** 2)), 0.0)
    around = np.count_nonzero(np.abs(days - (logged_kcal.size - 1)) <= 7)
    fill_sq = spread_sq / around if around else spread_sq
    return math.sqrt(scatter_sq + fill_sq)


def water_shift(
    intake_kcal: FloatArray, ref_kcal: float, pre_kcal: float
) -> tuple[FloatArray, FloatArray]:
    """Glycogen and extracellular-fluid change on the mornings of days 0 … T (Hall eqs 1-2).

    Glycogen: ρ_G dG/dt = CI − k_G G² with CI = 50 % of intake and k_G = CI_ref / G0²
    (equilibrium G0 √(I / I_ref)); fluid relaxes towards 8,000 (I / I_ref − 1) / 3,000 kg
    within about a day (sodium eaten in proportion to intake, less sodium kept with fewer
    carbohydrates). Intake of day t drives the step to day t + 1: glycogen by RK4 with one
    step a day as the planner does, fluid exactly (it is linear).

    Args:
        intake_kcal: Intake of days 0 … T (the last day's drives nothing). [kcal/day]
        ref_kcal: Weight-stable intake that sets the set points (the model's EI0). [kcal/day]
        pre_kcal: Intake the person was in equilibrium with on day 0. [kcal/day]

    Returns:
        (glycogen [kg], fluid change from the set point [kg]), each of length T + 1.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 1-2.
        [2] NIH Body Weight Planner, bodymodel.js (carbflux, Na_imbal, dDecwdt).
    """
    k_g = CARB_FRACTION * ref_kcal / GLYCOGEN_0_KG**2
    fluid_gain = (SODIUM_0_MG + XI_CI) / XI_NA
    decay = math.exp(-XI_NA / SODIUM_CONC_MG_PER_KG)
    g = GLYCOGEN_0_KG * math.sqrt(max(pre_kcal, 1.0) / ref_kcal)
    e = fluid_gain * (pre_kcal / ref_kcal - 1.0)
    glycogen = np.empty(intake_kcal.size)
    fluid = np.empty(intake_kcal.size)
    glycogen[0], fluid[0] = g, e
    for t, kcal in enumerate(intake_kcal[:-1].tolist()):
        ci = CARB_FRACTION * kcal
        k1 = (ci - k_g * g * g) / RHO_G
        ga = g + 0.5 * k1
        k2 = (ci - k_g * ga * ga) / RHO_G
        ga = g + 0.5 * k2
        k3 = (ci - k_g * ga * ga) / RHO_G
        ga = g + k3
        k4 = (ci - k_g * ga * ga) / RHO_G
        g += (k1 + 2.0 * (k2 + k3) + k4) / 6.0
        e_inf = fluid_gain * (kcal / ref_kcal - 1.0)
        e = e_inf + (e - e_inf) * decay
        glycogen[t + 1], fluid[t + 1] = g, e
    return glycogen, fluid


@dataclass(frozen=True)
class IntakeBalance:
    """One person's logs laid out day by day, and what is known about them.

    Attributes:
        intake_kcal: Intake of days 0 … T (unlogged days filled). [kcal/day]
        intake_sd_kcal: Uncertainty of each day's intake. [kcal/day]
        readings: Weigh-ins of each day 0 … T. [kg]
        rho: Energy stored per kg of tissue change. [kcal/kg]
        alpha: Lean gained or lost per kg of fat (Forbes, 10.4 / F). [-]
        lean_kg: Fat-free mass, when body fat is known. [kg]
        weight_kg: Weight at the start. [kg]
        new_diet: The logs start with a change from weight-stable eating.
        prior_mean: Prior mean of the weight-stable intake M. [kcal/day]
        prior_sd: Prior SD of M. [kcal/day]
        today_sd_kcal: How far today's intake may be from ``intake_kcal[-1]``
            (:func:`todays_intake_sd`); ``intake_sd_kcal[-1]`` when None. [kcal/day]
    """

    intake_kcal: FloatArray
    intake_sd_kcal: FloatArray
    readings: list[list[float]]
    rho: float
    alpha: float
    lean_kg: float | None
    weight_kg: float
    new_diet: bool
    prior_mean: float
    prior_sd: float
    today_sd_kcal: float | None = None

    @property
    def days(self) -> int:
        """T, the last day. [day]"""
        return int(self.intake_kcal.size) - 1


def _model(s: IntakeBalance, ref: float) -> LinearModel:
    """The state-space model, linearised at M = ``ref``; state [W, E, M, σ]."""
    days, intake, rho = s.days, s.intake_kcal, s.rho
    # Expenditure falls by ε per kg of tissue lost: the resting cost of the fat and lean lost
    # plus the activity cost δ per kg, δ = (0.9 M − resting) / weight (Hall eq. 8), resting
    # energy from lean mass when body fat is known.
    delta = ACTIVITY_COST_KCAL_PER_KG
    if s.lean_kg is not None:
        resting = katch_mcardle(s.weight_kg, 100.0 * (1.0 - s.lean_kg / s.weight_kg))
        delta = min(max(((1.0 - BETA_TEF) * ref - resting) / s.weight_kg, 0.0), 25.0)
    eps = (GAMMA_F + s.alpha * GAMMA_L) / (1.0 + s.alpha) + delta
    # Synthesis costs: expenditure includes η per kg of tissue change (negative when losing).
    kappa = (ETA_F + s.alpha * ETA_L) / (1.0 + s.alpha) / rho
    pre = ref if s.new_diet else float(np.mean(intake[: min(days + 1, 7)]))
    # Glycogen and fluid follow the last week's mean intake, not each logged day: a logged
    # day is noisy, and noise in the expected shift would shrink its fitted size.
    sums = np.concatenate([[0.0], np.cumsum(intake)])
    lo = np.maximum(np.arange(days + 1) - (SMOOTHING_DAYS - 1), 0)
    smooth = (sums[1:] - sums[lo]) / (np.arange(days + 1) - lo + 1)
    gly, fluid = water_shift(smooth, ref, pre)
    water = GLYCOGEN_WATER * gly + fluid
    g_full = water - water[0]
    # Only the shift from the step to the first fortnight's mean intake gets a free size σ;
    # later changes of intake are taken as modelled.
    level = float(np.mean(intake[: min(days + 1, STEP_DAYS)]))
    gly_s, fluid_s = water_shift(np.full(days + 1, level), ref, pre)
    water_s = GLYCOGEN_WATER * gly_s + fluid_s
    g_step = water_s - water_s[0]
    dg = np.zeros(days + 1)
    if s.new_diet:
        step = 0.01 * ref
        gly2, fluid2 = water_shift(smooth, ref + step, ref + step)
        water2 = GLYCOGEN_WATER * gly2 + fluid2
        dg = ((water2 - water2[0]) - g_full) / step
    # Adaptive thermogenesis AT_t = A_t − B_t M relaxes towards β_AT (I − M) with τ_AT.
    d = math.exp(-1.0 / TAU_AT)
    a = np.zeros(days + 1)
    b = np.zeros(days + 1)
    base = 0.0 if s.new_diet else pre
    pull = BETA_AT * (1.0 - d) if s.new_diet else 0.0
    for t in range(days):
        a[t + 1] = a[t] * d + BETA_AT * (intake[t] - base) * (1.0 - d)
        b[t + 1] = b[t] * d + pull
    net = (intake[:-1] - RHO_G * np.diff(gly)) / rho
    f = np.zeros((days, 4, 4))
    f[:, 0, 0] = f[:, 2, 2] = f[:, 3, 3] = 1.0
    f[:, 0, 1] = -1.0 / rho
    f[:, 1, 1] = 1.0 - eps / rho
    f[:, 1, 2] = -np.diff(b)
    c = np.zeros((days, 4))
    c[:, 0] = net
    c[:, 1] = BETA_TEF * np.diff(intake) + np.diff(a) + eps * net
    q = np.zeros((days, 4, 4))
    qw = (s.intake_sd_kcal[:-1] / rho) ** 2
    q[:, 0, 0] = qw
    q[:, 0, 1] = q[:, 1, 0] = eps * qw
    q[:, 1, 1] = eps * eps * qw + EXPENDITURE_DRIFT_SD_KCAL**2
    first = next(ys for ys in s.readings if ys)
    x0 = np.array([float(np.mean(first)), s.prior_mean, s.prior_mean, 1.0])
    p0 = np.diag([3.0**2, s.prior_sd**2, s.prior_sd**2, WATER_SCALE_SD**2])
    if s.new_diet:
        # E_0 = M + β_TEF (I_0 − M) + κ (1 − β_TEF)(I_0 − M): weight-stable on M; the thermic
        # effect follows the first day's intake at once, the synthesis cost the imbalance.
        on_m = (1.0 - BETA_TEF) * (1.0 - kappa)
        x0[1] = on_m * s.prior_mean + (1.0 - on_m) * intake[0]
        p0[1, 1] = (on_m * s.prior_sd) ** 2 + START_SD_KCAL**2
        p0[1, 2] = p0[2, 1] = on_m * s.prior_sd**2
    else:
        p0[2, 2] = 1.0
    h = np.column_stack([np.ones(days + 1), np.zeros(days + 1), dg, g_step])
    return LinearModel(x0=x0, p0=p0, f=f, c=c, q=q, h=h, offset=g_full - g_step - dg * ref)


def _water_on(model: LinearModel, post: Posterior, day: int) -> float:
    coef = np.append(model.h[day], 0.0)
    coef[0] = 0.0
    mean, _ = post.combination(coef)
    return mean + float(model.offset[day])


def fit_intake_balance(s: IntakeBalance) -> HypothesisFit:
    """Filter the logs; the model is linearised around M and re-run until M settles.

    The glycogen-and-water shift depends on M non-linearly (through I / M), so the filter is
    run at a guess of M, then again at its own estimate of M, up to four times, until M moves
    by less than 25 kcal/day.

    Args:
        s: The logs and what is known about the person.

    Returns:
        Expenditure today under each noise hypothesis and the trend.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 1-9 (glycogen,
            fluid, thermic effect, adaptive thermogenesis, energy densities, synthesis costs).
        [2] Jazwinski A.H., Stochastic Processes and Filtering Theory, Academic Press, 1970
            (iterated linearisation).
    """
    days, intake, rho = s.days, s.intake_kcal, s.rho
    mean_intake = float(np.mean(intake))
    ref = s.prior_mean
    for _ in range(4):
        model = _model(s, ref)
        post = run_filter(model, s.readings)
        m_hat, _ = post.combination(np.array([0.0, 0.0, 1.0, 0.0, 0.0]))
        m_hat = min(max(m_hat, 0.5 * mean_intake, 500.0), 3.0 * mean_intake + 1000.0)
        if not s.new_diet or abs(m_hat - ref) < 25.0:
            break
        ref = m_hat
    means, sds = post.components(np.array([0.0, 1.0, 0.0, 0.0, 0.0]))
    # Today's thermic effect follows today's intake, usually not logged yet
    # (:func:`todays_intake_sd`).
    today_sd = s.intake_sd_kcal[-1] if s.today_sd_kcal is None else s.today_sd_kcal
    sds = np.hypot(sds, BETA_TEF * float(today_sd))
    tdee = float(post.weight @ means)
    shift = _water_on(model, post, days)
    level, _ = post.combination(np.array([1.0, 0.0, 0.0, 0.0, 0.0]))
    # The last fortnight's tissue change: expenditure on those days walked back from today
    # along the model's changes, against the intake logged.
    span = min(14, days)
    recent = slice(days - span, days)
    steps = model.c[recent, 1] + model.f[recent, 1, 2] * ref
    steps = steps - (1.0 - model.f[recent, 1, 1]) * tdee
    past = tdee - np.cumsum(steps[::-1])[::-1]
    tissue = float(np.sum(model.c[recent, 0] - past / rho))
    rate = 7.0 * (tissue + shift - _water_on(model, post, days - span)) / span
    noise_sd, carry = post.noise()
    return HypothesisFit(
        means=means,
        sds=sds,
        weights=post.weight,
        trend_weight_kg=level + shift,
        water_shift_kg=shift,
        rate_kg_per_week=rate,
        noise_sd_kg=noise_sd,
        noise_carryover=carry,
    )
