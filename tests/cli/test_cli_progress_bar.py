"""The terminal's progress bar for long imports: on stderr, only for a person watching."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from gluteus.cli import cli, progress_bar

STRONG = Path(__file__).resolve().parents[1] / "imports" / "data" / "strong_current_kg.csv"


def test_no_bar_in_a_pipe_or_with_json(monkeypatch: pytest.MonkeyPatch) -> None:
    with progress_bar.progress_bar("Reading") as told:
        assert told is None  # tests run without a terminal
    monkeypatch.setattr(progress_bar, "stderr_is_terminal", lambda: True)
    with progress_bar.progress_bar("Reading", json_out=True) as told:
        assert told is None


def test_in_a_terminal_the_bar_fills_to_the_total(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    fake = Console(file=screen, force_terminal=True, width=80)
    monkeypatch.setattr(progress_bar, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(progress_bar, "err_console", fake)
    with progress_bar.progress_bar("Importing") as told:
        assert told is not None
        told(0, None)
        told(0, 4_000)
        told(4_000, 4_000)
    assert "Importing" in screen.getvalue()
    assert "4000/4000" in screen.getvalue()


def test_an_import_in_a_terminal_is_told_its_progress_and_json_stays_clean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[int, int | None]] = []
    real = progress_bar.progress_bar

    def spying(description: str, *, json_out: bool = False):  # type: ignore[no-untyped-def]
        from contextlib import contextmanager

        @contextmanager
        def bar():  # type: ignore[no-untyped-def]
            with real(description, json_out=json_out) as told:
                yield (lambda d, t: calls.append((d, t))) if told is not None else None

        return bar()

    monkeypatch.setattr(progress_bar, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr("gluteus.cli.imports.progress_bar", spying)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "strong", str(STRONG), "--json", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rows"] > 0
    assert calls == []  # --json: no bar, no callback
    result = runner.invoke(cli, ["import", "strong", str(STRONG)])
    assert result.exit_code == 0, result.stderr
    assert calls[0] == (0, 7) and calls[-1] == (7, 7)
