"""Questions in a real terminal: the real `gluteus` process runs in a pseudo-terminal.

A typo is asked again, naming what is allowed, and never loses the answers before it;
Enter takes the default and ``stop`` keeps what was entered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from gluteus.cli import cli, runtime
from gluteus.services.cache import RESOURCE, clear_all

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
TIMEOUT = 60.0


class Terminal:
    """A process on the slave side of a pseudo-terminal, driven from the master side."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.text = ""
        self.mark = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the process closed the terminal
            data = b""
        if not data:
            return False
        self.text += ANSI.sub("", data.decode("utf-8", "replace")).replace("\r\n", "\n")
        return True

    def expect(self, pattern: str) -> re.Match[str]:
        """Wait for ``pattern`` in what was printed since the last match."""
        deadline = dt.datetime.now() + dt.timedelta(seconds=TIMEOUT)
        regex = re.compile(pattern)
        while True:
            found = regex.search(self.text, self.mark)
            if found:
                self.mark = found.end()
                return found
            left = (deadline - dt.datetime.now()).total_seconds()
            if left <= 0 or (not self._read(min(left, 1.0)) and self.process.poll() is not None):
                while self._read(0.1):
                    pass
                found = regex.search(self.text, self.mark)
                if found:
                    self.mark = found.end()
                    return found
                raise AssertionError(f"never saw {pattern!r}; output:\n{self.text}")

    def answer(self, prompt: str, text: str) -> None:
        """Wait for a question matching ``prompt``, then type ``text`` and Enter."""
        self.expect(prompt + r".*: $" if not prompt.endswith("$") else prompt)
        os.write(self.master, text.encode() + b"\n")

    def finish(self) -> int:
        """Read to the end and return the exit code."""
        try:
            while self._read(TIMEOUT if self.process.poll() is None else 0.2):
                pass
            return self.process.wait(timeout=TIMEOUT)
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The terminal's environment; commands run in-process here share its database."""
    data = tmp_path / "data"
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(data))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{data / 'gluteus.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("GLUTEUS_UNITS", raising=False)
    clear_all(RESOURCE)
    yield {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "LINES": "40"}
    clear_all(RESOURCE)


def gluteus(*args: str) -> str:
    """Run a command in-process, without a terminal; it must succeed."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def gluteus_json(*args: str) -> Any:
    return json.loads(gluteus(*args, "--json"))


@pytest.fixture
def terminal(env: dict[str, str]) -> Iterator[Any]:
    started: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal([sys.executable, "-m", "gluteus", *args], env)
        started.append(term)
        return term

    yield start
    for term in started:
        term.kill()


def test_plan_questions_ask_again_after_a_typo(env: dict[str, str], terminal: Any) -> None:
    term: Terminal = terminal("plan", "--weeks", "2")
    term.answer(r"Sex \(female/male\)", "")
    term.answer(r"Age \(18-100\)", "abc")
    retry = term.expect(r"(?s)that answer: (.*?) — please try again")
    assert "18–100" in retry.group(1) and "abc" in retry.group(1)
    term.answer(r"Age \(18-100\)", "30")
    term.answer(r"Height \(e\.g\. 165cm or 5ft 5in\)", "tall")
    retry = term.expect(r"(?s)that answer: (.*?) — please try again")
    assert "tall" in retry.group(1) and "165cm" in retry.group(1)
    term.answer(r"Height", "165cm")
    term.answer(r"Weight \(e\.g\. 72kg or 160lb\)", "70kg")
    term.answer(r"Goal weight", "")
    term.answer(r"Experience", "expert")
    retry = term.expect(r"(?s)that answer: (.*?) — please try again")
    assert "beginner" in retry.group(1)
    term.answer(r"Experience", "")
    term.answer(r"Equipment", "mini_band,rowing_boat")
    retry = term.expect(r"(?s)that answer: (.*?) — please try again")
    assert "rowing_boat" in retry.group(1) and "mini_band" in retry.group(1)
    term.answer(r"Equipment", "mini_band")
    term.answer(r"Limitations", "")
    term.answer(r"Days you can train", "mon,wed,fri")
    term.answer(r"Minutes per day", "45")
    term.answer(r"readiness questions now\?", "maybe")
    term.expect(r"answer y or n")
    term.answer(r"readiness questions now\?", "y")
    for _ in range(7):
        term.answer(r"\[y/N\]", "n")
    term.expect(r"Saved as your plan")
    assert term.finish() == 0

    saved = gluteus_json("profile", "show")
    assert (saved["sex"], saved["age"], saved["height_cm"]) == ("female", 30, 165)
    assert saved["weight_kg"] == 70 and saved["weeks"] == 2
    assert saved["equipment"] == ["mini_band"]
    assert saved["available_days"] == ["mon", "wed", "fri"]
    assert saved["parq"] == {f"q{i}": False for i in range(1, 8)}
    plan = gluteus_json("plan")
    assert plan["screening"]["answered"] is True and plan["screening"]["cleared"] is True


def test_guided_log_today_keeps_defaults_and_stops(env: dict[str, str], terminal: Any) -> None:
    today = dt.datetime.now(ZoneInfo(runtime.machine_timezone())).date()
    weekday = f"{today:%a}".lower()
    gluteus(
        "plan", "--sex", "female", "--age", "30", "--height", "165cm", "--weight", "70kg",
        "--equipment", "mini_band", "--days", weekday, "--start", today.isoformat(),
    )  # fmt: skip
    view = gluteus_json("today")
    assert view["status"] == "training"

    term: Terminal = terminal("log", "today")
    # Cardio that comes before the first exercise (a warm-up walk) is answered 0: skipped.
    while True:
        first = term.expect(
            r"minutes done \(0 to skip\) \[[\d.]+\]: $"
            r"|\(([a-z0-9-]+)\): (\d+) × (\d+) (reps|seconds)"
        )
        if first.group(1) is not None:
            break
        os.write(term.master, b"0\n")
    exercise_id, sets, target = first.group(1), int(first.group(2)), int(first.group(3))
    term.answer(r"Did you do it\? \(y/n/skip/stop\) \[y\]", "")
    term.answer(r"Load", "")
    term.answer(r"Set 1 (reps|seconds) \[\d+\]", "many")
    retry = term.expect(r"(?s)that answer: (.*?) — please try again")
    assert "0–200" in retry.group(1)
    for _ in range(sets):
        term.answer(r"Set \d+ (reps|seconds) \[\d+\]", "")
    term.answer(r"hard but doable\? \[Y/n\]", "")
    term.answer(r"Did you do it\? \(y/n/skip/stop\) \[y\]", "stop")
    term.expect(r"keeping what you entered")
    noun = "set" if sets == 1 else "sets"
    term.expect(rf"Logged {sets} {noun} and 0 cardio bouts for {today}")
    assert term.finish() == 0

    entries = gluteus_json("history")
    assert [(e["exercise_id"], e["reps"], e["date"]) for e in entries] == [
        (exercise_id, target, today.isoformat())
    ] * sets
    assert [e["set_number"] for e in entries] == list(range(1, sets + 1))
    assert all(e["last_two_hard"] for e in entries)


def test_delete_asks_first_in_a_terminal(env: dict[str, str], terminal: Any) -> None:
    gluteus("log", "weight", "70kg")
    gluteus("log", "weight", "71kg")
    first, second = (e["id"] for e in gluteus_json("history"))

    term: Terminal = terminal("log", "delete", first)
    term.answer(r"Delete 1 entry\? \[y/N\]", "")
    term.expect("Nothing was deleted")
    assert term.finish() == 0
    assert [e["id"] for e in gluteus_json("history")] == [first, second]

    term = terminal("log", "delete", first)
    term.answer(r"Delete 1 entry\? \[y/N\]", "y")
    term.expect("Deleted 1 entry")
    assert term.finish() == 0
    assert [e["id"] for e in gluteus_json("history")] == [second]


def test_end_of_input_stops_cleanly_and_saves_nothing(env: dict[str, str], terminal: Any) -> None:
    term: Terminal = terminal("plan")
    term.answer(r"Sex \(female/male\)", "female")
    term.expect(r"Age \(18-100\).*: $")
    os.write(term.master, b"\x04")  # Ctrl-D
    term.expect(r"error: stopped; nothing more was saved")
    assert term.finish() == 1
    assert "Traceback" not in term.text
    result = CliRunner().invoke(cli, ["profile", "show"])
    assert result.exit_code == 2 and "none saved" in result.stderr
