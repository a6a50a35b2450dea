"""Sessions that end: sign-out on the server, idle and absolute lifetimes, expiring API tokens.

Also the headers that keep private replies out of caches (no-store) and HSTS over HTTPS.
"""

from __future__ import annotations

import datetime as dt

from actors import PASSWORD, ApiUser, PageUser
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine, select, update

from gluteus.db.engine import unit_of_work
from gluteus.db.tables import ApiTokenRow, WebSessionRow
from gluteus.services import accounts
from gluteus.web.cookies import COOKIE_NAME, HSTS


def _cookie(client: TestClient) -> str:
    value = client.cookies.get(COOKIE_NAME)
    assert value
    return value


def _settings_opens(app: FastAPI, cookie: str) -> bool:
    with TestClient(app) as other:
        other.cookies.set(COOKIE_NAME, cookie)
        response = other.get("/settings", follow_redirects=False)
    assert response.status_code in (200, 303), response.text
    return response.status_code == 200


def _age_sessions(engine: Engine, **ages: dt.timedelta) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    values = {column: now - age for column, age in ages.items()}
    with unit_of_work(engine) as session:
        session.execute(update(WebSessionRow).values(**values))


def test_sign_out_ends_the_session_for_a_copied_cookie(app: FastAPI, client: TestClient) -> None:
    ann = PageUser(client, "ann@example.com")
    copied = _cookie(client)
    assert _settings_opens(app, copied)
    assert ann.post("/logout").status_code == 303
    assert not _settings_opens(app, copied)


def test_sessions_end_when_idle_too_long(app: FastAPI, client: TestClient, engine: Engine) -> None:
    PageUser(client, "ann@example.com")
    cookie = _cookie(client)
    _age_sessions(engine, seen_at=accounts.SESSION_IDLE - dt.timedelta(minutes=5))
    assert _settings_opens(app, cookie)  # nearly idle too long: still open, and now fresh
    with unit_of_work(engine) as session:
        seen = session.scalar(select(WebSessionRow.seen_at))
    assert seen is not None
    assert dt.datetime.now(dt.UTC).replace(tzinfo=None) - seen < dt.timedelta(minutes=5)
    _age_sessions(engine, seen_at=accounts.SESSION_IDLE + dt.timedelta(minutes=1))
    assert not _settings_opens(app, cookie)


def test_sessions_end_after_their_absolute_lifetime_however_used(
    app: FastAPI, client: TestClient, engine: Engine
) -> None:
    PageUser(client, "ann@example.com")
    cookie = _cookie(client)
    _age_sessions(engine, created_at=accounts.SESSION_ABSOLUTE - dt.timedelta(minutes=5))
    assert _settings_opens(app, cookie)
    _age_sessions(engine, created_at=accounts.SESSION_ABSOLUTE + dt.timedelta(minutes=1))
    assert not _settings_opens(app, cookie)


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(
    app: FastAPI, client: TestClient, engine: Engine
) -> None:
    ann = PageUser(client, "ann@example.com")
    with TestClient(app) as phone_client:
        phone = PageUser.__new__(PageUser)
        phone.client, phone.email = phone_client, ann.email
        assert phone.sign_in().status_code == 303
        phone_cookie = _cookie(phone_client)
    assert _settings_opens(app, phone_cookie)
    response = ann.post(
        "/settings/password",
        {"current_password": PASSWORD, "new_password": "a brand new long phrase"},
    )
    assert response.status_code == 303, response.text
    assert client.get("/settings").status_code == 200
    assert not _settings_opens(app, phone_cookie)
    with unit_of_work(engine) as session:
        assert len(session.scalars(select(WebSessionRow)).all()) == 1


def test_a_cookie_from_before_server_sessions_signs_nobody_in(
    app: FastAPI, client: TestClient
) -> None:
    PageUser(client, "ann@example.com")
    signer = app.state.web.settings.resolved_secret_key()
    version_only = URLSafeTimedSerializer(signer, salt="gluteus.session").dumps(
        {"uid": 1, "ver": "whatever", "csrf": "x"}
    )
    assert not _settings_opens(app, str(version_only))


def test_api_tokens_expire(client: TestClient, engine: Engine) -> None:
    ann = ApiUser(client, "ann@example.com")
    assert ann.request("GET", "/api/v1/me").status_code == 200
    past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    with unit_of_work(engine) as session:
        session.execute(update(ApiTokenRow).values(expires_at=past))
    assert ann.request("GET", "/api/v1/me").status_code == 401


def test_tokens_expire_after_their_lifetime(engine: Engine, client: TestClient) -> None:
    ApiUser(client, "ann@example.com")
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with unit_of_work(engine) as session:
        token = accounts.issue_token(session, 1, moment)
        before = moment + accounts.TOKEN_LIFETIME - dt.timedelta(seconds=1)
        assert accounts.user_for_token(session, token, before) == 1
        assert accounts.user_for_token(session, token, moment + accounts.TOKEN_LIFETIME) is None


def test_tokens_are_listed_and_revoked_one_at_a_time(client: TestClient) -> None:
    ann = ApiUser(client, "ann@example.com")
    bob = ApiUser(client, "bob@example.com")
    credentials = {"email": ann.email, "password": PASSWORD}
    spare = client.post("/api/v1/auth/token", json=credentials).json()["access_token"]
    listed = ann.request("GET", "/api/v1/auth/tokens").json()
    assert len(listed) == 2
    assert all(not t["expired"] and t["expires_at"] for t in listed)
    assert "access_token" not in str(listed) and spare not in str(listed)
    newest = listed[0]["id"]
    assert bob.request("DELETE", f"/api/v1/auth/tokens/{newest}").status_code == 404
    assert ann.request("DELETE", f"/api/v1/auth/tokens/{newest}").status_code == 204
    spare_headers = {"Authorization": f"Bearer {spare}"}
    assert client.get("/api/v1/me", headers=spare_headers).status_code == 401
    assert ann.request("GET", "/api/v1/me").status_code == 200  # the other one still works
    assert len(ann.request("GET", "/api/v1/auth/tokens").json()) == 1


def test_settings_lists_tokens_and_revokes_one(client: TestClient) -> None:
    ann = PageUser(client, "ann@example.com")
    made = ann.post("/settings/token")
    assert made.status_code == 200
    assert 'id="new-token"' in made.text
    page = client.get("/settings").text
    assert "/revoke" in page and "Works until" in page
    token_id = page.split('action="/settings/tokens/')[1].split("/")[0]
    assert ann.post(f"/settings/tokens/{token_id}/revoke").status_code == 303
    assert "You have no API tokens." in client.get("/settings").text
    assert ann.post("/settings/tokens/999/revoke").status_code == 404


def test_private_replies_are_not_stored_by_caches(client: TestClient) -> None:
    ann = ApiUser(client, "ann@example.com")
    assert ann.request("GET", "/api/v1/me").headers["cache-control"] == "no-store"
    assert client.get("/login").headers["cache-control"] == "no-store"
    page_user = PageUser(TestClient(client.app), "bob@example.com")
    assert page_user.client.get("/settings").headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in client.get("/login").headers
    static = client.get("/static/style.css")
    assert static.status_code == 200
    assert static.headers.get("cache-control") != "no-store"  # public files stay cacheable


def test_hsts_over_https_only(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as secure:
        assert secure.get("/login").headers["strict-transport-security"] == HSTS
    with TestClient(app) as plain:
        assert "strict-transport-security" not in plain.get("/login").headers
