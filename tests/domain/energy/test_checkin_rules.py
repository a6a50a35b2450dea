"""Issue 24's check-in rules: the scale's trend with a band, words that match it, adherence,
under-logging, the dead band, safety on the measured pace and slipped weigh-ins."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkin_logs import TODAY, logs, person
from gluteus.domain.energy import checkin
from gluteus.domain.energy.balance import intake_target
from gluteus.domain.energy.checkin_rules import (
    UNDERLOGGING_RATIO,
    adherence,
    intake_looks_incomplete,
    verdict_code,
    verdict_text,
)
from gluteus.domain.history import WeightEntry


def _line(start_kg: float, kg_per_week: float, days: int = 28, seed: int = 3) -> list[WeightEntry]:
    rng = np.random.default_rng(seed)
    return [
        WeightEntry(
            date=TODAY - dt.timedelta(days=days - i),
            weight_kg=round(start_kg + kg_per_week * i / 7 + rng.normal(0, 0.3), 1),
        )
        for i in range(days + 1)
    ]


def _eaten(days: int, kcal: float) -> dict[dt.date, float]:
    return {TODAY - dt.timedelta(days=i): kcal for i in range(1, days + 1)}


def test_a_gain_is_called_a_gain_with_its_band() -> None:
    profile = person()
    view = checkin.assess(profile, None, _line(91.8, +0.5), {}, TODAY, 1800.0)
    trend = view.trend
    assert trend.rate_kg_per_week is not None and trend.rate_kg_per_week > 0.3
    assert trend.rate_low_kg_per_week is not None and trend.rate_high_kg_per_week is not None
    assert trend.rate_low_kg_per_week < trend.rate_kg_per_week < trend.rate_high_kg_per_week
    assert trend.verdict_code == "gaining" and "gaining" in trend.verdict
    assert trend.weight_kg > 93.5  # the scale's level, not pulled toward the plan


def test_the_trend_is_the_scale_s_even_when_intake_says_otherwise() -> None:
    # Logs say 1,700 kcal (a loss), the scale says a 0.5 kg/week gain: the trend shown is the gain.
    profile = person()
    view = checkin.assess(profile, None, _line(84.0, +0.5), _eaten(28, 1700), TODAY, 1800.0)
    assert view.trend.rate_kg_per_week is not None and view.trend.rate_kg_per_week > 0.3


def test_verdict_keeps_its_word_until_the_band_leaves_it() -> None:
    expected = -0.5
    # Rate −0.36 is "slower" (< 0.75 × 0.5) but its band still reaches "on pace".
    assert verdict_code(-0.36, -0.5, -0.2, expected) == "slower"
    assert verdict_code(-0.36, -0.5, -0.2, expected, previous="on_pace") == "on_pace"
    assert verdict_code(-0.2, -0.3, -0.1, expected, previous="on_pace") == "slower"
    # A gain is never kept as a loss, whatever came before.
    assert verdict_code(0.1, -0.2, 0.4, expected, previous="slower") == "gaining"


@given(st.floats(-2.0, 2.0), st.floats(0.0, 1.0), st.floats(-1.0, 0.0))
def test_a_rising_trend_is_never_worded_as_a_loss(
    rate: float, width: float, expected: float
) -> None:
    code = verdict_code(rate, rate - width, rate + width, expected)
    text = verdict_text(code, rate, rate - width, rate + width, expected)
    if rate > 0.15 or (expected < -0.01 and rate > 0.05):
        assert code == "gaining" and "gaining" in text
    if rate >= 0:
        assert not text.startswith("Losing")


def test_under_logging_is_named_and_keeps_the_target() -> None:
    profile = person()
    resting = intake_target(profile).bmr_kcal
    assert intake_looks_incomplete(UNDERLOGGING_RATIO * resting - 1, resting)
    assert not intake_looks_incomplete(UNDERLOGGING_RATIO * resting + 1, resting)
    # Logs of 1,100 kcal while the scale holds: expenditure "measured" at ~1,100.
    weights = _line(84.0, 0.0)
    view = checkin.assess(profile, None, weights, _eaten(28, 1100), TODAY, 1800.0)
    codes = [w.code for w in view.warnings]
    assert "intake_looks_incomplete" in codes
    assert view.target.intake_kcal == 1800 and view.target.changed is False


def test_adherence_is_the_average_of_logged_days() -> None:
    intake = {TODAY - dt.timedelta(days=i): 2000.0 + 10 * i for i in (1, 2, 3, 20)}
    seen = adherence(intake, TODAY, 1750.4)
    assert seen.logged_intake_kcal == 2020 and seen.days_logged == 3
    assert seen.target_kcal == 1750
    assert adherence({}, TODAY, 1800).logged_intake_kcal is None


def test_loss_faster_than_safe_never_lowers_the_target() -> None:
    profile = person(weight_kg=84, pace_kg_per_week=1.0)
    weights = _line(88.0, -1.4)  # well beyond the safe 0.84 kg/week
    for intake in ({}, _eaten(28, 1300)):
        view = checkin.assess(profile, None, weights, intake, TODAY, 1400.0)
        if view.expenditure.method == "prior":
            continue
        assert "faster_than_safe" in [w.code for w in view.warnings]
        assert view.target.intake_kcal > 1400


def test_a_small_move_within_the_band_keeps_the_target() -> None:
    profile = person()
    weights, intake, _ = logs(profile, 1700, 28)
    view = checkin.assess(profile, None, weights, intake, TODAY, 1700.0)
    wanted = checkin.dead_band_kcal(
        (view.expenditure.high_kcal - view.expenditure.low_kcal) / 2.563
    )
    assert wanted > checkin.MIN_CHANGE_KCAL
    if abs(view.target.change_kcal) > 0:
        assert view.target.changed
    moved = checkin.assess(profile, None, weights, intake, TODAY, view.target.intake_kcal + 20)
    assert moved.target.changed is False


def test_a_pounds_typo_in_the_logs_is_warned_about_and_does_not_move_the_target() -> None:
    profile = person()
    weights, intake, _ = logs(profile, 1700, 28)
    clean = checkin.assess(profile, None, weights[:20] + weights[21:], intake, TODAY, 1700.0)
    typo = list(weights)
    typo[20] = WeightEntry(date=typo[20].date, weight_kg=round(typo[20].weight_kg / 0.45359237, 1))
    slipped = checkin.assess(profile, None, typo, intake, TODAY, 1700.0)
    assert "implausible_weight" in [w.code for w in slipped.warnings]
    assert "implausible_weight" not in [w.code for w in clean.warnings]
    assert slipped.target.intake_kcal == clean.target.intake_kcal
    assert slipped.trend.weight_kg == pytest.approx(clean.trend.weight_kg, abs=0.3)


def test_a_half_logged_day_is_flagged_and_an_incomplete_day_is_missing() -> None:
    from gluteus.domain.energy.checkin_rules import daily_intake, partial_days
    from gluteus.domain.history import IntakeEntry

    intake = _eaten(10, 2000)
    short = TODAY - dt.timedelta(days=3)
    intake[short] = 700
    assert partial_days(intake) == [short]
    assert partial_days(dict(list(intake.items())[:5])) == []  # too few days to compare
    entries = [
        IntakeEntry(date=short, kcal=500, meal="lunch"),
        IntakeEntry(date=short, kcal=200, incomplete=True),
        IntakeEntry(date=TODAY, kcal=600),
        IntakeEntry(date=TODAY, kcal=800),
    ]
    assert daily_intake(entries) == {TODAY: 1400}
    view = checkin.assess(person(), None, _line(84.0, -0.4), intake, TODAY, 1800.0)
    assert "intake_day_looks_partial" in [w.code for w in view.warnings]
