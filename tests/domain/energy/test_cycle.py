"""Cycle context: the water-swing days from logged period starts, and the check-in using them."""

from __future__ import annotations

import datetime as dt

import numpy as np

from checkin_logs import TODAY, person
from gluteus.domain.energy import checkin
from gluteus.domain.energy.cycle import (
    DAYS_BEFORE,
    DAYS_INTO,
    DEFAULT_CYCLE_DAYS,
    cycle_length_days,
    swing_days,
)
from gluteus.domain.history import WeightEntry


def test_cycle_length_is_the_median_gap_clamped() -> None:
    day = dt.date(2026, 1, 1)
    assert cycle_length_days([day]) == DEFAULT_CYCLE_DAYS
    starts = [day + dt.timedelta(days=n) for n in (0, 30, 59, 90)]
    assert cycle_length_days(starts) == 30
    assert cycle_length_days([day, day + dt.timedelta(days=60)]) == 35


def test_swing_days_cover_the_days_before_and_the_first_days() -> None:
    start = dt.date(2026, 3, 10)
    days = swing_days([start], until=start + dt.timedelta(days=60))
    assert start - dt.timedelta(days=DAYS_BEFORE) in days
    assert start + dt.timedelta(days=DAYS_INTO - 1) in days
    assert start + dt.timedelta(days=DAYS_INTO) not in days
    expected = start + dt.timedelta(days=DEFAULT_CYCLE_DAYS)
    assert expected - dt.timedelta(days=1) in days  # the next period is expected
    assert swing_days([], until=start) == set()


def _swinging_weigh_ins(start: dt.date) -> list[WeightEntry]:
    rng = np.random.default_rng(5)
    swing = swing_days([start], until=TODAY)
    return [
        WeightEntry(
            date=TODAY - dt.timedelta(days=n),
            weight_kg=round(
                84.0 + rng.normal(0, 0.2) + (1.2 if TODAY - dt.timedelta(days=n) in swing else 0), 1
            ),
        )
        for n in range(28, -1, -1)
    ]


def test_the_check_in_leaves_the_swing_out_of_the_trend_and_says_so() -> None:
    start = TODAY - dt.timedelta(days=1)  # a period that began yesterday: the swing is now
    weights = _swinging_weigh_ins(start)
    plain = checkin.assess(person(), None, weights, {}, TODAY, 1800.0)
    aware = checkin.assess(person(), None, weights, {}, TODAY, 1800.0, period_starts=[start])
    assert "cycle_context" in [w.code for w in aware.warnings]
    assert "cycle_context" not in [w.code for w in plain.warnings]
    assert abs(aware.trend.weight_kg - 84.0) < abs(plain.trend.weight_kg - 84.0)
    assert abs(aware.trend.weight_kg - 84.0) < 0.3
