"""Accounts: what is stored for a password and a token, and what changes with a password."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from actors import PASSWORD
from argon2 import PasswordHasher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from gluteus.db.engine import unit_of_work
from gluteus.db.tables import ApiTokenRow, User
from gluteus.domain.units import UnitSystem
from gluteus.services import accounts, users
from gluteus.services.errors import InputError


def _sign_up(session: Session, email: str = "ann@example.com") -> int:
    return accounts.sign_up(session, accounts.Credentials(email=email, password=PASSWORD)).id


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
        assert found == user_id
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
