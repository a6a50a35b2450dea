"""One name per field from form to API to storage; the API's first names still accepted.

``last_two_hard`` is the field's name in the pages, the API, the journal and storage (``hard``,
its first name in the API, is still read); the catalog id of what was done is ``exercise_id``
in every input, cardio included (its replies keep ``activity_id``).
"""

from __future__ import annotations

from typing import Any

import pytest
from actors import ApiUser, PageUser
from fastapi.testclient import TestClient

SET = {"exercise_id": "glute-bridge", "reps": 12}


@pytest.mark.parametrize("name", ["last_two_hard", "hard"])
def test_api_set_takes_last_two_hard_and_its_first_name(alice: ApiUser, name: str) -> None:
    for value in (True, False):
        logged = alice.request("POST", "/api/v1/logs/sets", json={**SET, name: value})
        assert logged.status_code == 201, logged.text
        assert logged.json()["last_two_hard"] is value
        assert "hard" not in logged.json()
    entry = logged.json()["id"]
    patched = alice.request("PATCH", f"/api/v1/logs/sets/{entry}", json={name: True})
    assert patched.status_code == 200, patched.text
    assert patched.json()["last_two_hard"] is True


def test_both_names_at_once_is_a_422(alice: ApiUser) -> None:
    body = {**SET, "last_two_hard": True, "hard": False}
    response = alice.request("POST", "/api/v1/logs/sets", json=body)
    assert response.status_code == 422
    assert alice.request("GET", "/api/v1/logs/sets").json() == []


def test_a_bad_value_is_named_as_sent(alice: ApiUser) -> None:
    response = alice.request("POST", "/api/v1/logs/sets", json={**SET, "hard": "maybe"})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "hard"


def test_the_api_documents_the_one_name(client: TestClient) -> None:
    schemas: dict[str, Any] = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for form in ("SetForm", "TodayLogForm", "LogPatchForm"):
        properties = schemas[form]["properties"]
        assert "last_two_hard" in properties, form
        assert "hard" not in properties, form
    assert "exercise_id" in schemas["CardioForm"]["properties"]
    assert "exercise_id" in schemas["LogPatchForm"]["properties"]


def test_cardio_is_corrected_by_exercise_id_or_the_name_it_shows(alice: ApiUser) -> None:
    body = {"exercise_id": "brisk-walk", "minutes": 30}
    entry = alice.request("POST", "/api/v1/logs/cardio", json=body).json()
    assert entry["activity_id"] == "brisk-walk"
    path = f"/api/v1/logs/cardio/{entry['id']}"
    assert alice.request("PATCH", path, json={"exercise_id": "jog"}).json()["activity_id"] == "jog"
    by_shown_name = alice.request("PATCH", path, json={"activity_id": "hiking"})
    assert by_shown_name.json()["activity_id"] == "hiking"
    bad = alice.request("PATCH", path, json={"activity_id": "glute-bridge"})
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["field"] == "exercise_id"
    wrong = alice.request("POST", "/api/v1/logs/sets", json={**SET, "exercise_id": "brisk-walk"})
    assert wrong.json()["problems"][0]["field"] == "exercise_id"


@pytest.mark.parametrize(
    ("form", "hard"),
    [
        ({"last_two_hard": "yes"}, True),
        ({"hard": "yes"}, True),  # a page opened before the rename
        ({}, False),
    ],
)
def test_page_forms_send_last_two_hard(
    client: TestClient, form: dict[str, str], hard: bool
) -> None:
    user = PageUser(client, "ann@example.com")
    page = client.get("/log").text
    assert 'name="last_two_hard"' in page and 'name="hard"' not in page
    assert user.post("/log/set", {**SET, "reps": "12", **form}).status_code == 303
    history = client.get("/history").text
    entry_id = history.split('href="/history/')[1].split("/edit")[0]
    edit_page = client.get(f"/history/{entry_id}/edit").text
    assert ('name="last_two_hard" value="yes" checked' in edit_page) is hard
    assert user.post(f"/history/{entry_id}/edit", {"reps": "11"}).status_code == 303
    again = client.get(f"/history/{entry_id}/edit").text
    assert 'name="last_two_hard" value="yes" checked' not in again  # unticked box: easy


def test_page_cardio_form_sends_exercise_id(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    page = client.get("/log").text
    assert page.count('name="exercise_id"') == 3  # cardio, set and pain
    for name in ("exercise_id", "activity_id"):
        assert user.post("/log/cardio", {name: "brisk-walk", "minutes": "30"}).status_code == 303
    assert client.get("/history", params={"kind": "cardio"}).text.count("/edit") == 2
    refused = user.post("/log/cardio", {"exercise_id": "glute-bridge", "minutes": "30"})
    assert refused.status_code == 422
