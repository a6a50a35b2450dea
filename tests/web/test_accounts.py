"""Accounts: what is stored for a password and a token, and what changes with a password."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from actors import PASSWORD, PageUser, csrf_of
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher
from backends import GENEROUS, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from gluteus.db.engine import unit_of_work
from gluteus.db.tables import ApiTokenRow, User
from gluteus.domain.units import UnitSystem
from gluteus.services import accounts, users
from gluteus.services.errors import InputError
from gluteus.web.app import create_app
from gluteus.web.ratelimit import RateLimit


def _sign_up(session: Session, email: str = "ann@example.com") -> int:
    return accounts.sign_up(
        session, accounts.new_account(accounts.Credentials(email=email, password=PASSWORD))
    ).id


def test_the_default_hasher_is_argon2id() -> None:
    hashed = PasswordHasher().hash(PASSWORD)
    assert hashed.startswith("$argon2id$")


def test_only_a_hash_of_the_password_is_stored(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        user_id = _sign_up(session)
    with unit_of_work(engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        assert user.password_hash is not None
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_only_a_sha256_of_each_token_is_stored(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        user_id = _sign_up(session)
        token = accounts.issue_token(session, user_id)
    with unit_of_work(engine) as session:
        stored = session.scalars(select(ApiTokenRow.token_hash)).all()
        assert stored == [hashlib.sha256(token.encode()).hexdigest()]
        assert accounts.user_for_token(session, token) == user_id
        assert accounts.user_for_token(session, token + "x") is None
        assert accounts.user_for_token(session, "") is None


def test_authenticate_ignores_case_and_spaces_in_the_email(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        user_id = _sign_up(session)
        found = accounts.authenticate(
            session, accounts.Credentials(email="  ANN@example.com ", password=PASSWORD)
        )
        assert found is not None and found.user_id == user_id and not found.rehashed
        wrong = accounts.Credentials(email="ann@example.com", password=PASSWORD + "!")
        assert accounts.authenticate(session, wrong) is None


def test_the_cli_user_without_a_password_cannot_sign_in(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        users.create_user(session, "local@example.com", timezone="UTC")
        given = accounts.Credentials(email="local@example.com", password=PASSWORD)
        assert accounts.authenticate(session, given) is None


def test_changing_the_password_revokes_tokens_and_changes_the_session_version(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        user_id = _sign_up(session)
        token = accounts.issue_token(session, user_id)
        before = accounts.session_version(session, user_id)
        actor = users.actor_for(session, user_id, dt.datetime.now(dt.UTC), UnitSystem.METRIC)
        with pytest.raises(InputError) as wrong:
            accounts.change_password(session, actor, "not it", "a brand new password")
        assert wrong.value.field == "current_password"
        with pytest.raises(InputError) as short:
            accounts.change_password(session, actor, PASSWORD, "short")
        assert short.value.field == "new_password"
        accounts.change_password(session, actor, PASSWORD, "a brand new password")
        assert accounts.user_for_token(session, token) is None
        assert accounts.session_version(session, user_id) != before


def test_a_weak_hash_is_replaced_at_sign_in_unless_the_password_changed_meanwhile(
    engine: Engine,
) -> None:
    weak = PasswordHasher(time_cost=2, memory_cost=2 * 1024, parallelism=2).hash(PASSWORD)
    with unit_of_work(engine) as session:
        user_id = _sign_up(session)
        user = session.get(User, user_id)
        assert user is not None
        user.password_hash = weak
    given = accounts.Credentials(email="ann@example.com", password=PASSWORD)
    with unit_of_work(engine, read_only=True) as session:  # the slow check only reads
        first = accounts.authenticate(session, given)
        second = accounts.authenticate(session, given)
    assert first is not None and first.rehashed and first.verified_hash == weak
    assert second is not None and second.rehashed
    with unit_of_work(engine) as session:
        accounts.keep_rehash(session, first)
        assert accounts.session_version(session, user_id) == first.session_version
    with unit_of_work(engine) as session:  # the stored hash moved on: the late one is dropped
        accounts.keep_rehash(session, second)
        user = session.get(User, user_id)
        assert user is not None and user.password_hash == first.password_hash
    with unit_of_work(engine, read_only=True) as session:
        again = accounts.authenticate(session, given)
    assert again is not None and not again.rehashed


def test_a_sign_up_is_checked_and_hashed_before_any_transaction() -> None:
    account = accounts.new_account(
        accounts.Credentials(email=" Ann@Example.com", password=PASSWORD), timezone="Europe/Oslo"
    )
    assert account.email == "ann@example.com" and account.timezone == "Europe/Oslo"
    assert PasswordHasher().verify(account.password_hash, PASSWORD)
    for email, password, zone, field in [
        ("not-an-email", PASSWORD, "UTC", "email"),
        ("ann@example.com", "short", "UTC", "password"),
        ("ann@example.com", PASSWORD, "Mars/Olympus", "timezone"),
    ]:
        with pytest.raises(InputError) as refused:
            accounts.new_account(
                accounts.Credentials(email=email, password=password), timezone=zone
            )
        assert refused.value.field == field


# --- a forgotten password: a link by mail ----------------------------------------------------


class _Inbox:
    """An aiosmtpd handler keeping every message it is handed."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.mails.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def inbox() -> Iterator[tuple[_Inbox, int]]:
    """A real SMTP server on a free localhost port, and what it received."""
    handler = _Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def mail_app(tmp_path: Path, db_url: str, engine: Engine, inbox: tuple[_Inbox, int]) -> FastAPI:
    """The app with mail going to :func:`inbox`."""
    settings = make_settings(tmp_path, db_url).model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": inbox[1],
            "smtp_from": "gluteus@example.org",
            "public_url": "https://gluteus.example.org/",
        }
    )
    return create_app(settings, engine=engine, rate_limit=GENEROUS)


