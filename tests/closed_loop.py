"""Issue 24's closed-loop simulation study: people follow every check-in's target for 12 weeks.

The truth is our own Hall-style model (:mod:`hall_truth`, independent of the code under test).
Each seeded person (every choice below is ours, for a plausible spread of users):

* **Body.** Half women (158-172 cm), half men (170-188 cm), 78-105 kg, 25-59 y; true body fat
  the Jackson estimate plus N(0, 4) points; true maintenance the plan's equation value times
  exp(N(0, 0.14)) (equations miss measured expenditure by about 14 %, Vinken et al. 1999).
* **Eating.** Perfect adherence: exactly the target in force, every day. Realistic: the target
  times a person-level factor 1 + N(0, 0.15) (people end 10-45 % away from a set intake,
  Racette et al. 2017), times a daily N(0, 0.12) scatter, weekends 15 % above weekdays.
* **Intake logs.** 20-40 % of days unlogged. Honest: each logged day is the intake times
  exp(N(0, 0.10)) with mean 1. Under-logging: also 10-30 % low, the person's own share
  (Schoeller 1995; Lichtman et al. 1992). None: no intake logged at all.
* **Weigh-ins.** 65-90 % of mornings; an AR(1) water swing (phi 0.5-0.8) plus scale noise, in
  all 0.5-0.8 kg SD; women under 50 also carry a premenstrual water swing of 0.5-1.5 kg over
  the 5 days before a period and its first 2 days (cycles of 26-32 days), and three in four of
  them log their period starts.
* **One unit typo.** On one weigh-in day in weeks 3-11 the reading is typed in pounds. It goes
  through the same plausibility check the CLI and API apply before storing
  (:func:`gluteus.domain.energy.weigh_in.check_weigh_in`, as
  :func:`gluteus.services.journal.weigh_in_question` calls it): when it is questioned the
  person either confirms the typo or takes the suggested reading ("Did you mean …?"). Genuine
  readings that get questioned are confirmed (and counted).

The check-in runs weekly from week 2 (:func:`gluteus.domain.energy.checkin.assess`, fed the way
:func:`gluteus.services.checkin.checkin` feeds it); its target is in force from that day. The
truth a check-in's expenditure band is judged against is the model's mean expenditure over the
week before it (one day's own includes the thermic effect and synthesis cost of that day's
meals, which no estimate from the logs can see; the week's mean lags the truth by half a week,
a few kcal at most once the first weeks are over).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from gluteus.domain.catalog import default_catalog
from gluteus.domain.energy import checkin
from gluteus.domain.energy.balance import safe_pace_kg_per_week
from gluteus.domain.energy.goal import profile_at_weight
from gluteus.domain.energy.weigh_in import RECENT_WINDOW_DAYS, check_weigh_in, recent_weight_kg
from gluteus.domain.history import WeightEntry
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program
from gluteus.domain.units import KG_PER_LB
from hall_truth import HallPerson, jackson_fat_pct, mifflin_rmr_kcal

WEEKS = 12
DAYS = 7 * WEEKS
SEED = 20261207
START = dt.date(2026, 1, 5)
COVERAGE_WEEKS = (3, 6, 9, 12)
"""Weeks at which the study judges the expenditure band."""
MAINTENANCE_SD = 0.14
ADHERENCE_SD = 0.15
WEEKEND_EXTRA = 0.15

Adherence = Literal["perfect", "realistic"]
Logs = Literal["honest", "under", "none"]
Typo = Literal["none", "confirm", "correct", "drop", "own"]


@dataclass(frozen=True)
class Person:
    """One seeded person: what the app knows (profile, plan) and the hidden truth and habits."""

    index: int
    profile: Profile
    program: Program
    fat_kg: float
    maintenance_kcal: float
    rmr_kcal: float
    sodium_coupling: float
    adherence: float
    day_factor: np.ndarray
    weighed: np.ndarray
    swing_kg: np.ndarray
    period_starts: tuple[int, ...]
    logs_periods: bool
    logged: np.ndarray
    report: np.ndarray
    under_share: float
    typo_day: int
    confirms_typo: bool

    @property
    def female(self) -> bool:
        return self.profile.sex.value == "female"


def _person(i: int, seed: int) -> Person:
    rng = np.random.default_rng([seed, i])
    female = i % 2 == 0
    height = float(rng.uniform(158, 172) if female else rng.uniform(170, 188))
    weight = float(rng.uniform(78, 105))
    age = int(rng.integers(25, 60))
    profile = Profile.model_validate(
        {
            "sex": "female" if female else "male",
            "age": age,
            "height_cm": height,
            "weight_kg": weight,
            "activity": "moderate",
            "pace_kg_per_week": 0.5,
            "goal_weight_kg": None,
        }
    )
    program = build_program(profile, default_catalog(), START)
    fat_pct = min(max(jackson_fat_pct(female, age, height, weight) + rng.normal(0, 4), 10), 55)
    maintenance = program.calories.maintenance_kcal * math.exp(rng.normal(0, MAINTENANCE_SD))
    days = DAYS + 1
    weekday = np.array([(START + dt.timedelta(days=d)).weekday() for d in range(days)])
    weekend = np.where(weekday >= 5, 1.0 + WEEKEND_EXTRA, 1.0)
    weekend /= weekend[:7].mean()
    day_factor = weekend * np.exp(rng.normal(-0.5 * 0.12**2, 0.12, days))
    phi = rng.uniform(0.5, 0.8)
    total_sd = rng.uniform(0.5, 0.8)
    ar_share = rng.uniform(0.5, 0.85)
    ar = np.empty(days)
    ar_sd = total_sd * math.sqrt(ar_share)
    ar[0] = rng.normal(0, ar_sd)
    for d in range(1, days):
        ar[d] = phi * ar[d - 1] + rng.normal(0, ar_sd * math.sqrt(1 - phi**2))
    swing = ar + rng.normal(0, total_sd * math.sqrt(1 - ar_share), days)
    starts: list[int] = []
    if female and age < 50:
        cycle = int(rng.integers(26, 33))
        amplitude = rng.uniform(0.5, 1.5)
        start = int(rng.integers(-cycle + 1, 1))
        while start <= days + 5:
            if start >= 0:
                starts.append(start)
            for offset in range(-5, 2):  # rising to the first day of flow, then falling
                d = start + offset
                if 0 <= d < days:
                    swing[d] += amplitude * (1.0 - abs(offset) / 6.0)
            start += cycle + int(rng.integers(-1, 2))
    weighed = rng.random(days) < rng.uniform(0.65, 0.9)
    logged = rng.random(days) >= rng.uniform(0.2, 0.4)
    typo_day = int(rng.integers(21, 7 * (WEEKS - 1)))
    weighed[typo_day] = True
    return Person(
        index=i,
        profile=profile,
        program=program,
        fat_kg=weight * fat_pct / 100.0,
        maintenance_kcal=maintenance,
        rmr_kcal=mifflin_rmr_kcal(female, age, height, weight),
        sodium_coupling=float(rng.uniform(0.0, 1.0)),
        adherence=max(0.6, 1.0 + rng.normal(0, ADHERENCE_SD)),
        day_factor=day_factor,
        weighed=weighed,
        swing_kg=swing,
        period_starts=tuple(starts),
        logs_periods=bool(female and rng.random() < 0.75),
        logged=logged,
        report=np.exp(rng.normal(-0.5 * 0.10**2, 0.10, days)),
        under_share=float(rng.uniform(0.10, 0.30)),
        typo_day=typo_day,
        confirms_typo=bool(rng.random() < 0.5),
    )


def people(n: int, seed: int = SEED) -> list[Person]:
    """``n`` seeded people (person i is the same whatever ``n``)."""
    return [_person(i, seed) for i in range(n)]


@dataclass
class Run:
    """One person's 12 weeks in one scenario."""

    person: Person
    targets: list[float] = field(default_factory=list)
    views: list[checkin.CheckinView] = field(default_factory=list)
    truth_kcal: list[float] = field(default_factory=list)
    """True mean expenditure of the week before each check-in. [kcal/day]"""
    weights_kg: list[float] = field(default_factory=list)
    """True morning weight, days 0 … 84 (without the swing). [kg]"""
    typo_questioned: bool | None = None
    typo_stored_kg: float | None = None
    false_questions: int = 0
    """Genuine readings the plausibility check questioned (the person confirmed them)."""

    @property
    def planned_pace(self) -> float:
        return self.person.program.calories.pace_kg_per_week

    def achieved_share(self) -> float:
        """Weekly loss from day 28 to day 84 over the planned pace."""
        lost = self.weights_kg[28] - self.weights_kg[DAYS]
        return lost / ((DAYS - 28) / 7) / self.planned_pace

    def at_week(self, week: int) -> tuple[checkin.CheckinView, float]:
        """The check-in of ``week`` and the true expenditure it is judged against."""
        i = week - 2
        return self.views[i], self.truth_kcal[i]

    def typos_warned(self) -> bool:
        """Whether a check-in named a stored weigh-in as a slip."""
        return any(w.code == "implausible_weight" for v in self.views for w in v.warnings)

    def lowered_while_too_fast(self) -> int:
        """Check-ins that lowered the target while the trend showed loss faster than safe."""
        count = 0
        for view in self.views:
            rate = view.trend.rate_kg_per_week
            fast = rate is not None and rate < -safe_pace_kg_per_week(view.trend.weight_kg)
            count += int(fast and view.target.change_kcal < 0)
        return count


