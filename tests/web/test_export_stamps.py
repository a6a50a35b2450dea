"""Every time in the JSON export carries its UTC offset; old exports without one still load."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from actors import ApiUser
from sqlalchemy import Engine, select

from gluteus.db.engine import unit_of_work
from gluteus.db.repository.backup import stamp_from_json, stamp_json
from gluteus.db.tables import User, WeightRow

LOGS: dict[str, dict[str, Any]] = {
    "weight": {"weight_kg": 71.5},
    "sets": {"exercise_id": "glute-bridge", "reps": 12, "hard": True},
    "cardio": {"exercise_id": "brisk-walk", "minutes": 30},
    "measurements": {"hips_cm": 101.5, "waist_cm": 80},
    "pain": {"exercise_id": "forward-lunge", "severity": 3, "note": "left knee"},
    "intake": {"kcal": 1650},
    "periods": {},
}
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _texts(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text in ``value`` with the path to it."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value


def test_every_time_in_the_export_has_a_utc_offset(alice: ApiUser) -> None:
    alice.with_plan()
    for kind, body in LOGS.items():
        answer = alice.request("POST", f"/api/v1/logs/{kind}", json=body)
        assert answer.status_code == 201, (kind, answer.text)
    export = alice.request("GET", "/api/v1/export").json()
    person = export["users"][0]
    assert all(person[key] for key in ("sets", "weights", "plans", "profiles", "periods"))
    times = [(where, text) for where, text in _texts(export) if _TIME.match(text)]
    # The person, their profile, plan, screening-free logs: each row has its created_at.
    assert len(times) >= 1 + len(LOGS) + 2
    for where, text in times:
        stamp = dt.datetime.fromisoformat(text)
        assert stamp.utcoffset() == dt.timedelta(0), f"{where} = {text!r} has no UTC offset"
    assert person["created_at"].endswith("+00:00")


def test_an_export_reimports_to_the_same_times(alice: ApiUser, engine: Engine) -> None:
    alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 70})
    export = alice.request("GET", "/api/v1/export").json()
    before = export["users"][0]["weights"][0]["created_at"]
    answer = alice.request("POST", "/api/v1/import", params={"replace": "true"}, json=export)
    assert answer.status_code == 200, answer.text
    again = alice.request("GET", "/api/v1/export").json()
    assert again["users"][0]["weights"][0]["created_at"] == before


def test_an_old_export_without_offsets_and_one_in_another_zone_still_load(
    alice: ApiUser, engine: Engine
) -> None:
    weights = [
        {"date": "2026-03-05", "weight_kg": 70.0, "created_at": "2026-03-05T18:00:07"},
        {"date": "2026-03-06", "weight_kg": 70.5, "created_at": "2026-03-06T20:00:07+02:00"},
        {"date": "2026-03-07", "weight_kg": 71.0, "created_at": "2026-03-07T18:00:07Z"},
    ]
    person = {"name": "me", "created_at": "2025-01-01T00:00:00", "weights": weights}
    export = {"format": "gluteus-export", "version": 1, "users": [person]}
    answer = alice.request("POST", "/api/v1/import", json=export)
    assert answer.status_code == 200, answer.text
    with unit_of_work(engine, read_only=True) as session:
        query = select(WeightRow.created_at).where(WeightRow.user_id == alice.id)
        stored = sorted(session.scalars(query))
        assert session.get(User, alice.id) is not None
    assert stored == [
        dt.datetime(2026, 3, 5, 18, 0, 7),
        dt.datetime(2026, 3, 6, 18, 0, 7),
        dt.datetime(2026, 3, 7, 18, 0, 7),
    ]
    shown = alice.request("GET", "/api/v1/export").json()["users"][0]["weights"]
    assert [w["created_at"] for w in shown] == [
        "2026-03-05T18:00:07+00:00",
        "2026-03-06T18:00:07+00:00",
        "2026-03-07T18:00:07+00:00",
    ]


def test_stamps_round_trip_as_naive_utc() -> None:
    naive = dt.datetime(2026, 12, 7, 20, 34, 21, 123456)
    assert stamp_json(naive) == "2026-12-07T20:34:21.123456+00:00"
    assert stamp_from_json(stamp_json(naive)) == naive
    assert stamp_from_json("2026-12-07T20:34:21.123456") == naive
    assert stamp_from_json("2026-12-07T15:34:21.123456-05:00") == naive
