"""Today's page, logging a set and the check-in as history grows, in process (no HTTP).

Builds a fresh SQLite file and one person per history length: new (a plan starting today,
nothing logged), 8 weeks and 3 years. The 8 weeks are done as planned through the use
cases (each day's progressed targets logged as sets, the cardio, a daily weigh-in and
intake), exported, and imported by the longer people with their logs repeated further back
in time (as benchmarks/web.py does through the API).

Then per person, round after round: log a set (:func:`journal.log_sets`, its own write
transaction), open today's page right after it (:func:`today.today_page` and the
check-in status the page shows; the new data stamp makes both be worked out again), and
assess the check-in without saving (:func:`checkin.checkin`); the set is then taken back
(untimed), so every round sees the same logs. Each is timed as CPU
(process time) beside wall time, medians after warm-up rounds, and the rows the database
returned are counted (``after_cursor_execute``/fetch hook): they must not grow with the
history. The ratio 3 years / new comes from the same run (target for today: ≤ 1.5).

Run: python3 benchmarks/today.py [ROUNDS]   (default 60 rounds after 10 warm-up ones)
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
from gluteus.domain.units import UnitSystem
from gluteus.services import backup, checkin, journal, plans, today, users
from gluteus.services.context import Actor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import longer_history  # the benchmarks' one way to lengthen a history

ROUNDS = 60
WARMUP = 10
BASE_WEEKS = 8
LENGTHS = {"new": 0, "8 weeks": 8, "1 year": 52, "3 years": 156}
TARGET_RATIO = 1.5


STEPS_PER_CALL = 100
"""SQLite virtual machine instructions per call of the progress handler that counts them."""


class RowCounter:
    """Rows SQLite returned while :attr:`on` (a row factory on each connection), and its work.

    Rows returned miss an aggregate or a scan that reads many rows to return one, so the
    virtual machine's instructions are counted too (by the hundred, from a progress
    handler): they grow with every row a statement visits.
    """

    def __init__(self, engine: Engine) -> None:
        self.rows = 0
        self.steps = 0
        self.on = False
        engine.dispose()  # connections made from now on count
        event.listen(engine, "connect", self._connected)

    def _connected(self, dbapi_connection: Any, _: Any) -> None:
        def row(_cursor: Any, values: tuple[Any, ...]) -> tuple[Any, ...]:
            self.rows += self.on
            return values

        def step() -> int:
            self.steps += self.on
            return 0

        dbapi_connection.row_factory = row
        dbapi_connection.set_progress_handler(step, STEPS_PER_CALL)

    @contextmanager
    def counting(self) -> Iterator[None]:
        self.on = True
        try:
            yield
        finally:
            self.on = False


def _profile() -> dict[str, Any]:
    text = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    profile: dict[str, Any] = tomllib.loads(text)
    profile["available_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return profile


def _person(engine: Engine, name: str, now: dt.datetime) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        return users.actor_for(session, user_id, now, UnitSystem.METRIC)


def base_export(engine: Engine, now: dt.datetime) -> dict[str, Any]:
    """Someone :data:`BASE_WEEKS` into their plan who did every day as planned, exported."""
    actor = _person(engine, "history", now)
    start = actor.today - dt.timedelta(weeks=BASE_WEEKS)
    profile = plans.parse_profile_data(_profile())
    with unit_of_work(engine) as session:
        plans.make_plan(session, actor, plans.PlanRequest(profile=profile, start_date=start))
    for number in range(BASE_WEEKS * 7):
        day = start + dt.timedelta(days=number)
        with unit_of_work(engine) as session:
            weight = journal.WeightInput(date=day, weight_kg=72 - 0.05 * number, confirm=True)
            journal.log_weight(session, actor, weight)
            journal.log_intake(session, actor, journal.IntakeInput(date=day, kcal=1900))
            view = today.today_view(session, actor, day)
            for target in view.targets:
                if target.action == "skip":
                    continue
                sets = journal.SetsInput(
                    exercise_id=target.exercise_id,
                    reps=[target.target_reps] * target.dose.sets,
                    load_kg=target.load_kg,
                    band=target.band.value if target.band else None,
                    last_two_hard=True,
                    date=day,
                )
                journal.log_sets(session, actor, sets)
            for bout in view.cardio:
                given = journal.CardioInput(
                    exercise_id=bout.activity_id, minutes=bout.minutes, date=day
                )
                journal.log_cardio(session, actor, given)
    with unit_of_work(engine, read_only=True) as session:
        return backup.export_user(session, actor)


def people(engine: Engine, now: dt.datetime) -> dict[str, Actor]:
    """One person per history length, ready to log today."""
    export = base_export(engine, now)
    found: dict[str, Actor] = {}
    for name, weeks in LENGTHS.items():
        actor = _person(engine, f"person-{weeks}", now)
        with unit_of_work(engine) as session:
            if weeks == 0:
                profile = plans.parse_profile_data(_profile())
                plans.make_plan(
                    session, actor, plans.PlanRequest(profile=profile, start_date=actor.today)
                )
            else:
                data = longer_history(export, weeks, BASE_WEEKS, actor.today)
                backup.import_user(session, actor, data, replace=True)
        found[name] = actor
    return found


def exercise_of(engine: Engine, actor: Actor) -> str:
    """A lift on the person's today (a set of it is what each round logs)."""
    with unit_of_work(engine, read_only=True) as session:
        view = today.today_view(session, actor)
    lifts = [t.exercise_id for t in view.targets]
    return lifts[0] if lifts else "hip-thrust"