_LINK = re.compile(r"https://gluteus\.example\.org(/password/reset\?token=[\w.-]+)")


def _ask_for_a_link(client: TestClient, email: str) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post("/password/forgot", data={"csrf_token": token, "email": email})


def _sign_in(client: TestClient, password: str) -> int:
    token = csrf_of(client.get("/login").text)
    data = {"csrf_token": token, "email": "ann@example.com", "password": password}
    status: int = client.post("/login", data=data, follow_redirects=False).status_code
    return status


def test_a_mailed_link_resets_the_password_once(
    mail_app: FastAPI, inbox: tuple[_Inbox, int]
) -> None:
    mails = inbox[0].mails
    with TestClient(mail_app) as ann, TestClient(mail_app) as stranger:
        PageUser(ann, "ann@example.com")
        assert 'href="/password/forgot">Forgot your password?' in stranger.get("/login").text
        assert 'name="email"' in stranger.get("/password/forgot").text
        known = _ask_for_a_link(stranger, "Ann@Example.com ")
        assert known.status_code == 200
        assert "If that address has an account, we sent a link" in known.text
        assert len(mails) == 1
        assert mails[0]["To"] == "ann@example.com"
        assert mails[0]["From"] == "gluteus@example.org"
        found = _LINK.search(mails[0].get_content())
        assert found, mails[0].get_content()
        link = found.group(1)

        form = stranger.get(link)
        assert form.status_code == 200
        assert 'name="new_password"' in form.text
        token = csrf_of(form.text)
        reset_token = link.split("token=")[1]
        data = {"csrf_token": token, "token": reset_token, "new_password": "short"}
        too_short = stranger.post("/password/reset", data=data)
        assert too_short.status_code == 422
        assert "8–256 characters" in too_short.text
        data["new_password"] = "a brand new secret"
        done = stranger.post("/password/reset", data=data, follow_redirects=False)
        assert done.status_code == 303
        assert done.headers["location"] == "/login?reset=1"
        assert "Your password is changed" in stranger.get("/login?reset=1").text

        assert ann.get("/settings", follow_redirects=False).status_code == 303  # signed out
        assert _sign_in(stranger, PASSWORD) == 401
        assert _sign_in(stranger, "a brand new secret") == 303

        again = stranger.get(link)
        assert again.status_code == 400
        assert "was used already" in again.text
        assert 'name="new_password"' not in again.text
        data["csrf_token"] = csrf_of(stranger.get("/settings").text)
        data["new_password"] = "yet another secret"
        assert stranger.post("/password/reset", data=data).status_code == 400
        assert _sign_in(stranger, "a brand new secret") == 303


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    mail_app: FastAPI, inbox: tuple[_Inbox, int]
) -> None:
    with TestClient(mail_app) as client:
        PageUser(client, "ann@example.com")
        known = _ask_for_a_link(client, "ann@example.com")
        unknown = _ask_for_a_link(client, "nobody@example.com")
        junk = _ask_for_a_link(client, "not an address")
    assert known.status_code == unknown.status_code == junk.status_code == 200
    assert known.text == unknown.text == junk.text
    assert [m["To"] for m in inbox[0].mails] == ["ann@example.com"]


