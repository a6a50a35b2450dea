"""A PostgreSQL server of the test's own, in a temporary directory, to stop and start at will.

Never the shared server: this one is initialised with ``initdb`` in a fresh directory and
listens on loopback on a port of its own. It runs as the ``postgres`` system user when the
tests run as root (the server refuses root). Tests that need it skip when ``initdb`` or
``pg_ctl`` are missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class OwnPostgres:
    """One private server: ``url`` to connect, ``stop()`` and ``start()`` to make an outage."""

    def __init__(self, directory: Path, port: int, run_as: list[str]) -> None:
        self.directory = directory
        self.port = port
        self.run_as = run_as
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _ctl(self, *args: str) -> None:
        command = [
            *self.run_as,
            "pg_ctl",
            "-D",
            str(self.directory / "data"),
            "-l",
            str(self.directory / "log"),
            "-w",
            "-t",
            "30",
            *args,
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """A freshly initialised private server, started; stopped and removed afterwards."""
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        pytest.skip("initdb/pg_ctl not installed")
    run_as: list[str] = []
    # Not under pytest's tmp_path: its parents are private to us, and the server may run as
    # another system user.
    directory = Path(tempfile.mkdtemp(prefix="gluteus-pg-"))
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(directory, "postgres")
    server = OwnPostgres(directory, _free_port(), run_as)
    init = [*run_as, "initdb", "-D", str(directory / "data"), "-U", "postgres", "-A", "trust"]
    try:
        subprocess.run(init, check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.skip(f"cannot initialise a private PostgreSQL ({exc})")
    try:
        server.start()
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)
