"""Long imports and restores tell a progress callback how far they are (issue 22 item 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from gluteus.db.engine import unit_of_work
from gluteus.db.tables import SetRow
from gluteus.domain.units import UnitSystem
from gluteus.services import admin, backup, users
from gluteus.services import imports as importing
from gluteus.services.context import Actor

STRONG = Path(__file__).resolve().parents[1] / "imports" / "data" / "strong_current_kg.csv"
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


def _actor(engine: Engine, name: str) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


def _given(**options: Any) -> importing.ImportInput:
    return importing.ImportInput(source="strong", text=STRONG.read_text("utf-8"), **options)


def _check_growing(calls: list[tuple[int, int | None]], total: int) -> None:
    """Counts never go back, the total stays the same, and the last call says all is done."""
    assert calls, "the callback was never called"
    dones = [done for done, _ in calls]
    assert dones == sorted(dones)
    assert dones[0] == 0
    assert {t for _, t in calls} == {total}
    assert calls[-1] == (total, total)


@pytest.mark.parametrize("staged", [False, True])
def test_an_app_import_tells_its_progress_chunk_by_chunk(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, staged: bool
) -> None:
    monkeypatch.setattr(importing, "IMPORT_CHUNK_ROWS", 2)
    actor = _actor(engine, "ann")
    calls: list[tuple[int, int | None]] = []
    with unit_of_work(engine, read_only=staged) as session:  # staged: the session only reads
        view = importing.import_file(
            session,
            actor,
            _given(),
            staged_on=engine if staged else None,
            progress=lambda done, total: calls.append((done, total)),
        )
    written = view.imported.sets + view.imported.cardio
    assert written == 7
    _check_growing(calls, written)
    assert [done for done, _ in calls] == [0, 2, 4, 6, 7]
    if not staged:  # in the caller's transaction: every chunk is one logging action (undo)
        with unit_of_work(engine, read_only=True) as session:
            stamps = session.scalars(select(func.count(func.distinct(SetRow.created_at)))).one()
        assert stamps == 1


def test_a_dry_run_or_a_repeated_import_writes_nothing_and_tells_nothing(
    engine: Engine,
) -> None:
    actor = _actor(engine, "bo")
    calls: list[tuple[int, int | None]] = []
    for given in (_given(dry_run=True), _given(), _given()):
        calls.clear()
        with unit_of_work(engine) as session:
            importing.import_file(session, actor, given, progress=lambda d, t: calls.append((d, t)))
    assert calls == []  # the third import found everything already present


@pytest.mark.parametrize("staged", [False, True])
def test_a_data_import_tells_the_rows_written(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, staged: bool
) -> None:
    from gluteus.db.repository import backup as repo_backup

    monkeypatch.setattr(repo_backup, "ROWS_PER_INSERT", 3)
    monkeypatch.setattr(backup, "IMPORT_CHUNK_ROWS", 3)
    source = _actor(engine, "cy")
    with unit_of_work(engine) as session:
        importing.import_file(session, source, _given())
    with unit_of_work(engine, read_only=True) as session:
        data = backup.export_user(session, source)
    total = backup.user_rows(data["users"][0])
    assert total >= 7
    target = _actor(engine, "di")
    calls: list[tuple[int, int | None]] = []
    if staged:
        backup.import_user_staged(engine, target, data, progress=lambda d, t: calls.append((d, t)))
    else:
        with unit_of_work(engine) as session:
            backup.import_user(session, target, data, progress=lambda d, t: calls.append((d, t)))
    _check_growing(calls, total)
    assert len(calls) > 3  # several chunks, not one jump


def test_a_database_restore_tells_the_rows_written(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gluteus.db.repository import backup as repo_backup

    monkeypatch.setattr(repo_backup, "ROWS_PER_INSERT", 2)
    actor = _actor(engine, "ed")
    with unit_of_work(engine) as session:
        importing.import_file(session, actor, _given())
    with unit_of_work(engine, read_only=True) as session:
        data = admin.export_database(session)
    calls: list[tuple[int, int | None]] = []
    with unit_of_work(engine) as session:
        counts = admin.import_database(
            session, data, replace=True, progress=lambda d, t: calls.append((d, t))
        )
    total = sum(backup.user_rows(entry) for entry in data["users"])
    assert sum(n for kind, n in counts.items() if kind != "users") == total
    _check_growing(calls, total)
