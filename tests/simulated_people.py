"""Held-out simulated dieters for the expenditure study (test and benchmark share it).

Each person is run through the dynamic model (Hall 2011, :func:`gluteus.domain.energy.bodyweight.
simulate`) with their own true physiology and their own eating, and then "logs" like a real
user: noisy, gappy weigh-ins and noisy, gappy intake records. The estimator under test never
imports this module, and nothing here is read by it: the noise below is what the estimator has
to discover from the logs.

What is simulated (every choice is ours, for a plausible spread of users, not fitted to data):

* **People.** Half women, half men; age 20-65 y; height N(177, 7) cm for men and N(163, 6.5) cm
  for women (clipped to 150-200); BMI 22-38; true body fat = the Jackson et al. (2002) estimate
  plus N(0, 4) percentage points (its published error is of that size); true activity level
  (PAL) 1.35-1.95, and a person-level deviation of the whole maintenance intake of N(0, 8 %)
  from the equation (Frankenfield et al. 2005: Mifflin-St Jeor within ±10 % of measured
  resting expenditure for about four people in five).
* **What the app believes.** The user picks the activity category whose calculator factor
  (1.2 … 1.9, :data:`gluteus.domain.energy.balance.ACTIVITY_FACTORS`) is nearest to their PAL
  misjudged
  by a factor exp(N(0, 0.12)); the app's maintenance is the dynamic model's baseline for that
  factor with Jackson body fat, as the planner builds it. Altogether the app's maintenance
  misses the true one by about 14 % (SD), close to the 1.8 MJ/day standard error Vinken et
  al. (1999) report for such equations against doubly labelled water. (The estimator's prior
  uses 15 % from the same literature, so the study does not test that number independently.)
* **Eating.** 80 % start a real deficit of 300-900 kcal/day below their true maintenance on
  day 0 (they were weight-stable on maintenance before, so glycogen and fluid fall in week 1);
  20 % stay at maintenance. The plan's intake is that value; the person eats it on average
  give or take a person-level adherence offset of N(0, 15 %) (:data:`ADHERENCE_SD`), and
  each day varies by N(0, 15 %) (clipped to ≥ 600 kcal).
* **Weigh-ins.** Morning weight from the model plus an AR(1) water/gut swing (phi 0.5-0.8)
  and independent scale noise; the total SD of the two is 0.5-0.8 kg per person, of which
  50-85 % of the variance is the AR(1) part; readings are rounded to 0.1 kg. A random 20-40 %
  of days have no weigh-in (day 0 too, sometimes).
* **Intake logs.** Each logged day is the true intake times exp(N(0, 0.12)) (independent daily
  reporting error with mean 1, no person-level bias), rounded to 10 kcal; a random 5-25 % of
  days are not logged. A steady under-logger would get an expenditure low by the same share,
  in logged calories: right for a target in logged calories, but not the true expenditure,
  and no weigh-in can reveal it; the study checks the filter, so it leaves that out.
* **Truth.** The person's expenditure on the check-in day from the model (intake minus energy
  stored in fat, lean tissue and glycogen that day); the check-in day's own intake is not
  logged yet (weigh-in in the morning, check-in before eating).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from gluteus.domain.energy.balance import ACTIVITY_FACTORS
from gluteus.domain.energy.bodyweight import (
    Baseline,
    Phase,
    baseline,
    jackson_body_fat_pct,
    simulate,
)
from gluteus.domain.profile import ActivityLevel

START = date(2025, 3, 3)
ADHERENCE_SD = 0.15
"""Person-level miss of the planned intake (SD of eaten / planned − 1): people asked to eat a
set amount end 10-45 % away from it (issue 24; CALERIE: Racette S.B. et al., J. Gerontol. A
72(1):14-20, 2017)."""
"""Day 0 of every simulated diet (a Monday)."""
CHECKIN_WEEKS = (3, 6, 9)
"""Weeks at which the study checks the estimate."""
_FACTORS = np.array(list(ACTIVITY_FACTORS.values()))
_LEVELS = list(ACTIVITY_FACTORS)


@dataclass(frozen=True)
class Person:
    """One simulated user: what the app knows, what they logged, and the hidden truth."""

    sex: str
    age: float
    height_cm: float
    weight_kg: float
    activity: ActivityLevel
    app_base: Baseline
    """The dynamic model as the app builds it from the profile (n = 1)."""
    app_fat_kg: float
    """Fat mass the app estimates from the profile (Jackson et al. 2002). [kg]"""
    plan: tuple[Phase, ...]
    """The intake plan from day 0 (absolute intake)."""
    weigh_days: np.ndarray
    weights_kg: np.ndarray
    intake_log: dict[int, float]
    """Logged intake by day index. [kcal/day]"""
    true_expenditure_kcal: np.ndarray
    """Expenditure of each day. [kcal/day]"""
    true_maintenance_kcal: float
    deficit_kcal: float

    @property
    def app_tdee_kcal(self) -> float:
        """The app's maintenance (equation) estimate. [kcal/day]"""
        return float(self.app_base.intake_kcal[0])

    def checkin(self, day: int) -> tuple[list[date], list[float], dict[date, float], date, float]:
        """Logs as of the morning of ``day``: dates, weights, intake, today, true expenditure."""
        keep = self.weigh_days <= day
        dates = [START + timedelta(days=int(d)) for d in self.weigh_days[keep]]
        intake = {START + timedelta(days=d): v for d, v in self.intake_log.items() if d < day}
        truth = float(self.true_expenditure_kcal[day])
        return (
            dates,
            [float(w) for w in self.weights_kg[keep]],
            intake,
            START + timedelta(days=day),
            truth,
        )


