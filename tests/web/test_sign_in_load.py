"""Password hashing apart from serving: pages answer while sign-ins queue, a full queue is 503.

The checks assert on order and state (which requests are answered while the hashing pool
is held), never on wall-clock thresholds: the machine running them is shared and noisy.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import anyio.to_thread
import httpx
import pytest
from backends import GENEROUS, make_settings
from sqlalchemy import Engine

from gluteus.db.engine import unit_of_work
from gluteus.services import accounts
from gluteus.web.app import create_app
from gluteus.web.hashing import BUSY_RETRY_AFTER_S, HashingBusy, HashingPool

PASSWORD = "correct horse battery"


def _user_with_token(engine: Engine, email: str) -> str:
    account = accounts.new_account(accounts.Credentials(email=email, password=PASSWORD))
    with unit_of_work(engine) as session:
        view = accounts.sign_up(session, account)
        return accounts.issue_token(session, view.id)


async def _until(condition: Callable[[], bool], what: str) -> None:
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"never happened: {what}")


def test_pool_refuses_beyond_its_capacity_and_frees_slots_when_calls_end() -> None:
    pool = HashingPool(workers=1, queue=1)
    gate = threading.Event()

    async def scenario() -> None:
        first = asyncio.ensure_future(pool.run(gate.wait, 10))
        second = asyncio.ensure_future(pool.run(gate.wait, 10))
        await _until(lambda: pool.in_use == 2, "two calls taken")
        with pytest.raises(HashingBusy) as refused:
            await pool.run(gate.wait, 10)
        assert refused.value.status_code == 503
        assert refused.value.headers == {"Retry-After": str(BUSY_RETRY_AFTER_S)}
        gate.set()
        assert await first and await second
        await _until(lambda: pool.in_use == 0, "slots given back")
        assert await pool.run(lambda: 41 + 1) == 42

    asyncio.run(scenario())
    pool.close()


def test_a_failing_call_gives_its_slot_back() -> None:
    pool = HashingPool(workers=1, queue=0)

    def broken() -> None:
        raise RuntimeError("boom")

    async def scenario() -> None:
        with pytest.raises(RuntimeError):
            await pool.run(broken)
        await _until(lambda: pool.in_use == 0, "slot given back")
        assert await pool.run(lambda: "again") == "again"

    asyncio.run(scenario())
    pool.close()


@pytest.mark.parametrize("size", [(0, 1), (1, -1)])
def test_a_pool_needs_a_worker(size: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="at least one worker"):
        HashingPool(*size)


def test_signed_in_requests_are_answered_while_wrong_sign_ins_queue(
    tmp_path: Path, db_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """24 wrong passwords at once: /me answers at once, 3 wait for the pool, 21 get 503."""
    token = _user_with_token(engine, "ann@example.com")
    gate = threading.Event()
    checked: list[str] = []
    real_check = accounts.check_candidate

    def held_check(candidate: accounts.Candidate, password: str) -> accounts.SignIn | None:
        gate.wait(30)  # the hash "takes" until the test says so
        checked.append(password)
        return real_check(candidate, password)

    monkeypatch.setattr(accounts, "check_candidate", held_check)
    pool = HashingPool(workers=1, queue=2)
    app = create_app(
        make_settings(tmp_path, db_url), engine=engine, rate_limit=GENEROUS, hashing=pool
    )
    wrong = {"email": "ann@example.com", "password": "not the password at all"}
    me_headers = {"Authorization": f"Bearer {token}"}

    async def scenario() -> None:
        # Two serving threads: were a waiting sign-in holding one, /me would wait too.
        anyio.to_thread.current_default_thread_limiter().total_tokens = 2
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            attempts = [
                asyncio.ensure_future(client.post("/api/v1/auth/token", json=wrong))
                for _ in range(24)
            ]
            await _until(lambda: pool.in_use == 3, "the pool full")
            await _until(lambda: sum(a.done() for a in attempts) == 21, "the overflow answered")
            answered = [a for a in attempts if a.done()]
            refused = [a.result() for a in answered]
            assert {r.status_code for r in refused} == {503}
            assert all(r.headers["retry-after"] == str(BUSY_RETRY_AFTER_S) for r in refused)
            # Pages and the API keep their threads: answered while every hash slot is held.
            for _ in range(5):
                me = await client.get("/api/v1/me", headers=me_headers)
                assert me.status_code == 200
                assert me.json()["email"] == "ann@example.com"
            today = await client.get("/api/v1/today", headers=me_headers)
            assert today.status_code < 500
            assert pool.in_use == 3 and checked == []  # the sign-ins are still waiting
            gate.set()
            queued = [await a for a in attempts if a not in answered]
            assert [r.status_code for r in queued] == [401] * len(queued)
            await _until(lambda: pool.in_use == 0, "the pool drained")
        assert len(checked) == 3

    asyncio.run(scenario())
    pool.close()


def test_a_right_password_after_the_queue_drains_signs_in(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    _user_with_token(engine, "ann@example.com")
    pool = HashingPool(workers=1, queue=0)
    app = create_app(
        make_settings(tmp_path, db_url), engine=engine, rate_limit=GENEROUS, hashing=pool
    )
    credentials = {"email": "ann@example.com", "password": PASSWORD}

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            codes = []
            for _ in range(3):  # one after another: the single slot is free each time
                codes.append(
                    (await client.post("/api/v1/auth/token", json=credentials)).status_code
                )
            return codes

    assert asyncio.run(scenario()) == [200, 200, 200]
    pool.close()


def test_a_refused_call_waits_without_a_thread_then_is_refused() -> None:
    """A full pool's refusal is held a moment (a client retrying at once cannot spin)."""
    pool = HashingPool(workers=1, queue=0, refusal_delay_s=60, max_held=1)
    gate = threading.Event()

    async def scenario() -> None:
        running = asyncio.ensure_future(pool.run(gate.wait, 10))
        await _until(lambda: pool.in_use == 1, "the pool full")
        held = asyncio.ensure_future(pool.run(lambda: "never"))
        await _until(lambda: pool.held == 1, "the refusal held")
        assert not held.done() and pool.in_use == 1  # waiting, but no slot and no thread
        with pytest.raises(HashingBusy):  # beyond max_held: refused at once
            await pool.run(lambda: "never")
        held.cancel()  # the client went away: the place is given back
        await _until(lambda: pool.held == 0, "the held refusal gone")
        gate.set()
        assert await running

    asyncio.run(scenario())
    pool.close()


def test_a_held_refusal_ends_in_503_with_retry_after() -> None:
    pool = HashingPool(workers=1, queue=0, refusal_delay_s=0.01)
    gate = threading.Event()

    async def scenario() -> None:
        running = asyncio.ensure_future(pool.run(gate.wait, 10))
        await _until(lambda: pool.in_use == 1, "the pool full")
        with pytest.raises(HashingBusy) as refused:
            await pool.run(lambda: "never")
        assert refused.value.status_code == 503
        assert refused.value.headers == {"Retry-After": str(BUSY_RETRY_AFTER_S)}
        assert pool.held == 0
        gate.set()
        assert await running

    asyncio.run(scenario())
    pool.close()
