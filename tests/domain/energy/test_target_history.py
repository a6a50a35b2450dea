"""Issue 24 item 1: the weigh-ins-only estimate uses the targets in force day by day."""

from __future__ import annotations

import datetime as dt

import numpy as np

from checkin_logs import TODAY, person
from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy import checkin
from gluteus.domain.energy.bodyweight import Phase, baseline_for, simulate
from gluteus.domain.energy.projection import pal_for
from gluteus.domain.history import WeightEntry
from gluteus.domain.planning import build_program

DAYS = 42
CHANGE_DAY = 28


def test_target_phases_follow_the_check_ins() -> None:
    start = TODAY - dt.timedelta(days=DAYS)
    history = [(TODAY, 1400.0), (start + dt.timedelta(days=CHANGE_DAY), 1550.0), (start, 1.0)]
    phases = checkin.target_phases(start, 1800.0, history, TODAY)
    assert [(p.start_day, p.intake_kcal) for p in phases] == [(0, 1800.0), (CHANGE_DAY, 1550.0)]


def test_a_followed_cut_is_not_read_as_a_higher_expenditure() -> None:
    profile = person()
    start = TODAY - dt.timedelta(days=DAYS)
    program = build_program(profile, default_catalog(), start)
    first = program.calories.target_kcal
    cut = first - 250.0
    base = baseline_for(profile, pal_for(profile, program))
    truth = simulate(base, DAYS, [Phase(0, intake_kcal=first), Phase(CHANGE_DAY, intake_kcal=cut)])
    assert truth.expenditure_kcal is not None
    true_tdee = float(truth.expenditure_kcal[0, -1])
    rng = np.random.default_rng(11)
    weights = [
        WeightEntry(
            date=start + dt.timedelta(days=i),
            weight_kg=round(float(truth.weight_kg[0, i]) + rng.normal(0.0, 0.3), 1),
        )
        for i in range(DAYS + 1)
    ]
    history = [(start + dt.timedelta(days=CHANGE_DAY), cut)]
    aware = checkin.assess(profile, program, weights, {}, TODAY, cut, targets=history)
    blind = checkin.assess(profile, program, weights, {}, TODAY, cut)
    assert aware.expenditure.method == blind.expenditure.method == "model_offset"
    aware_error = aware.expenditure.tdee_kcal - true_tdee
    blind_error = blind.expenditure.tdee_kcal - true_tdee
    assert abs(aware_error) < 100.0
    assert blind_error > aware_error + 100.0  # the first-target assumption reads the cut as burn
    assert aware.target.change_kcal <= blind.target.change_kcal
