"""Sign-in and sign-up rules: growing delays per account and address, passwords, no enumeration."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from actors import PASSWORD, ApiUser, PageUser, csrf_of
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, update

from gluteus.db.engine import unit_of_work
from gluteus.db.tables import AuthFailureRow
from gluteus.services import accounts
from gluteus.services.errors import InputError


@given(st.integers(min_value=0, max_value=10_000))
def test_failure_delays_grow_and_are_capped(failures: int) -> None:
    delay = accounts.failure_delay(failures)
    assert dt.timedelta(0) <= delay <= accounts.MAX_DELAY
    assert accounts.failure_delay(failures + 1) >= delay
    if failures <= accounts.FREE_FAILURES:
        assert delay == dt.timedelta(0)
    else:
        assert delay >= accounts.FIRST_DELAY


def test_one_account_takes_fewer_than_100_failures_a_day() -> None:
    """NIST SP 800-63B 5.2.2: the delays alone keep a day's failures on one key under 100."""
    elapsed, failures = dt.timedelta(0), 0
    while elapsed < accounts.FAILURE_MEMORY:
        failures += 1
        elapsed += accounts.failure_delay(failures)
    assert failures < 100


def _wrong(client: TestClient, email: str) -> int:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": "wrong guess"})
    return response.status_code


def _forget(engine: Engine, prefix: str) -> None:
    with unit_of_work(engine) as session:
        session.execute(delete(AuthFailureRow).where(AuthFailureRow.key.startswith(prefix)))


def _age_failures(engine: Engine, by: dt.timedelta) -> None:
    with unit_of_work(engine) as session:
        session.execute(update(AuthFailureRow).values(at=AuthFailureRow.at - by))


def test_failures_on_one_account_slow_it_down_from_any_address(
    client: TestClient, engine: Engine
) -> None:
    ApiUser(client, "ann@example.com")
    now = dt.datetime.now(dt.UTC)
    keys = accounts.failure_keys("ann@example.com", "203.0.113.1")
    others = [accounts.failure_keys("ann@example.com", f"198.51.100.{i}") for i in range(10)]
    with unit_of_work(engine) as session:
        for key_pair in others[: accounts.FREE_FAILURES]:
            accounts.record_sign_in_failure(session, key_pair, now)
        assert accounts.sign_in_wait(session, keys, now) == dt.timedelta(0)
        accounts.record_sign_in_failure(session, others[accounts.FREE_FAILURES], now)
        wait = accounts.sign_in_wait(session, keys, now)
    assert wait == accounts.failure_delay(accounts.FREE_FAILURES + 1)
    credentials = {"email": "ann@example.com", "password": PASSWORD}
    slowed = client.post("/api/v1/auth/token", json=credentials)
    assert slowed.status_code == 429
    assert int(slowed.headers["retry-after"]) >= 1
    _age_failures(engine, dt.timedelta(seconds=5))
    assert client.post("/api/v1/auth/token", json=credentials).status_code == 200
    with unit_of_work(engine) as session:  # signing in forgets the account's failures
        assert accounts.sign_in_wait(session, [keys[0]], now) == dt.timedelta(0)


def test_failures_count_the_same_for_unknown_emails(client: TestClient, engine: Engine) -> None:
    ApiUser(client, "ann@example.com")
    for email in ("ann@example.com", "nobody@example.com"):
        codes = []
        for _ in range(accounts.FREE_FAILURES + 1):
            codes.append(_wrong(client, email))
            _forget(engine, "address:")  # only the account's count is under test here
        assert codes == [401] * (accounts.FREE_FAILURES + 1)
        assert _wrong(client, email) == 429
        _forget(engine, "")


def test_many_accounts_from_one_address_slow_that_address(client: TestClient) -> None:
    for i in range(accounts.FREE_FAILURES + 1):
        assert _wrong(client, f"guess{i}@example.com") == 401
    assert _wrong(client, "fresh@example.com") == 429


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("password", False),
        ("Password123", False),
        ("iloveyou2024", False),
        ("12345678", False),
        ("zzzzzzzzzzzz", False),
        ("abababababab", False),
        ("gluteus!!!", False),
        ("anna.smith99", False),  # the email's local part with digits around it
        ("short", False),
        ("x" * 257, False),
        ("nul\x00in the middle", False),
        ("correct horse battery", True),
        ("Tr0ub4dor&3 rides again", True),
        ("x" * 64 + " long passphrases are fine", True),
        ("ünïcödé pässwörd ✓", True),
    ],
)
def test_new_passwords_follow_nist_800_63b(password: str, ok: bool) -> None:
    if ok:
        assert accounts.check_password(password, email="anna.smith@example.com") == password
    else:
        with pytest.raises(InputError) as refused:
            accounts.check_password(password, email="anna.smith@example.com")
        problem = refused.value.problems[0]
        assert problem.field == "password"
        assert not problem.has_value and password not in problem.reason


def test_the_common_password_list_is_packaged_and_large() -> None:
    common = accounts.common_passwords()
    assert len(common) > 3000
    assert {"password", "qwertyuiop", "iloveyou", "12345678"} <= common
    assert accounts.check_password(PASSWORD) == PASSWORD  # the tests' own password is fine


def test_the_dummy_hash_is_made_on_first_use_not_on_import() -> None:
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module("gluteus.services.accounts"))
    assert "_HASHER.hash(" in source
    assert "_DUMMY_HASH = " not in source
    assert accounts.verify_password(None, "anything at all") is False


_CSRF_VALUE = re.compile(r'name="csrf_token" value="[^"]+"')


def test_signing_up_with_a_taken_email_looks_like_a_new_one(client: TestClient) -> None:
    PageUser(client, "ann@example.com")
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/settings").text)})
    answers = []
    for email in ("ann@example.com", "new@example.com"):
        with TestClient(client.app) as fresh:
            token = csrf_of(fresh.get("/signup").text)
            response = fresh.post(
                "/signup",
                data={"csrf_token": token, "email": email, "password": "another long phrase"},
                follow_redirects=False,
            )
            assert fresh.get("/settings", follow_redirects=False).status_code == 303  # not in
            page = response.text.replace("&#39;", "'")
            assert accounts.SIGNED_UP.split(":")[0] in page
            answers.append((response.status_code, _CSRF_VALUE.sub("", page).replace(email, "@")))
    assert answers[0][0] == 200
    assert answers[0] == answers[1]  # the same page but for the address typed
    ann = PageUser.__new__(PageUser)
    ann.client, ann.email = client, "ann@example.com"
    assert ann.sign_in("another long phrase").status_code == 401  # nothing changed
    assert ann.sign_in().status_code == 303


def test_after_signing_up_only_the_password_is_typed_again(client: TestClient) -> None:
    token = csrf_of(client.get("/signup").text)
    typed = {"csrf_token": token, "email": "Zoe@Example.com", "password": PASSWORD}
    answer = client.post("/signup", data=typed, follow_redirects=False)
    assert answer.status_code == 200
    assert 'value="Zoe@Example.com"' in answer.text  # the e-mail as typed, in the form
    assert 'value="/onboarding"' in answer.text and "autofocus" in answer.text
    assert "Zoe@Example.com" not in answer.headers.get("set-cookie", "")
    assert not answer.headers.get("location")
    form = {"csrf_token": csrf_of(answer.text), "email": "Zoe@Example.com", "password": PASSWORD}
    form["next"] = re.search(r'name="next" value="([^"]+)"', answer.text).group(1)  # type: ignore[union-attr]
    signed_in = client.post("/login", data=form, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/onboarding"
