"""Weigh-ins at entry: the robust recent weight and the readings worth a question."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gluteus.domain.energy.weigh_in import (
    PROFILE_REFERENCE_DAYS,
    check_weigh_in,
    plausible_gap_kg,
    recent_weight_kg,
)
from gluteus.domain.units import KG_PER_LB, UnitSystem

DAY = dt.date(2026, 3, 1)


def _line(start_kg: float, kg_per_day: float, days: int = 14) -> list[tuple[dt.date, float]]:
    return [(DAY + dt.timedelta(days=i), start_kg + kg_per_day * i) for i in range(days)]


def test_recent_weight_is_exact_on_a_steady_loss() -> None:
    readings = _line(80.0, -0.1)
    assert recent_weight_kg(readings) == pytest.approx(80.0 - 1.3)


@given(
    st.integers(min_value=0, max_value=13),
    st.floats(min_value=-60.0, max_value=150.0),
    st.floats(min_value=-0.15, max_value=0.15),
)
def test_one_wild_reading_barely_moves_the_recent_weight(
    where: int, error_kg: float, kg_per_day: float
) -> None:
    readings = _line(80.0, kg_per_day)
    true_kg = readings[where][1]
    readings[where] = (readings[where][0], max(35.0, true_kg + error_kg))
    # A latest reading far enough to be a slip is not a weigh-in: the line is read the day before.
    slip = abs(readings[where][1] - true_kg) > plausible_gap_kg(true_kg, 0)
    clean = 80.0 + kg_per_day * (12 if where == 13 and slip else 13)
    assert recent_weight_kg(readings) == pytest.approx(clean, abs=0.05)


@given(
    st.integers(min_value=0, max_value=13),
    st.lists(st.floats(min_value=-1.0, max_value=1.0), min_size=14, max_size=14),
)
def test_a_kept_pounds_typo_has_no_say_in_the_recent_weight(where: int, noise: list[float]) -> None:
    readings = [(d, round(kg + e, 1)) for (d, kg), e in zip(_line(80.0, -0.07), noise, strict=True)]
    typo = (readings[where][0], round(readings[where][1] / KG_PER_LB, 1))
    with_typo = [*readings[:where], typo, *readings[where + 1 :]]
    without = readings[:where] + readings[where + 1 :]
    assert recent_weight_kg(with_typo) == recent_weight_kg(without)
    for later in (DAY + dt.timedelta(days=13), DAY + dt.timedelta(days=15)):
        assert recent_weight_kg(with_typo, later) == recent_weight_kg(without, later)


def test_recent_weight_needs_a_reading() -> None:
    assert recent_weight_kg([]) is None
    assert recent_weight_kg([(DAY, 70.0)], DAY - dt.timedelta(days=1)) is None


def test_pounds_typed_as_kilograms_are_questioned_with_the_kilograms() -> None:
    readings = _line(72.0, 0.0)
    typed = 72.0 / KG_PER_LB  # 158.7
    check = check_weigh_in(typed, DAY + dt.timedelta(days=14), readings)
    assert check is not None
    assert check.suggestion_kg == pytest.approx(72.0, abs=0.05)
    assert check.question().startswith("Did you mean 72 kg?")
    assert "158.7 lb" not in check.question()
    assert "lb" in check.question(UnitSystem.IMPERIAL)


def test_a_reading_far_from_the_trend_is_questioned_without_a_guess() -> None:
    check = check_weigh_in(84.0, DAY + dt.timedelta(days=14), _line(72.0, 0.0))
    assert check is not None and check.suggestion_kg is None
    assert "far from your recent weight of about 72 kg" in check.question()


@given(st.floats(min_value=-1.0, max_value=1.0), st.integers(min_value=1, max_value=7))
def test_readings_within_water_and_real_change_pass(fraction: float, days_later: int) -> None:
    readings = _line(72.0, -0.07)
    expected = 72.0 - 0.07 * (13 + days_later)
    gap = plausible_gap_kg(expected, days_later)
    weight = expected + 0.99 * fraction * gap
    assert check_weigh_in(weight, DAY + dt.timedelta(days=13 + days_later), readings) is None


def test_the_first_reading_is_checked_against_the_profile() -> None:
    assert check_weigh_in(158.7, DAY, [], profile_weight_kg=72.0) is not None
    allowed = 72.0 + plausible_gap_kg(72.0, PROFILE_REFERENCE_DAYS)
    assert check_weigh_in(allowed - 0.1, DAY, [], profile_weight_kg=72.0) is None
    assert check_weigh_in(158.7, DAY, []) is None  # nothing to compare with


def test_a_reading_is_checked_against_the_last_one_before_a_trend() -> None:
    assert check_weigh_in(158.7, DAY + dt.timedelta(days=1), [(DAY, 72.0)]) is not None
    assert check_weigh_in(72.8, DAY + dt.timedelta(days=1), [(DAY, 72.0)]) is None
