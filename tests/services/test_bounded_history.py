"""Today's page from bounded reads: the same day as from every log, however long the history.

Progressing a day reads a window of the logs (the phase, the last four weeks) and, from
before it, each lift's last sessions (see :func:`gluteus.services.today.progression_history`).
Generated histories, long runs of misses and tops across the window's edge included, must
progress to exactly the day the whole history gives, and the page's "last time" must match.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import BandLevel, CardioLog, LoggedSet, PainRegion, PainReport
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program, Role
from gluteus.domain.progression.pain import family_of
from gluteus.domain.units import UnitSystem
from gluteus.services import journal, plans, today, users
from gluteus.services.context import Actor

START = dt.date(2025, 3, 3)  # a Monday: the plan's first day
NOW = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)
CATALOG = default_catalog()
PROGRAM: Program = plans.build_plan(
    Profile(
        sex="female",
        age=34,
        height_cm=165,
        weight_kg=72,
        goal_weight_kg=65,
        equipment=["mini_band", "dumbbells", "bench"],
        parq={f"q{i}": False for i in range(1, 8)},
    ),
    START,
)
PLAN_DAYS = 7 * len(PROGRAM.weeks)
TRAINING_DAYS = [
    START + dt.timedelta(days=n)
    for n in range(PLAN_DAYS)
    if PROGRAM.day_for(START + dt.timedelta(days=n)) is not None
]
PLANNED = sorted(
    {
        ex.id
        for week in PROGRAM.weeks
        for day in week.days
        for s in day.sessions
        for ex in s.exercises
        if ex.role in (Role.MAIN, Role.FINISHER)
    }
)
LIFTS = sorted({m for p in PLANNED for m in (p, *itertools.chain(*family_of(p, CATALOG)))})
CARDIO = sorted(
    {
        ex.id
        for week in PROGRAM.weeks
        for day in week.days
        for s in day.sessions
        for ex in s.exercises
        if ex.role is Role.CARDIO
    }
    | {"brisk-walk"}
)
EARLIEST = -500  # days before the plan starts


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = Path(tmp_path_factory.mktemp("bounded")) / "bounded.db"
    made = create_db_engine(f"sqlite:///{path}")
    upgrade_to_head(made)
    yield made
    made.dispose()


_NAMES = itertools.count()


def _families(day: dt.date) -> list[str]:
    planned = PROGRAM.day_for(day)
    assert planned is not None
    ids = [ex.id for s in planned.sessions for ex in s.exercises if ex.id in LIFTS]
    return sorted({m for p in ids for m in (p, *itertools.chain(*family_of(p, CATALOG)))})


@st.composite
def histories(
    draw: st.DrawFn,
) -> tuple[dt.date, list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """A planned day and logs around it: runs of sessions, pain reports and cardio bouts.

    A run is one lift done every few days with the same load and band, its reps drawn low
    (misses) or high (tops), so streaks cross the edge of the window read; most runs are
    of the day's own lifts and their families, and most logs fall within months of the day.
    """
    day = draw(st.sampled_from(TRAINING_DAYS))
    lifts = st.sampled_from(_families(day) or LIFTS) | st.sampled_from(LIFTS)
    base = (day - START).days
    offsets = st.integers(base - 120, base + 3) | st.integers(EARLIEST, base + 3)
    runs = draw(
        st.lists(
            st.tuples(
                lifts,
                offsets,
                st.integers(1, 12),
                st.integers(1, 10),
                st.sampled_from([None, 10.0, 22.5]),
                st.sampled_from([None, *BandLevel]),
                st.lists(st.integers(1, 40), min_size=1, max_size=4),
                st.booleans(),
                st.booleans(),
            ),
            max_size=12,
        )
    )
    pains = draw(
        st.lists(
            st.tuples(lifts, offsets, st.integers(1, 10), st.sampled_from(list(PainRegion))),
            max_size=3,
        )
    )
    bouts = draw(
        st.lists(
            st.tuples(
                st.sampled_from(CARDIO), offsets, st.floats(5, 60).map(lambda m: round(m, 1))
            ),
            max_size=8,
        )
    )
    return day, runs, pains, bouts


def _store(
    session: Session,
    user_id: int,
    run_list: list[tuple[object, ...]],
    pain_list: list[tuple[object, ...]],
    bout_list: list[tuple[object, ...]],
) -> None:
    sessions: dict[tuple[str, dt.date], list[LoggedSet]] = {}
    for lift, offset, length, gap, load, band, reps, hard, form in run_list:
        assert isinstance(offset, int) and isinstance(length, int) and isinstance(gap, int)
        assert isinstance(reps, list)
        for n in range(length):
            date = START + dt.timedelta(days=offset + n * gap)
            key = (str(lift), date)
            if key in sessions:
                continue
            sessions[key] = [
                LoggedSet(
                    date=date,
                    exercise_id=str(lift),
                    set_number=number,
                    reps=r,
                    load_kg=load,  # type: ignore[arg-type]
                    band=band,  # type: ignore[arg-type]
                    last_two_hard=bool(hard),
                    good_form=bool(form),
                )
                for number, r in enumerate(reps, 1)
            ]
    entries: list[repo.Entry] = [s for found in sessions.values() for s in found]
    entries += [
        PainReport(
            date=START + dt.timedelta(days=int(offset)),  # type: ignore[call-overload]
            exercise_id=str(lift),
            severity=severity,  # type: ignore[arg-type]
            region=region,  # type: ignore[arg-type]
        )
        for lift, offset, severity, region in pain_list
    ]
    entries += [
        CardioLog(
            date=START + dt.timedelta(days=int(offset)),  # type: ignore[call-overload]
            activity_id=str(activity),
            minutes=minutes,  # type: ignore[arg-type]
        )
        for activity, offset, minutes in bout_list
    ]
    repo.add_entries(session, user_id, entries)


def _person(engine: Engine) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, f"p{next(_NAMES)}", timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=histories())
def test_bounded_reads_progress_the_same_day_as_the_whole_history(
    engine: Engine,
    generated: tuple[
        dt.date, list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]
    ],
) -> None:
    day, runs, pain_list, bout_list = generated
    actor = _person(engine)
    with unit_of_work(engine) as session:
        _store(session, actor.user_id, runs, pain_list, bout_list)
    with unit_of_work(engine, read_only=True) as session:
        whole = repo.load_history(session, actor.user_id)
        bounded = today.progression_history(session, actor, PROGRAM, day)
        expected = today.progressed_day(PROGRAM, whole, day)
        assert today.progressed_day(PROGRAM, bounded, day) == expected
        assert expected is not None
        view = today.TodayView(
            date=day, week=1, status="training", targets=list(expected.recommendations)
        )
        assert today.last_time(session, actor, view, day) == today.last_sessions(whole, view, day)
        assert today.done_on(repo.logs_on(session, actor.user_id, day), day) == today.done_on(
            whole, day
        )


def _logged_days(engine: Engine, actor: Actor, days: int) -> None:
    """Every training day of ``days`` days before the plan, all lifts at the top."""
    with unit_of_work(engine) as session:
        entries: list[repo.Entry] = []
        for n in range(days):
            date = START - dt.timedelta(days=days - n)
            for lift in PLANNED[:6]:
                entries += [
                    LoggedSet(
                        date=date, exercise_id=lift, set_number=k, reps=12, last_two_hard=True
                    )
                    for k in (1, 2, 3)
                ]
        repo.add_entries(session, actor.user_id, entries)


def test_progressing_a_day_reads_the_same_rows_after_one_year_or_three(engine: Engine) -> None:
    """The entries read for a day do not grow with the history before the window."""
    day = TRAINING_DAYS[10]
    read: list[int] = []
    for days in (365, 3 * 365):
        actor = _person(engine)
        _logged_days(engine, actor, days)
        with unit_of_work(engine, read_only=True) as session:
            history = today.progression_history(session, actor, PROGRAM, day)
            read.append(history.entry_count)
            assert session.scalar(select(repo.ENTRY_KINDS["set"].table.id).limit(1)) is not None
    assert read[0] == read[1]
    assert read[0] < 6 * 3 * 40  # a few weeks of sets, not a year of them


def test_journal_history_is_not_read_for_a_day_in_a_phase(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = _person(engine)
    _logged_days(engine, actor, 30)

    def whole(*_: object) -> object:
        raise AssertionError("the whole history was read")

    monkeypatch.setattr(journal, "history", whole)
    with unit_of_work(engine, read_only=True) as session:
        assert today.progression_history(session, actor, PROGRAM, TRAINING_DAYS[3]).sets