def _ar1(rng: np.random.Generator, phi: np.ndarray, sd: np.ndarray, days: int) -> np.ndarray:
    out = np.empty((phi.size, days))
    out[:, 0] = rng.normal(0.0, sd)
    innov = sd * np.sqrt(1.0 - phi**2)
    for d in range(1, days):
        out[:, d] = phi * out[:, d - 1] + rng.normal(0.0, innov)
    return out


def simulate_people(n: int, seed: int, days: int = 9 * 7 + 1) -> list[Person]:
    """Simulate ``n`` people for ``days`` days (check-ins possible on days 0 … days - 1).

    Args:
        n: Number of people.
        seed: Seed of the random generator (the same seed gives the same people).
        days: Length of each diet. [day]

    Returns:
        The people.
    """
    rng = np.random.default_rng(seed)
    male = rng.random(n) < 0.5
    sex = np.where(male, "male", "female")
    age = rng.uniform(20.0, 65.0, n)
    height = np.clip(np.where(male, rng.normal(177, 7, n), rng.normal(163, 6.5, n)), 150, 200)
    weight = rng.uniform(22.0, 38.0, n) * (height / 100.0) ** 2
    fat_pct = np.clip(jackson_body_fat_pct(weight, height, age, male) + rng.normal(0, 4, n), 8, 60)
    pal = rng.uniform(1.35, 1.95, n)
    pal_eff = pal * (1.0 + rng.normal(0.0, 0.08, n))
    truth_base = baseline(sex.tolist(), age, height, weight, pal_eff, fat_pct)
    maintenance = truth_base.intake_kcal
    dieting = rng.random(n) < 0.8
    deficit = np.where(dieting, rng.uniform(300.0, 900.0, n), 0.0)
    planned = np.round(maintenance - deficit, -1)
    mean_intake = planned * (1.0 + rng.normal(0.0, ADHERENCE_SD, n))
    intake = np.maximum(mean_intake[:, None] * (1.0 + rng.normal(0.0, 0.15, (n, days))), 600.0)
    tr = simulate(truth_base, days, intake_kcal_per_day=intake)
    assert tr.expenditure_kcal is not None

    phi = rng.uniform(0.5, 0.8, n)
    total_sd = rng.uniform(0.5, 0.8, n)
    ar_share = rng.uniform(0.5, 0.85, n)
    swings = _ar1(rng, phi, total_sd * np.sqrt(ar_share), days)
    scale = rng.normal(0.0, 1.0, (n, days)) * (total_sd * np.sqrt(1.0 - ar_share))[:, None]
    observed = np.round(tr.weight_kg[:, :days] + swings + scale, 1)
    weigh_missing = rng.uniform(0.2, 0.4, n)
    intake_missing = rng.uniform(0.05, 0.25, n)
    report = np.exp(rng.normal(-0.5 * 0.12**2, 0.12, (n, days)))

    people = []
    for i in range(n):
        misjudged = pal[i] * np.exp(rng.normal(0.0, 0.12))
        level = _LEVELS[int(np.argmin(np.abs(_FACTORS - misjudged)))]
        app_base = baseline(sex[i], age[i], height[i], weight[i], ACTIVITY_FACTORS[level])
        weigh = np.nonzero(rng.random(days) >= weigh_missing[i])[0]
        if weigh.size < 2:
            weigh = np.array([0, days - 1])
        logged = np.nonzero(rng.random(days) >= intake_missing[i])[0]
        people.append(
            Person(
                sex=str(sex[i]),
                age=float(age[i]),
                height_cm=float(height[i]),
                weight_kg=float(weight[i]),
                activity=level,
                app_base=app_base,
                app_fat_kg=float(app_base.fat_kg[0]),
                plan=(Phase(0, intake_kcal=float(planned[i])),),
                weigh_days=weigh,
                weights_kg=observed[i, weigh],
                intake_log={
                    int(d): float(np.round(intake[i, d] * report[i, d], -1)) for d in logged
                },
                true_expenditure_kcal=tr.expenditure_kcal[i],
                true_maintenance_kcal=float(maintenance[i]),
                deficit_kcal=float(deficit[i]),
            )
        )
    return people