def run(p: Person, adherence: Adherence, logs: Logs, typo: Typo) -> Run:
    """Twelve weeks of one person in one scenario (deterministic: all noise is in ``p``)."""
    body = HallPerson(
        p.profile.weight_kg, p.fat_kg, p.maintenance_kcal, p.rmr_kcal, p.sodium_coupling
    )
    out = Run(person=p)
    target = p.program.calories.target_kcal
    readings: list[tuple[dt.date, float]] = []
    intake: dict[dt.date, float] = {}
    history: list[tuple[dt.date, float]] = []
    previous: checkin.CheckinView | None = None
    expenditure: list[float] = []
    mode = typo if typo != "own" else ("confirm" if p.confirms_typo else "correct")
    for d in range(DAYS + 1):
        today = START + dt.timedelta(days=d)
        out.weights_kg.append(body.body_weight_kg)
        if p.weighed[d]:
            _weigh(out, readings, today, round(body.body_weight_kg + p.swing_kg[d], 1), mode)
        if d >= 14 and d % 7 == 0:
            view = _check_in(p, readings, intake, today, target, previous, history)
            out.views.append(view)
            out.truth_kcal.append(float(np.mean(expenditure[-7:])))
            target = view.target.intake_kcal
            out.targets.append(target)
            history.append((today, target))
            previous = view
        if d == DAYS:
            break
        eaten = target if adherence == "perfect" else target * p.adherence * p.day_factor[d]
        eaten = max(eaten, 600.0)
        expenditure.append(body.day(eaten))
        if logs != "none" and p.logged[d]:
            low = p.under_share if logs == "under" else 0.0
            intake[today] = float(round(eaten * p.report[d] * (1.0 - low), -1))
    return out


