"""Adaptive expenditure: a person's real daily expenditure estimated from logged weights.

With logged intake, a Kalman filter tracks weight and expenditure together through noisy,
gappy weigh-ins (energy balance links them). Without intake, the observed weights are compared
with the dynamic model's projection for the planned intake and an expenditure offset is
fitted. Pure functions: dates and ``today`` are passed in; nothing reads a clock or a file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from gluteus.domain.bodyweight import (
    ETA_F,
    ETA_L,
    FORBES_C_KG,
    RHO_F,
    RHO_L,
    Baseline,
    Phase,
    ProjectionInputError,
    simulate,
)
from gluteus.domain.energy import calorie_floor, safe_pace_kg_per_week
from gluteus.domain.profile import Sex

Z_95 = 1.959963984540054
"""Two-sided 95 % normal quantile."""
DEFAULT_ENERGY_DENSITY_KCAL_PER_KG = 7700.0
"""Fat-dominant tissue change when body fat is unknown (≈ 3,500 kcal/lb). [kcal/kg]"""
WEIGHT_NOISE_SD_KG = 0.5
"""Day-to-day scatter of a single weigh-in (water, gut content, scale). [kg]"""
EXPENDITURE_DRIFT_SD_KCAL = 8.0
"""How much true expenditure may drift from one day to the next. [kcal/day per day]"""
MODEL_SD_KCAL = 30.0
"""Expenditure error of the model-based estimate beyond weigh-in noise: autocorrelated water
shifts and the model's own parameters (Guo et al. 2018: large individual scatter). [kcal/day]"""
WEIGHT_DRIFT_SD_KG = 0.02
"""Day-to-day change of true weight not explained by energy balance. [kg]"""


class ExpenditureInputError(ValueError):
    """The logs cannot support an estimate; the message names the field."""


@dataclass(frozen=True)
class ExpenditureEstimate:
    """Estimated daily expenditure with a 95 % band.

    Attributes:
        tdee_kcal: Estimated total daily energy expenditure today. [kcal/day]
        low_kcal: Lower end of the 95 % band. [kcal/day]
        high_kcal: Upper end of the 95 % band. [kcal/day]
        sd_kcal: Standard deviation of the estimate. [kcal/day]
        trend_weight_kg: Filtered weight today. [kg]
        method: "intake" (energy balance with logged intake) or "model" (offset from the
            dynamic model's projection).
        energy_density_kcal_per_kg: Energy per kg of weight change used. [kcal/kg]
        n_weights: Weigh-ins used.
    """

    tdee_kcal: float
    low_kcal: float
    high_kcal: float
    sd_kcal: float
    trend_weight_kg: float
    method: str
    energy_density_kcal_per_kg: float
    n_weights: int


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


def _day_index(dates: Sequence[date], weights_kg: Sequence[float], today: date) -> np.ndarray:
    if len(dates) != len(weights_kg):
        raise ExpenditureInputError("weights_kg: needs one weight per date")
    if len(dates) < 3:
        raise ExpenditureInputError("weights_kg: log at least 3 weigh-ins")
    if any(d > today for d in dates):
        raise ExpenditureInputError("dates: a weigh-in is after today")
    w = np.asarray(weights_kg, dtype=float)
    if np.any(~np.isfinite(w) | (w < 20.0) | (w > 400.0)):
        raise ExpenditureInputError("weights_kg: values must lie in 20–400 kg")
    start = min(dates)
    return np.array([(d - start).days for d in dates])


def estimate_expenditure_from_intake(
    dates: Sequence[date],
    weights_kg: Sequence[float],
    intake_kcal: Mapping[date, float],
    today: date,
    *,
    fat_kg: float | None = None,
    weight_noise_sd_kg: float = WEIGHT_NOISE_SD_KG,
    drift_sd_kcal: float = EXPENDITURE_DRIFT_SD_KCAL,
) -> ExpenditureEstimate:
    """Estimate expenditure from logged weights and intake with a Kalman filter.

    State: true weight W and expenditure E, day by day from the first weigh-in to ``today``:
    W(d+1) = W(d) + (I(d) − E(d)) / ρ, E(d+1) = E(d) + drift; a weigh-in sees W plus noise.
    Days without a weigh-in are predicted only; days without logged intake use the mean of
    the logged days. This is a trend filter over all weigh-ins, not a difference of two.

    Args:
        dates: Days of the weigh-ins (any order, gaps allowed).
        weights_kg: The weigh-ins. [kg]
        intake_kcal: Logged intake by day. [kcal/day]
        today: The day to estimate for (≥ every weigh-in).
        fat_kg: Fat mass, to derive ρ from the Hall model; 7,700 kcal/kg when omitted. [kg]
        weight_noise_sd_kg: Scatter of one weigh-in. [kg]
        drift_sd_kcal: Day-to-day drift of expenditure. [kcal/day]

    Returns:
        The estimate with its 95 % band.

    References:
        [1] Kalman R.E., J. Basic Eng. 82:35-45, 1960 (the filter).
        [2] Hall K.D. et al., Lancet 378:826-837, 2011 (energy density of the change).
    """
    day = _day_index(dates, weights_kg, today)
    if not intake_kcal:
        raise ExpenditureInputError("intake_kcal: log at least one day, or use the model")
    if any(v < 0 for v in intake_kcal.values()):
        raise ExpenditureInputError("intake_kcal: must be ≥ 0 kcal/day")
    rho = (
        DEFAULT_ENERGY_DENSITY_KCAL_PER_KG if fat_kg is None else energy_density_kcal_per_kg(fat_kg)
    )
    start = min(dates)
    n_days = (today - start).days
    mean_intake = float(np.mean(list(intake_kcal.values())))
    intake = np.full(n_days + 1, mean_intake)
    for d, kcal in intake_kcal.items():
        i = (d - start).days
        if 0 <= i <= n_days:
            intake[i] = kcal
    obs: dict[int, list[float]] = {}
    for i, w in zip(day.tolist(), weights_kg, strict=True):
        obs.setdefault(int(i), []).append(float(w))
    first = obs[0]
    x = np.array([float(np.mean(first)), mean_intake])
    p = np.diag([weight_noise_sd_kg**2, 1000.0**2])
    f = np.array([[1.0, -1.0 / rho], [0.0, 1.0]])
    q = np.diag([WEIGHT_DRIFT_SD_KG**2, drift_sd_kcal**2])
    r = weight_noise_sd_kg**2
    for i in range(n_days + 1):
        if i > 0:
            x = f @ x + np.array([intake[i - 1] / rho, 0.0])
            p = f @ p @ f.T + q
        for y in obs.get(i, []) if i > 0 else []:
            s = p[0, 0] + r
            gain = p[:, 0] / s
            x = x + gain * (y - x[0])
            p = p - np.outer(gain, p[0, :])
    sd = math.sqrt(max(float(p[1, 1]), 0.0))
    tdee = float(x[1])
    return ExpenditureEstimate(
        tdee_kcal=tdee,
        low_kcal=tdee - Z_95 * sd,
        high_kcal=tdee + Z_95 * sd,
        sd_kcal=sd,
        trend_weight_kg=float(x[0]),
        method="intake",
        energy_density_kcal_per_kg=rho,
        n_weights=len(weights_kg),
    )


