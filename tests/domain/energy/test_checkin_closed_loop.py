"""Issue 24's closed-loop study in the tests (seeded; the simulator is tests/closed_loop.py).

Perfect adherence and honest logs: the achieved pace is 0.9-1.1 of the planned one, no
check-in lowers a target while the scale shows loss faster than safe, and a confirmed pounds
typo never moves a target.
"""

from __future__ import annotations

import numpy as np
import pytest

from closed_loop import WEEKS, Run, people, run
from gluteus.domain.energy.balance import safe_pace_kg_per_week

pytestmark = pytest.mark.slow  # the runs every test shares take about two minutes


@pytest.fixture(scope="module")
def runs() -> list[tuple[Run, Run, Run]]:
    out = []
    for profile, program, truth, rng in people():
        state = rng.bit_generator.state
        typo_day = int(rng.integers(20, 7 * WEEKS - 7))
        clean = run(profile, program, truth, rng, typo_day=None)
        rng.bit_generator.state = state
        rng.integers(20, 7 * WEEKS - 7)
        typo = run(profile, program, truth, rng, typo_day=typo_day)
        rng.bit_generator.state = state
        rng.integers(20, 7 * WEEKS - 7)
        dropped = run(profile, program, truth, rng, typo_day=None, drop_day=typo_day)
        out.append((clean, typo, dropped))
    return out


def test_achieved_pace_is_close_to_the_planned_one(runs: list[tuple[Run, Run, Run]]) -> None:
    shares = []
    for clean, _, _ in runs:
        lost = clean.weights_kg[28] - clean.weights_kg[-1]
        shares.append(lost / ((len(clean.weights_kg) - 1 - 28) / 7) / clean.planned_pace)
    assert 0.9 <= float(np.mean(shares)) <= 1.1, shares


def test_no_check_in_lowers_the_target_while_loss_is_faster_than_safe(
    runs: list[tuple[Run, Run, Run]],
) -> None:
    for clean, typo, _ in runs:
        for one in (clean, typo):
            for view in one.views:
                rate = view.trend.rate_kg_per_week
                if rate is not None and rate < -safe_pace_kg_per_week(view.trend.weight_kg):
                    assert view.target.change_kcal >= 0


def test_a_unit_typo_never_moves_the_target(runs: list[tuple[Run, Run, Run]]) -> None:
    for _, typo, dropped in runs:
        assert typo.targets == dropped.targets
        assert any(w.code == "implausible_weight" for v in typo.views for w in v.warnings)
