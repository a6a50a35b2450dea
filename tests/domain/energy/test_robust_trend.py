"""A confirmed typo (pounds typed as kilograms) barely moves the trend or the expenditure."""

from __future__ import annotations

import pytest

from checkin_logs import TODAY, logs, person
from gluteus.domain.energy.estimate import expenditure as ex
from gluteus.domain.units import KG_PER_LB


@pytest.mark.parametrize("where", [5, 14, 27])
def test_one_weight_in_pounds_moves_expenditure_little(where: int) -> None:
    weights, intake, _ = logs(person(), 1700, 28)
    dates = [w.date for w in weights]
    kg = [w.weight_kg for w in weights]
    typo = list(kg)
    typo[where] = round(kg[where] / KG_PER_LB, 1)
    clean = ex.estimate_expenditure_from_intake(dates, kg, intake, TODAY, fat_kg=30.0)
    wrecked = ex.estimate_expenditure_from_intake(dates, typo, intake, TODAY, fat_kg=30.0)
    assert abs(wrecked.tdee_kcal - clean.tdee_kcal) < 60.0
    assert abs(wrecked.trend_weight_kg - clean.trend_weight_kg) < 0.3
    level, rate = ex.trend_weight(dates, typo, TODAY)
    clean_level, clean_rate = ex.trend_weight(dates, kg, TODAY)
    assert abs(level - clean_level) < 0.3 and abs(rate - clean_rate) < 0.2
