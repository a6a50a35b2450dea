"""Period starts on the web (issue 24 item 8): the API, the log and history pages, and the
check-in's cycle context on the API and the energy page, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from actors import ApiUser, PageUser
from fastapi.testclient import TestClient

from gluteus.domain.energy.cycle import swing_days

PATH = "/api/v1/logs/periods"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _swinging_weights(start: dt.date) -> list[tuple[dt.date, float]]:
    """Four weeks of daily weigh-ins, 1.2 kg higher on the water-swing days around ``start``."""
    today = _today()
    swing = swing_days([start], until=today)
    days = [today - dt.timedelta(days=n) for n in range(28, -1, -1)]
    return [
        (day, round(72.0 + (0.1 if day.day % 2 else -0.1) + (1.2 if day in swing else 0.0), 1))
        for day in days
    ]


def _codes(view: dict[str, object]) -> list[str]:
    warnings = view["warnings"]
    assert isinstance(warnings, list)
    return [w["code"] for w in warnings]


def test_a_period_start_is_logged_listed_corrected_and_deleted(alice: ApiUser) -> None:
    day = _today() - dt.timedelta(days=3)
    created = alice.request("POST", PATH, json={"date": str(day)})
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry["kind"] == "period" and entry["date"] == str(day)
    assert entry["id"].startswith("period-")
    assert [e["id"] for e in alice.request("GET", PATH).json()] == [entry["id"]]
    moved = alice.request("PATCH", f"{PATH}/{entry['id']}", json={"date": str(day)})  # its own day
    assert moved.status_code == 200, moved.text
    earlier = day - dt.timedelta(days=28)
    moved = alice.request("PATCH", f"{PATH}/{entry['id']}", json={"date": str(earlier)})
    assert moved.status_code == 200 and moved.json()["date"] == str(earlier)
    wrong = alice.request("PATCH", f"{PATH}/{entry['id']}", json={"kcal": 1800})
    assert wrong.status_code == 422 and wrong.json()["problems"][0]["field"] == "kcal"
    assert alice.request("DELETE", f"{PATH}/{entry['id']}").status_code == 204
    assert alice.request("GET", PATH).json() == []


def test_one_period_start_a_day_and_bad_dates_are_422_at_the_date(alice: ApiUser) -> None:
    day = _today() - dt.timedelta(days=1)
    first = alice.request("POST", PATH, json={"date": str(day)})
    assert first.status_code == 201
    again = alice.request("POST", PATH, json={"date": str(day)})
    assert again.status_code == 422
    problem = again.json()["problems"][0]
    assert problem["field"] == "date" and "already logged" in problem["reason"]
    other = alice.request("POST", PATH, json={"date": str(day - dt.timedelta(days=30))}).json()
    clash = alice.request("PATCH", f"{PATH}/{other['id']}", json={"date": str(day)})
    assert clash.status_code == 422 and clash.json()["problems"][0]["field"] == "date"
    future = alice.request("POST", PATH, json={"date": str(_today() + dt.timedelta(days=2))})
    assert future.status_code == 422 and future.json()["problems"][0]["field"] == "date"
    assert alice.request("POST", PATH, json={"date": "yesterday"}).status_code == 422
    assert len(alice.request("GET", PATH).json()) == 2


def test_someone_else_s_period_start_is_not_found(alice: ApiUser, bob: ApiUser) -> None:
    entry = alice.request("POST", PATH, json={}).json()["id"]
    assert bob.request("GET", f"{PATH}/{entry}").status_code == 404
    assert bob.request("DELETE", f"{PATH}/{entry}").status_code == 404
    assert bob.request("POST", PATH, json={}).status_code == 201  # the same day, another person


def test_the_check_in_says_when_it_left_the_premenstrual_days_out(alice: ApiUser) -> None:
    alice.with_plan()
    start = _today() - dt.timedelta(days=1)  # the swing is now
    for day, kg in _swinging_weights(start):
        body = {"weight_kg": kg, "date": str(day), "confirm": True}
        assert alice.request("POST", "/api/v1/logs/weight", json=body).status_code == 201
    plain = alice.request("POST", "/api/v1/checkin", json={"save": False})
    assert plain.status_code == 201, plain.text
    assert "cycle_context" not in _codes(plain.json())  # no cycle data: no change
    assert alice.request("POST", PATH, json={"date": str(start)}).status_code == 201
    aware = alice.request("POST", "/api/v1/checkin", json={"save": False})
    assert aware.status_code == 201, aware.text
    note = next(w for w in aware.json()["warnings"] if w["code"] == "cycle_context")
    assert "before a period" in note["message"]
    assert aware.json()["trend"]["weight_kg"] < plain.json()["trend"]["weight_kg"]


def test_the_log_page_form_the_history_and_the_energy_page(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    page = client.get("/log").text
    assert 'id="log-period"' in page and 'action="/log/period"' in page
    start = _today() - dt.timedelta(days=1)
    for day, kg in _swinging_weights(start):
        logged = user.post("/log/weight", {"weight": str(kg), "date": str(day), "confirm": "yes"})
        assert logged.status_code == 303
    saved = user.post("/log/period", {"date": str(start)})
    assert saved.status_code == 303 and saved.headers["location"].startswith("/log?saved=period-")
    twice = user.post("/log/period", {"date": str(start)})
    assert twice.status_code == 422 and "already logged" in twice.text
    assert user.post("/log/period", {"date": "2999-01-01"}).status_code == 422
    assert "Period started" in client.get("/history?kind=period").text
    entry = saved.headers["location"].removeprefix("/log?saved=")
    assert client.get(f"/history/{entry}/edit").status_code == 200
    assert "Period started" in client.get(f"/history/{entry}/delete").text
    assert user.post(f"/history/{entry}/edit", {"date": "2999-01-01"}).status_code == 422
    assert user.post(f"/history/{entry}/edit", {"date": str(start)}).status_code == 303
    assert user.post("/energy/checkin").status_code == 303
    energy = client.get("/energy").text
    assert 'data-code="cycle_context"' in energy and "before a period" in energy
