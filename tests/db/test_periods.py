"""Period starts in the services (issue 24 item 8), on SQLite and PostgreSQL: the journal,
personal export and import, account deletion, and the check-in reading the cycle."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.db.tables import PeriodRow
from gluteus.domain.energy.cycle import swing_days
from gluteus.domain.history import History, PeriodStart
from gluteus.domain.profile import Profile
from gluteus.domain.units import UnitSystem
from gluteus.services import backup, checkin, journal, plans, users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def _actor(engine: Engine, name: str) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


@pytest.fixture
def alice(engine: Engine) -> Actor:
    return _actor(engine, "alice")


def _period(engine: Engine, actor: Actor, days_ago: int) -> journal.EntryView:
    with unit_of_work(engine) as session:
        day = TODAY - dt.timedelta(days=days_ago)
        return journal.log_period(session, actor, journal.PeriodInput(date=day))


def _stored(engine: Engine, actor: Actor) -> list[dt.date]:
    with unit_of_work(engine) as session:
        return journal.history(session, actor).period_starts()


def test_period_starts_are_logged_once_a_day(engine: Engine, alice: Actor) -> None:
    first = _period(engine, alice, 2)
    assert isinstance(first, journal.PeriodView) and first.id == "period-1"
    with pytest.raises(InputError) as caught:
        _period(engine, alice, 2)
    assert caught.value.field == "date" and caught.value.problems[0].reason == journal.PERIOD_TAKEN
    with pytest.raises(InputError) as future:
        _period(engine, alice, -1)
    assert future.value.field == "date"
    _period(engine, alice, 31)
    assert _stored(engine, alice) == [TODAY - dt.timedelta(days=31), TODAY - dt.timedelta(days=2)]
    with unit_of_work(engine) as session:
        listed = journal.list_entries(session, alice, journal.HistoryQuery(kind="period"))
        assert [e.id for e in listed] == ["period-2", "period-1"]
        everything = journal.list_entries(session, alice, journal.HistoryQuery())
        assert {e.kind for e in everything} == {"period"}


def test_period_starts_are_corrected_deleted_and_undone(engine: Engine, alice: Actor) -> None:
    _period(engine, alice, 2)
    _period(engine, alice, 30)
    with unit_of_work(engine) as session:
        same = journal.edit_entry(
            session, alice, "period-2", journal.EntryEdit(date=TODAY - dt.timedelta(days=30))
        )
        assert same.date == TODAY - dt.timedelta(days=30)  # its own day is no clash
        moved = journal.edit_entry(
            session, alice, "period-2", journal.EntryEdit(date=TODAY - dt.timedelta(days=29))
        )
        assert moved.date == TODAY - dt.timedelta(days=29)
        with pytest.raises(InputError) as clash:
            journal.edit_entry(
                session, alice, "period-2", journal.EntryEdit(date=TODAY - dt.timedelta(days=2))
            )
        assert clash.value.field == "date"
        with pytest.raises(InputError) as wrong:
            journal.edit_entry(session, alice, "period-2", journal.EntryEdit(kcal=1800))
        assert wrong.value.field == "kcal"
    with unit_of_work(engine) as session:
        assert [e.id for e in journal.undo_last(session, alice)] == ["period-2"]
        journal.delete_entries(session, alice, ["period-1"])
        with pytest.raises(NotFoundError):
            journal.get_entry(session, alice, "period-1")
    assert _stored(engine, alice) == []


def test_personal_export_round_trip_and_account_deletion(engine: Engine, alice: Actor) -> None:
    _period(engine, alice, 2)
    _period(engine, alice, 30)
    with unit_of_work(engine) as session:
        data = backup.export_user(session, alice)
    periods = data["users"][0]["periods"]
    assert [p["date"] for p in periods] == [str(TODAY - dt.timedelta(days=d)) for d in (2, 30)]
    bob = _actor(engine, "bob")
    with unit_of_work(engine) as session:
        result = backup.import_user(session, bob, data)
    assert result.counts["periods"] == 2
    assert _stored(engine, bob) == _stored(engine, alice)
    with unit_of_work(engine) as session:
        again = backup.export_user(session, bob)["users"][0]["periods"]
    assert again == periods
    older: dict[str, Any] = {**data, "users": [{**data["users"][0]}]}
    del older["users"][0]["periods"]  # an export from before period starts existed
    carol = _actor(engine, "carol")
    with unit_of_work(engine) as session:
        assert backup.import_user(session, carol, older).counts["periods"] == 0
    twice = {**data, "users": [{**data["users"][0], "periods": [periods[0], periods[0]]}]}
    dana = _actor(engine, "dana")
    with pytest.raises(InputError) as caught, unit_of_work(engine) as session:
        backup.import_user(session, dana, twice)
    assert caught.value.field == "users[0].periods[1].date"
    assert _stored(engine, dana) == []
    with unit_of_work(engine) as session:
        repo.delete_user(session, bob.user_id)  # what deleting an account does, once verified
    with unit_of_work(engine) as session:
        owners = session.scalars(select(PeriodRow.user_id)).all()
        assert session.scalar(select(func.count()).select_from(PeriodRow)) == 2  # alice's
    assert bob.user_id not in owners and alice.user_id in owners


def _profile() -> Profile:
    return Profile.model_validate(
        {
            "sex": "female",
            "age": 38,
            "height_cm": 165,
            "weight_kg": 72,
            "activity": "moderate",
            "pace_kg_per_week": 0.5,
            "goal_weight_kg": 65,
        }
    )


def test_the_check_in_passes_the_period_starts_and_says_so(engine: Engine, alice: Actor) -> None:
    start = TODAY - dt.timedelta(days=1)
    swing = swing_days([start], until=TODAY)
    with unit_of_work(engine) as session:
        plans.save_profile(session, alice, _profile())
        for n in range(28, -1, -1):
            day = TODAY - dt.timedelta(days=n)
            kg = 72.0 + (0.1 if n % 2 else -0.1) + (1.2 if day in swing else 0.0)
            given = journal.WeightInput(weight_kg=round(kg, 1), date=day, confirm=True)
            journal.log_weight(session, alice, given)
    dry = checkin.CheckinInput(save=False)
    with unit_of_work(engine) as session:
        plain = checkin.checkin(session, alice, dry)
    assert "cycle_context" not in [w.code for w in plain.warnings]
    _period(engine, alice, 1)
    with unit_of_work(engine) as session:
        aware = checkin.checkin(session, alice, dry)
    assert "cycle_context" in [w.code for w in aware.warnings]
    assert aware.trend.weight_kg < plain.trend.weight_kg  # the swing no longer lifts the trend


def test_a_racing_second_period_start_is_refused_by_the_index(
    engine: Engine, alice: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writers may both find the day free; the unique index refuses the second, at the
    field, and the rest of the transaction goes on."""
    monkeypatch.setattr(journal, "_check_period_free", lambda *args, **kwargs: None)
    with unit_of_work(engine) as session:
        day = journal.PeriodInput(date=TODAY)
        journal.log_period(session, alice, day)
        with pytest.raises(InputError) as caught:
            journal.log_period(session, alice, day)
        assert caught.value.field == "date"
        journal.log_period(session, alice, journal.PeriodInput(date=TODAY - dt.timedelta(days=28)))
    assert _stored(engine, alice) == [TODAY - dt.timedelta(days=28), TODAY]


@given(st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)), max_size=12))
def test_history_gives_each_period_start_once_in_order(days: list[dt.date]) -> None:
    history = History(periods=tuple(PeriodStart(date=day) for day in days))
    assert history.period_starts() == sorted(set(days))
    cut = dt.date(2024, 1, 1)
    assert history.until(cut).period_starts() == sorted({d for d in days if d <= cut})
