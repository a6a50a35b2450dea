"""Smoke-test an installed (non-editable) Gluteus: run with the Python of a venv holding the wheel.

Serves the web app on a new data directory (so migrations run from the packaged files), asks
for /healthz and the sign-up page, prints the example plan and one catalog entry. Exits non-zero,
saying what failed, when anything is missing from the wheel.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def _gluteus(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gluteus", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"gluteus {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def main() -> None:
    """Run every smoke check; exit non-zero naming the first that fails."""
    import gluteus

    where = Path(gluteus.__file__).resolve()
    if "site-packages" not in where.parts:
        sys.exit(f"gluteus is imported from {where}, not from an installed wheel")
    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
        env["GLUTEUS_DATA_DIR"] = data_dir
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gluteus", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    status, _ = _get(base + "/healthz")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        server.kill()
                        sys.exit(
                            "gluteus serve never answered /healthz:\n" + server.communicate()[0]
                        )
                    time.sleep(0.3)
            assert status == 200, f"/healthz answered {status}"
            status, page = _get(base + "/signup")
            assert status == 200 and "<form" in page and "password" in page, "no sign-up form"
            assert (Path(data_dir) / "gluteus.db").is_file(), "no SQLite database in the data dir"
        finally:
            server.terminate()
            server.wait(timeout=30)
        plan = _gluteus("plan", "--example", env=env)
        assert "Week 1" in plan or "week 1" in plan.lower(), "the example plan has no week 1"
        exercise = _gluteus("exercises", "show", "hip-thrust", env=env)
        assert "hip thrust" in exercise.lower(), "hip-thrust is missing from the catalog"
    print(f"wheel smoke test passed: {where.parent}")  # noqa: T201


if __name__ == "__main__":
    main()
