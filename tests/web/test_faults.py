"""The fault suite: outages, a busy lock, big imports and backups while others write.

Each case asserts that bystanders never see a 5xx other than a clear 503, that nothing
acknowledged is lost, and that the affected person gets a plain answer (issue 25).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from actors import ApiUser, csrf_of
from backends import GENEROUS, make_settings
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from gluteus.db import engine as engine_module
from gluteus.db.engine import create_db_engine, snapshot_work, upgrade_to_head
from gluteus.services import admin
from gluteus.web.app import create_app
from gluteus.web.errors import BUSY_RETRY_AFTER_S, UNAVAILABLE_RETRY_AFTER_S

WEIGHT = {"weight_kg": 70}
LOG = "/api/v1/logs/weight"


def _sqlite_client(tmp_path: Path) -> tuple[TestClient, Path]:
    path = tmp_path / "faults.db"
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    upgrade_to_head(engine)
    app = create_app(make_settings(tmp_path, url), engine=engine, rate_limit=GENEROUS)
    return TestClient(app), path


# --- the SQLite file deleted or replaced while serving ----------------------------------------


@pytest.mark.parametrize("fault", ["deleted", "replaced"])
def test_a_swapped_sqlite_file_is_refused_not_written_into(tmp_path: Path, fault: str) -> None:
    client, path = _sqlite_client(tmp_path)
    with client:
        alice = ApiUser(client, "alice@example.com")
        assert client.get("/healthz").status_code == 200
        assert alice.request("POST", LOG, json=WEIGHT).status_code == 201
        if fault == "deleted":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        else:
            copy = tmp_path / "copy.db"
            with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
                source.backup(target)
            os.replace(copy, path)
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json() == {"status": "unavailable"}
        write = alice.request("POST", LOG, json=WEIGHT)
        assert write.status_code == 503
        assert write.headers["Retry-After"] == str(UNAVAILABLE_RETRY_AFTER_S)
        assert write.json()["problems"][0]["field"] == "database"
        page = client.get("/login")  # no database needed: still served
        assert page.status_code == 200


# --- PostgreSQL unreachable ------------------------------------------------------------------


def test_an_unreachable_database_answers_503_everywhere(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=1"
    app = create_app(
        make_settings(tmp_path, url), engine=create_db_engine(url), rate_limit=GENEROUS
    )
    with TestClient(app) as client:
        health = client.get("/healthz")
        assert (health.status_code, health.json()) == (503, {"status": "unavailable"})
        api = client.get("/api/v1/me", headers={"Authorization": "Bearer x"})
        assert api.status_code == 503
        assert api.headers["Retry-After"] == str(UNAVAILABLE_RETRY_AFTER_S)
        assert "temporarily unavailable" in api.json()["detail"]
        signup = client.post(
            "/api/v1/auth/signup", json={"email": "a@example.com", "password": "x" * 16}
        )
        assert signup.status_code == 503
        assert client.get("/").status_code == 200  # the landing page needs no database
        form = {"email": "a@example.com", "password": "x" * 16}
        form["csrf_token"] = csrf_of(client.get("/login").text)
        page = client.post("/login", data=form)
        assert page.status_code == 503
        assert "Temporarily unavailable" in page.text
        assert page.headers["content-type"].startswith("text/html")


# --- a write that cannot get the SQLite lock -------------------------------------------------


def test_a_write_that_waits_too_long_for_the_lock_is_a_503(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 100)
    client, path = _sqlite_client(tmp_path)
    with client:
        alice = ApiUser(client, "alice@example.com")
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            write = alice.request("POST", LOG, json=WEIGHT)
            read = client.get("/healthz")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert write.status_code == 503
        assert write.headers["Retry-After"] == str(BUSY_RETRY_AFTER_S)
        assert "busy" in write.json()["detail"]
        assert read.status_code == 200  # read-only work never waits for the lock
        assert alice.request("POST", LOG, json=WEIGHT).status_code == 201
        sets = alice.request("GET", LOG).json()
        assert len(sets) == 1  # the refused write stored nothing


# --- a backup while others write -------------------------------------------------------------


def test_a_backup_reads_one_snapshot_and_blocks_no_writer(
    client: TestClient, engine: Engine, alice: ApiUser, bob: ApiUser
) -> None:
    assert alice.request("POST", LOG, json=WEIGHT).status_code == 201
    with snapshot_work(engine) as session:
        before = admin.export_database(session)
        # Writers go on while the backup is being read (SQLite: no 5 s lock wait, no 503).
        started = time.monotonic()
        for user in (alice, bob):
            assert user.request("POST", LOG, json=WEIGHT).status_code == 201
        assert time.monotonic() - started < 2
        after = admin.export_database(session)
    assert after == before  # one instant: nothing written meanwhile shows up half-way
    weights = {u["name"]: len(u["weights"]) for u in before["users"]}
    assert weights == {"alice@example.com": 1, "bob@example.com": 0}
    with snapshot_work(engine) as session:
        now = {u["name"]: len(u["weights"]) for u in admin.export_database(session)["users"]}
    assert now == {"alice@example.com": 2, "bob@example.com": 1}  # nothing acknowledged lost


def test_the_cli_backup_runs_beside_a_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from gluteus.cli import cli, runtime

    client, path = _sqlite_client(tmp_path)
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{path}")
    with client:
        alice = ApiUser(client, "alice@example.com")
        assert alice.request("POST", LOG, json=WEIGHT).status_code == 201
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # a writer in the middle of a transaction
        try:
            runtime.engine.cache_clear()
            result = CliRunner().invoke(cli, ["admin", "backup"])
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [len(u["weights"]) for u in data["users"]] == [1]
