"""Every input answers 4xx: non-finite or huge numbers, NUL, lone surrogates, wild dates, size.

And no reply copies a password, or a value it could not encode, back to the sender.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from actors import PASSWORD, ApiUser, PageUser, example_profile
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from test_authz import LOG_BODIES

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.services import plans
from gluteus.web import limits

JSON = {"content-type": "application/json"}
NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 30]


def _numeric_fields() -> Iterator[tuple[str, str]]:
    for kind, body in LOG_BODIES.items():
        for field, value in body.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                yield kind, field


def _raw(body: dict[str, Any], field: str, literal: str) -> bytes:
    """``body`` as JSON with ``field`` set to ``literal`` exactly as written."""
    marker = "__LITERAL__"
    return json.dumps({**body, field: marker}).replace(f'"{marker}"', literal).encode()


def _assert_refused(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["detail"] and body["problems"]
    for problem in body["problems"]:
        assert "value" not in problem or problem["value"] is None
    return body


@pytest.mark.parametrize(("kind", "field"), sorted(_numeric_fields()))
@pytest.mark.parametrize("literal", NON_FINITE)
def test_non_finite_and_huge_numbers_are_422(
    alice: ApiUser, kind: str, field: str, literal: str
) -> None:
    body = _raw(LOG_BODIES[kind], field, literal)
    response = alice.request("POST", f"/api/v1/logs/{kind}", content=body, headers=JSON)
    _assert_refused(response)
    assert alice.request("GET", f"/api/v1/logs/{kind}").json() == []  # nothing stored


@pytest.mark.parametrize("literal", ['"\\ud800"', '"a\\udfffb"', '"nul\\u0000here"'])
def test_unstorable_text_is_422_and_not_echoed(alice: ApiUser, literal: str) -> None:
    body = _raw({"exercise_id": "glute-bridge", "severity": 2}, "note", literal)
    response = alice.request("POST", "/api/v1/logs/pain", content=body, headers=JSON)
    problems = _assert_refused(response)["problems"]
    assert problems[0]["field"] == "note"
    assert "ud800" not in response.text and "\\u0000" not in response.text
    settings_body = b'{"timezone": "\\ud83d"}'
    _assert_refused(alice.request("PUT", "/api/v1/settings", content=settings_body, headers=JSON))


def test_an_unstorable_key_is_422(alice: ApiUser) -> None:
    response = alice.request("PUT", "/api/v1/settings", content=b'{"\\ud800": 1}', headers=JSON)
    _assert_refused(response)


def test_paired_surrogates_are_ordinary_text(alice: ApiUser) -> None:
    body = _raw({"exercise_id": "glute-bridge", "severity": 2}, "note", '"\\ud83d\\udcaa"')
    response = alice.request("POST", "/api/v1/logs/pain", content=body, headers=JSON)
    assert response.status_code == 201, response.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
)
def test_check_json_refuses_exactly_what_cannot_be_stored(value: Any) -> None:
    raw = json.dumps(value).encode("utf-8", "surrogatepass")

    def bad(item: Any) -> bool:
        if isinstance(item, float):
            return item != item or item in (float("inf"), float("-inf"))
        if isinstance(item, int) and not isinstance(item, bool):
            return abs(item) > limits.MAX_INTEGER
        if isinstance(item, str):
            return "\x00" in item or any("\ud800" <= c <= "\udfff" for c in item)
        if isinstance(item, list):
            return any(bad(x) for x in item)
        if isinstance(item, dict):
            return any(bad(k) or bad(v) for k, v in item.items())
        return False

    if bad(value):
        with pytest.raises(ValueError):
            limits.check_json(raw)
    else:
        limits.check_json(raw)


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "password": 123456789},
        {"email": "ann@example.com", "password": "s3cret-" + "x" * 300},
        {"email": "ann@example.com", "password": ["s3cret-in-a-list"]},
    ],
)
def test_replies_never_echo_a_password(client: TestClient, body: dict[str, Any]) -> None:
    for path in ("/api/v1/auth/signup", "/api/v1/auth/token"):
        response = client.post(path, json=body)
        assert response.status_code == 422, response.text
        assert "s3cret" not in response.text and "123456789" not in response.text
        for problem in response.json()["problems"]:
            if "password" in problem["field"]:
                assert "value" not in problem


def test_a_weak_or_short_password_names_the_rule_not_the_password(client: TestClient) -> None:
    for weak in ("password1", "qwertyuiop", "aaaaaaaaaa", "Gluteus2024!", "ann@example.com"):
        response = client.post(
            "/api/v1/auth/signup", json={"email": "ann@example.com", "password": weak}
        )
        assert response.status_code == 422, weak
        assert weak not in response.text
        assert response.json()["problems"][0]["field"] == "password"


def test_a_json_body_over_the_api_limit_is_413_before_it_is_read(alice: ApiUser) -> None:
    big = b'{"weight_kg": 70, "note": "' + b"x" * (limits.API_BODY_LIMIT + 10) + b'"}'
    response = alice.request("POST", "/api/v1/logs/weight", content=big, headers=JSON)
    _assert_refused(response, 413)
    assert "1 MB" in response.json()["detail"]


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(alice: ApiUser) -> None:
    sent = []

    def chunks() -> Iterator[bytes]:
        yield b'{"weight_kg": 70, "note": "'
        for _ in range(40):  # 40 × 64 KiB = 2.5 MiB, more than the API takes
            sent.append(1)
            yield b"x" * 65536
        yield b'"}'

    response = alice.request("POST", "/api/v1/logs/weight", content=chunks(), headers=JSON)
    _assert_refused(response, 413)


def test_a_page_form_over_its_limit_is_413_with_a_plain_message(client: TestClient) -> None:
    ann = PageUser(client, "ann@example.com")
    big = {"timezone": "x" * (limits.FORM_BODY_LIMIT + 10)}
    response = ann.post("/settings", big)
    assert response.status_code == 413
    assert "larger than this address accepts" in response.text
    declared = client.post(
        "/login", content=b"a=b", headers={"content-length": str(limits.UPLOAD_BODY_LIMIT + 1)}
    )
    assert declared.status_code == 413


def test_body_limits_per_route() -> None:
    assert limits.body_limit("/api/v1/import", "application/json") == limits.IMPORT_BODY_LIMIT
    assert limits.body_limit("/api/v1/logs/sets", "application/json") == limits.API_BODY_LIMIT
    assert limits.body_limit("/import", "multipart/form-data; b=x") == limits.UPLOAD_BODY_LIMIT
    assert limits.body_limit("/settings", "application/x-www-form-urlencoded") == (
        limits.FORM_BODY_LIMIT
    )


def test_a_nul_in_a_page_form_is_422_and_not_stored(client: TestClient) -> None:
    ann = PageUser(client, "ann@example.com")
    response = ann.post("/settings", {"timezone": "Europe/Berlin\x00"})
    assert response.status_code == 422
    assert "Europe/Berlin" not in client.get("/settings").text.split('name="timezone"')[1][:80]


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "2100-01-01"])
def test_a_plan_start_far_from_today_is_refused(alice: ApiUser, start: str) -> None:
    assert alice.request("PUT", "/api/v1/profile", json=example_profile()).status_code == 200
    response = alice.request("POST", "/api/v1/plan", json={"start_date": start})
    assert response.status_code == 422, response.text
    assert response.json()["problems"][0]["field"] == "start_date"
    assert alice.request("GET", "/api/v1/plan").status_code == 404


def test_a_plan_start_within_the_window_is_kept(alice: ApiUser) -> None:
    alice.request("PUT", "/api/v1/profile", json=example_profile())
    start = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = alice.request("POST", "/api/v1/plan", json={"start_date": start})
    assert response.status_code == 201
    assert response.json()["start_date"] == start


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1900-01-01"])
def test_today_of_a_wild_date_is_422(alice: ApiUser, day: str) -> None:
    alice.with_plan()
    response = alice.request("GET", "/api/v1/today", params={"date": day})
    assert response.status_code == 422, response.text
    assert response.json()["problems"][0]["field"] == "date"


@pytest.mark.parametrize("start", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_a_stored_plan_with_a_wild_start_does_not_break_pages(
    client: TestClient, engine: Engine, start: dt.date
) -> None:
    ann = PageUser(client, "ann@example.com")
    ann.onboard()
    with unit_of_work(engine) as session:
        program = plans.build_plan(plans.parse_profile_data(example_profile()), dt.date.today())
        repo.save_plan(session, 1, program.model_copy(update={"start_date": start}))
    for path in ("/", "/today", "/plan", "/progress"):
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
    token = client.post("/api/v1/auth/token", json={"email": ann.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    for path in ("/api/v1/today", "/api/v1/plan", "/api/v1/progress"):
        assert client.get(path, headers=headers).status_code < 500, path


def test_a_wrong_method_names_every_method_of_the_path(alice: ApiUser) -> None:
    response = alice.request("PUT", "/api/v1/logs/sets", json={})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.json()["problems"][0]["allowed"] == "one of GET, POST"
    assert "GET" in alice.request("POST", "/api/v1/me").headers["allow"].split(", ")
