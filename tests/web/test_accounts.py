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
