"""The JSON API contract: accounts, profile, plan, today and the six kinds of logs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from actors import PASSWORD, ApiUser, example_profile
from fastapi.testclient import TestClient

from gluteus.domain.program import Program
from gluteus.services import plans

LOGS: dict[str, dict[str, Any]] = {
    "weight": {"weight_kg": 71.5},
    "sets": {"exercise_id": "glute-bridge", "reps": 12, "load_kg": None, "hard": True},
    "cardio": {"exercise_id": "brisk-walk", "minutes": 30},
    "measurements": {"hips_cm": 101.5, "waist_cm": 80},
    "pain": {"exercise_id": "forward-lunge", "severity": 3, "note": "left knee"},
    "intake": {"kcal": 1650},
    "periods": {},
}
PREFIX = {
    "weight": "weight",
    "sets": "set",
    "cardio": "cardio",
    "measurements": "measure",
    "pain": "pain",
    "intake": "intake",
    "periods": "period",
}


def test_healthz_answers_ok(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_signup_then_token_then_me(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/signup", json={"email": "Ann@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 201
    assert response.json()["email"] == "ann@example.com"
    response = client.post(
        "/api/v1/auth/token", json={"email": "ann@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert len(body["access_token"]) >= 32
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == "ann@example.com"


def test_wrong_password_and_unknown_email_get_the_same_401(client: TestClient) -> None:
    ApiUser(client, "ann@example.com")
    wrong = client.post(
        "/api/v1/auth/token", json={"email": "ann@example.com", "password": "not it at all"}
    )
    unknown = client.post(
        "/api/v1/auth/token", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "ann@example.com", "password": "short"}, "password"),
        ({"email": "ann@example.com", "password": PASSWORD, "timezone": "Mars/Base"}, "timezone"),
        ({"email": "ann@example.com"}, "password"),
        ({"email": "ann@example.com", "password": PASSWORD, "timezone": "0" * 300}, "timezone"),
        ({"email": "a\x00nn@example.com", "password": PASSWORD}, "email"),
    ],
)
def test_bad_signup_names_the_field(client: TestClient, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/auth/signup", json=body)
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["problems"]] == [field]


def test_signing_up_twice_answers_as_the_first_time_and_changes_nothing(
    client: TestClient,
) -> None:
    first = client.post(
        "/api/v1/auth/signup", json={"email": "ann@example.com", "password": PASSWORD}
    )
    again = client.post(
        "/api/v1/auth/signup", json={"email": "ANN@example.com", "password": "another long phrase"}
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert "another long phrase" not in again.text
    signed = client.post(
        "/api/v1/auth/token", json={"email": "ann@example.com", "password": PASSWORD}
    )
    assert signed.status_code == 200  # the first password still works, the second never did
    other = {"email": "ann@example.com", "password": "another long phrase"}
    assert client.post("/api/v1/auth/token", json=other).status_code == 401


def test_profile_put_then_get(alice: ApiUser) -> None:
    assert alice.request("GET", "/api/v1/profile").status_code == 404
    data = {**example_profile(), "height_cm": "5ft 5in", "weight_kg": "160lb"}
    data.pop("goal_weight_kg")
    response = alice.request("PUT", "/api/v1/profile", json=data)
    assert response.status_code == 200
    assert response.json()["height_cm"] == pytest.approx(165.1)
    assert alice.request("GET", "/api/v1/profile").json() == response.json()


def test_profile_put_takes_the_goal_and_refuses_an_unknown_one(alice: ApiUser) -> None:
    response = alice.request("PUT", "/api/v1/profile", json={**example_profile(), "goal": "tone"})
    assert response.status_code == 200 and response.json()["goal"] == "tone"
    bad = alice.request("PUT", "/api/v1/profile", json={**example_profile(), "goal": "bulk"})
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["problems"]} == {"goal"}
    assert alice.request("GET", "/api/v1/profile").json()["goal"] == "tone"


def test_bad_profile_is_422_naming_each_field(alice: ApiUser) -> None:
    data = {**example_profile(), "age": 12, "minutes_per_session": 1000}
    response = alice.request("PUT", "/api/v1/profile", json=data)
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert fields == {"age", "minutes_per_session"}


def test_plan_is_the_program_json_and_is_saved(alice: ApiUser) -> None:
    assert alice.request("GET", "/api/v1/plan").status_code == 404
    assert alice.request("POST", "/api/v1/plan").status_code == 422
    alice.request("PUT", "/api/v1/profile", json=example_profile())
    response = alice.request("POST", "/api/v1/plan")
    assert response.status_code == 201
    body = response.json()
    program = Program.model_validate(body)
    assert body == program.model_dump(mode="json")
    start = dt.date.fromisoformat(body["start_date"])
    expected = plans.build_plan(plans.parse_profile_data(body["profile"]), start)
    assert body == expected.model_dump(mode="json")
    assert alice.request("GET", "/api/v1/plan").json() == body


def test_today_shows_the_progressed_session(alice: ApiUser) -> None:
    alice.with_plan()
    response = alice.request("GET", "/api/v1/today")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "training"
    assert body["week"] == 1
    logged = alice.request("POST", "/api/v1/today/log", json={"hard": True})
    assert logged.status_code == 201
    assert logged.json()["entries"]


@pytest.mark.parametrize("kind", sorted(LOGS))
def test_log_list_delete_round_trip(alice: ApiUser, kind: str) -> None:
    path = f"/api/v1/logs/{kind}"
    created = alice.request("POST", path, json=LOGS[kind])
    assert created.status_code == 201, created.text
    entry_id = created.json()["id"]
    assert entry_id.startswith(PREFIX[kind] + "-")
    listed = alice.request("GET", path)
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()] == [entry_id]
    assert alice.request("DELETE", f"{path}/{entry_id}").status_code == 204
    assert alice.request("GET", path).json() == []
    assert alice.request("DELETE", f"{path}/{entry_id}").status_code == 404


def test_delete_accepts_the_bare_number(alice: ApiUser) -> None:
    created = alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 70})
    number = created.json()["id"].removeprefix("weight-")
    assert alice.request("DELETE", f"/api/v1/logs/weight/{number}").status_code == 204


def test_an_id_of_another_kind_is_not_found(alice: ApiUser) -> None:
    created = alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 70})
    entry_id = created.json()["id"]
    assert alice.request("DELETE", f"/api/v1/logs/intake/{entry_id}").status_code == 404
    assert alice.request("DELETE", "/api/v1/logs/weight/garbage").status_code == 404


def test_another_users_entry_is_404_and_untouched(alice: ApiUser, bob: ApiUser) -> None:
    entry_id = alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 70}).json()["id"]
    response = bob.request("DELETE", f"/api/v1/logs/weight/{entry_id}")
    assert response.status_code == 404
    assert response.json()["problems"][0]["field"] == "id"
    assert bob.request("GET", "/api/v1/logs/weight").json() == []
    assert len(alice.request("GET", "/api/v1/logs/weight").json()) == 1


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("weight", {"weight_kg": 1000}, "weight_kg"),
        ("weight", {"weight_kg": "heavy"}, "weight_kg"),
        ("weight", {}, "weight_kg"),
        ("weight", {"weight_kg": 70, "date": "2999-01-01"}, "date"),
        ("weight", {"weight_kg": 70, "date": "yesterday"}, "date"),
        ("sets", {"exercise_id": "no-such-move", "reps": 10}, "exercise_id"),
        ("sets", {"exercise_id": "glute-bridge", "reps": 100000}, "reps"),
        ("sets", {"exercise_id": "glute-bridge", "reps": 10, "band": "purple"}, "band"),
        ("cardio", {"exercise_id": "glute-bridge", "minutes": 20}, "exercise_id"),
        ("cardio", {"exercise_id": "brisk-walk", "minutes": -5}, "minutes"),
        ("measurements", {}, "measurement"),
        ("pain", {"exercise_id": "glute-bridge", "severity": 11}, "severity"),
        ("pain", {"exercise_id": "glute-bridge", "severity": 2, "note": "a\x00b"}, "note"),
        ("intake", {"kcal": -1}, "kcal"),
        ("intake", {"kcal": 1800, "protein_g": 1500}, "protein_g"),
        ("intake", {"kcal": 1800, "protein_g": "lots"}, "protein_g"),
    ],
)
def test_bad_log_is_422_with_field_and_reason(
    alice: ApiUser, kind: str, body: dict[str, Any], field: str
) -> None:
    response = alice.request("POST", f"/api/v1/logs/{kind}", json=body)
    assert response.status_code == 422, response.text
    problems = response.json()["problems"]
    assert problems and all(p["reason"] for p in problems)
    assert problems[0]["field"] == field


def test_pain_region_round_trips(alice: ApiUser) -> None:
    body = {"exercise_id": "loaded-squat", "severity": 4, "region": "knee"}
    created = alice.request("POST", "/api/v1/logs/pain", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["region"] == "knee"
    entry_id = created.json()["id"]
    shown = alice.request("GET", f"/api/v1/logs/pain/{entry_id}").json()
    assert shown["region"] == "knee"
    patched = alice.request("PATCH", f"/api/v1/logs/pain/{entry_id}", json={"region": "lower_back"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["region"] == "lower_back"
    plain = alice.request("POST", "/api/v1/logs/pain", json=LOGS["pain"]).json()
    assert plain["region"] == "other"
    listed = alice.request("GET", "/api/v1/logs/pain").json()
    assert {e["region"] for e in listed} == {"lower_back", "other"}


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_bad_pain_region_is_422_naming_the_allowed_values(alice: ApiUser, method: str) -> None:
    path = "/api/v1/logs/pain"
    if method == "PATCH":
        made = alice.request("POST", path, json=LOGS["pain"]).json()
        path = f"{path}/{made['id']}"
    body = {**LOGS["pain"], "region": "elbow"} if method == "POST" else {"region": "elbow"}
    response = alice.request(method, path, json=body)
    assert response.status_code == 422, response.text
    (problem,) = response.json()["problems"]
    assert problem["field"] == "region"
    for region in ("knee", "lower_back", "hip", "shoulder", "other"):
        assert region in problem["allowed"]


def test_list_filters_by_date(alice: ApiUser) -> None:
    today = dt.date.fromisoformat(alice.request("GET", "/api/v1/me").json()["today"])
    for days in (0, 3):
        date = (today - dt.timedelta(days=days)).isoformat()
        alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 70, "date": date})
    since = (today - dt.timedelta(days=1)).isoformat()
    found = alice.request("GET", f"/api/v1/logs/weight?since={since}").json()
    assert [e["date"] for e in found] == [today.isoformat()]


def test_settings_change_units_and_today_follows_the_time_zone(alice: ApiUser) -> None:
    response = alice.request(
        "PUT", "/api/v1/settings", json={"units": "imperial", "timezone": "Pacific/Kiritimati"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["units"] == "imperial"
    assert body["timezone"] == "Pacific/Kiritimati"
    kiritimati = dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)
    assert body["today"] == kiritimati.date().isoformat()


def test_screening_answers_are_saved(alice: ApiUser) -> None:
    alice.request("PUT", "/api/v1/profile", json=example_profile())
    answers = {f"q{i}": i == 6 for i in range(1, 8)}
    response = alice.request("PUT", "/api/v1/screening", json=answers)
    assert response.status_code == 200
    assert response.json()["clearance"]["cleared"] is False
    plan = alice.request("POST", "/api/v1/plan").json()
    assert plan["screening"]["cleared"] is False


def test_openapi_document_is_served(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/logs/weight/{entry_id}" in paths
    assert "/today" not in paths


def test_malformed_json_is_422_not_500(alice: ApiUser) -> None:
    response = alice.request(
        "POST",
        "/api/v1/logs/weight",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["problems"]


def test_get_and_patch_one_entry(alice: ApiUser) -> None:
    entry = alice.request("POST", "/api/v1/logs/cardio", json=LOGS["cardio"]).json()["id"]
    assert alice.request("GET", f"/api/v1/logs/cardio/{entry}").json()["minutes"] == 30
    patched = alice.request(
        "PATCH", f"/api/v1/logs/cardio/{entry}", json={"minutes": 45, "exercise_id": "jog"}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["activity_id"] == "jog"
    wrong = alice.request("PATCH", f"/api/v1/logs/cardio/{entry}", json={"weight_kg": 70})
    assert wrong.status_code == 422
    assert wrong.json()["problems"][0]["field"] == "weight_kg"
    bad = alice.request("PATCH", f"/api/v1/logs/cardio/{entry}", json={"exercise_id": "squat"})
    assert bad.json()["problems"][0]["field"] == "exercise_id"
    assert alice.request("PATCH", f"/api/v1/logs/cardio/{entry}", json={}).status_code == 422


def test_progress_export_import_and_catalog(alice: ApiUser) -> None:
    alice.with_plan()
    alice.request("POST", "/api/v1/today/log", json={"hard": True})
    alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 71})
    report = alice.request("GET", "/api/v1/progress")
    assert report.status_code == 200
    assert report.json()["trend"]
    exported = alice.request("GET", "/api/v1/export").json()
    assert exported["format"] == "gluteus-export"
    refused = alice.request("POST", "/api/v1/import", json=exported)
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "replace"
    again = alice.request("POST", "/api/v1/import?replace=true", json=exported)
    assert again.status_code == 200
    assert (
        alice.request("GET", "/api/v1/export").json()["users"][0]["weights"]
        == (exported["users"][0]["weights"])
    )
    found = alice.request("GET", "/api/v1/exercises?muscle=glute_med&knee_friendly=true").json()
    assert found and all(
        "glute_med" in e["primary_muscles"] + e["secondary_muscles"] for e in found
    )
    assert alice.request("GET", "/api/v1/exercises/glute-bridge").json()["id"] == "glute-bridge"
    assert alice.request("GET", "/api/v1/exercises/nope").status_code == 404


@pytest.mark.parametrize("kind", sorted(LOGS))
def test_an_idempotency_key_logs_each_entry_once(alice: ApiUser, kind: str) -> None:
    path = f"/api/v1/logs/{kind}"
    key = {"Idempotency-Key": f"offline-{kind}-0001"}
    first = alice.request("POST", path, json=LOGS[kind], headers=key)
    assert first.status_code == 201, first.text
    again = alice.request("POST", path, json=LOGS[kind], headers=key)
    assert again.status_code == 200
    same = {k: v for k, v in first.json().items() if k != "logged_at"}
    assert {k: again.json()[k] for k in same} == same
    assert len(alice.request("GET", path).json()) == 1
    other = alice.request("POST", path, json=LOGS[kind], headers={"Idempotency-Key": "other-0001"})
    if kind == "periods":  # one period start a day: another key for the same day is refused
        assert other.status_code == 422
        assert other.json()["problems"][0]["field"] == "date"
        assert len(alice.request("GET", path).json()) == 1
        return
    assert other.status_code == 201
    assert len(alice.request("GET", path).json()) == 2  # meals add up, never replace


def test_an_idempotency_key_reused_for_another_body_is_a_422_at_the_key(alice: ApiUser) -> None:
    key = {"Idempotency-Key": "weigh-in-000001"}
    path = "/api/v1/logs/weight"
    assert alice.request("POST", path, json={"weight_kg": 70}, headers=key).status_code == 201
    refused = alice.request("POST", path, json={"weight_kg": 71}, headers=key)
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "Idempotency-Key"
    short = alice.request("POST", path, json={"weight_kg": 71}, headers={"Idempotency-Key": "x"})
    assert short.status_code == 422 and "8–100" in short.text
    assert len(alice.request("GET", path).json()) == 1


def test_intake_protein_round_trips(alice: ApiUser) -> None:
    created = alice.request("POST", "/api/v1/logs/intake", json={"kcal": 700, "protein_g": 48})
    assert created.status_code == 201, created.text
    assert created.json()["protein_g"] == 48
    plain = alice.request("POST", "/api/v1/logs/intake", json={"kcal": 300})
    assert plain.json()["protein_g"] is None
    entry_id = created.json()["id"]
    patched = alice.request("PATCH", f"/api/v1/logs/intake/{entry_id}", json={"protein_g": 51})
    assert patched.status_code == 200, patched.text
    assert patched.json()["protein_g"] == 51
