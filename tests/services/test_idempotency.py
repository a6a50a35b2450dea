"""A log request sent again with its idempotency key is stored once (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine

from gluteus.db.engine import unit_of_work
from gluteus.domain.units import UnitSystem
from gluteus.services import idempotency, journal, users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError

DAY = dt.date(2025, 3, 3)
NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


def _actor(engine: Engine, name: str) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


def _set(reps: int = 12) -> journal.SetsInput:
    return journal.SetsInput(exercise_id="glute-bridge", reps=[reps], last_two_hard=False, date=DAY)


def _log(engine: Engine, actor: Actor, key: str | None, reps: int = 12) -> tuple[str, bool]:
    given = _set(reps)
    print_ = idempotency.fingerprint("set", given.model_dump(mode="json"))
    with unit_of_work(engine) as session:
        view, created = idempotency.log_once(
            session, actor, key, print_, lambda: journal.log_sets(session, actor, given)[0]
        )
        return view.id, created


def _sets(engine: Engine, actor: Actor) -> int:
    with unit_of_work(engine) as session:
        return len(journal.history(session, actor).sets)


def test_the_same_key_returns_the_first_entry_and_stores_one(engine: Engine) -> None:
    ann = _actor(engine, "ann")
    first = _log(engine, ann, "set-key-0001")
    again = _log(engine, ann, "set-key-0001")
    assert first[1] is True and again == (first[0], False)
    assert _sets(engine, ann) == 1
    assert _log(engine, ann, "set-key-0002")[1] is True
    assert _sets(engine, ann) == 2


def test_without_a_key_every_request_logs(engine: Engine) -> None:
    ann = _actor(engine, "ann")
    _log(engine, ann, None)
    _log(engine, ann, None)
    assert _sets(engine, ann) == 2


def test_a_key_reused_for_another_body_is_refused_at_the_key(engine: Engine) -> None:
    ann = _actor(engine, "ann")
    _log(engine, ann, "set-key-0001", reps=12)
    with pytest.raises(InputError) as caught:
        _log(engine, ann, "set-key-0001", reps=10)
    assert caught.value.field == idempotency.KEY_FIELD
    assert _sets(engine, ann) == 1


def test_keys_belong_to_one_person(engine: Engine) -> None:
    ann, bea = _actor(engine, "ann"), _actor(engine, "bea")
    _log(engine, ann, "shared-key-01")
    assert _log(engine, bea, "shared-key-01")[1] is True
    assert _sets(engine, ann) == _sets(engine, bea) == 1


@pytest.mark.parametrize("key", ["short", "x" * 101, "tab\there-key"])
def test_a_malformed_key_names_the_allowed_form(engine: Engine, key: str) -> None:
    ann = _actor(engine, "ann")
    with pytest.raises(InputError) as caught:
        _log(engine, ann, key)
    assert caught.value.field == idempotency.KEY_FIELD
    assert "8–100 printable characters" in str(caught.value.problems[0].allowed)
    assert _sets(engine, ann) == 0


def test_a_key_whose_entry_was_deleted_stores_it_again_once(engine: Engine) -> None:
    ann = _actor(engine, "ann")
    entry, _ = _log(engine, ann, "set-key-0001")
    with unit_of_work(engine) as session:
        journal.delete_entries(session, ann, [entry])
    again, created = _log(engine, ann, "set-key-0001")
    assert created  # (SQLite may give the new row the old number)
    assert _log(engine, ann, "set-key-0001") == (again, False)
    assert _sets(engine, ann) == 1


def test_concurrent_copies_of_one_request_store_it_once(engine: Engine) -> None:
    ann = _actor(engine, "ann")
    results: list[tuple[str, bool]] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            results.append(_log(engine, ann, "offline-set-0001"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len({entry for entry, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert _sets(engine, ann) == 1