def _weigh(
    out: Run, readings: list[tuple[dt.date, float]], today: dt.date, kg: float, typo: str
) -> None:
    """Store one morning's reading through the entry check, typo and all."""
    d = (today - START).days
    since = today - dt.timedelta(days=4 * RECENT_WINDOW_DAYS)
    earlier = [(day, w) for day, w in readings if day >= since]
    profile_kg = out.person.profile.weight_kg
    if d == out.person.typo_day and typo != "none":
        typed = round(kg / KG_PER_LB, 1)
        check = check_weigh_in(typed, today, earlier, profile_kg)
        out.typo_questioned = check is not None
        if check is None or typo == "confirm":
            stored: float | None = typed
        elif typo == "correct":
            stored = check.suggestion_kg if check.suggestion_kg is not None else kg
        else:
            stored = None
        out.typo_stored_kg = stored
        if stored is not None:
            readings.append((today, stored))
        return
    if check_weigh_in(kg, today, earlier, profile_kg) is not None:
        out.false_questions += 1
    readings.append((today, kg))


def _check_in(
    p: Person,
    readings: list[tuple[dt.date, float]],
    intake: dict[dt.date, float],
    today: dt.date,
    target: float,
    previous: checkin.CheckinView | None,
    history: list[tuple[dt.date, float]],
) -> checkin.CheckinView:
    """The check-in as the service runs it: effective profile, window, history, periods."""
    latest = max(day for day, _ in readings)
    recent = [(day, kg) for day, kg in readings if (latest - day).days <= RECENT_WINDOW_DAYS]
    now = recent_weight_kg(recent)
    profile = p.profile if now is None else profile_at_weight(p.profile, round(now, 2))
    since = today - dt.timedelta(days=checkin.WINDOW_DAYS)
    weights = [WeightEntry(date=day, weight_kg=kg) for day, kg in readings if day >= since]
    starts = (
        [START + dt.timedelta(days=s) for s in p.period_starts if s <= (today - START).days]
        if p.logs_periods
        else []
    )
    window = {day: kcal for day, kcal in intake.items() if day >= since}
    return checkin.assess(
        profile, p.program, weights, window, today, target, previous, history, starts
    )