def test_an_expired_or_altered_link_says_so_plainly(mail_app: FastAPI, engine: Engine) -> None:
    settings = mail_app.state.web.settings
    with TestClient(mail_app) as client:
        PageUser(client, "ann@example.com")
        with unit_of_work(engine, read_only=True) as session:
            made = accounts.password_reset_token(
                session,
                "ann@example.com",
                secret_key=settings.resolved_secret_key(),
                now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
            )
        assert made is not None
        expired = client.get(f"/password/reset?token={made.token}")
        assert expired.status_code == 400
        assert "has expired; ask for a new one (a link works for 1 hour)" in expired.text
        altered = client.get(f"/password/reset?token={made.token[:-2]}xx")
        assert altered.status_code == 400
        assert "is not valid; ask for a new one" in altered.text
        assert client.get("/password/reset").status_code == 400
        token = csrf_of(client.get("/settings").text)
        data = {"csrf_token": token, "token": "x" * 5000, "new_password": "a brand new secret"}
        assert client.post("/password/reset", data=data).status_code == 400


def test_a_reset_token_lasts_an_hour_and_ends_with_the_password(engine: Engine) -> None:
    now = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)
    key = "k" * 32
    with unit_of_work(engine) as session:
        _sign_up(session)
        made = accounts.password_reset_token(session, "ann@example.com", secret_key=key, now=now)
        assert (
            accounts.password_reset_token(session, "bob@example.com", secret_key=key, now=now)
            is None
        )
    assert made is not None
    with unit_of_work(engine, read_only=True) as session:
        later = now + dt.timedelta(minutes=59)
        accounts.check_reset_token(session, made.token, secret_key=key, now=later)
        with pytest.raises(InputError, match="expired"):
            accounts.check_reset_token(
                session, made.token, secret_key=key, now=now + dt.timedelta(minutes=61)
            )
        with pytest.raises(InputError, match="not valid"):
            accounts.check_reset_token(session, made.token, secret_key="o" * 32, now=now)
    with unit_of_work(engine) as session:
        accounts.reset_with_token(
            session, made.token, "a brand new secret", secret_key=key, now=now
        )
    with unit_of_work(engine) as session, pytest.raises(InputError, match="used already"):
        accounts.reset_with_token(session, made.token, "once more please", secret_key=key, now=now)


def test_without_mail_the_page_names_the_admin_command(client: TestClient) -> None:
    page = client.get("/password/forgot")
    assert page.status_code == 200
    assert "gluteus admin reset-password" in page.text
    assert 'name="email"' not in page.text
    token = csrf_of(client.get("/login").text)
    answer = client.post("/password/forgot", data={"csrf_token": token, "email": "a@example.com"})
    assert answer.status_code == 200
    assert "gluteus admin reset-password" in answer.text


def test_asking_for_links_is_rate_limited(tmp_path: Path, db_url: str, engine: Engine) -> None:
    app = create_app(make_settings(tmp_path, db_url), engine=engine, rate_limit=RateLimit(3, 60))
    with TestClient(app) as client:
        codes = [_ask_for_a_link(client, "ann@example.com").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
