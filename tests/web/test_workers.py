"""Stateless workers: two app processes (or instances) on one PostgreSQL see each other's writes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from actors import PASSWORD, csrf_of
from backends import GENEROUS, empty_postgres
from fastapi.testclient import TestClient

from gluteus.config import Settings
from gluteus.db.engine import create_db_engine
from gluteus.web.app import create_app


def _app(url: str, data_dir: Path) -> TestClient:
    settings = Settings(data_dir=data_dir, database_url=url, secret_key="shared-secret-" * 4)
    return TestClient(create_app(settings, engine=create_db_engine(url), rate_limit=GENEROUS))


def test_two_app_instances_on_separate_engines_share_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    empty_postgres(postgres_url)
    with _app(postgres_url, tmp_path / "a") as one, _app(postgres_url, tmp_path / "b") as two:
        credentials = {"email": "ann@example.com", "password": PASSWORD}
        assert one.post("/api/v1/auth/signup", json=credentials).status_code == 201
        token = two.post("/api/v1/auth/token", json=credentials).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        written = one.post("/api/v1/logs/weight", json={"weight_kg": 70.2}, headers=headers)
        assert written.status_code == 201
        read = two.get("/api/v1/logs/weight", headers=headers).json()
        assert [entry["id"] for entry in read] == [written.json()["id"]]
        # A session cookie signed by one instance is good on the other (same secret key).
        login = one.get("/login")
        one.post(
            "/login",
            data={"csrf_token": csrf_of(login.text), **credentials},
            follow_redirects=False,
        )
        two.cookies.update(one.cookies)
        assert "Weight 70.2 kg" in two.get("/history").text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_gluteus_serve_with_two_workers_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    empty_postgres(postgres_url)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": postgres_url, "GLUTEUS_DATA_DIR": str(tmp_path / "d")}
    env.pop("GLUTEUS_DATABASE_URL", None)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gluteus", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "gluteus serve did not come up"
                time.sleep(0.2)
            credentials = {"email": "ann@example.com", "password": PASSWORD}
            assert client.post("/api/v1/auth/signup", json=credentials).status_code == 201
            token = client.post("/api/v1/auth/token", json=credentials).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            assert (
                client.post(
                    "/api/v1/logs/weight", json={"weight_kg": 70}, headers=headers
                ).status_code
                == 201
            )
            for _ in range(10):  # new connections, spread over both workers
                with httpx.Client(base_url=base, timeout=10) as fresh:
                    found = fresh.get("/api/v1/logs/weight", headers=headers).json()
                    assert [e["weight_kg"] for e in found] == [70]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert output.count("Started server process") == 2
    assert '"GET /api/v1/logs/weight HTTP/1.1" 200' in output  # the access log
