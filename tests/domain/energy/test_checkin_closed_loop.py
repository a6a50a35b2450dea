"""Issue 24's closed-loop study in the tests (seeded; the simulator is tests/closed_loop.py).

Targets (benchmarks/expenditure.py prints the same numbers with --closed-loop): the 80 % band
covers the true expenditure 75-85 % of the time at weeks 3, 6, 9 and 12 (intake_and_trend
with honest logs; model_offset with realistic adherence and no intake logs); with perfect
adherence the achieved pace is 0.9-1.1 of the planned one; no check-in lowers a target while
the scale shows loss faster than safe; a pounds typo is questioned at entry and, confirmed or
corrected, never moves a target.

The quick tests run a few people through the typo scenarios; the study (``slow``) runs every
scenario for :data:`STUDY_PEOPLE` people.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from closed_loop import COVERAGE_WEEKS, Person, Run, Study, people, run, study

QUICK_PEOPLE = 4
STUDY_PEOPLE = 100
COVERAGE_TARGET = (0.75, 0.85)
"""The benchmark's target for the pooled coverage of weeks 3-12 (4 × 100 check-ins)."""
WEEK_SLACK_SE = 2.0
"""One week's 100 check-ins: coverage within 2 binomial standard errors of 0.8 (an honest 80 %
band lands there 95 % of the time; 75-85 % is only ±1.25 SE at that size)."""


@pytest.fixture(scope="module")
def quick() -> list[tuple[Person, dict[str, Run]]]:
    out = []
    for p in people(QUICK_PEOPLE):
        runs = {
            typo: run(p, "perfect", "honest", typo)
            for typo in ("none", "confirm", "correct", "drop")
        }
        out.append((p, runs))
    return out


def test_a_pounds_typo_is_questioned_and_never_moves_the_target(
    quick: list[tuple[Person, dict[str, Run]]],
) -> None:
    for _, runs in quick:
        assert runs["confirm"].typo_questioned
        assert runs["confirm"].typo_stored_kg is not None
        assert runs["confirm"].typos_warned()
        assert runs["confirm"].targets == runs["drop"].targets
        assert runs["correct"].targets == runs["none"].targets


def test_no_quick_check_in_lowers_the_target_while_loss_is_faster_than_safe(
    quick: list[tuple[Person, dict[str, Run]]],
) -> None:
    for _, runs in quick:
        for one in runs.values():
            assert one.lowered_while_too_fast() == 0


def test_perfect_adherence_reaches_about_the_planned_pace(
    quick: list[tuple[Person, dict[str, Run]]],
) -> None:
    shares = [runs["none"].achieved_share() for _, runs in quick]
    assert 0.8 <= float(np.mean(shares)) <= 1.2, shares


@pytest.fixture(scope="module")
def numbers() -> Study:
    return study(STUDY_PEOPLE)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["intake_and_trend", "model_offset"])
def test_the_band_covers_the_truth_about_80_percent_of_the_time(
    numbers: Study, method: str
) -> None:
    assert all(numbers.methods_used[method][w] == 1.0 for w in COVERAGE_WEEKS)
    weekly = numbers.coverage[method]
    pooled = float(np.mean(list(weekly.values())))
    low, high = COVERAGE_TARGET
    assert low <= pooled <= high, weekly
    slack = WEEK_SLACK_SE * math.sqrt(0.8 * 0.2 / numbers.people)
    for week in COVERAGE_WEEKS:
        assert round(abs(weekly[week] - 0.8), 9) <= round(slack, 9), (week, weekly)


@pytest.mark.slow
def test_study_pace_safety_and_typo(numbers: Study) -> None:
    assert 0.9 <= float(np.mean(numbers.pace_shares)) <= 1.1, numbers.pace_shares
    assert numbers.lowered_while_too_fast == 0
    assert numbers.typo_questioned == numbers.people
    assert numbers.typo_moved_confirmed == 0
    assert numbers.typo_moved_corrected == 0


@pytest.mark.slow
def test_under_logging_is_named_far_more_often_than_for_honest_loggers(numbers: Study) -> None:
    assert numbers.underlog_flagged > 2 * numbers.honest_flagged
