"""`gluteus db upgrade` and `gluteus db current`, as an operator runs them."""

from __future__ import annotations

from pathlib import Path

from commandline import gluteus_process

from gluteus.db.engine import HEAD_REVISION


def test_db_upgrade_migrates_once_then_reports_it_is_current(tmp_path: Path) -> None:
    first = gluteus_process("db", "upgrade", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert f"migrated from empty to {HEAD_REVISION}" in first.stdout
    again = gluteus_process("db", "upgrade", data_dir=tmp_path)
    assert f"already at revision {HEAD_REVISION}" in again.stdout
    current = gluteus_process("db", "current", data_dir=tmp_path)
    assert current.stdout.strip() == HEAD_REVISION
