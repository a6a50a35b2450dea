"""Adaptive expenditure: a person's real daily expenditure estimated from what they logged.

Three estimates, from most to least data: with logged intake, energy balance between intake
and a filtered weight trend (``"intake_and_trend"``); with weigh-ins only, an expenditure
offset fitted to the dynamic model's projection of the plan (``"model_offset"``); with too
few data, the equation's number with a wide band (``"prior"``). Every band is an 80 % band.

Weigh-in noise is learned from the person's own readings
(:mod:`gluteus.domain.energy.estimate.weight_filter`),
including day-to-day water swings that carry over. The glycogen and water lost in the first days
of a new diet are taken from the dynamic model's glycogen and fluid compartments, so that drop is
not read as fat loss. Pure functions: dates and ``today`` are passed in; no clock, no files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from gluteus.domain.energy.balance import calorie_floor, safe_pace_kg_per_week
from gluteus.domain.energy.bodyweight import (
    BETA_AT,
    BETA_TEF,
    ETA_F,
    ETA_L,
    FORBES_C_KG,
    RHO_F,
    RHO_L,
    TAU_AT,
    Baseline,
    Phase,
    ProjectionInputError,
)
from gluteus.domain.energy.estimate.intake_balance import (
    IntakeBalance,
    filled_intake,
    fit_intake_balance,
    todays_intake_sd,
)
from gluteus.domain.energy.estimate.model_offset import fit_model_offset
from gluteus.domain.energy.estimate.weight_filter import (
    LinearModel,
    Posterior,
    mixture_interval,
    run_filter,
)
from gluteus.domain.profile import Sex
from gluteus.domain.quantities import Mass, message

FloatArray = NDArray[np.float64]

BAND_LEVEL = 0.8
"""Coverage the reported band aims for. [-]"""
DEFAULT_ENERGY_DENSITY_KCAL_PER_KG = 7700.0
"""Fat-dominant tissue change when body fat is unknown (≈ 3,500 kcal/lb). [kcal/kg]"""
PRIOR_SD_FRACTION = 0.15
"""Scatter of measured around equation-predicted total expenditure, as a fraction of it.
Vinken et al. (1999) found a standard error of 1.80 MJ/day (≈ 430 kcal/day, about 15 % of the
group's expenditure) for an equation from age, weight, height and sex against doubly labelled
water; Frankenfield et al. (2005) found even the best resting equation (Mifflin-St Jeor) within
±10 % for only about four people in five, before any activity factor is applied. [-]"""
TYPICAL_FORBES_RATIO = 0.45
"""α = 10.4 kg / fat mass for a typical adult (Hall 2011 appendix example), used when body fat
is unknown. [-]"""
UNKNOWN_MAINTENANCE_SD_KCAL = 1500.0
"""Prior SD of the weight-stable intake when no equation value is given (vague). [kcal/day]"""
LOOKBACK_DAYS = 120
"""Only the last this many days of logs are used. [day]"""
TREND_SLOPE_DRIFT_KG = 0.004
"""How much the trend's slope may change per day in :func:`trend_weight`. [kg/day per day]"""
TREND_LEVEL_DRIFT_KG = 0.02
"""Day-to-day change of the trend level beyond its slope in :func:`trend_weight`. [kg]"""
ADHERENCE_SD_FRACTION = 0.15
"""Spread of how far people eat from a planned intake when nothing is logged (the model-offset
method cannot see it; it shows as expenditure). People asked to eat a set amount end 10-45 %
away from it: in CALERIE a 25 % restriction was kept at about 12 % on average, with a wide
spread between people (Racette S.B. et al., J. Gerontol. A 72(1):14-20, 2017); 15 % is a
central value of that range. [-]"""
_WEIGHT_RANGE_KG = (20.0, 400.0)


class ExpenditureInputError(ValueError):
    """The logs cannot support an estimate; the message names the field."""


@dataclass(frozen=True)
class ExpenditureEstimate:
    """Estimated daily expenditure with an 80 % band.

    Attributes:
        tdee_kcal: Estimated total daily energy expenditure today. [kcal/day]
        low_kcal: Lower end of the 80 % band. [kcal/day]
        high_kcal: Upper end of the 80 % band. [kcal/day]
        sd_kcal: Standard deviation of the estimate. [kcal/day]
        trend_weight_kg: Filtered weight today: what the scale would read without the
            day-to-day swing. It still includes the glycogen and water level (the model's
            projections include it too); ``water_shift_kg`` says how much of it that is. [kg]
        trend_rate_kg_per_week: Slope of the trend weight over about the last two weeks
            (negative = losing). [kg/week]
        method: "intake_and_trend", "model_offset" or "prior".
        energy_density_kcal_per_kg: Energy per kg of slow weight change (Hall), for turning a
            pace into a deficit. [kcal/kg]
        n_weights: Weigh-ins used.
        days_of_data: Days from the first weigh-in used to today, inclusive. [day]
        band_level: Coverage the band aims for. [-]
        water_shift_kg: Modelled glycogen and water change since the first day used. [kg]
        noise_sd_kg: Scatter of one weigh-in around the trend, learned from the readings. [kg]
        noise_carryover: Correlation of neighbouring days' deviations from the trend, learned
            from the readings (0 = independent scatter). [-]
    """

    tdee_kcal: float
    low_kcal: float
    high_kcal: float
    sd_kcal: float
    trend_weight_kg: float
    trend_rate_kg_per_week: float
    method: str
    energy_density_kcal_per_kg: float
    n_weights: int
    days_of_data: int
    band_level: float = BAND_LEVEL
    water_shift_kg: float = 0.0
    noise_sd_kg: float | None = None
    noise_carryover: float | None = None


def energy_density_kcal_per_kg(fat_kg: float) -> float:
    """Energy per kg of slow weight change in the Hall model, for a given fat mass.

    Along Forbes' curve dL/dF = 10.4/F, so a kg of change is (1 + α)⁻¹ kg fat and
    α(1 + α)⁻¹ kg lean with α = 10.4/F, each with its synthesis cost.

    Args:
        fat_kg: Fat mass. [kg]

    Returns:
        ρ = [(ρF + ηF) + α(ρL + ηL)] / (1 + α). [kcal/kg]

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix (linearised model).
        [2] Forbes G.B., Ann. N.Y. Acad. Sci. 904:359-365, 2000 (lean-fat partition).
    """
    if not fat_kg > 0:
        raise ExpenditureInputError(f"fat_kg: {fat_kg:g} must be > 0")
    alpha = FORBES_C_KG / fat_kg
    return ((RHO_F + ETA_F) + alpha * (RHO_L + ETA_L)) / (1.0 + alpha)


def stored_energy_kcal_per_kg(fat_kg: float) -> float:
    """Energy stored in a kg of fat-plus-lean tissue on Forbes' curve, without synthesis costs.

    Expenditure measured as intake minus stored energy (what the estimator reports) counts
    the synthesis costs as spent, so the balance uses this smaller density.

    Args:
        fat_kg: Fat mass. [kg]

    Returns:
        (ρF + α ρL) / (1 + α) with α = 10.4/F. [kcal/kg]

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 3 and 9.
    """
    if not fat_kg > 0:
        raise ExpenditureInputError(f"fat_kg: {fat_kg:g} must be > 0")
    alpha = FORBES_C_KG / fat_kg
    return (RHO_F + alpha * RHO_L) / (1.0 + alpha)


def _readings(
    dates: Sequence[date], weights_kg: Sequence[float], today: date
) -> dict[date, list[float]]:
    if len(dates) != len(weights_kg):
        raise ExpenditureInputError("weights_kg: needs one weight per date")
    if any(d > today for d in dates):
        raise ExpenditureInputError("dates: a weigh-in is after today")
    w = np.asarray(weights_kg, dtype=float)
    low, high = _WEIGHT_RANGE_KG
    if np.any(~np.isfinite(w) | (w < low) | (w > high)):
        raise ExpenditureInputError(f"weights_kg: values must lie in {low:g}–{high:g} kg")
    first = today - timedelta(days=LOOKBACK_DAYS)
    out: dict[date, list[float]] = {}
    for d, kg in zip(dates, w.tolist(), strict=True):
        if d >= first:
            out.setdefault(d, []).append(kg)
    if len(out) < 2:
        raise ExpenditureInputError(
            f"weights_kg: log weigh-ins on at least 2 days within {LOOKBACK_DAYS} days"
        )
    return out


def _by_day(readings: dict[date, list[float]], start: date, days: int) -> list[list[float]]:
    out: list[list[float]] = [[] for _ in range(days + 1)]
    for d, ys in readings.items():
        out[(d - start).days].extend(ys)
    return out


def _estimate(
    components: tuple[FloatArray, FloatArray, FloatArray],
    method: str,
    rho: float,
    trend: tuple[float, float],
    n: int,
    days: int,
) -> ExpenditureEstimate:
    means, sds, weights = components
    mean = float(weights @ means)
    sd = math.sqrt(float(weights @ (sds**2 + (means - mean) ** 2)))
    low, high = mixture_interval(means, sds, weights, BAND_LEVEL)
    return ExpenditureEstimate(
        tdee_kcal=mean,
        low_kcal=low,
        high_kcal=high,
        sd_kcal=sd,
        trend_weight_kg=trend[0],
        trend_rate_kg_per_week=trend[1],
        method=method,
        energy_density_kcal_per_kg=rho,
        n_weights=n,
        days_of_data=days,
    )


def _trend_posterior(readings: dict[date, list[float]], today: date) -> Posterior:
    start = min(readings)
    days = (today - start).days
    first = float(np.mean(readings[start]))
    one = np.array([[1.0, 1.0], [0.0, 1.0]])
    q = np.diag([TREND_LEVEL_DRIFT_KG**2, TREND_SLOPE_DRIFT_KG**2])
    model = LinearModel(
        x0=np.array([first, 0.0]),
        p0=np.diag([3.0**2, 0.2**2]),
        f=np.broadcast_to(one, (days, 2, 2)),
        c=np.zeros((days, 2)),
        q=np.broadcast_to(q, (days, 2, 2)),
        h=np.broadcast_to(np.array([1.0, 0.0]), (days + 1, 2)),
        offset=np.zeros(days + 1),
    )
    return run_filter(model, _by_day(readings, start, days))


def trend_weight(
    dates: Sequence[date], weights_kg: Sequence[float], today: date
) -> tuple[float, float]:
    """Trend weight today and its slope, from weigh-ins alone.

    A local linear trend (level and a slowly changing slope) observed through a carried-over
    water swing and scale noise whose sizes are learned from the readings
    (:func:`gluteus.domain.energy.estimate.weight_filter.run_filter`). The slope is the filter's
    current
    slope, which follows roughly the last two to three weeks.

    Args:
        dates: Days of the weigh-ins (any order, gaps and repeats allowed).
        weights_kg: The weigh-ins. [kg]
        today: The day to report for (≥ every weigh-in).

    Returns:
        (trend weight today [kg], rate [kg/week], negative when losing).

    Raises:
        ExpenditureInputError: Fewer than 2 days with a weigh-in in the last 120 days, a
            weigh-in after today or a weight outside 20–400 kg; the message names the field.

    References:
        [1] Harvey A.C., Forecasting, Structural Time Series Models and the Kalman Filter,
            Cambridge University Press, 1989 (local linear trend model).
    """
    post = _trend_posterior(_readings(dates, weights_kg, today), today)
    level, _ = post.combination(np.array([1.0, 0.0, 0.0]))
    slope, _ = post.combination(np.array([0.0, 1.0, 0.0]))
    return level, 7.0 * slope


@dataclass(frozen=True)
class TrendBand:
    """The scale's own trend today: level, weekly rate and the rate's band.

    Attributes:
        weight_kg: Trend weight today. [kg]
        rate_kg_per_week: Its weekly change (negative = losing). [kg/week]
        rate_low_kg_per_week: Lower end of the rate's band. [kg/week]
        rate_high_kg_per_week: Upper end of the rate's band. [kg/week]
        band_level: Coverage of the band. [-]
    """

    weight_kg: float
    rate_kg_per_week: float
    rate_low_kg_per_week: float
    rate_high_kg_per_week: float
    band_level: float = BAND_LEVEL


def trend_band(
    dates: Sequence[date], weights_kg: Sequence[float], today: date, level: float = BAND_LEVEL
) -> TrendBand:
    """The trend of :func:`trend_weight` with a band on its weekly rate (weigh-ins alone).

    Nothing about intake or the plan enters, so this is what the scale says. The band is the
    central ``level`` interval of the filter's slope, averaged over the noise hypotheses.

    Raises:
        ExpenditureInputError: As :func:`trend_weight`.

    References:
        [1] Harvey 1989 (local linear trend model), as :func:`trend_weight`.
    """
    post = _trend_posterior(_readings(dates, weights_kg, today), today)
    weight, _ = post.combination(np.array([1.0, 0.0, 0.0]))
    means, sds = post.components(np.array([0.0, 1.0, 0.0]))
    slope = float(post.weight @ means)
    low, high = mixture_interval(means, np.maximum(sds, 1e-9), post.weight, level)
    return TrendBand(
        weight_kg=weight,
        rate_kg_per_week=7.0 * slope,
        rate_low_kg_per_week=7.0 * low,
        rate_high_kg_per_week=7.0 * high,
        band_level=level,
    )


def estimate_expenditure_from_intake(
    dates: Sequence[date],
    weights_kg: Sequence[float],
    intake_kcal: Mapping[date, float],
    today: date,
    *,
    fat_kg: float | None = None,
    maintenance_kcal: float | None = None,
    new_diet: bool = True,
) -> ExpenditureEstimate:
    """Estimate expenditure from logged weights and intake (energy balance on a filtered trend).

    State, day by day from the first log to ``today``: tissue weight W, expenditure E, the
    weight-stable intake M before the logs, and the size σ of the modelled water shift. A day
    moves W by (intake − E − glycogen energy)/ρ; E follows the dynamic model's adaptation
    (thermic effect of the day's intake, adaptive thermogenesis relaxing towards 0.14 × (intake
    − M) over 14 days, ε per kg of tissue lost) plus a small random walk for what the model
    misses. A weigh-in sees W + σ × (glycogen × 3.7 + fluid change, from the model's
    compartments driven by the logged intake) + a carried-over swing + scale noise. The
    noise sizes are learned from the readings (:mod:`gluteus.domain.energy.estimate.weight_filter`).

    Why an AR(1) state rather than a larger white noise: water and gut swings last a few days,
    so neighbouring readings share them. Treating them as independent makes a two-week slope
    look several times more certain than it is; the AR(1) state lets the filter see that a
    run of high readings may be one swing, and the data say how long swings last.

    The first days of a new diet lose glycogen and its water, and fluid with the lower sodium
    intake: for a 500 kcal cut about 0.7–0.9 kg within a week, which read as fat would add
    several hundred kcal/day to a two-week estimate. The filter expects that drop from the
    logged intake, sizes it against M (itself estimated, since the person was weight-stable on
    it), and leaves only tissue change to energy balance. Unlogged days take the mean of the
    logged days around them, with a wider error.

    Args:
        dates: Days of the weigh-ins (any order, gaps and repeats allowed).
        weights_kg: The weigh-ins. [kg]
        intake_kcal: Logged intake by day (days after ``today`` are ignored). [kcal/day]
        today: The day to estimate for (≥ every weigh-in).
        fat_kg: Fat mass, for the energy density of tissue change; 7,700 kcal/kg when
            omitted. [kg]
        maintenance_kcal: The equation's expenditure before the logs (e.g. the profile's
            TDEE), a prior for M with a 15 % SD (with ``new_diet`` False, for expenditure on
            the first day); learned from the logs alone when omitted. [kcal/day]
        new_diet: True when the logs start with a change from weight-stable eating (the
            usual case); False when the person was already used to the first week's intake
            (no start-up drop expected).

    Returns:
        The estimate with its 80 % band; method "intake_and_trend".

    Raises:
        ExpenditureInputError: Too few weigh-ins, no intake in the window, or values out of
            range; the message names the field.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 1-9 (glycogen,
            fluid, adaptive thermogenesis, energy densities).
        [2] Kalman R.E., J. Basic Eng. 82:35-45, 1960.
        [3] Vinken A.G. et al., Am. J. Clin. Nutr. 69(5):920-926, 1999 (prior spread).
    """
    readings = _readings(dates, weights_kg, today)
    if any(v < 0 or not math.isfinite(v) for v in intake_kcal.values()):
        raise ExpenditureInputError("intake_kcal: must be ≥ 0 kcal/day")
    if maintenance_kcal is not None and not 500.0 <= maintenance_kcal <= 10000.0:
        raise ExpenditureInputError(
            f"maintenance_kcal: {maintenance_kcal:g} must lie in 500–10000 kcal/day"
        )
    window = today - timedelta(days=LOOKBACK_DAYS)
    logged = {d: float(v) for d, v in intake_kcal.items() if window <= d <= today}
    if not logged:
        raise ExpenditureInputError(
            f"intake_kcal: log intake on at least one day within {LOOKBACK_DAYS} days"
        )
    first_weigh = min(readings)
    start = min(first_weigh, *logged)
    days = (today - start).days
    by_day = np.full(days + 1, np.nan)
    for d, kcal in logged.items():
        by_day[(d - start).days] = kcal
    intake, intake_sd = filled_intake(by_day)
    first_weight = float(np.mean(readings[first_weigh]))
    if fat_kg is not None and not 0.0 < fat_kg < first_weight:
        raise ExpenditureInputError(f"fat_kg: {fat_kg:g} must lie between 0 and the weight")
    if fat_kg is None:
        rho, density, alpha = DEFAULT_ENERGY_DENSITY_KCAL_PER_KG, None, TYPICAL_FORBES_RATIO
    else:
        rho, density = stored_energy_kcal_per_kg(fat_kg), energy_density_kcal_per_kg(fat_kg)
        alpha = FORBES_C_KG / fat_kg
    fit = fit_intake_balance(
        IntakeBalance(
            intake_kcal=intake,
            intake_sd_kcal=intake_sd,
            readings=_by_day(readings, start, days),
            rho=rho,
            alpha=alpha,
            lean_kg=None if fat_kg is None else first_weight - fat_kg,
            weight_kg=first_weight,
            # Logs older than the window mean the diet did not start with them.
            new_diet=new_diet and not any(d < window for d in [*dates, *intake_kcal]),
            prior_mean=float(np.mean(intake)) if maintenance_kcal is None else maintenance_kcal,
            prior_sd=(
                UNKNOWN_MAINTENANCE_SD_KCAL
                if maintenance_kcal is None
                else PRIOR_SD_FRACTION * maintenance_kcal
            ),
            today_sd_kcal=todays_intake_sd(by_day),
        )
    )
    est = _estimate(
        (fit.means, fit.sds, fit.weights),
        "intake_and_trend",
        rho if density is None else density,
        (fit.trend_weight_kg, fit.rate_kg_per_week),
        sum(len(ys) for ys in readings.values()),
        (today - first_weigh).days + 1,
    )
    return replace(
        est,
        water_shift_kg=fit.water_shift_kg,
        noise_sd_kg=fit.noise_sd_kg,
        noise_carryover=fit.noise_carryover,
    )


def estimate_expenditure_from_model(
    base: Baseline,
    start: date,
    dates: Sequence[date],
    weights_kg: Sequence[float],
    today: date,
    phases: Sequence[Phase] | None = None,
    *,
    adherence_sd_fraction: float = ADHERENCE_SD_FRACTION,
) -> ExpenditureEstimate:
    """Estimate expenditure without intake logs, against the dynamic model's projection.

    The person is taken to follow the planned schedule from ``start``. The readings minus the
    projection are explained by a level offset, an expenditure offset ΔE (a shift of the
    model's K) and a miss of the planned intake, each through the model's own response, so the
    plan's glycogen and water drop is already in the projection and is not read as fat. The
    weigh-in noise is learned as in :func:`trend_weight`. Weigh-ins cannot tell a higher
    expenditure from eating less than planned; the priors (15 % equation scatter on
    maintenance, a 15 % spread of the miss of the plan) share the change between them and
    the band keeps both (:mod:`gluteus.domain.energy.estimate.model_offset`).

    Args:
        base: The person's baseline (n = 1) at ``start``.
        start: Day the plan started (day 0 of the projection).
        dates: Days of the weigh-ins (on or after ``start``).
        weights_kg: The weigh-ins. [kg]
        today: The day to estimate for.
        phases: The planned schedule (maintenance when omitted).
        adherence_sd_fraction: Assumed average miss of the planned intake. [-]

    Returns:
        The estimate with its 80 % band; method "model_offset".

    Raises:
        ExpenditureInputError: Too few weigh-ins, a weigh-in before ``start`` or after
            ``today``, or a weight out of range; the message names the field.
        ProjectionInputError: ``base`` is not one person.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011; NIH Body Weight Planner (the
            expenditure offset ΔE in K, calorie_spread).
        [2] Guo J., Brager D.C., Hall K.D., Am. J. Clin. Nutr. 107:558-565, 2018
            (individual scatter around the model). doi:10.1093/ajcn/nqx056
        [3] Vinken A.G. et al., Am. J. Clin. Nutr. 69(5):920-926, 1999 (prior spread).
    """
    if base.n != 1:
        raise ProjectionInputError("base: the estimate takes one person")
    if any(d < start for d in dates):
        raise ExpenditureInputError("dates: a weigh-in is before the plan's start")
    if not 0.0 <= adherence_sd_fraction <= 1.0:
        raise ExpenditureInputError("adherence_sd_fraction: must lie in 0–1")
    readings = _readings(dates, weights_kg, today)
    days = (today - start).days
    fit = fit_model_offset(
        base, _by_day(readings, start, days), phases, PRIOR_SD_FRACTION, adherence_sd_fraction
    )
    est = _estimate(
        (fit.means, fit.sds, fit.weights),
        "model_offset",
        energy_density_kcal_per_kg(float(base.fat_kg[0])),
        (fit.trend_weight_kg, fit.rate_kg_per_week),
        sum(len(ys) for ys in readings.values()),
        (today - min(readings)).days + 1,
    )
    return replace(
        est,
        water_shift_kg=fit.water_shift_kg,
        noise_sd_kg=fit.noise_sd_kg,
        noise_carryover=fit.noise_carryover,
    )


def prior_expenditure(
    tdee_kcal: float,
    weight_kg: float,
    *,
    intake_kcal: float | None = None,
    days_on_intake: int = 0,
    fat_kg: float | None = None,
    sd_fraction: float = PRIOR_SD_FRACTION,
) -> ExpenditureEstimate:
    """The equation's expenditure with an honest band, for when the logs are too few.

    When the person has been eating ``intake_kcal`` (instead of the equation's maintenance)
    for ``days_on_intake`` days, expenditure has already moved with it: the thermic effect of
    food at once (10 % of the change) and adaptive thermogenesis towards 14 % of the change
    with a 14-day time constant (Hall 2011). Tissue loss so far is ignored (small in the
    first weeks).

    Args:
        tdee_kcal: Weight-stable expenditure from the profile's equation (resting ×
            activity, plus planned exercise if the caller counts it). [kcal/day]
        weight_kg: Current weight, reported as the trend weight. [kg]
        intake_kcal: The diet's daily intake, when one has started. [kcal/day]
        days_on_intake: Days since that intake started. [day]
        fat_kg: Fat mass, for the energy density; 7,700 kcal/kg when omitted. [kg]
        sd_fraction: Scatter of measured around predicted expenditure. [-]

    Returns:
        The estimate; method "prior", no weigh-ins used, rate 0.

    Raises:
        ExpenditureInputError: A value out of range; the message names the field.

    References:
        [1] Vinken A.G. et al., "Equations for predicting the energy requirements of healthy
            adults aged 18-81 y", Am. J. Clin. Nutr. 69(5):920-926, 1999 (SEE 1.80 MJ/day).
        [2] Frankenfield D., Roth-Yousey L., Compher C., J. Am. Diet. Assoc. 105:775-789,
            2005 (resting equations within ±10 % for about 4 in 5 people at best).
        [3] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 6-7.
    """
    if not 500.0 <= tdee_kcal <= 10000.0:
        raise ExpenditureInputError(f"tdee_kcal: {tdee_kcal:g} must lie in 500–10000 kcal/day")
    low, high = _WEIGHT_RANGE_KG
    if not low <= weight_kg <= high:
        raise ExpenditureInputError(f"weight_kg: {weight_kg:g} must lie in {low:g}–{high:g} kg")
    if not 0.0 < sd_fraction < 1.0:
        raise ExpenditureInputError(f"sd_fraction: {sd_fraction:g} must lie in 0–1")
    if intake_kcal is not None and not 0.0 <= intake_kcal <= 10000.0:
        raise ExpenditureInputError(f"intake_kcal: {intake_kcal:g} must lie in 0–10000 kcal/day")
    if days_on_intake < 0:
        raise ExpenditureInputError(f"days_on_intake: {days_on_intake} must be ≥ 0")
    rho = (
        DEFAULT_ENERGY_DENSITY_KCAL_PER_KG if fat_kg is None else energy_density_kcal_per_kg(fat_kg)
    )
    adapted = 0.0
    if intake_kcal is not None:
        adapted = BETA_TEF + BETA_AT * (1.0 - math.exp(-days_on_intake / TAU_AT))
    tdee = tdee_kcal + adapted * ((tdee_kcal if intake_kcal is None else intake_kcal) - tdee_kcal)
    # Only the part of expenditure that did not follow the known intake carries the
    # equation's error.
    sd = (1.0 - adapted) * sd_fraction * tdee_kcal
    one = np.ones(1)
    return _estimate((tdee * one, sd * one, one), "prior", rho, (weight_kg, 0.0), 0, 0)


@dataclass(frozen=True)
class Retarget:
    """A new daily intake target from an expenditure estimate.

    Attributes:
        intake_kcal: The new target. [kcal/day]
        pace_kg_per_week: The pace it aims for after caps. [kg/week]
        notes: Every cap that applied.
    """

    intake_kcal: float
    pace_kg_per_week: float
    notes: tuple[str, ...]


def retarget_intake(
    estimate: ExpenditureEstimate, pace_kg_per_week: float, sex: Sex, weight_kg: float
) -> Retarget:
    """Intake for the chosen loss pace given the estimated expenditure, never below the floor.

    Args:
        estimate: The expenditure estimate.
        pace_kg_per_week: Chosen loss pace (0 = maintain). [kg/week]
        sex: For the calorie floor.
        weight_kg: Current weight, for the safe pace. [kg]

    Returns:
        The target and the pace it gives.

    References:
        [1] Harvard Health Publishing, "Calorie counting made easy", 2009 (floors).
        [2] Helms E.R. et al., J. Int. Soc. Sports Nutr. 11:20, 2014 (≤ 1 %/week).
    """
    if pace_kg_per_week < 0:
        raise ExpenditureInputError(f"pace_kg_per_week: {pace_kg_per_week:g} must be ≥ 0")
    notes: list[str] = []
    safe = safe_pace_kg_per_week(weight_kg)
    pace = pace_kg_per_week
    if pace > safe:
        notes.append(message("Pace capped at the safe {safe}/week.", safe=Mass(safe, ".2f")))
        pace = safe
    rho = estimate.energy_density_kcal_per_kg
    target = estimate.tdee_kcal - pace * rho / 7.0
    floor = calorie_floor(sex)
    if target < floor:
        notes.append(f"Raised to the {floor:.0f} kcal/day floor.")
        target = floor
        pace = max(0.0, (estimate.tdee_kcal - floor) * 7.0 / rho)
    return Retarget(intake_kcal=target, pace_kg_per_week=pace, notes=tuple(notes))
