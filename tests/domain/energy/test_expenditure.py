"""Adaptive expenditure on synthetic logs from the dynamic model (behaviour, one person at a time).

The population study with held-out simulated people is tests/domain/test_expenditure_study.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluteus.domain.energy.balance import calorie_floor
from gluteus.domain.energy.bodyweight import Phase, ProjectionInputError, baseline, simulate
from gluteus.domain.energy.estimate.expenditure import (
    BAND_LEVEL,
    PRIOR_SD_FRACTION,
    ExpenditureEstimate,
    ExpenditureInputError,
    energy_density_kcal_per_kg,
    estimate_expenditure_from_intake,
    estimate_expenditure_from_model,
    prior_expenditure,
    retarget_intake,
    stored_energy_kcal_per_kg,
    trend_weight,
)
from gluteus.domain.energy.estimate.weight_filter import mixture_interval
from gluteus.domain.profile import Sex

START = date(2025, 1, 6)
DAYS = 70
PLAN = [Phase(0, -600.0)]
Z_80 = 1.2815515655446004


def _day(i: int) -> date:
    return START + timedelta(days=i)


def _noise(seed: int, n: int, phi: float, sd: float) -> np.ndarray:
    """AR(1) swing with stationary SD ``sd`` and carry-over ``phi``."""
    rng = np.random.default_rng(seed)
    out = np.empty(n)
    out[0] = rng.normal(0.0, sd)
    for i in range(1, n):
        out[i] = phi * out[i - 1] + rng.normal(0.0, sd * math.sqrt(1.0 - phi**2))
    return out


def _diet(days: int = DAYS) -> tuple[object, np.ndarray, np.ndarray, np.ndarray]:
    """A 95 kg man cutting 600 kcal/day from weight-stable eating on day 0."""
    base = baseline(Sex.MALE, 40, 180, 95, 1.6)
    intake = np.full(days + 1, float(base.intake_kcal[0]) - 600.0)
    tr = simulate(base, days + 1, intake_kcal_per_day=intake)
    assert tr.expenditure_kcal is not None
    return base, intake, tr.weight_kg[0], tr.expenditure_kcal[0]


def _intake_estimate(
    weights: np.ndarray,
    intake: np.ndarray,
    today: int,
    keep: np.ndarray | None = None,
    **kwargs: object,
) -> ExpenditureEstimate:
    days = np.arange(today + 1) if keep is None else keep[keep <= today]
    return estimate_expenditure_from_intake(
        [_day(int(d)) for d in days],
        [float(weights[d]) for d in days],
        {_day(d): float(intake[d]) for d in range(today)},
        _day(today),
        **kwargs,  # type: ignore[arg-type]
    )


def test_energy_density_matches_hall_linearisation() -> None:
    # Hall 2011 linearised model (hall_model.md §10): F0 = 23.1 kg gives rho ≈ 7270 kcal/kg.
    assert energy_density_kcal_per_kg(23.1) == pytest.approx(7270, abs=20)


def test_stored_energy_leaves_out_synthesis_costs() -> None:
    # (9440 + 0.45 × 1807) / 1.45 ≈ 7071 kcal/kg for the same person, 2.7 % below Hall's ρ.
    assert stored_energy_kcal_per_kg(23.1) == pytest.approx(7071, abs=5)
    assert stored_energy_kcal_per_kg(23.1) < energy_density_kcal_per_kg(23.1)


def test_clean_logs_give_the_models_expenditure() -> None:
    base, intake, weights, spent = _diet()
    fat = float(base.fat_kg[0])  # type: ignore[attr-defined]
    for today in (14, 42, 70):
        est = _intake_estimate(weights, intake, today, fat_kg=fat)
        assert est.method == "intake_and_trend"
        assert est.tdee_kcal == pytest.approx(spent[today], abs=15)
        assert est.trend_weight_kg == pytest.approx(weights[today], abs=0.05)
        true_rate = (weights[today] - weights[today - 14]) / 2.0
        assert est.trend_rate_kg_per_week == pytest.approx(true_rate, abs=0.03)
        assert est.days_of_data == today + 1
        assert est.n_weights == today + 1
        assert est.band_level == BAND_LEVEL


def test_first_week_water_loss_is_not_read_as_fat() -> None:
    # The dynamic model loses ~0.75 kg of glycogen and fluid in the first days of the cut.
    base, intake, weights, spent = _diet()
    fat = float(base.fat_kg[0])  # type: ignore[attr-defined]
    est = _intake_estimate(weights, intake, 14, fat_kg=fat)
    assert est.water_shift_kg == pytest.approx(-0.75, abs=0.1)
    assert abs(est.tdee_kcal - spent[14]) < 20
    # Told the diet did not start with the logs, the same drop reads as fat: far too high.
    naive = _intake_estimate(weights, intake, 14, fat_kg=fat, new_diet=False)
    assert naive.tdee_kcal - spent[14] > 200


def test_noise_is_learned_from_the_readings() -> None:
    _, intake, weights, _ = _diet()
    quiet = _intake_estimate(weights + _noise(1, weights.size, 0.0, 0.2), intake, 42)
    loud = _intake_estimate(weights + _noise(1, weights.size, 0.0, 0.9), intake, 42)
    assert quiet.noise_sd_kg is not None and loud.noise_sd_kg is not None
    assert quiet.noise_sd_kg < 0.4 < loud.noise_sd_kg
    assert quiet.sd_kcal < loud.sd_kcal


def test_carried_over_swings_are_learned_and_widen_the_band() -> None:
    # The same scatter (SD 0.6 kg) is worth fewer independent readings when it carries over.
    _, intake, weights, _ = _diet()
    runs = {
        phi: [
            _intake_estimate(weights + _noise(seed, weights.size, phi, 0.6), intake, 42)
            for seed in range(8)
        ]
        for phi in (0.0, 0.7)
    }
    carry = {phi: np.mean([e.noise_carryover or 0.0 for e in r]) for phi, r in runs.items()}
    assert carry[0.0] < 0.3 < carry[0.7]
    width = {phi: np.mean([e.sd_kcal for e in r]) for phi, r in runs.items()}
    assert width[0.7] > 1.05 * width[0.0]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_noisy_gappy_logs_stay_near_the_truth(seed: int) -> None:
    base, intake, weights, spent = _diet()
    rng = np.random.default_rng(seed)
    keep = np.nonzero(rng.random(weights.size) > 0.3)[0]
    noisy = weights + _noise(seed, weights.size, 0.7, 0.6)
    est = _intake_estimate(noisy, intake, 56, keep=keep, fat_kg=float(base.fat_kg[0]))  # type: ignore[attr-defined]
    assert est.low_kcal < est.tdee_kcal < est.high_kcal
    assert abs(est.tdee_kcal - spent[56]) <= 3.0 * est.sd_kcal
    assert est.n_weights == int(np.sum(keep <= 56))


@settings(max_examples=15, deadline=None)
@given(extra=st.floats(-400.0, 400.0))
def test_more_logged_intake_means_more_expenditure(extra: float) -> None:
    # Same weights, every logged day higher by `extra`: energy balance moves the estimate
    # by about as much (the thermic effect and adaptation follow intake too).
    _, intake, weights, _ = _diet()
    one = _intake_estimate(weights, intake, 42)
    two = _intake_estimate(weights, intake + extra, 42)
    assert two.tdee_kcal - one.tdee_kcal == pytest.approx(extra, abs=0.2 * abs(extra) + 10.0)


def test_trend_weight_follows_a_noisy_decline() -> None:
    days = np.arange(43)
    truth = 80.0 - 0.07 * days
    noisy = truth + _noise(5, days.size, 0.6, 0.5)
    level, rate = trend_weight([_day(int(d)) for d in days], list(noisy), _day(42))
    assert level == pytest.approx(truth[-1], abs=0.6)
    assert rate == pytest.approx(-0.49, abs=0.3)
    flat_level, flat_rate = trend_weight([_day(0), _day(7)], [70.0, 70.0], _day(7))
    assert (flat_level, flat_rate) == (pytest.approx(70.0, abs=1e-6), pytest.approx(0.0))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_model_based_estimate_finds_hidden_offset(seed: int) -> None:
    base = baseline(Sex.FEMALE, 35, 168, 80, 1.5)
    # The person really spends 200 kcal/day more than the model predicts.
    truth = simulate(replace(base, k_kcal=base.k_kcal + 200.0), DAYS + 1, PLAN)
    assert truth.expenditure_kcal is not None
    rng = np.random.default_rng(seed)
    keep = np.nonzero(rng.random(DAYS + 1) > 0.3)[0]
    noisy = truth.weight_kg[0, : DAYS + 1] + _noise(seed, DAYS + 1, 0.6, 0.5)
    est = estimate_expenditure_from_model(
        base, START, [_day(int(d)) for d in keep], list(noisy[keep]), _day(DAYS), PLAN
    )
    true_tdee = float(truth.expenditure_kcal[0, DAYS])
    plan = simulate(base, DAYS + 1, PLAN)
    assert plan.expenditure_kcal is not None
    assert est.method == "model_offset"
    assert abs(est.tdee_kcal - true_tdee) <= 150
    assert abs(est.tdee_kcal - true_tdee) < abs(float(plan.expenditure_kcal[0, DAYS]) - true_tdee)
    assert est.low_kcal < est.tdee_kcal < est.high_kcal


def test_prior_band_is_the_equation_scatter() -> None:
    est = prior_expenditure(2400.0, 80.0)
    assert est.method == "prior"
    assert (est.days_of_data, est.n_weights) == (0, 0)
    half = Z_80 * PRIOR_SD_FRACTION * 2400.0
    assert est.low_kcal == pytest.approx(2400.0 - half, abs=1.0)
    assert est.high_kcal == pytest.approx(2400.0 + half, abs=1.0)
    assert est.trend_weight_kg == 80.0 and est.trend_rate_kg_per_week == 0.0


def test_prior_follows_a_started_diet() -> None:
    # Day 0: only the thermic effect (10 % of the 500 kcal cut); after weeks the adaptive
    # term adds up to 14 % more.
    first = prior_expenditure(2400.0, 80.0, intake_kcal=1900.0, days_on_intake=0)
    later = prior_expenditure(2400.0, 80.0, intake_kcal=1900.0, days_on_intake=70)
    assert first.tdee_kcal == pytest.approx(2350.0)
    assert later.tdee_kcal == pytest.approx(2400.0 - 0.24 * 500.0, abs=1.0)
    assert later.sd_kcal < first.sd_kcal < PRIOR_SD_FRACTION * 2400.0


def test_mixture_interval_is_exact_for_one_normal_and_narrower_for_heavy_tails() -> None:
    one = np.ones(1)
    low, high = mixture_interval(100.0 * one, 10.0 * one, one, 0.8)
    assert (low, high) == (
        pytest.approx(100 - 10 * Z_80, abs=0.05),
        pytest.approx(100 + 10 * Z_80, abs=0.05),
    )
    means, sds, w = np.zeros(2), np.array([1.0, 10.0]), np.array([0.9, 0.1])
    low, high = mixture_interval(means, sds, w, 0.8)
    assert high < Z_80 * math.sqrt(0.9 * 1.0 + 0.1 * 100.0)


def _estimate(tdee: float) -> ExpenditureEstimate:
    return ExpenditureEstimate(
        tdee_kcal=tdee,
        low_kcal=tdee - 100,
        high_kcal=tdee + 100,
        sd_kcal=78,
        trend_weight_kg=70.0,
        trend_rate_kg_per_week=-0.3,
        method="intake_and_trend",
        energy_density_kcal_per_kg=7500.0,
        n_weights=30,
        days_of_data=42,
    )


def test_retarget_gives_pace_and_never_breaks_floor() -> None:
    plan = retarget_intake(_estimate(2400), 0.5, Sex.FEMALE, 70)
    assert plan.intake_kcal == pytest.approx(2400 - 0.5 * 7500 / 7)
    low = retarget_intake(_estimate(1500), 0.7, Sex.FEMALE, 70)
    assert low.intake_kcal == calorie_floor(Sex.FEMALE)
    assert low.notes
    capped = retarget_intake(_estimate(3000), 2.0, Sex.MALE, 80)
    assert capped.pace_kg_per_week == pytest.approx(0.8)


def test_bad_logs_name_the_field() -> None:
    today = START + timedelta(days=10)
    with pytest.raises(ExpenditureInputError, match=r"^weights_kg: "):
        estimate_expenditure_from_intake([START], [70.0], {START: 2000.0}, today)
    with pytest.raises(ExpenditureInputError, match=r"^weights_kg: "):
        estimate_expenditure_from_intake([START, START], [70.0, 70.5], {START: 2000.0}, today)
    with pytest.raises(ExpenditureInputError, match=r"^weights_kg: "):
        estimate_expenditure_from_intake([START, today], [70.0, 7.0], {START: 2000.0}, today)
    with pytest.raises(ExpenditureInputError, match=r"^dates: "):
        estimate_expenditure_from_intake(
            [START, today, today + timedelta(days=1)], [70.0, 70, 70], {START: 2000.0}, today
        )
    with pytest.raises(ExpenditureInputError, match=r"^intake_kcal: "):
        estimate_expenditure_from_intake([START, today], [70.0, 70], {START: -1.0}, today)
    with pytest.raises(ExpenditureInputError, match=r"^intake_kcal: "):
        estimate_expenditure_from_intake([START, today], [70.0, 70], {}, today)
    with pytest.raises(ExpenditureInputError, match=r"^maintenance_kcal: "):
        estimate_expenditure_from_intake(
            [START, today], [70.0, 70], {START: 2000.0}, today, maintenance_kcal=100.0
        )
    with pytest.raises(ExpenditureInputError, match=r"^weights_kg: "):
        trend_weight([START], [70.0], today)
    with pytest.raises(ExpenditureInputError, match=r"^dates: "):
        estimate_expenditure_from_model(
            baseline(Sex.FEMALE, 35, 168, 80, 1.5),
            START,
            [START - timedelta(days=1), today],
            [80.0, 79.5],
            today,
        )
    with pytest.raises(ExpenditureInputError, match=r"^tdee_kcal: "):
        prior_expenditure(50.0, 70.0)


def test_bad_inputs_to_the_other_methods_name_the_field() -> None:
    today = START + timedelta(days=10)
    base = baseline(Sex.FEMALE, 35, 168, 80, 1.5)
    two = baseline([Sex.FEMALE, Sex.MALE], 35, 168, 80, 1.5)
    dates, weights = [START, today], [80.0, 79.5]
    with pytest.raises(ExpenditureInputError, match=r"^weights_kg: "):
        estimate_expenditure_from_intake(dates, [80.0], {START: 2000.0}, today)
    with pytest.raises(ExpenditureInputError, match=r"^fat_kg: "):
        estimate_expenditure_from_intake(dates, weights, {START: 2000.0}, today, fat_kg=90.0)
    with pytest.raises(ExpenditureInputError, match=r"^fat_kg: "):
        energy_density_kcal_per_kg(0.0)
    with pytest.raises(ExpenditureInputError, match=r"^fat_kg: "):
        stored_energy_kcal_per_kg(-1.0)
    with pytest.raises(ProjectionInputError, match=r"^base: "):
        estimate_expenditure_from_model(two, START, dates, weights, today)
    with pytest.raises(ExpenditureInputError, match=r"^adherence_sd_fraction: "):
        estimate_expenditure_from_model(
            base, START, dates, weights, today, adherence_sd_fraction=2.0
        )
    for kwargs, field in (
        ({"weight_kg": 5.0}, "weight_kg"),
        ({"sd_fraction": 0.0}, "sd_fraction"),
        ({"intake_kcal": -5.0}, "intake_kcal"),
        ({"intake_kcal": 1800.0, "days_on_intake": -1}, "days_on_intake"),
    ):
        args: dict[str, float] = {"weight_kg": 70.0, **kwargs}
        with pytest.raises(ExpenditureInputError, match=rf"^{field}: "):
            prior_expenditure(2000.0, **args)  # type: ignore[arg-type]
    with pytest.raises(ExpenditureInputError, match=r"^pace_kg_per_week: "):
        retarget_intake(_estimate(2400), -0.1, Sex.FEMALE, 70)
