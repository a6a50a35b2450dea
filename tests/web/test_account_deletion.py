"""People own their data: deleting an account takes everything it stored, and nothing else."""

from __future__ import annotations

from actors import PASSWORD, ApiUser, PageUser
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from gluteus.db.tables import Base

WEIGHT = {"weight_kg": 70}


def _rows_of(engine: Engine, user_id: int) -> dict[str, int]:
    """Rows anywhere that belong to ``user_id`` (the users table by id), by table."""
    found: dict[str, int] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            column = table.c.id if table.name == "users" else table.c.get("user_id")
            if column is None:
                continue
            count = connection.scalar(
                select(func.count()).select_from(table).where(column == user_id)
            )
            if count:
                found[table.name] = int(count or 0)
    return found


def test_delete_me_removes_the_account_and_all_its_data_only(
    client: TestClient, engine: Engine, alice: ApiUser, bob: ApiUser
) -> None:
    for user in (alice.with_plan(), bob.with_plan()):
        assert user.request("POST", "/api/v1/logs/weight", json=WEIGHT).status_code == 201
        assert user.request("POST", "/api/v1/today/log", json={"hard": True}).status_code < 300
    assert {"users", "profiles", "plans", "body_weights", "api_tokens"} <= set(
        _rows_of(engine, alice.id)
    )
    bob_before = _rows_of(engine, bob.id)

    wrong = alice.request("DELETE", "/api/v1/me", json={"password": "not my password"})
    assert wrong.status_code == 422
    assert wrong.json()["problems"][0]["field"] == "password"
    assert "not my password" not in wrong.text
    assert "users" in _rows_of(engine, alice.id)  # nothing deleted

    missing = alice.request("DELETE", "/api/v1/me", json={})
    assert missing.status_code == 422

    done = alice.request("DELETE", "/api/v1/me", json={"password": PASSWORD})
    assert done.status_code == 204
    assert done.content == b""
    assert _rows_of(engine, alice.id) == {}
    assert alice.request("GET", "/api/v1/me").status_code == 401  # the token went with it
    assert _rows_of(engine, bob.id) == bob_before  # a bystander keeps everything
    assert bob.request("GET", "/api/v1/me").status_code == 200
    signin = {"email": alice.email, "password": PASSWORD}
    assert client.post("/api/v1/auth/token", json=signin).status_code == 401


def test_the_settings_page_deletes_after_the_password_is_typed_again(
    client: TestClient, engine: Engine
) -> None:
    person = PageUser(client, "cy@example.com")
    assert 'href="/settings/delete"' in client.get("/settings").text
    page = client.get("/settings/delete")
    assert page.status_code == 200 and 'name="password"' in page.text
    user_id = _user_id(engine, person.email)

    wrong = person.post("/settings/delete", {"password": "nope"})
    assert wrong.status_code == 422
    assert "is not your password" in wrong.text
    assert "users" in _rows_of(engine, user_id)

    done = person.post("/settings/delete", {"password": PASSWORD})
    assert (done.status_code, done.headers["location"]) == (303, "/")
    assert _rows_of(engine, user_id) == {}
    follow = client.get("/settings", follow_redirects=False)
    assert follow.status_code == 303  # signed out
    assert "/login" in follow.headers["location"]


def _user_id(engine: Engine, email: str) -> int:
    from gluteus.db.tables import User

    with engine.connect() as connection:
        found = connection.scalar(select(User.id).where(User.name == email))
    assert found is not None
    return int(found)
