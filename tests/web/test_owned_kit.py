"""Owned weights on the web: the onboarding form, PUT /api/v1/profile, per hand on today."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from actors import ApiUser, PageUser, example_profile
from fastapi.testclient import TestClient


def test_onboarding_keeps_the_weights_owned(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.onboard(dumbbells="10, 2, 4, 4, 12.5", kettlebells="8; 12", plates="1.25")
    assert response.status_code == 303
    page = client.get("/onboarding").text
    assert 'value="2, 4, 10, 12.5"' in page
    assert 'value="8, 12"' in page
    assert 'value="1.25"' in page


def test_onboarding_keeps_the_bands_owned(client: TestClient) -> None:
    user = PageUser(client, "bands@example.com")
    response = user.onboard(bands=["heavy", "light"])
    assert response.status_code == 303
    page = client.get("/onboarding").text
    assert re.search(r'value="light"\s+checked', page) and re.search(
        r'value="heavy"\s+checked', page
    )
    assert not re.search(r'value="medium"\s+checked', page)
    refused = user.onboard(bands=["purple"])
    assert refused.status_code == 422 and "bands" in refused.text
    assert "extra_light" in refused.text or "extra light" in refused.text  # the choices named


def test_onboarding_reads_weights_in_pounds_for_imperial_users(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.onboard(
        units="imperial", height="5ft 5in", weight="160", goal_weight="145", dumbbells="5, 10"
    )
    assert response.status_code == 303
    # read as pounds: were they kilograms, the form would now show 11.02, 22.05
    assert 'value="5, 10"' in client.get("/onboarding").text
    assert user.onboard(
        units="imperial", height="5ft 5in", weight="160", goal_weight="145",
        dumbbells="5-15 step 5, 25",
    ).status_code == 303  # fmt: skip
    assert 'value="5, 10, 15, 25"' in client.get("/onboarding").text


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"dumbbells": "2, 150"}, "dumbbells_kg", "0.5–100 kg"),
        ({"dumbbells": "2, heavy"}, "dumbbells_kg", "0.5–100 kg"),
        ({"kettlebells": "-8"}, "kettlebells_kg", "0.5–100 kg"),
        ({"plates": "30"}, "plates_kg", "0.25–10"),
        ({"dumbbells": "20-2 step 2"}, "dumbbells_kg", "2-20 step 2"),
    ],
)
def test_bad_owned_weights_are_named_with_their_range(
    client: TestClient, changes: dict[str, str], field: str, words: str
) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.onboard(**changes)
    assert response.status_code == 422
    assert words in response.text
    assert f"<li>{field.replace('_', ' ').removesuffix(' kg')}" in response.text
    assert client.get("/plan", follow_redirects=False).status_code == 303  # nothing saved


def test_api_profile_takes_the_owned_weights(alice: ApiUser) -> None:
    data: dict[str, Any] = {
        **example_profile(),
        "dumbbells_kg": [12.5, 2, 4, 2],
        "kettlebells_kg": "16, 8",
        "plates_kg": "2.5lb",
        "bands": ["medium", "light"],
    }
    response = alice.request("PUT", "/api/v1/profile", json=data)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dumbbells_kg"] == [2, 4, 12.5]
    assert body["kettlebells_kg"] == [8, 16]
    assert body["plates_kg"] == pytest.approx(1.134, abs=0.001)
    assert body["bands"] == ["light", "medium"]
    bad = alice.request("PUT", "/api/v1/profile", json={**data, "dumbbells_kg": [0, 500]})
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["problems"]} == {"dumbbells_kg"}


def test_today_says_per_hand_or_in_total(alice: ApiUser) -> None:
    data = {**example_profile(), "dumbbells_kg": [2, 4, 6, 8, 10]}
    assert alice.request("PUT", "/api/v1/profile", json=data).status_code == 200
    # A plan that began a week ago, so a past strength day exists whatever today's weekday is.
    start = dt.date.today() - dt.timedelta(days=7)
    plan = alice.request("POST", "/api/v1/plan", json={"start_date": start.isoformat()})
    assert plan.status_code == 201
    days = [start + dt.timedelta(days=n) for n in range(1, 8)]
    views = {day: alice.request("GET", f"/api/v1/today?date={day}").json() for day in days}
    day = next(day for day in days if views[day]["targets"])
    targets = views[day]["targets"]
    assert all("load_per" in t for t in targets)
    loaded = [t for t in targets if t["exercise_id"] == "dumbbell-bench-press"]
    lifts = loaded or targets
    for target in lifts:
        alice.request(
            "POST",
            "/api/v1/logs/sets",
            json={"exercise_id": target["exercise_id"], "reps": 9, "load_kg": 6, "hard": True,
                  "date": (day - dt.timedelta(days=1)).isoformat()},
        )  # fmt: skip
    after = alice.request("GET", f"/api/v1/today?date={day}").json()["targets"]
    with_load = [t for t in after if t["load_kg"] is not None]
    assert with_load
    assert all(t["load_per"] in {"hand", "total"} for t in with_load)
    assert all(t["load_per"] is None for t in after if t["load_kg"] is None)


def test_today_page_says_per_hand_or_in_total(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    # Training on today's weekday only (and two more), so today holds a strength session.
    weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    today = dt.date.today().weekday()
    days = [weekdays[(today + n) % 7] for n in (0, 2, 4)]
    assert user.onboard(dumbbells="2, 4, 6, 8, 10", available_days=days).status_code == 303
    page = client.get("/today").text
    assert "per hand" not in page and "in total" not in page  # nothing lifted yet
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    for exercise_id in ("dumbbell-bench-press", "goblet-squat", "romanian-deadlift", "hip-thrust"):
        user.post(
            "/log/set",
            {"exercise_id": exercise_id, "reps": "9", "load": "6", "hard": "yes",
             "date": yesterday},
        )  # fmt: skip
    page = client.get("/today").text
    assert re.search(r"6(\.0)? kg (per hand|in total)", page), page
