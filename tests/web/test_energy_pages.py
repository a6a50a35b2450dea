"""The energy page and API: the target and how it was made, projections, goal, check-ins."""

from __future__ import annotations

import base64
import datetime as dt
import re

from actors import ApiUser, PageUser
from fastapi.testclient import TestClient


def test_energy_page_explains_the_target_and_checks_in(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    assert client.get("/energy", follow_redirects=False).headers["location"] == "/onboarding"
    user.onboard()
    page = client.get("/energy")
    assert page.status_code == 200
    html = page.text
    for part in ("How the number was made", "Weekly check-in", "No check-in yet", "3,500 kcal"):
        assert part in html, part
    assert "data:image/svg+xml;base64," in html
    for day in range(14, -1, -1):
        date = (dt.date.today() - dt.timedelta(days=day)).isoformat()
        user.post("/log/weight", {"weight": f"{72 - 0.07 * (14 - day):.1f}", "date": date})
    response = user.post("/energy/checkin")
    assert response.status_code == 303
    html = client.get(response.headers["location"]).text
    assert "Expenditure" in html and "the next is due" in html
    assert "from your check-in of" in html


def test_goal_solver_on_the_page_reads_the_person_s_units(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    html = client.get("/energy?goal_weight=66&goal_days=120").text
    assert "Intake to get there" in html
    bad = client.get("/energy?goal_weight=66&goal_days=99999")
    assert bad.status_code == 422
    assert "goal days" in bad.text
    one = client.get("/energy?goal_weight=66")
    assert one.status_code == 422


def test_checkin_api_saves_a_history_of_targets(alice: ApiUser, bob: ApiUser) -> None:
    alice.with_plan()
    for day in range(20, -1, -2):
        date = (dt.date.today() - dt.timedelta(days=day)).isoformat()
        body = {"date": date, "weight_kg": round(80 - 0.06 * (20 - day), 1)}
        assert alice.request("POST", "/api/v1/logs/weight", json=body).status_code == 201
    dry = alice.request("POST", "/api/v1/checkin", json={"save": False})
    assert dry.status_code == 201 and dry.json()["saved"] is False
    assert alice.request("GET", "/api/v1/checkins").json() == []
    saved = alice.request("POST", "/api/v1/checkin")
    assert saved.status_code == 201
    data = saved.json()
    assert data["expenditure"]["method"] in {"model_offset", "prior"}
    assert data["target"]["intake_kcal"] >= data["target"]["floor_kcal"]
    again = alice.request("POST", "/api/v1/checkin")  # the same day replaces, never doubles
    assert again.status_code == 201
    history = alice.request("GET", "/api/v1/checkins").json()
    assert len(history) == 1 and history[0]["intake_kcal"] == data["target"]["intake_kcal"]
    energy = alice.request("GET", "/api/v1/energy").json()
    assert energy["target_kcal"] == data["target"]["intake_kcal"]
    assert energy["checkin"]["due"] is False
    assert bob.request("GET", "/api/v1/checkins").json() == []
    assert bob.request("POST", "/api/v1/checkin").status_code == 422  # no profile yet
    goal = alice.request("GET", "/api/v1/energy", params={"goal_weight_kg": 72, "goal_days": 90})
    assert goal.status_code == 200 and goal.json()["projection"]["goal"]["goal_days"] == 90
    assert alice.request("GET", "/api/v1/energy", params={"goal_days": 0}).status_code == 422


def test_checkins_travel_with_the_personal_export(alice: ApiUser, bob: ApiUser) -> None:
    alice.with_plan()
    assert alice.request("POST", "/api/v1/checkin").status_code == 201
    exported = alice.request("GET", "/api/v1/export").json()
    assert len(exported["users"][0]["checkins"]) == 1
    assert bob.request("POST", "/api/v1/import", json=exported).status_code == 200
    assert len(bob.request("GET", "/api/v1/checkins").json()) == 1
    exported["users"][0]["checkins"][0]["data"]["target"] = "junk"
    bad = bob.request("POST", "/api/v1/import?replace=true", json=exported)
    assert bad.status_code == 422 and "checkins[0].data.target" in bad.text


def test_today_page_nudges_until_the_weekly_check_in_is_done(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    assert 'id="checkin-due"' not in client.get("/today").text  # no nudge on day one
    today = dt.datetime.now(dt.UTC).date()
    for days_ago in (12, 6, 1):  # three weigh-ins over ten days or more: a trend to read
        day = (today - dt.timedelta(days=days_ago)).isoformat()
        assert user.post("/log/weight", {"weight": "72", "date": day}).status_code == 303
    assert 'id="checkin-due"' in client.get("/today").text
    assert user.post("/energy/checkin").status_code == 303
    assert 'id="checkin-due"' not in client.get("/today").text


def test_passing_the_goal_switches_to_maintenance_without_an_error(
    alice: ApiUser, db_url: str
) -> None:
    alice.with_plan()  # 72 kg, goal 65 kg
    for day in range(14, -1, -1):
        date = (dt.date.today() - dt.timedelta(days=day)).isoformat()
        body = {"date": date, "weight_kg": 60.0}
        assert alice.request("POST", "/api/v1/logs/weight", json=body).status_code == 201
    energy = alice.request("GET", "/api/v1/energy")
    assert energy.status_code == 200, energy.text
    assert energy.json()["calories"]["mode"] == "toning_at_maintenance"
    assert energy.json()["calories"]["deficit_kcal"] == 0
    page = alice.request("GET", "/energy")
    assert page.status_code == 200
    checkin = alice.request("POST", "/api/v1/checkin")
    assert checkin.status_code == 201, checkin.text
    data = checkin.json()
    assert data["trend"]["expected_rate_kg_per_week"] == 0
    assert data["target"]["intake_kcal"] > data["target"]["previous_kcal"]
    assert "reached your goal" in data["target"]["reason"]


def test_api_questions_a_weight_in_pounds_until_confirmed(alice: ApiUser) -> None:
    alice.with_plan()
    for day in (6, 4, 2):
        date = (dt.date.today() - dt.timedelta(days=day)).isoformat()
        body = {"date": date, "weight_kg": 72.0}
        assert alice.request("POST", "/api/v1/logs/weight", json=body).status_code == 201
    typo = alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 158.7})
    assert typo.status_code == 422
    problem = typo.json()["problems"][0]
    assert problem["field"] == "weight_kg" and problem["reason"] == "implausible"
    assert problem["allowed"].startswith("Did you mean 72 kg?")
    assert len(alice.request("GET", "/api/v1/logs/weight").json()) == 3
    body = {"weight_kg": 158.7, "confirm": True}
    assert alice.request("POST", "/api/v1/logs/weight", json=body).status_code == 201
    profile_weight = alice.request("GET", "/api/v1/energy").json()["calories"]["weight_kg"]
    assert profile_weight == 72.0  # the profile follows the trend, not the one reading


def test_log_page_asks_about_a_typo_at_the_field_and_keeps_what_was_typed(
    client: TestClient,
) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()  # 72 kg
    page = user.post("/log/weight", {"weight": "158.7", "date": dt.date.today().isoformat()})
    assert page.status_code == 422
    assert "Did you mean 72 kg?" in page.text
    assert 'value="158.7"' in page.text and 'name="confirm"' in page.text
    kept = user.post("/log/weight", {"weight": "158.7", "confirm": "yes"})
    assert kept.status_code == 303


def test_pregnant_goal_solver_offers_no_deficit_on_the_page(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.onboard(limitations=["pregnancy"], pregnancy_trimester="2", goal_weight="")
    assert response.status_code == 303, response.text
    html = client.get("/energy?goal_weight=66&goal_days=120").text
    assert "no calorie deficit" in html and "Yes:" not in html


def test_onboarding_states_the_default_pace_in_the_person_s_units(client: TestClient) -> None:
    PageUser(client, "ann@example.com")
    html = client.get("/onboarding").text
    assert 'id="pace"' in html and "Default 0.5 kg (metric) or 1 lb (imperial)" in html


def test_api_keeps_every_meal_and_the_check_in_sums_them(alice: ApiUser) -> None:
    alice.with_plan()
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    for kcal, meal in ((600, "breakfast"), (800, "lunch")):
        body = {"date": day, "kcal": kcal, "meal": meal}
        assert alice.request("POST", "/api/v1/logs/intake", json=body).status_code == 201
    logged = alice.request("GET", "/api/v1/logs/intake").json()
    assert sorted((e["kcal"], e["meal"]) for e in logged) == [(600, "breakfast"), (800, "lunch")]
    data = alice.request("POST", "/api/v1/checkin", json={"save": False}).json()
    assert data["adherence"]["logged_intake_kcal"] == 1400 and data["adherence"]["days_logged"] == 1


def test_a_kept_proposal_stays_out_of_force_until_accepted(alice: ApiUser) -> None:
    alice.with_plan()
    for day in range(20, -1, -1):
        date = (dt.date.today() - dt.timedelta(days=day)).isoformat()
        body = {"date": date, "weight_kg": 72.0 + 0.1 * (day % 3)}
        assert alice.request("POST", "/api/v1/logs/weight", json=body).status_code == 201
        eaten = {"date": date, "kcal": 2700}
        assert alice.request("POST", "/api/v1/logs/intake", json=eaten).status_code == 201
    before = alice.request("GET", "/api/v1/energy").json()["target_kcal"]
    kept = alice.request("POST", "/api/v1/checkin", json={"accept": False}).json()
    target = kept["target"]
    assert target["accepted"] is False and target["intake_kcal"] == round(before)
    assert target["proposed_kcal"] != target["intake_kcal"]
    assert alice.request("GET", "/api/v1/energy").json()["target_kcal"] == round(before)
    accepted = alice.request("POST", "/api/v1/checkin/accept")
    assert accepted.status_code == 200
    assert accepted.json()["target"]["intake_kcal"] == target["proposed_kcal"]
    history = alice.request("GET", "/api/v1/checkins").json()
    assert history[0]["proposed_kcal"] == target["proposed_kcal"] and history[0]["accepted"]
    again = alice.request("POST", "/api/v1/checkin/accept")  # idempotent
    assert again.status_code == 200
    assert again.json()["target"]["intake_kcal"] == target["proposed_kcal"]


def _chart(html: str) -> str:
    found = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert found
    return base64.b64decode(found.group(1)).decode()


def test_projection_chart_draws_both_projections_and_the_goal_in_the_person_s_units(
    client: TestClient,
) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    svg = _chart(client.get("/energy").text)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    for part in ("Dynamic model (Hall 2011)", "±10 % expenditure", "3,500 kcal rule", ">kg<"):
        assert part in svg, part
    assert "Goal weight" not in svg
    with_goal = _chart(client.get("/energy?goal_weight=66&goal_days=120").text)
    assert "Goal weight" in with_goal


def test_projection_chart_in_pounds_for_imperial_units(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard(units="imperial", height="65", weight="160", goal_weight="145")
    svg = _chart(client.get("/energy").text)
    assert ">lb<" in svg and ">kg<" not in svg
