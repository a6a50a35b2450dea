"""Regular activity (runs, rides) in the onboarding form and `PUT /api/v1/profile`."""

from __future__ import annotations

from actors import ApiUser, PageUser, example_profile
from fastapi.testclient import TestClient

RUNS = [
    {"kind": "run", "sessions_per_week": 3, "minutes": 40, "days": ["mon", "wed", "fri"]},
    {"kind": "run", "sessions_per_week": 1, "minutes": 80, "days": ["sun"], "hard": False},
]


def test_profile_put_takes_regular_activity_and_names_a_bad_field(alice: ApiUser) -> None:
    data = {**example_profile(), "regular_activity": RUNS}
    response = alice.request("PUT", "/api/v1/profile", json=data)
    assert response.status_code == 200, response.text
    assert response.json()["regular_activity"][0]["days"] == ["mon", "wed", "fri"]
    bad = [{**RUNS[0], "minutes": 5}]
    refused = alice.request(
        "PUT", "/api/v1/profile", json={**example_profile(), "regular_activity": bad}
    )
    assert refused.status_code == 422
    problem = refused.json()["problems"][0]
    assert problem["field"] == "regular_activity.0.minutes" and "300" in problem["allowed"]
    text = alice.request(
        "PUT", "/api/v1/profile", json={**example_profile(), "regular_activity": "ride 2x45"}
    )
    assert text.status_code == 200 and text.json()["regular_activity"][0]["kind"] == "ride"


def test_onboarding_takes_regular_activity_rows_without_js(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    form = client.get("/onboarding").text
    assert 'name="regular_activity.0.kind"' in form and 'name="regular_activity.2.days"' in form
    refused = user.onboard(
        **{
            "regular_activity.1.kind": "run",
            "regular_activity.1.sessions_per_week": "3",
            "regular_activity.1.minutes": "5",
        }
    )
    assert refused.status_code == 422
    assert "regular_activity.1.minutes" in refused.text and "300" in refused.text
    assert 'value="5"' in refused.text  # what was typed is kept
    kept = user.onboard(
        available_days=["tue", "thu", "sat"],
        **{
            "regular_activity.0.kind": "run",
            "regular_activity.0.sessions_per_week": "3",
            "regular_activity.0.minutes": "40",
            "regular_activity.0.days": ["mon", "wed", "fri"],
            "regular_activity.1.kind": "run",
            "regular_activity.1.sessions_per_week": "1",
            "regular_activity.1.minutes": "80",
            "regular_activity.1.days": ["sun"],
        },
    )
    assert kept.status_code == 303
    form = client.get("/onboarding").text
    assert '<option value="run" selected>' in form and 'value="80"' in form
    page = client.get("/plan").text
    assert "Your own activity" in page


def test_onboarding_asks_the_after_birth_signs_and_refers_on_a_yes(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    assert 'name="pelvic_floor_screen.leaking"' in client.get("/onboarding").text
    half = user.onboard(postpartum_weeks="10", **{"pelvic_floor_screen.leaking": "yes"})
    assert half.status_code == 422 and "pelvic_floor_screen.heaviness" in half.text
    answered = user.onboard(
        postpartum_weeks="10",
        **{
            "pelvic_floor_screen.leaking": "yes",
            "pelvic_floor_screen.heaviness": "no",
            "pelvic_floor_screen.separation": "no",
        },
    )
    assert answered.status_code == 303
    assert "Pelvic health:" in client.get("/plan").text


def test_profile_put_takes_the_after_birth_screen(alice: ApiUser) -> None:
    screen = {"leaking": False, "heaviness": True, "separation": False}
    data = {**example_profile(), "postpartum_weeks": 8, "pelvic_floor_screen": screen}
    response = alice.request("PUT", "/api/v1/profile", json=data)
    assert response.status_code == 200 and response.json()["pelvic_floor_screen"] == screen
    bad = {**data, "pelvic_floor_screen": {**screen, "heaviness": "sometimes"}}
    refused = alice.request("PUT", "/api/v1/profile", json=bad)
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "pelvic_floor_screen.heaviness"
