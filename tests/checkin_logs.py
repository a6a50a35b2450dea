"""A known person's logs for the check-in tests (domain and CLI share them).

Logs come from the dynamic model for a known person, so the true expenditure is known.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from gluteus.domain.energy.balance import ACTIVITY_FACTORS
from gluteus.domain.energy.bodyweight import Phase, baseline, simulate
from gluteus.domain.history import WeightEntry
from gluteus.domain.profile import Profile

TODAY = dt.date(2026, 11, 24)


def person(**kw: object) -> Profile:
    data: dict[str, object] = {
        "sex": "female",
        "age": 38,
        "height_cm": 165,
        "weight_kg": 84,
        "activity": "moderate",
        "pace_kg_per_week": 0.5,
        "goal_weight_kg": 70,
    }
    data.update(kw)
    return Profile.model_validate(data)


def logs(
    profile: Profile,
    intake_kcal: float,
    days: int,
    *,
    seed: int = 7,
    noise_kg: float = 0.4,
    every: int = 1,
) -> tuple[list[WeightEntry], dict[dt.date, float], float]:
    """Weigh-ins and intake for ``days`` days eating ``intake_kcal``, and today's true TDEE."""
    base = baseline(
        profile.sex.value,
        profile.age,
        profile.height_cm,
        profile.weight_kg,
        ACTIVITY_FACTORS[profile.activity],
    )
    tr = simulate(base, days, [Phase(intake_kcal=intake_kcal)])
    assert tr.expenditure_kcal is not None
    rng = np.random.default_rng(seed)
    start = TODAY - dt.timedelta(days=days)
    weights = [
        WeightEntry(
            date=start + dt.timedelta(days=i),
            weight_kg=round(float(tr.weight_kg[0, i]) + rng.normal(0.0, noise_kg), 1),
        )
        for i in range(0, days + 1, every)
    ]
    intake = {start + dt.timedelta(days=i): intake_kcal for i in range(days)}
    return weights, intake, float(tr.expenditure_kcal[0, -1])
