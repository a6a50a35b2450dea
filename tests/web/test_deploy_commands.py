"""`gluteus db upgrade` and `gluteus db current`, as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gluteus.db.engine import HEAD_REVISION


def _gluteus(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GLUTEUS_DATA_DIR": str(data_dir)}
    env["GLUTEUS_DATABASE_URL"] = f"sqlite:///{data_dir / 'ops.db'}"
    return subprocess.run(
        [sys.executable, "-m", "gluteus", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_db_upgrade_migrates_once_then_reports_it_is_current(tmp_path: Path) -> None:
    first = _gluteus("db", "upgrade", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert f"migrated from empty to {HEAD_REVISION}" in first.stdout
    again = _gluteus("db", "upgrade", data_dir=tmp_path)
    assert f"already at revision {HEAD_REVISION}" in again.stdout
    current = _gluteus("db", "current", data_dir=tmp_path)
    assert current.stdout.strip() == HEAD_REVISION


def test_serve_lists_its_options(tmp_path: Path) -> None:
    result = _gluteus("serve", "--help", data_dir=tmp_path)
    assert result.returncode == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.stdout
