"""Weigh-ins against the dynamic model's projection of a plan, when no intake is logged.

The readings minus the projected weight are explained by a level offset, an expenditure offset
ΔE (a shift of the model's constant K) and a miss a of the planned intake, each acting on weight
through the model's own response, plus the weigh-in noise learned by
:mod:`gluteus.domain.energy.estimate.weight_filter`. Weigh-ins alone cannot tell ΔE from a, so
their priors
decide how the change is shared; the expenditure today carries both. Used by
:func:`gluteus.domain.energy.estimate.expenditure.estimate_expenditure_from_model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from gluteus.domain.energy.bodyweight import (
    BETA_AT,
    BETA_TEF,
    GLYCOGEN_0_KG,
    GLYCOGEN_WATER,
    Baseline,
    Phase,
    simulate,
)
from gluteus.domain.energy.estimate.weight_filter import HypothesisFit, LinearModel, run_filter

FloatArray = NDArray[np.float64]


def more_intake(phases: Sequence[Phase] | None, kcal: float) -> list[Phase]:
    """The same schedule with ``kcal`` more intake on every day. [kcal/day]"""
    ordered = sorted(phases or [Phase()], key=lambda ph: ph.start_day)
    if ordered[0].start_day != 0:
        ordered.insert(0, Phase())
    return [
        replace(ph, intake_change_kcal=ph.intake_change_kcal + kcal)
        if ph.intake_kcal is None
        else replace(ph, intake_kcal=ph.intake_kcal + kcal)
        for ph in ordered
    ]


def fit_model_offset(
    base: Baseline,
    readings: list[list[float]],
    phases: Sequence[Phase] | None,
    prior_sd_fraction: float,
    adherence_sd_fraction: float,
) -> HypothesisFit:
    """Fit the offsets to the weigh-ins of days 0 … T of the plan.

    Priors: level N(0, 2 kg); ΔE N(0, 0.76 × ``prior_sd_fraction`` × baseline intake), since a
    maintenance off by ΔM moves K by (1 − β_TEF − β_AT) ΔM; a N(0, ``adherence_sd_fraction`` ×
    planned intake). Expenditure today is the model's with the fitted offsets; its spread comes
    from the offsets' posterior through the model's response of today's expenditure to each.

    Args:
        base: One person's baseline at day 0.
        readings: Weigh-ins of each day 0 … T. [kg]
        phases: The planned schedule (maintenance when None).
        prior_sd_fraction: Scatter of true around equation maintenance. [-]
        adherence_sd_fraction: Assumed average miss of the planned intake. [-]

    Returns:
        Expenditure today under each noise hypothesis and the fitted trend.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix (K, eqs 5-9); NIH Body
            Weight Planner (the expenditure offset in K, calorie_spread).
    """
    days = len(readings) - 1
    plan = simulate(base, days + 1, phases)
    spend = simulate(replace(base, k_kcal=base.k_kcal + 1.0), days + 1, phases)
    eat = simulate(base, days + 1, more_intake(phases, 1.0))
    assert plan.expenditure_kcal is not None and plan.intake_kcal is not None
    assert spend.expenditure_kcal is not None and eat.expenditure_kcal is not None
    sens = [r.weight_kg[0, : days + 1] - plan.weight_kg[0, : days + 1] for r in (spend, eat)]
    today_kcal = plan.expenditure_kcal[0, days]
    slopes = np.array(
        [
            0.0,
            spend.expenditure_kcal[0, days] - today_kcal,
            eat.expenditure_kcal[0, days] - today_kcal,
            0.0,
        ]
    )
    offset_sd = (1.0 - BETA_TEF - BETA_AT) * prior_sd_fraction * float(base.intake_kcal[0])
    miss_sd = adherence_sd_fraction * float(np.mean(plan.intake_kcal[0, : max(days, 1)]))
    model = LinearModel(
        x0=np.zeros(3),
        p0=np.diag([2.0**2, offset_sd**2, miss_sd**2]),
        f=np.broadcast_to(np.eye(3), (days, 3, 3)),
        c=np.zeros((days, 3)),
        q=np.zeros((days, 3, 3)),
        h=np.column_stack([np.ones(days + 1), *sens]),
        offset=plan.weight_kg[0, : days + 1],
    )
    post = run_filter(model, readings)
    level, _ = post.combination(np.array([1.0, 0.0, 0.0, 0.0]))
    offset, _ = post.combination(np.array([0.0, 1.0, 0.0, 0.0]))
    miss, _ = post.combination(np.array([0.0, 0.0, 1.0, 0.0]))
    fitted = simulate(
        replace(base, k_kcal=base.k_kcal + offset), days + 1, more_intake(phases, miss)
    )
    assert fitted.expenditure_kcal is not None
    means, sds = post.components(slopes)
    # Centre on the fitted run (exact) and keep the linear spread around it.
    means = means - float(post.weight @ means) + float(fitted.expenditure_kcal[0, days])
    w = fitted.weight_kg[0]
    span = min(14, days)
    water = GLYCOGEN_WATER * (fitted.glycogen_kg[0, days] - GLYCOGEN_0_KG)
    noise_sd, carry = post.noise()
    return HypothesisFit(
        means=means,
        sds=sds,
        weights=post.weight,
        trend_weight_kg=float(w[days]) + level,
        water_shift_kg=float(water + fitted.ecf_change_kg[0, days]),
        rate_kg_per_week=7.0 * float(w[days] - w[days - span]) / span if span else 0.0,
        noise_sd_kg=noise_sd,
        noise_carryover=carry,
    )