def estimate_expenditure_from_model(
    base: Baseline,
    start: date,
    dates: Sequence[date],
    weights_kg: Sequence[float],
    today: date,
    phases: Sequence[Phase] | None = None,
    *,
    model_sd_kcal: float = MODEL_SD_KCAL,
) -> ExpenditureEstimate:
    """Estimate expenditure without intake logs, against the dynamic model's projection.

    The person is assumed to follow the planned schedule from ``start``; the difference
    between observed weights and the projection is fitted by least squares as a level
    offset plus a constant expenditure offset ΔE, whose effect on weight comes from the
    model itself (the response to K + 1 kcal/day). The model is then re-run with ΔE and
    its expenditure today is the estimate; the band re-runs it with ΔE ± 1.96 SE.

    Args:
        base: The person's baseline (n = 1) at ``start``.
        start: Day the plan started (day 0 of the projection).
        dates: Days of the weigh-ins (on or after ``start``).
        weights_kg: The weigh-ins. [kg]
        today: The day to estimate for.
        phases: The planned schedule (maintenance when omitted).
        model_sd_kcal: Error added in quadrature to the fit's standard error. [kcal/day]

    Returns:
        The estimate with its 95 % band.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011; NIH Body Weight Planner (the
            expenditure offset ΔE in K, calorie_spread).
        [2] Guo J., Brager D.C., Hall K.D., Am. J. Clin. Nutr. 107:558-565, 2018
            (individual scatter around the model). doi:10.1093/ajcn/nqx056
    """
    if base.n != 1:
        raise ProjectionInputError("base: the estimate takes one person")
    if any(d < start for d in dates):
        raise ExpenditureInputError("dates: a weigh-in is before the plan's start")
    _day_index(dates, weights_kg, today)
    n_days = (today - start).days
    idx = np.array([(d - start).days for d in dates])
    y = np.asarray(weights_kg, dtype=float)
    plan = simulate(base, n_days, phases)
    shifted = simulate(replace(base, k_kcal=base.k_kcal + 1.0), n_days, phases)
    sens = (shifted.weight_kg[0] - plan.weight_kg[0])[idx]
    resid = y - plan.weight_kg[0][idx]
    design = np.column_stack([np.ones_like(sens), sens])
    coef, *_ = np.linalg.lstsq(design, resid, rcond=None)
    dof = max(len(y) - 2, 1)
    sigma2 = float(np.sum((resid - design @ coef) ** 2)) / dof
    cov = sigma2 * np.linalg.pinv(design.T @ design)
    offset = float(coef[1])
    se = math.sqrt(max(float(cov[1, 1]), 0.0) + model_sd_kcal**2)

    def tdee_with(delta_kcal: float) -> tuple[float, float]:
        tr = simulate(replace(base, k_kcal=base.k_kcal + delta_kcal), n_days, phases)
        assert tr.expenditure_kcal is not None
        last = tr.expenditure_kcal[0, -1] if n_days else float(base.intake_kcal[0])
        return float(last), float(tr.weight_kg[0, -1])

    tdee, trend = tdee_with(offset)
    low, _ = tdee_with(offset - Z_95 * se)
    high, _ = tdee_with(offset + Z_95 * se)
    fat = float(base.fat_kg[0])
    return ExpenditureEstimate(
        tdee_kcal=tdee,
        low_kcal=min(low, high),
        high_kcal=max(low, high),
        sd_kcal=(max(low, high) - min(low, high)) / (2 * Z_95),
        trend_weight_kg=trend + float(coef[0]),
        method="model",
        energy_density_kcal_per_kg=energy_density_kcal_per_kg(fat),
        n_weights=len(y),
    )


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
        notes.append(f"Pace capped at the safe {safe:.2f} kg/week.")
        pace = safe
    rho = estimate.energy_density_kcal_per_kg
    target = estimate.tdee_kcal - pace * rho / 7.0
    floor = calorie_floor(sex)
    if target < floor:
        notes.append(f"Raised to the {floor:.0f} kcal/day floor.")
        target = floor
        pace = max(0.0, (estimate.tdee_kcal - floor) * 7.0 / rho)
    return Retarget(intake_kcal=target, pace_kg_per_week=pace, notes=tuple(notes))
