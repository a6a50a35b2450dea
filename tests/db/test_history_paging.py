"""History a page at a time: walking the pages older, then newer, lists every entry once,
in the order of the whole listing, whatever the page size; bad cursors and sizes are refused
in plain words."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from gluteus.db import repository as repo
from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
from gluteus.domain.history import IntakeEntry, LoggedSet, WeightEntry
from gluteus.domain.units import UnitSystem
from gluteus.services import journal, users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError

NOW = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)
DAY = NOW.date()
_NAMES = itertools.count()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = Path(tmp_path_factory.mktemp("paging")) / "paging.db"
    made = create_db_engine(f"sqlite:///{path}")
    upgrade_to_head(made)
    yield made
    made.dispose()


def _person(engine: Engine) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, f"h{next(_NAMES)}", timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


# (kind, day offset, minute offset): few distinct days and times, so ties are common.
logs = st.lists(
    st.tuples(st.sampled_from(["set", "weight", "intake"]), st.integers(-6, 0), st.integers(0, 2)),
    max_size=40,
)


def _store(engine: Engine, actor: Actor, found: list[tuple[str, int, int]]) -> None:
    numbers: dict[dt.date, int] = {}
    entries: list[repo.Entry] = []
    for kind, days, minutes in found:
        date = DAY + dt.timedelta(days=days)
        at = dt.datetime(2025, 6, 2, 8, minutes)
        if kind == "set":
            numbers[date] = numbers.get(date, 0) + 1
            entries.append(
                LoggedSet(
                    date=date,
                    exercise_id="glute-bridge",
                    set_number=numbers[date],
                    reps=10,
                    last_two_hard=True,
                    logged_at=at,
                )
            )
        elif kind == "weight":
            entries.append(WeightEntry(date=date, weight_kg=70, logged_at=at))
        else:
            entries.append(IntakeEntry(date=date, kcal=1800, logged_at=at))
    with unit_of_work(engine) as session:
        repo.add_entries(session, actor.user_id, entries)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(found=logs, size=st.integers(1, 7), kind=st.sampled_from([None, "set", "weight"]))
def test_walking_the_pages_lists_everything_once_in_order(
    engine: Engine, found: list[tuple[str, int, int]], size: int, kind: str | None
) -> None:
    actor = _person(engine)
    _store(engine, actor, found)
    query = journal.HistoryQuery(kind=kind)  # type: ignore[arg-type]
    with unit_of_work(engine, read_only=True) as session:
        whole = [e.id for e in journal.list_entries(session, actor, query)]
        pages = [journal.list_page(session, actor, query, size)]
        while pages[-1].older is not None:
            pages.append(journal.list_page(session, actor, query, size, before=pages[-1].older))
        walked = [e.id for page in reversed(pages) for e in page.entries]
        assert walked == whole
        assert all(len(p.entries) == size for p in pages[:-1]) and pages[0].newer is None
        assert (pages[-1].older is None) and len(pages[-1].entries) <= size
        back = [pages[-1]]
        while back[-1].newer is not None:
            back.append(journal.list_page(session, actor, query, size, after=back[-1].newer))
        assert [e.id for page in back for e in page.entries] == whole


def test_a_page_reads_only_its_own_rows_however_long_the_history(engine: Engine) -> None:
    actor = _person(engine)
    _store(engine, actor, [("weight", -(n % 7), n % 3) for n in range(300)])
    with unit_of_work(engine, read_only=True) as session:
        page = journal.list_page(session, actor, journal.HistoryQuery(), 10)
        assert len(page.entries) == 10 and page.older == page.entries[0].id


@pytest.mark.parametrize(
    ("limit", "before", "after", "field"),
    [
        (0, None, None, "limit"),
        (journal.PAGE_SIZE_MAX + 1, None, None, "limit"),
        (10, "nonsense", None, "before"),
        (10, "weight-999999", None, "before"),
        (10, None, "set-x", "after"),
        (10, "weight-1", "weight-2", "after"),
    ],
)
def test_bad_page_requests_name_the_field(
    engine: Engine, limit: int, before: str | None, after: str | None, field: str
) -> None:
    actor = _person(engine)
    with unit_of_work(engine, read_only=True) as session, pytest.raises(InputError) as caught:
        journal.list_page(session, actor, journal.HistoryQuery(), limit, before, after)
    assert caught.value.problems[0].field == field


def test_another_persons_entry_is_no_cursor(engine: Engine) -> None:
    alice, bob = _person(engine), _person(engine)
    _store(engine, alice, [("weight", 0, 0)])
    with unit_of_work(engine, read_only=True) as session:
        theirs = journal.list_page(session, alice, journal.HistoryQuery()).entries[0].id
        with pytest.raises(InputError, match="no such entry"):
            journal.list_page(session, bob, journal.HistoryQuery(), before=theirs)


def test_entries_of_different_kinds_with_the_same_id_and_time_page_in_kind_order(
    tmp_path: Path,
) -> None:
    fresh = create_db_engine(f"sqlite:///{tmp_path / 'ties.db'}")
    try:
        upgrade_to_head(fresh)
        actor = _person(fresh)
        _store(fresh, actor, [("set", 0, 0), ("weight", 0, 0), ("intake", 0, 0)] * 2)
        with unit_of_work(fresh, read_only=True) as session:
            whole = [e.id for e in journal.list_entries(session, actor, journal.HistoryQuery())]
            assert {"set-1", "weight-1", "intake-1"} <= set(whole)
            pages = [journal.list_page(session, actor, journal.HistoryQuery(), 1)]
            while pages[-1].older is not None:
                pages.append(
                    journal.list_page(
                        session, actor, journal.HistoryQuery(), 1, before=pages[-1].older
                    )
                )
            assert [e.id for page in reversed(pages) for e in page.entries] == whole
    finally:
        fresh.dispose()