Sample = dict[str, tuple[list[float], list[float], list[int], list[int]]]


def measure(engine: Engine, counter: RowCounter, actor: Actor, rounds: int) -> Sample:
    """CPU, wall and rows of each step, one list per step over ``rounds`` rounds."""
    exercise = exercise_of(engine, actor)
    steps: dict[str, Callable[[], object]] = {}

    def log_set() -> object:
        given = journal.SetsInput(
            exercise_id=exercise, reps=[10], load_kg=None, last_two_hard=True, date=actor.today
        )
        with unit_of_work(engine) as session:
            return journal.log_sets(session, actor, given)

    def page() -> object:
        with unit_of_work(engine, read_only=True) as session:
            found = today.today_page(session, actor)
            return found, checkin.checkin_status(session, actor)

    def assess() -> object:
        with unit_of_work(engine, read_only=True) as session:
            return checkin.checkin(session, actor, checkin.CheckinInput(save=False))

    steps = {"log a set": log_set, "today after a set": page, "check-in": assess}
    sample: Sample = {name: ([], [], [], []) for name in steps}
    for number in range(WARMUP + rounds):
        for name, step in steps.items():
            counter.rows = counter.steps = 0
            with counter.counting():
                c0, w0 = time.process_time(), time.perf_counter()
                step()
                cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            if number >= WARMUP:
                sample[name][0].append(cpu)
                sample[name][1].append(wall)
                sample[name][2].append(counter.rows)
                sample[name][3].append(counter.steps * STEPS_PER_CALL)
        with unit_of_work(engine) as session:  # today's sets stay as many, round after round
            journal.undo_last(session, actor)
    return sample


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS
    now = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{Path(folder) / 'today.db'}")
        upgrade_to_head(engine)
        counter = RowCounter(engine)
        t0 = time.perf_counter()
        actors = people(engine, now)
        print(f"built {len(actors)} people in {time.perf_counter() - t0:.1f} s")
        results = {name: measure(engine, counter, actor, rounds) for name, actor in actors.items()}
        engine.dispose()
    print(f"medians of {rounds} rounds after {WARMUP} warm-up ones (SQLite, in process)")
    steps = list(next(iter(results.values())))
    for step in steps:
        print(f"\n{step}:")
        for name, sample in results.items():
            cpu, wall, rows, steps_ = sample[step]
            print(
                f"  {name:<8} CPU {statistics.median(cpu) * 1000:6.2f} ms   "
                f"wall {statistics.median(wall) * 1000:6.2f} ms   rows {max(rows):5d}   "
                f"SQLite steps {max(steps_):7d}"
            )
        new, longest = results["new"][step], results["3 years"][step]
        ratio = statistics.median(longest[0]) / statistics.median(new[0])
        wall_ratio = statistics.median(longest[1]) / statistics.median(new[1])
        print(f"  3 years / new: CPU × {ratio:.2f}, wall × {wall_ratio:.2f}")
    today_ratio = statistics.median(results["3 years"]["today after a set"][0]) / statistics.median(
        results["new"]["today after a set"][0]
    )
    verdict = "meets" if today_ratio <= TARGET_RATIO else "misses"
    print(f"\ntoday after a set at 3 years: CPU × {today_ratio:.2f} of new", end=" ")
    print(f"({verdict} ≤ {TARGET_RATIO})")


if __name__ == "__main__":
    main()
