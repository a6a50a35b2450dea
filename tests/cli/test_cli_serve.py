"""`gluteus serve`, as an operator starts it."""

from __future__ import annotations

from pathlib import Path

from commandline import gluteus_process


def test_serve_lists_its_options(tmp_path: Path) -> None:
    result = gluteus_process("serve", "--help", data_dir=tmp_path)
    assert result.returncode == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.stdout
