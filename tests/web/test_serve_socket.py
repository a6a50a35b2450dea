"""`gluteus serve`: keep-alive requests answered at once (not after ~40 ms); the collector."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from gluteus.cli.serve import listening_socket


def test_the_shared_listening_socket_turns_nagle_off() -> None:
    config = uvicorn.Config("gluteus.web.app:create_app", host="127.0.0.1", port=0, workers=2)
    sock = listening_socket(config)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        sock.listen()
        with socket.create_connection(sock.getsockname()):
            accepted, _ = sock.accept()
            with accepted:  # what a worker gets: Nagle off too
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        sock.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_two_workers_answer_keep_alive_requests_without_a_delayed_ack(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "GLUTEUS_DATA_DIR": str(tmp_path),
        "GLUTEUS_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    command = [sys.executable, "-m", "gluteus", "serve", "--port", str(port), "--workers", "2"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen(command, env=env, **quiet)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "gluteus serve did not come up"
                time.sleep(0.2)
            times = []
            for _ in range(15):  # one connection, one request after the other
                began = time.perf_counter()
                assert client.get("/healthz").status_code == 200
                times.append(time.perf_counter() - began)
        # With Nagle on, every request after the first waited ~40 ms for a delayed ACK.
        assert statistics.median(times) < 0.030, times
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_served_worker_freezes_what_it_loaded_and_collects_fully_less_often() -> None:
    code = (
        "import gc; from gluteus.web.app import FULL_COLLECTION_EVERY, tune_collector; "
        "before = gc.get_threshold(); tune_collector(); after = gc.get_threshold(); "
        "print(before[:2] == after[:2], after[2] == FULL_COLLECTION_EVERY > before[2], "
        "gc.get_freeze_count() > 10_000)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["True", "True", "True"]