@dataclass
class Study:
    """The study's numbers (what the benchmark prints and the tests assert)."""

    people: int
    coverage: dict[str, dict[int, float]]
    """80 % band coverage by method (``intake_and_trend``, ``model_offset``) and week."""
    methods_used: dict[str, dict[int, float]]
    """Share of check-ins made by the named method, same keys."""
    pace_shares: list[float]
    lowered_while_too_fast: int
    checkins: int
    changes: int
    people_with_3_reversals: int
    typo_questioned: int
    typo_moved_confirmed: int
    typo_moved_corrected: int
    false_questions: int
    weigh_ins: int
    underlog_flagged: float
    """Share of the under-loggers' check-ins with ``intake_looks_incomplete``."""
    honest_flagged: float
    """Same for honest loggers."""
    underlog_pace: float
    honest_pace: float
    realistic_runs: list[Run] = field(default_factory=list)
    band_width: dict[str, dict[int, float]] = field(default_factory=dict)
    """Median width of the 80 % band, same keys as ``coverage``. [kcal/day]"""


def reversals(targets: list[float], first: float) -> int:
    """How often the direction of the target's changes flipped."""
    steps = np.diff([first, *targets])
    moved = steps[steps != 0]
    return int(np.sum(np.diff(np.sign(moved)) != 0)) if len(moved) > 1 else 0


def study(n: int, seed: int = SEED) -> Study:
    """Run every scenario for ``n`` people and collect the numbers."""
    cover: dict[str, dict[int, list[bool]]] = {
        m: {w: [] for w in COVERAGE_WEEKS} for m in ("intake_and_trend", "model_offset")
    }
    used: dict[str, dict[int, list[bool]]] = {
        m: {w: [] for w in COVERAGE_WEEKS} for m in ("intake_and_trend", "model_offset")
    }
    width: dict[str, dict[int, list[float]]] = {
        m: {w: [] for w in COVERAGE_WEEKS} for m in ("intake_and_trend", "model_offset")
    }
    shares, lowered, checkins_n, changes, rev3 = [], 0, 0, 0, 0
    questioned = moved_confirmed = moved_corrected = false_q = weigh_ins = 0
    flagged: dict[str, list[bool]] = {"honest": [], "under": []}
    pace: dict[str, list[float]] = {"honest": [], "under": []}
    realistic: list[Run] = []
    for p in people(n, seed):
        clean = run(p, "perfect", "honest", "none")
        confirmed = run(p, "perfect", "honest", "confirm")
        corrected = run(p, "perfect", "honest", "correct")
        dropped = run(p, "perfect", "honest", "drop")
        honest = run(p, "realistic", "honest", "own")
        blind = run(p, "realistic", "none", "own")
        under = run(p, "realistic", "under", "own")
        realistic += [honest, blind, under]
        shares.append(clean.achieved_share())
        first = p.program.calories.target_kcal
        rev3 += int(reversals(clean.targets, first) >= 3)
        changes += int(np.count_nonzero(np.diff([first, *clean.targets])))
        for one in (clean, confirmed, corrected, honest, blind, under):
            lowered += one.lowered_while_too_fast()
            checkins_n += len(one.views)
            false_q += one.false_questions
            weigh_ins += int(np.count_nonzero(p.weighed))
        questioned += int(bool(confirmed.typo_questioned))
        moved_confirmed += int(confirmed.targets != dropped.targets)
        moved_corrected += int(corrected.targets != clean.targets)
        for method, one in (("intake_and_trend", honest), ("model_offset", blind)):
            for week in COVERAGE_WEEKS:
                view, truth = one.at_week(week)
                e = view.expenditure
                used[method][week].append(e.method == method)
                if e.method == method:
                    cover[method][week].append(e.low_kcal <= truth <= e.high_kcal)
                    width[method][week].append(e.high_kcal - e.low_kcal)
        for kind, one in (("honest", honest), ("under", under)):
            flagged[kind] += [
                any(w.code == "intake_looks_incomplete" for w in v.warnings) for v in one.views
            ]
            pace[kind].append(one.achieved_share())
    return Study(
        people=n,
        coverage={m: {w: float(np.mean(v)) for w, v in ws.items()} for m, ws in cover.items()},
        methods_used={m: {w: float(np.mean(v)) for w, v in ws.items()} for m, ws in used.items()},
        pace_shares=shares,
        lowered_while_too_fast=lowered,
        checkins=checkins_n,
        changes=changes,
        people_with_3_reversals=rev3,
        typo_questioned=questioned,
        typo_moved_confirmed=moved_confirmed,
        typo_moved_corrected=moved_corrected,
        false_questions=false_q,
        weigh_ins=weigh_ins,
        underlog_flagged=float(np.mean(flagged["under"])),
        honest_flagged=float(np.mean(flagged["honest"])),
        underlog_pace=float(np.mean(pace["under"])),
        honest_pace=float(np.mean(pace["honest"])),
        realistic_runs=realistic,
        band_width={m: {w: float(np.median(v)) for w, v in ws.items()} for m, ws in width.items()},
    )
