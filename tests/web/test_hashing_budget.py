"""Hashing that does not starve pages: low OS priority, and one budget for the whole machine.

Like test_sign_in_load, the checks assert on state and order (which call has started while a
slot is held), never that something was fast: the machine running them is shared.
"""

from __future__ import annotations

import asyncio
import fcntl
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from actors import ApiUser
from backends import GENEROUS, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from gluteus.web import deps
from gluteus.web.app import create_app
from gluteus.web.hashing import (
    BUSY_RETRY_AFTER_S,
    HASH_NICENESS,
    LOCK_FILE,
    MACHINE_HASHES,
    HashingPool,
    thread_niceness,
)

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's"
)


def _in_thread(target: threading.Event, seen: list[int]) -> None:
    """What a thread started from a hashing thread runs at (argon2 starts its lanes so)."""

    def lane() -> None:
        seen.append(thread_niceness())
        target.set()

    thread = threading.Thread(target=lane)
    thread.start()
    thread.join()


@linux_only
def test_hashing_threads_and_the_threads_they_start_run_at_the_lowest_priority() -> None:
    assert HASH_NICENESS == 19  # the lowest priority Linux has
    serving = thread_niceness()
    pool = HashingPool()
    lanes: list[int] = []
    started = threading.Event()
    try:
        assert asyncio.run(pool.run(thread_niceness)) == HASH_NICENESS
        asyncio.run(pool.run(_in_thread, started, lanes))
    finally:
        pool.close()
    assert started.is_set() and lanes == [HASH_NICENESS]
    assert thread_niceness() == serving  # the calling (serving) thread keeps its priority


@linux_only
def test_the_apps_pool_hashes_at_low_priority(app: FastAPI) -> None:
    pool: HashingPool = app.state.web.hashing
    assert asyncio.run(pool.run(thread_niceness)) == HASH_NICENESS


def test_two_pools_sharing_a_directory_never_hash_at_once(tmp_path: Path) -> None:
    """Two worker processes' pools: the second waits while the first holds the one slot."""
    assert MACHINE_HASHES == 1
    first, second = HashingPool(lock_dir=tmp_path), HashingPool(lock_dir=tmp_path)
    release = threading.Event()
    running: list[str] = []
    first_running = threading.Event()

    def first_hash() -> str:
        running.append("first")
        first_running.set()
        release.wait(30)
        running.remove("first")
        return "first"

    def second_hash() -> list[str]:
        return list(running)

    async def scenario() -> None:
        one = asyncio.ensure_future(first.run(first_hash))
        await asyncio.to_thread(first_running.wait, 30)
        two = asyncio.ensure_future(second.run(second_hash))
        await asyncio.sleep(0.3)
        assert not two.done()  # waiting for the machine's slot, not hashing beside the first
        release.set()
        assert await one == "first"
        assert await two == []  # when the second ran, nothing else was hashing

    try:
        asyncio.run(scenario())
    finally:
        first.close()
        second.close()


def test_another_process_holding_the_slot_holds_hashing_back(tmp_path: Path) -> None:
    """The slot is a file lock: any process holding it (here an open file of our own) counts."""
    pool = HashingPool(lock_dir=tmp_path)
    slot = tmp_path / LOCK_FILE.format(slot=0)

    async def scenario() -> None:
        with slot.open("ab") as other:
            fcntl.flock(other.fileno(), fcntl.LOCK_EX)
            waiting = asyncio.ensure_future(pool.run(lambda: "hashed"))
            await asyncio.sleep(0.3)
            assert not waiting.done() and pool.in_use == 1
            fcntl.flock(other.fileno(), fcntl.LOCK_UN)
            assert await waiting == "hashed"

    try:
        asyncio.run(scenario())
    finally:
        pool.close()


def test_a_pool_needs_a_machine_slot(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one slot"):
        HashingPool(lock_dir=tmp_path, machine_slots=0)


def test_an_unwritable_lock_directory_still_hashes(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory")
    pool = HashingPool(lock_dir=blocker / "locks")
    try:
        assert asyncio.run(pool.run(lambda: 6 * 7)) == 42
    finally:
        pool.close()


def test_the_app_shares_its_budget_through_the_data_directory(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    """Every worker of one site opens the app on the same data directory, so they share."""
    settings = make_settings(tmp_path, db_url)
    with TestClient(create_app(settings, engine=engine)) as client:
        ApiUser(client, "ann@example.com")  # a sign-up and a sign-in: two hashes
    assert (settings.data_dir / LOCK_FILE.format(slot=0)).exists()


def test_a_sign_in_beyond_a_full_queue_is_refused_before_any_database_work(
    tmp_path: Path, db_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = HashingPool(workers=1, queue=0)
    app = create_app(
        make_settings(tmp_path, db_url), engine=engine, rate_limit=GENEROUS, hashing=pool
    )
    looked_up: list[str] = []
    real_wait = deps._wait_before_sign_in

    def counted(request: Any, keys: list[str], email: str) -> Any:
        looked_up.append(email)
        return real_wait(request, keys, email)

    monkeypatch.setattr(deps, "_wait_before_sign_in", counted)
    gate = threading.Event()
    wrong = {"email": "ann@example.com", "password": "not the password at all"}

    async def scenario() -> None:
        holding = asyncio.ensure_future(pool.run(gate.wait, 30))
        await asyncio.to_thread(lambda: None)
        assert pool.full
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            answer = await client.post("/api/v1/auth/token", json=wrong)
            assert answer.status_code == 503
            assert answer.headers["retry-after"] == str(BUSY_RETRY_AFTER_S)
            assert looked_up == []  # no limit counted, no account looked up
            gate.set()
            assert await holding
            for _ in range(200):
                if not pool.full:
                    break
                await asyncio.sleep(0.01)
            answer = await client.post("/api/v1/auth/token", json=wrong)
            assert answer.status_code == 401
            assert looked_up == ["ann@example.com"]

    try:
        asyncio.run(scenario())
    finally:
        pool.close()
