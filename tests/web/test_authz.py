"""Authorization matrix: every API route × anonymous, another user and the owner.

Anonymous gets 401 everywhere but sign-up and token; another user's entry ids get 404
exactly like ids that do not exist; the owner gets a 2xx.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from actors import PASSWORD, ApiUser, example_profile
from fastapi import FastAPI
from fastapi.testclient import TestClient

PUBLIC = {("POST", "/api/v1/auth/signup"), ("POST", "/api/v1/auth/token")}
LOG_BODIES: dict[str, dict[str, Any]] = {
    "sets": {"exercise_id": "glute-bridge", "reps": 12, "hard": True},
    "cardio": {"exercise_id": "brisk-walk", "minutes": 30},
    "weight": {"weight_kg": 70},
    "measurements": {"hips_cm": 100},
    "pain": {"exercise_id": "glute-bridge", "severity": 2},
    "intake": {"kcal": 1800},
}


LOG_PATCHES: dict[str, dict[str, Any]] = {
    "sets": {"reps": 10, "hard": False},
    "cardio": {"minutes": 20},
    "weight": {"weight_kg": 69},
    "measurements": {"hips_cm": 99},
    "pain": {"severity": 1},
    "intake": {"kcal": 1500},
}
_PERIOD_DAYS = itertools.count(1)


def _log_body(kind: str, patch: bool = False) -> dict[str, Any]:
    """What to send to a log route; period starts take a day not used yet (one a day)."""
    if kind == "periods":
        return {"date": str(dt.date.today() - dt.timedelta(days=next(_PERIOD_DAYS)))}
    return LOG_PATCHES[kind] if patch else LOG_BODIES[kind]


def _body(method: str, path: str) -> dict[str, Any] | None:
    if (method, path) == DELETE_ACCOUNT:
        return {"password": PASSWORD}
    if method in {"GET", "DELETE"}:
        return None
    if path.startswith("/api/v1/logs/"):
        kind = path.split("/")[4]
        return _log_body(kind, patch=method == "PATCH")
    return {
        "/api/v1/import": {"format": "gluteus-export", "version": 1, "users": []},
        "/api/v1/profile": example_profile(),
        "/api/v1/screening": {f"q{i}": False for i in range(1, 8)},
        "/api/v1/settings": {"units": "metric"},
        "/api/v1/plan": {},
        "/api/v1/today/log": {"hard": True},
        "/api/v1/checkin": {"save": True},
        "/api/v1/checkin/accept": {},
    }[path]


def protected_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) of the API that needs a token, from its OpenAPI."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            if (method.upper(), path) not in PUBLIC:
                found.append((method.upper(), path))
    # Deleting the account comes last: every other route still has its user before it.
    return sorted(found, key=lambda route: (route == DELETE_ACCOUNT, route))


DELETE_ACCOUNT = ("DELETE", "/api/v1/me")


def _owned_entry(user: ApiUser, path: str) -> str:
    if path.startswith("/api/v1/auth/tokens/"):  # a second token: the one in use stays
        credentials = {"email": user.email, "password": PASSWORD}
        assert user.client.post("/api/v1/auth/token", json=credentials).status_code == 200
        return str(user.request("GET", "/api/v1/auth/tokens").json()[0]["id"])
    kind = path.split("/")[4]
    response = user.request("POST", f"/api/v1/logs/{kind}", json=_log_body(kind))
    assert response.status_code == 201, response.text
    entry_id: str = response.json()["id"]
    return entry_id


def _call(
    client: TestClient, user: ApiUser | None, method: str, path: str, entry: str | None
) -> Any:
    url = path.replace("{entry_id}", entry or "1").replace("{exercise_id}", "glute-bridge")
    url = url.replace("{token_id}", entry or "1")
    body = _body(method, path)
    if path == "/api/v1/import" and user is not None:
        body = user.request("GET", "/api/v1/export").json()  # their own data, back again
        url += "?replace=true"
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    if user is None:
        return client.request(method, url, **kwargs)
    return user.request(method, url, **kwargs)


def test_the_matrix_covers_every_route(app: FastAPI) -> None:
    routes = protected_routes(app)
    assert len(routes) >= 40
    for method, path in routes:
        _body(method, path)  # every route has a body to send


def test_anonymous_gets_401_everywhere(app: FastAPI, client: TestClient) -> None:
    for method, path in protected_routes(app):
        response = _call(client, None, method, path, None)
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["problems"][0]["field"] == "authorization"


def test_a_made_up_token_gets_401(app: FastAPI, client: TestClient) -> None:
    for method, path in protected_routes(app):
        url = path.replace("{entry_id}", "1").replace("{exercise_id}", "glute-bridge")
        url = url.replace("{token_id}", "1")
        response = client.request(method, url, headers={"Authorization": "Bearer forged"})
        assert response.status_code == 401, (method, path)


def test_owner_succeeds_and_another_user_gets_404_on_owned_ids(
    app: FastAPI, client: TestClient, alice: ApiUser, bob: ApiUser
) -> None:
    alice.with_plan()
    bob.with_plan()
    for method, path in protected_routes(app):
        owned = "{entry_id}" in path or "{token_id}" in path
        entry = _owned_entry(alice, path) if owned else None
        if entry is not None:
            other = _call(client, bob, method, path, entry)
            assert other.status_code == 404, (method, path, other.text)
        owner = _call(client, alice, method, path, entry)
        assert 200 <= owner.status_code < 300, (method, path, owner.text)
        if method == "GET" and path.startswith("/api/v1/logs/") and entry is None:
            others = _call(client, bob, method, path, None).json()
            mine = {e["id"] for e in owner.json()}
            assert not mine & {e["id"] for e in others}
