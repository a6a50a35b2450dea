from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from gluteus.cli import cli, runtime
from gluteus.domain.profile import Profile
from gluteus.services import journal, plans

_RECENT = dt.date.today() - dt.timedelta(days=21)
START = _RECENT - dt.timedelta(days=_RECENT.weekday())
"""A Monday three to four weeks back: plan starts must lie near today (PLAN_START_WINDOW)."""
REPORT_DAY = (START + dt.timedelta(days=9)).isoformat()
runner = CliRunner()


@pytest.fixture
def logged(woman: Profile) -> None:
    with runtime.use_case() as (session, actor):
        request = plans.PlanRequest(profile=woman.model_copy(update={"weeks": 4}), start_date=START)
        plans.make_plan(session, actor, request)
        for i in range(10):
            day = START + dt.timedelta(days=i)
            journal.log_weight(
                session, actor, journal.WeightInput(weight_kg=72 - 0.08 * i, date=day)
            )
            journal.log_sets(
                session,
                actor,
                journal.SetsInput(
                    exercise_id="glute-bridge",
                    reps=[12, 12],
                    load_kg=5 + i,
                    last_two_hard=True,
                    date=day,
                ),
            )
            journal.log_cardio(
                session,
                actor,
                journal.CardioInput(activity_id="brisk-walk", minutes=30, date=day),
            )
        journal.log_measurement(
            session, actor, journal.MeasureInput(hips_cm=102, waist_cm=82, date=START)
        )
        journal.log_measurement(
            session,
            actor,
            journal.MeasureInput(hips_cm=100.5, date=START + dt.timedelta(days=9)),
        )


def test_progress_json(logged: None) -> None:
    result = runner.invoke(cli, ["progress", "--json", "--date", REPORT_DAY])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["adherence"]["done"] > 0
    assert data["personal_bests"]["glute-bridge"]["heaviest_kg"] == 14
    assert data["circumferences"]["hips"]["latest_cm"] == 100.5


def test_progress_text_and_charts(logged: None, tmp_path: Path) -> None:
    out = tmp_path / "charts"
    result = runner.invoke(
        cli, ["progress", "--date", REPORT_DAY, "--chart", str(out), "--format", "svg"]
    )
    assert result.exit_code == 0, result.output
    assert "Adherence" in result.output and "glute-bridge" in result.output
    names = {p.name for p in out.iterdir()}
    assert {"weight-trend.svg", "circumferences.svg", "weekly-volume.svg"} <= names
    assert "3,500 kcal rule" in (out / "weight-trend.svg").read_text("utf-8")


def test_progress_without_data_and_bad_format() -> None:
    result = runner.invoke(cli, ["progress"])
    assert result.exit_code == 0 and "no active plan" in result.output
    bad = runner.invoke(cli, ["progress", "--format", "gif"])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: --format")


def test_progress_on_the_first_day_of_a_plan() -> None:
    start = dt.datetime.now(ZoneInfo(runtime.machine_timezone())).date() + dt.timedelta(days=1)
    plan = runner.invoke(cli, ["plan", "--example", "--start", start.isoformat(), "--json"])
    assert plan.exit_code == 0, plan.output
    result = runner.invoke(cli, ["progress"])
    assert result.exit_code == 0, result.output
    assert "no planned session due yet" in result.stdout and start.isoformat() in result.stdout
