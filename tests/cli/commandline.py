"""Driving the real `gluteus` command line in-process, through the lazy group.

Each test has its own database (see ``conftest.py``); these run commands on it, check
that they succeed or fail with one ``error:`` line, and read back what was logged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from gluteus.cli import cli, runtime
from gluteus.services.cache import RESOURCE, clear_all

runner = CliRunner()
PERSON = ["--sex", "female", "--age", "34", "--height", "165cm", "--weight", "72kg"]
PROJECT_PERSON = ["--sex", "female", "--age", "30", "--height", "165cm", "--pal", "1.6"]
BOX = ("╭", "│", "╰", "┏", "┃")


def local_today() -> dt.date:
    """Today as the CLI's actor sees it (the machine's time zone)."""
    return dt.datetime.now(ZoneInfo(runtime.machine_timezone())).date()


def days_ago(n: int) -> str:
    return (local_today() - dt.timedelta(days=n)).isoformat()


def last_monday(weeks_back: int = 1) -> dt.date:
    """Monday ``weeks_back`` weeks before this week's Monday."""
    today = local_today()
    return today - dt.timedelta(days=today.weekday() + 7 * weeks_back)


def invoke(*args: str, input: str | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input)


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json"))


def error(*args: str) -> str:
    """The one ``error:`` line of a command that must fail with exit 2."""
    result = invoke(*args)
    assert result.exit_code == 2, (args, result.output)
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything
    assert not any(mark in everything for mark in BOX), everything
    return result.stderr


def history(*filters: str) -> list[dict[str, Any]]:
    entries = as_json("history", *filters)
    assert isinstance(entries, list)
    return entries


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def save_plan(*extra: str, start: dt.date | None = None) -> dict[str, Any]:
    first = start or last_monday()
    plan: dict[str, Any] = as_json(
        "plan", *PERSON, "--equipment", "mini_band,dumbbells,bench", "--weeks", "4",
        "--start", first.isoformat(), *extra,
    )  # fmt: skip
    return plan


def training_days(plan: dict[str, Any]) -> list[tuple[dt.date, dict[str, Any]]]:
    """Every planned day of ``plan`` with its date, in order."""
    start = dt.date.fromisoformat(plan["start_date"])
    order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    found = []
    for week in plan["weeks"]:
        monday = start + dt.timedelta(days=7 * (week["number"] - 1))
        for day in week["days"]:
            found.append((monday + dt.timedelta(days=order.index(day["weekday"])), day))
    return found


def strength_day(plan: dict[str, Any], before: dt.date) -> dt.date:
    """The first planned day with strength work not after ``before``."""
    return next(
        date
        for date, day in training_days(plan)
        if date <= before and any(s["kind"] == "strength" for s in day["sessions"])
    )


def use_database(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    close_database()
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(folder))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{folder / 'gluteus.db'}")


def close_database() -> None:
    clear_all(RESOURCE)


def gluteus_process(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``gluteus ARGS`` as its own process on a database in ``data_dir``."""
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
