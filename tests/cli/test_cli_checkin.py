"""The weekly check-in (issue "Adaptive energy") at the edges: the CLI contract, and that it
is saved as a history of targets. What it measures and the target it sets (the pure
``assess``) are tested in ``tests/domain/energy/test_checkin_assess.py``.

Logs come from the dynamic model for a known person, so the true expenditure is known.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from checkin_logs import TODAY, logs, person
from gluteus.cli import cli

runner = CliRunner()


# --- the command line ------------------------------------------------------------------------


def _run(*args: str) -> dict[str, object]:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else {}


def test_checkin_cli_contract_from_logs_entered_with_dates(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    profile.write_text(
        'sex = "female"\nage = 38\nheight_cm = 165\nweight_kg = 84\nactivity = "moderate"\n'
        "pace_kg_per_week = 0.5\ngoal_weight_kg = 70\n",
        "utf-8",
    )
    today = dt.date.today()
    _run("plan", "--profile", str(profile), "--start", str(today - dt.timedelta(days=28)))
    weights, intake, _ = logs(person(), 1700, 28)
    shift = today - TODAY
    for w in weights[::2]:
        _run("log", "weight", f"{w.weight_kg}kg", "--date", str(w.date + shift))
    for day, kcal in intake.items():
        _run("log", "intake", str(int(kcal)), "--date", str(day + shift))
    data = _run("checkin", "--json")
    expenditure = data["expenditure"]
    assert isinstance(expenditure, dict)
    for key in ("tdee_kcal", "low_kcal", "high_kcal", "method", "days_of_data"):
        assert key in expenditure
    assert expenditure["method"] == "intake_and_trend"
    assert expenditure["low_kcal"] < expenditure["tdee_kcal"] < expenditure["high_kcal"]
    trend, target = data["trend"], data["target"]
    assert isinstance(trend, dict) and isinstance(target, dict)
    assert {"weight_kg", "rate_kg_per_week"} <= trend.keys()
    assert {"intake_kcal", "floor_kcal", "reason"} <= target.keys()
    assert target["intake_kcal"] >= target["floor_kcal"] == 1200
    assert (
        trend["rate_low_kg_per_week"] < trend["rate_kg_per_week"] < trend["rate_high_kg_per_week"]
    )
    assert isinstance(target["changed"], bool)
    adherence = data["adherence"]
    assert isinstance(adherence, dict)
    assert {"logged_intake_kcal", "target_kcal", "days_logged"} <= adherence.keys()
    assert adherence["days_logged"] > 0
    assert data["warnings"] == []
    history = json.loads(runner.invoke(cli, ["checkin", "--history", "--json"]).output)
    assert [h["date"] for h in history] == [str(today)]
    text = runner.invoke(cli, ["checkin", "--dry-run"]).output
    assert "Expenditure:" in text and "Not saved" in text


def test_checkin_before_a_profile_names_the_profile() -> None:
    result = runner.invoke(cli, ["checkin"])
    assert result.exit_code == 2
    assert "profile" in result.output


def test_today_nudges_when_a_check_in_is_due() -> None:
    assert runner.invoke(cli, ["plan", "--example"]).exit_code == 0
    assert "Weekly check-in due" not in runner.invoke(cli, ["today"]).output  # not on day one
    today = dt.date.today()
    for days_ago in (12, 6, 1):
        day = (today - dt.timedelta(days=days_ago)).isoformat()
        assert runner.invoke(cli, ["log", "weight", "72kg", "--date", day]).exit_code == 0
    assert "Weekly check-in due" in runner.invoke(cli, ["today"]).output
    assert runner.invoke(cli, ["checkin"]).exit_code == 0
    assert "Weekly check-in due" not in runner.invoke(cli, ["today"]).output


def test_passing_the_goal_on_the_command_line_maintains() -> None:
    assert runner.invoke(cli, ["plan", "--example"]).exit_code == 0  # 72 kg, goal 65 kg
    today = dt.date.today()
    for days_ago in range(14, -1, -2):
        day = (today - dt.timedelta(days=days_ago)).isoformat()
        result = runner.invoke(cli, ["log", "weight", "60kg", "--date", day])
        assert result.exit_code == 0, result.output
    calories = _run("calories", "--json")
    assert calories["mode"] == "toning_at_maintenance"
    data = _run("checkin", "--json")
    trend = data["trend"]
    assert isinstance(trend, dict) and trend["expected_rate_kg_per_week"] == 0
    assert runner.invoke(cli, ["plan"]).exit_code == 0


def test_keep_records_the_proposal_and_accept_puts_it_in_force() -> None:
    assert runner.invoke(cli, ["plan", "--example"]).exit_code == 0
    today = dt.date.today()
    for days_ago in range(20, -1, -1):
        day = (today - dt.timedelta(days=days_ago)).isoformat()
        assert runner.invoke(cli, ["log", "weight", "72kg", "--date", day]).exit_code == 0
        assert runner.invoke(cli, ["log", "intake", "2700", "--date", day]).exit_code == 0
    kept = _run("checkin", "--keep", "--json")
    target = kept["target"]
    assert isinstance(target, dict) and target["accepted"] is False
    text = runner.invoke(cli, ["checkin", "--history"]).output
    assert "kept" in text
    accepted = _run("checkin", "--accept", "--json")
    accepted_target = accepted["target"]
    assert isinstance(accepted_target, dict)
    assert accepted_target["intake_kcal"] == target["proposed_kcal"]
