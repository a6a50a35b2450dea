"""Parsed plans kept per process, read-only transactions, and the log listing behind pages."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import Engine, select, text

from gluteus.db import repository as repo
from gluteus.db.engine import create_db_engine, unit_of_work
from gluteus.db.tables import PlanRow
from gluteus.domain.program import Program
from gluteus.domain.units import UnitSystem
from gluteus.services import journal, plans, users
from gluteus.services.cache import MB, StampedCache, approx_bytes, clear_all
from gluteus.services.context import Actor

DAY = dt.date(2025, 3, 3)
NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    clear_all()


def _actor(engine: Engine, name: str) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


def _plan(engine: Engine, actor: Actor, start: dt.date) -> Program:
    request = plans.PlanRequest(profile=plans.example_profile(), start_date=start)
    with unit_of_work(engine) as session:
        return plans.make_plan(session, actor, request)


def _stamp(engine: Engine, actor: Actor) -> repo.PlanStamp | None:
    with unit_of_work(engine, read_only=True) as session:
        return repo.active_plan_stamp(session, actor.user_id)


def test_a_plan_is_parsed_once_and_equals_the_stored_one(engine: Engine) -> None:
    alice = _actor(engine, "alice")
    built = _plan(engine, alice, DAY)
    with unit_of_work(engine, read_only=True) as session:
        first = plans.active_program(session, alice)
        second = plans.active_program(session, alice)
        stored = session.scalars(select(PlanRow.program)).one()
    assert first is second
    assert first == built == Program.model_validate(stored)
    assert (plans.PROGRAMS.misses, plans.PROGRAMS.hits, len(plans.PROGRAMS)) == (1, 1, 1)
    assert plans.PROGRAMS.size > 10_000


def test_a_replaced_plan_is_never_served_from_the_cache(engine: Engine) -> None:
    alice = _actor(engine, "alice")
    _plan(engine, alice, DAY)
    before = _stamp(engine, alice)
    with unit_of_work(engine, read_only=True) as session:
        assert plans.active_program(session, alice) is not None  # now cached
    # Another process replans on the same database: this one learns only from the row.
    other = create_db_engine(engine.url.render_as_string(hide_password=False))
    try:
        replanned = _plan(other, alice, DAY + dt.timedelta(days=7))
    finally:
        other.dispose()
    after = _stamp(engine, alice)
    assert before is not None and after is not None and after != before
    with unit_of_work(engine, read_only=True) as session:
        current = plans.active_program(session, alice)
    assert current == replanned
    assert current is not None and current.start_date == DAY + dt.timedelta(days=7)


def test_each_person_gets_their_own_plan(engine: Engine) -> None:
    alice, bob = _actor(engine, "alice"), _actor(engine, "bob")
    _plan(engine, alice, DAY)
    _plan(engine, bob, DAY + dt.timedelta(days=1))
    with unit_of_work(engine, read_only=True) as session:
        for _ in range(2):
            a, b = plans.active_program(session, alice), plans.active_program(session, bob)
            assert a is not None and a.start_date == DAY
            assert b is not None and b.start_date == DAY + dt.timedelta(days=1)
        assert plans.active_program(session, _actor(engine, "carol")) is None
    assert len(plans.PROGRAMS) == 2


def _stamp_n(number: int) -> repo.PlanStamp:
    return repo.PlanStamp(number, 1, dt.datetime(2025, 1, 1), DAY, 12)


def test_the_cache_drops_the_least_recently_used_plan() -> None:
    cache = StampedCache[int, repo.PlanStamp, Program](max_items=2, max_size=1_000)
    program = plans.build_plan(plans.example_profile(), DAY)
    cache.put(1, _stamp_n(1), program, 100)
    cache.put(2, _stamp_n(2), program, 100)
    assert cache.get(1, _stamp_n(1)) is program  # 1 is now the most recent
    cache.put(3, _stamp_n(3), program, 100)
    assert cache.get(2, _stamp_n(2)) is None
    assert cache.get(1, _stamp_n(1)) is program and cache.get(3, _stamp_n(3)) is program
    assert (len(cache), cache.size) == (2, 200)


def test_the_cache_keeps_within_its_size_and_skips_a_plan_too_large() -> None:
    cache = StampedCache[int, repo.PlanStamp, Program](max_items=10, max_size=1_000)
    program = plans.build_plan(plans.example_profile(), DAY)
    for number in range(4):
        cache.put(number, _stamp_n(number), program, 300)
    assert (len(cache), cache.size) == (3, 900)
    assert cache.get(0, _stamp_n(0)) is None
    cache.put(9, _stamp_n(9), program, 1_001)
    assert cache.get(9, _stamp_n(9)) is None and cache.size == 900
    cache.put(3, _stamp_n(3), program, 100)  # the same version again replaces its entry
    assert (len(cache), cache.size) == (3, 700)
    cache.clear()
    assert (len(cache), cache.size, cache.hits, cache.misses) == (0, 0, 0, 0)


def test_the_cache_holds_one_version_per_key() -> None:
    cache = StampedCache[int, str, str](max_items=10, max_size=1_000)
    cache.put(1, "old", "plan A", 300)
    assert cache.get(1, "new") is None  # another version is never served
    cache.put(1, "new", "plan B", 200)
    assert cache.get(1, "old") is None and cache.get(1, "new") == "plan B"
    assert (len(cache), cache.size) == (1, 200)


def test_a_reader_does_not_hold_back_a_writer(engine: Engine) -> None:
    """On SQLite a read-only transaction takes no lock; a writer proceeds at once."""
    alice = _actor(engine, "alice")
    wrote = threading.Event()

    def write() -> None:
        with unit_of_work(engine) as session:
            journal.log_weight(session, alice, journal.WeightInput(weight_kg=70, date=DAY))
        wrote.set()

    with unit_of_work(engine, read_only=True) as session:
        session.execute(text("SELECT count(*) FROM body_weights")).scalar()
        writer = threading.Thread(target=write)
        began = time.monotonic()
        writer.start()
        assert wrote.wait(4.0), "the writer waited for the reader"
        assert time.monotonic() - began < 4.0
        # The reader keeps the snapshot it started with.
        if engine.dialect.name == "sqlite":
            assert session.execute(text("SELECT count(*) FROM body_weights")).scalar() == 0
    writer.join()
    with unit_of_work(engine, read_only=True) as session:
        assert len(journal.list_entries(session, alice, journal.HistoryQuery())) == 1


def test_log_listing_filters_by_date_and_keeps_order(engine: Engine) -> None:
    alice, bob = _actor(engine, "alice"), _actor(engine, "bob")
    days = [DAY - dt.timedelta(days=n) for n in (0, 3, 1, 2)]
    with unit_of_work(engine) as session:
        for number, day in enumerate(days):
            journal.log_sets(
                session,
                alice,
                journal.SetsInput(
                    exercise_id="glute-bridge",
                    reps=[10 + number, 9],
                    last_two_hard=True,
                    date=day,
                    band="light" if number % 2 else None,
                ),
            )
            journal.log_weight(session, alice, journal.WeightInput(weight_kg=70 + number, date=day))
        journal.log_weight(session, bob, journal.WeightInput(weight_kg=90, date=DAY))
    with unit_of_work(engine, read_only=True) as session:
        everything = repo.list_entries(session, alice.user_id)
        middle = repo.list_entries(
            session, alice.user_id, ["set"], since=DAY - dt.timedelta(days=2), until=DAY
        )
        history = repo.load_history(session, alice.user_id)
    assert [kind for kind, _, _ in everything] == ["set"] * 8 + ["weight"] * 4
    sets = [entry for kind, _, entry in everything if kind == "set"]
    assert [s.date for s in sets] == sorted(s.date for s in sets)
    earliest = DAY - dt.timedelta(days=3)
    assert [(s.date, s.set_number) for s in sets[:2]] == [(earliest, 1), (earliest, 2)]
    assert {s.band.value if s.band else None for s in sets} == {"light", None}
    assert all(s.logged_at is not None for s in sets)
    assert {e.date for _, _, e in middle} == {DAY - dt.timedelta(days=n) for n in (0, 1, 2)}
    assert len(middle) == 6 and all(kind == "set" for kind, _, _ in middle)
    assert len(history.sets) == 8 and len(history.weights) == 4
    assert sorted(w.weight_kg for w in history.weights) == [70, 71, 72, 73]
    keys = [(kind, row_id) for kind, row_id, _ in everything]
    assert len(set(keys)) == len(keys)


def test_many_writers_at_once_all_get_their_turn(engine: Engine) -> None:
    """Threads writing at once (a worker's pool) each commit, none lost, sets numbered."""
    alice = _actor(engine, "alice")
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            for _ in range(5):
                with unit_of_work(engine) as session:
                    journal.log_sets(
                        session,
                        alice,
                        journal.SetsInput(
                            exercise_id="glute-bridge", reps=[number], last_two_hard=True, date=DAY
                        ),
                    )
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n + 1,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with unit_of_work(engine, read_only=True) as session:
        sets = journal.history(session, alice).sets
    assert sorted(s.set_number for s in sets) == list(range(1, 41))
    assert sorted(s.reps for s in sets) == sorted(n for n in range(1, 9) for _ in range(5))


def test_a_kept_plan_is_sized_by_its_memory_and_the_cache_by_bytes(engine: Engine) -> None:
    """PROGRAMS is bounded in approximate bytes of memory, not in plans (issue 19)."""
    alice = _actor(engine, "alice")
    _plan(engine, alice, DAY)
    with unit_of_work(engine, read_only=True) as session:
        program = plans.active_program(session, alice)
        stored = repo.active_plan_json(session, alice.user_id)
    assert program is not None and stored is not None
    walked = approx_bytes(program)
    assert plans.PROGRAMS.size == plans.plan_bytes(stored[1])
    assert walked / 2 <= plans.PROGRAMS.size <= walked * 2
    # Twelve-week plans of 2–3 MB each: the bound keeps a worker's plans to tens of MB.
    assert plans.PROGRAMS.max_size <= 64 * MB
    assert plans.PROGRAMS.max_items >= plans.PROGRAMS.max_size // plans.PROGRAMS.size
