"""Progress speed: the domain ``progress_report`` over one year of daily logs.

Builds a 52-week plan for the example person and a year of logs (about six sets a day of
planned exercises, daily weight, weekly circumferences, cardio bouts), then times
``progress_report`` — median of repeated runs after a warm-up, CPU (process time) beside
wall time — next to a copy of the implementation it replaced (one scan of every logged set
per plan day), and again over a quarter and half a year to show how each grows with the
data. Only the domain function is timed, not the CLI or the database.

Run: python3 benchmarks/progress.py [RUNS]   (target: domain part well under 0.2 s)
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from gluteus.domain.catalog import Catalog, default_catalog
from gluteus.domain.history import (
    BandLevel,
    CardioLog,
    History,
    LoggedSet,
    Measurement,
    WeightEntry,
)
from gluteus.domain.planning import build_program
from gluteus.domain.program import Day, Program, SessionKind
from gluteus.domain.progress import (
    Adherence,
    DayRecord,
    DayStatus,
    PersonalBest,
    ProgressReport,
    WeekAdherence,
    circumference_changes,
    progress_report,
    weekly_cardio_minutes,
    weekly_rate_kg,
    weekly_sets_per_muscle,
    weight_trend,
)
from gluteus.services.plans import example_profile

START = dt.date(2025, 1, 6)  # a Monday
DAYS = 365
SETS_PER_DAY = 6
SKIP_RATE = 0.07  # share of days with nothing logged, so adherence and streaks vary
TARGET_S = 0.2


def year_of_logs(program: Program, days: int = DAYS, seed: int = 11) -> History:
    """About six sets a day of planned exercises, daily weight, weekly tape, cardio bouts."""
    rng = random.Random(seed)
    sets: list[LoggedSet] = []
    cardio: list[CardioLog] = []
    weights: list[WeightEntry] = []
    measurements: list[Measurement] = []
    exercises: list[str] = []
    for offset in range(days):
        date = START + dt.timedelta(days=offset)
        weights.append(
            WeightEntry(date=date, weight_kg=round(72 - 0.02 * offset + rng.gauss(0, 0.5), 1))
        )
        if offset % 7 == 0:
            measurements.append(
                Measurement(
                    date=date,
                    hips_cm=round(104 - 0.03 * offset, 1),
                    waist_cm=round(82 - 0.04 * offset, 1),
                    thigh_cm=round(60 - 0.01 * offset, 1),
                )
            )
        day = program.day_for(date)
        planned = [ex.id for s in day.strength_sessions() for ex in s.exercises] if day else []
        exercises = planned or exercises  # rest days repeat the last strength day's work
        if rng.random() < SKIP_RATE:
            continue
        sets.extend(_sets(date, exercises, offset, rng))
        if day is not None and any(s.kind is SessionKind.CARDIO for s in day.sessions):
            cardio.append(
                CardioLog(
                    date=date,
                    activity_id="brisk-walk",
                    minutes=rng.choice([20.0, 30.0, 45.0]),
                    distance_km=round(rng.uniform(1.5, 4.0), 2),
                )
            )
    return History(
        sets=tuple(sets),
        cardio=tuple(cardio),
        weights=tuple(weights),
        measurements=tuple(measurements),
    )


def _sets(date: dt.date, exercises: list[str], offset: int, rng: random.Random) -> list[LoggedSet]:
    logged = []
    for n in range(SETS_PER_DAY):
        exercise_id = exercises[n % len(exercises)] if exercises else "glute-bridge"
        banded = exercise_id.startswith("band-")
        loaded = not banded and n % 2 == 0
        logged.append(
            LoggedSet(
                date=date,
                exercise_id=exercise_id,
                set_number=n // max(1, len(exercises)) + 1,
                reps=rng.randint(6, 15),
                load_kg=round(4 + offset / 30 + rng.choice([0, 1, 2]), 1) if loaded else None,
                band=BandLevel.from_rank(offset // 90) if banded else None,
                last_two_hard=rng.random() < 0.5,
                good_form=rng.random() < 0.95,
            )
        )
    return logged


# --- the implementation this replaced, kept for a side-by-side ratio --------------------------

_COUNTED = (SessionKind.STRENGTH, SessionKind.CARDIO)


def _old_done_sessions(day: Day, date: dt.date, history: History) -> int:
    sets_today = {s.exercise_id for s in history.sets if s.date == date}
    cardio_today = any(c.date == date for c in history.cardio)
    strength = [s for s in day.sessions if s.kind is SessionKind.STRENGTH]
    named = {ex.id for s in strength for ex in s.exercises}
    stray = bool(sets_today - named)
    done = sum(1 for s in strength if stray or sets_today & {ex.id for ex in s.exercises})
    cardio = sum(1 for s in day.sessions if s.kind is SessionKind.CARDIO)
    return done + (cardio if cardio_today else 0)


def _old_day_records(program: Program, history: History, today: dt.date) -> list[DayRecord]:
    if program.start_date is None:
        return []
    records = []
    for offset in range(7 * len(program.weeks)):
        date = program.start_date + dt.timedelta(days=offset)
        day = program.day_for(date)
        planned = 0 if day is None else sum(1 for s in day.sessions if s.kind in _COUNTED)
        done = _old_done_sessions(day, date, history) if day is not None and planned else 0
        if planned == 0:
            status = DayStatus.REST
        elif done >= planned:
            status = DayStatus.DONE
        elif date >= today:
            status = DayStatus.UPCOMING
        else:
            status = DayStatus.PARTIAL if done else DayStatus.MISSED
        records.append(
            DayRecord(date=date, week=offset // 7 + 1, planned=planned, done=done, status=status)
        )
    return records


def _old_streaks(records: list[DayRecord]) -> tuple[int, int]:
    current = longest = 0
    for record in records:
        if record.status is DayStatus.DONE:
            current += 1
            longest = max(longest, current)
        elif record.status in (DayStatus.MISSED, DayStatus.PARTIAL):
            current = 0
        elif record.status is DayStatus.UPCOMING:
            break
    return current, longest


def _old_adherence(program: Program, history: History, today: dt.date) -> Adherence:
    records = _old_day_records(program, history, today)
    weeks: list[WeekAdherence] = []
    for number in range(1, len(program.weeks) + 1):
        week = [r for r in records if r.week == number]
        if not week or week[0].date > today:
            continue
        due = [r for r in week if r.date < today or r.status is DayStatus.DONE]
        weeks.append(
            WeekAdherence(
                week=number,
                start=week[0].date,
                planned=sum(r.planned for r in due),
                done=sum(min(r.done, r.planned) for r in due),
            )
        )
    current, longest = _old_streaks(records)
    return Adherence(
        weeks=tuple(weeks),
        planned=sum(w.planned for w in weeks),
        done=sum(w.done for w in weeks),
        current_streak=current,
        longest_streak=longest,
    )


def _old_personal_bests(history: History) -> dict[str, PersonalBest]:
    from gluteus.domain.progress import _best_of, _counts  # the unchanged per-exercise part

    bests: dict[str, PersonalBest] = {}
    for exercise_id in history.exercise_ids():
        valid = [s for s in history.sets if s.exercise_id == exercise_id and _counts(s)]
        if valid:
            bests[exercise_id] = _best_of(exercise_id, valid)
    return bests


def old_progress_report(
    program: Program, history: History, catalog: Catalog, today: dt.date
) -> ProgressReport:
    records = _old_day_records(program, history, today)
    adh = _old_adherence(program, history, today)
    trend = weight_trend(history.weights)
    return ProgressReport(
        today=today,
        adherence=adh,
        days=tuple(records),
        personal_bests=_old_personal_bests(history),
        weekly_sets=weekly_sets_per_muscle(history, catalog),
        weekly_cardio_minutes=weekly_cardio_minutes(history),
        trend=tuple(trend),
        weekly_rate_kg=weekly_rate_kg(trend),
        circumferences=circumference_changes(history.measurements),
        measurements=tuple(history.measurements_sorted()),
    )


# --- timing -----------------------------------------------------------------------------------


def timed(run: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median (CPU, wall) seconds over ``runs`` calls after one warm-up call."""
    run()
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    catalog = default_catalog()
    profile = example_profile().model_copy(update={"weeks": 52})
    program = build_program(profile, catalog, START)
    history = year_of_logs(program)
    today = START + dt.timedelta(days=DAYS - 1)

    new = progress_report(program, history, catalog, today)
    old = old_progress_report(program, history, catalog, today)
    same = new.model_dump(exclude={"adherence"}) == old.model_dump(exclude={"adherence"}) and (
        new.adherence.model_dump(exclude={"current_streak", "longest_streak"})
        == old.adherence.model_dump(exclude={"current_streak", "longest_streak"})
    )

    new_cpu, new_wall = timed(lambda: progress_report(program, history, catalog, today), runs)
    old_cpu, old_wall = timed(lambda: old_progress_report(program, history, catalog, today), runs)

    print(
        f"data: {len(program.weeks)}-week plan, {DAYS} days of logs: {len(history.sets)} sets, "
        f"{len(history.cardio)} cardio bouts, {len(history.weights)} weights, "
        f"{len(history.measurements)} measurements"
    )
    print(f"runs: {runs} after a warm-up, medians")
    print(f"new progress_report: CPU {new_cpu * 1000:8.1f} ms   wall {new_wall * 1000:8.1f} ms")
    print(f"old progress_report: CPU {old_cpu * 1000:8.1f} ms   wall {old_wall * 1000:8.1f} ms")
    print(
        f"speed-up (old/new) : CPU {old_cpu / new_cpu:8.1f} x    wall {old_wall / new_wall:8.1f} x"
    )
    print(f"same results as old (streaks aside): {same}")
    print(
        f"streaks: new current {new.adherence.current_streak} / longest "
        f"{new.adherence.longest_streak} [days]; old {old.adherence.current_streak} / "
        f"{old.adherence.longest_streak} [planned days]"
    )
    verdict = "PASS" if new_wall <= TARGET_S else "MISS"
    print(f"target: domain wall ≤ {TARGET_S * 1000:.0f} ms (well under) {verdict}")
    print("scaling (wall medians; linear doubles with the data, quadratic quadruples):")
    for weeks in (13, 26, 52):
        plan = build_program(profile.model_copy(update={"weeks": weeks}), catalog, START)
        logs = year_of_logs(plan, days=7 * weeks)
        end = START + dt.timedelta(days=7 * weeks - 1)
        _, new_s = timed(partial(progress_report, plan, logs, catalog, end), runs)
        _, old_s = timed(partial(old_progress_report, plan, logs, catalog, end), runs)
        print(
            f"  {weeks:2d} weeks, {len(logs.sets):4d} sets: new {new_s * 1000:6.1f} ms, "
            f"old {old_s * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
