"""Issue 24's closed loop, small and seeded: people follow every new check-in target for 12 weeks.

The truth is the dynamic model for a person whose expenditure differs from the app's equations
(PAL off by N(0, 8 %)); they eat exactly the target in force (perfect adherence) and log it
honestly on 70 % of days; they weigh in on 80 % of mornings with 0.4 kg of scatter, and each
person types one weigh-in in pounds and confirms it. The estimator never sees the truth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy import checkin
from gluteus.domain.energy.bodyweight import Baseline, baseline, simulate
from gluteus.domain.energy.goal import profile_at_weight
from gluteus.domain.energy.projection import pal_for
from gluteus.domain.energy.weigh_in import recent_weight_kg
from gluteus.domain.history import WeightEntry
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program
from gluteus.domain.units import KG_PER_LB

PEOPLE = 16
WEEKS = 12
SEED = 20261207
START = dt.date(2026, 1, 5)


@dataclass
class Run:
    """One person's 12 weeks: the targets set, the check-ins and the true daily weight."""

    targets: list[float]
    views: list[checkin.CheckinView]
    weights_kg: np.ndarray
    planned_pace: float


def people() -> list[tuple[Profile, Program, Baseline, np.random.Generator]]:
    """The seeded people: profile, plan from START, true baseline and their own generator."""
    rng = np.random.default_rng(SEED)
    out = []
    for i in range(PEOPLE):
        female = i % 2 == 0
        height = float(rng.uniform(158, 172) if female else rng.uniform(170, 188))
        weight = float(rng.uniform(78, 105))
        profile = Profile.model_validate(
            {
                "sex": "female" if female else "male",
                "age": int(rng.integers(25, 60)),
                "height_cm": height,
                "weight_kg": weight,
                "activity": "moderate",
                "pace_kg_per_week": 0.5,
                "goal_weight_kg": None,
            }
        )
        program = build_program(profile, default_catalog(), START)
        pal = pal_for(profile, program) * float(np.exp(rng.normal(0.0, 0.08)))
        truth = baseline(profile.sex.value, profile.age, height, weight, pal)
        out.append((profile, program, truth, np.random.default_rng(SEED + i)))
    return out


def run(
    profile: Profile,
    program: Program,
    truth: Baseline,
    rng: np.random.Generator,
    *,
    typo_day: int | None,
    drop_day: int | None = None,
) -> Run:
    """Weekly check-ins from week 2; the person eats exactly the target in force.

    ``typo_day`` turns that day's reading into pounds (forced to be weighed); ``drop_day``
    leaves that day's reading out.
    """
    days = 7 * WEEKS
    target = program.calories.target_kcal
    intake = np.full(days, target)
    noise = rng.normal(0.0, 0.4, days + 1)
    weighed = rng.random(days + 1) < 0.8
    logged = rng.random(days) < 0.7
    if typo_day is not None:
        weighed[typo_day] = True
    targets: list[float] = []
    views: list[checkin.CheckinView] = []
    history: list[tuple[dt.date, float]] = []
    previous: checkin.CheckinView | None = None
    tr = simulate(truth, days, intake_kcal_per_day=intake)
    for week in range(2, WEEKS + 1):
        day = 7 * week
        tr = simulate(truth, days, intake_kcal_per_day=intake)
        true_kg = tr.weight_kg[0]
        readings = []
        for d in range(day + 1):
            if not weighed[d] or d == drop_day:
                continue
            kg = round(float(true_kg[d]) + float(noise[d]), 1)
            if d == typo_day:
                kg = round(kg / KG_PER_LB, 1)
            readings.append(WeightEntry(date=START + dt.timedelta(days=d), weight_kg=kg))
        today = START + dt.timedelta(days=day)
        eaten = {START + dt.timedelta(days=d): float(intake[d]) for d in range(day) if logged[d]}
        now = recent_weight_kg([(w.date, w.weight_kg) for w in readings]) or profile.weight_kg
        person = profile_at_weight(profile, now)
        view = checkin.assess(person, program, readings, eaten, today, target, previous, history)
        target = view.target.intake_kcal
        intake[day:] = target
        targets.append(target)
        views.append(view)
        history.append((today, target))
        previous = view
    tr = simulate(truth, days, intake_kcal_per_day=intake)
    return Run(targets, views, tr.weight_kg[0], program.calories.pace_kg_per_week)
