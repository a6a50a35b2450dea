"""Personal imports: limits with clear answers, units and time zone kept, staged writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from actors import ApiUser, PageUser
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.db.tables import User, WeightRow
from gluteus.services import admin, backup, imports
from gluteus.web.routes import data as data_routes


def export_with_weights(n: int, **settings: Any) -> dict[str, Any]:
    """A one-person export holding ``n`` body weights (one a day, ending years ago)."""
    first = dt.date(2015, 1, 1)
    weights = [
        {"date": (first + dt.timedelta(days=i % 3000)).isoformat(), "weight_kg": 70.0 + i % 7}
        for i in range(n)
    ]
    person = {"name": "me", "created_at": "2025-01-01T00:00:00", "weights": weights, **settings}
    return {"format": backup.EXPORT_FORMAT, "version": backup.EXPORT_VERSION, "users": [person]}


def _weights(engine: Engine, user_id: int) -> int:
    with unit_of_work(engine, read_only=True) as session:
        query = select(func.count()).select_from(WeightRow).where(WeightRow.user_id == user_id)
        return int(session.scalar(query) or 0)


def test_a_personal_import_keeps_units_and_time_zone(alice: ApiUser) -> None:
    data = export_with_weights(3, units="imperial", timezone="Europe/Berlin")
    answer = alice.request("POST", "/api/v1/import", json=data)
    assert answer.status_code == 200, answer.text
    assert answer.json()["counts"]["weights"] == 3
    me = alice.request("GET", "/api/v1/me").json()
    assert (me["units"], me["timezone"]) == ("imperial", "Europe/Berlin")


def test_an_unknown_time_zone_in_the_file_is_refused_naming_it(
    alice: ApiUser, engine: Engine
) -> None:
    data = export_with_weights(3, timezone="Mars/Olympus")
    answer = alice.request("POST", "/api/v1/import", json=data)
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["field"] == "users[0].timezone"
    assert _weights(engine, alice.id) == 0


def test_too_many_rows_are_refused_with_the_limit_and_nothing_written(
    alice: ApiUser, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "IMPORT_MAX_ROWS", 50)
    answer = alice.request("POST", "/api/v1/import", json=export_with_weights(51))
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert problem["field"] == "users"
    assert "51 rows" in problem["reason"] and "50 rows" in problem["allowed"]
    assert _weights(engine, alice.id) == 0
    assert alice.request("POST", "/api/v1/import", json=export_with_weights(50)).status_code == 200


def test_an_api_body_over_the_size_limit_is_a_413(
    alice: ApiUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data_routes, "MAX_IMPORT_BYTES", 2_000)
    answer = alice.request("POST", "/api/v1/import", json=export_with_weights(100))
    assert answer.status_code == 413
    assert "MB" in answer.json()["detail"] and "nothing was imported" in answer.json()["detail"]


def test_an_app_import_over_the_limits_names_them(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = PageUser(client, "cy@example.com")
    rows = "Date,Weight\n" + "".join(f"2024-01-{d:02d},70\n" for d in range(1, 29))
    monkeypatch.setattr(imports, "IMPORT_MAX_ROWS", 10)
    many = person.post("/import/apps", {"source": "weights", "text": rows, "unit": "kg"})
    assert many.status_code == 422
    assert "has 28 rows" in many.text and "up to 10 rows" in many.text
    monkeypatch.setattr(imports, "IMPORT_MAX_BYTES", 100)
    big = person.post(
        "/import/apps",
        {"source": "weights", "unit": "kg"},
        files={"file": ("w.csv", rows.encode(), "text/csv")},
    )
    assert big.status_code == 422
    assert "is too large" in big.text


def test_a_staged_import_is_written_in_chunks_and_shown_at_once(
    alice: ApiUser, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "IMPORT_CHUNK_ROWS", 100)
    chunks: list[int] = []
    real_insert = repo.insert_rows

    def counting(session: Any, user_id: int, key: str, items: Any, *ids: Any) -> int:
        chunks.append(len(items))
        # Mid-import, the person's account shows nothing yet (the rows are staged).
        assert _weights(engine, alice.id) == 0
        return real_insert(session, user_id, key, items, *ids)

    monkeypatch.setattr(repo, "insert_rows", counting)
    answer = alice.request("POST", "/api/v1/import", json=export_with_weights(450))
    assert answer.status_code == 200, answer.text
    assert chunks == [100, 100, 100, 100, 50]
    assert _weights(engine, alice.id) == 450
    with unit_of_work(engine, read_only=True) as session:
        names = session.scalars(select(User.name)).all()
    assert not [n for n in names if repo.is_staging_name(n)]  # the staging user is gone


def test_a_staged_import_that_fails_leaves_nothing_behind(
    alice: ApiUser, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "IMPORT_CHUNK_ROWS", 100)

    def broken(*_args: Any) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(repo, "move_rows", broken)
    with pytest.raises(OSError):
        alice.request("POST", "/api/v1/import", json=export_with_weights(250))
    assert _weights(engine, alice.id) == 0
    with unit_of_work(engine, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(WeightRow)) == 0
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_staging_users_stay_out_of_backups_and_stale_ones_are_deleted(
    alice: ApiUser, engine: Engine
) -> None:
    with unit_of_work(engine) as session:
        staging = repo.create_staging_user(session, "dead")
        repo.insert_rows(session, staging, "weights", export_with_weights(5)["users"][0]["weights"])
        session.get(User, staging).created_at = dt.datetime(2020, 1, 1)  # type: ignore[union-attr]
    with unit_of_work(engine, read_only=True) as session:
        names = [u["name"] for u in admin.export_database(session)["users"]]
    assert names == ["alice@example.com"]
    with unit_of_work(engine) as session:
        assert repo.delete_stale_staging(session) == 1
    with unit_of_work(engine, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(WeightRow)) == 0


STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE,Weight Unit,Distance Unit\n"
    "2024-03-05 18:00:00,Glutes,45m,Hip Thrust (Barbell),1,60,10,0,0,,,8,kg,km\n"
    "2024-03-05 18:00:00,Glutes,45m,Hip Thrust (Barbell),2,60,9,0,0,,,9,kg,km\n"
    "2024-03-06 18:00:00,Glutes,45m,Hip Thrust (Barbell),1,62,8,0,0,,,9,kg,km\n"
)


def test_an_app_import_is_staged_in_chunks_and_a_second_import_adds_nothing(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gluteus.db.tables import ImportedEntryRow, SetRow

    monkeypatch.setattr(imports, "IMPORT_CHUNK_ROWS", 2)
    chunks: list[int] = []
    real = repo.bulk_add_imported

    def counting(session: Any, user_id: int, source: str, items: Any) -> None:
        chunks.append(len(items))
        real(session, user_id, source, items)

    monkeypatch.setattr(repo, "bulk_add_imported", counting)
    person = PageUser(client, "cy@example.com")
    form = {"source": "strong", "text": STRONG, "action": "import"}
    assert person.post("/import/apps", form).status_code == 200
    assert chunks == [2, 1]
    with unit_of_work(engine, read_only=True) as session:
        sets = session.scalars(select(SetRow).order_by(SetRow.id)).all()
        owners = {s.user_id for s in sets}
        keys = session.scalar(select(func.count()).select_from(ImportedEntryRow))
        names = session.scalars(select(User.name)).all()
    assert [(s.reps, s.set_number) for s in sets] == [(10, 1), (9, 2), (8, 1)]
    assert len(owners) == 1 and keys == 3
    assert names == ["cy@example.com"]  # no staging user left
    again = person.post("/import/apps", form)
    assert again.status_code == 200
    assert chunks == [2, 1]  # nothing new to write
    with unit_of_work(engine, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(SetRow)) == 3
