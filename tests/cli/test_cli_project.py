"""CLI contract of ``gluteus project`` (issue 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from commandline import PROJECT_PERSON, as_json, ok

from gluteus.cli import cli

runner = CliRunner()


PERSON = ["--sex", "female", "--age", "30", "--height", "5ft 5in", "--weight", "65", "--pal", "1.6"]


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(cli, ["project", *PERSON, *args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_contract_keys_and_equal_lengths() -> None:
    data = _json(["--intake-change", "-300", "--days", "200"])
    assert data["baseline_intake_kcal"] == pytest.approx(2195, abs=5)
    dynamic = data["dynamic"]
    rule = data["rule_3500"]
    assert isinstance(dynamic, dict) and isinstance(rule, dict)
    assert dynamic["day"] == list(range(201))
    for key in ("weight_kg", "fat_mass_kg", "lean_mass_kg"):
        assert len(dynamic[key]) == 201
    assert rule["day"] == list(range(201))
    assert len(rule["weight_kg"]) == 201
    assert dynamic["weight_kg"][-1] > rule["weight_kg"][-1]
    assert "goal" not in data


def test_goal_keys_and_published_values() -> None:
    # Blog-reported NIH BWP run (hall_model.md §8): 1904 kcal/day, then 2456 kcal/day.
    result = runner.invoke(
        cli,
        [
            "project",
            "--sex",
            "male",
            "--age",
            "30",
            "--height",
            "6ft",
            "--weight",
            "200lb",
            "--pal",
            "1.4",
            "--activity-change",
            "20",
            "--goal-weight",
            "165lb",
            "--goal-days",
            "180",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    goal = json.loads(result.stdout)["goal"]
    for key in ("intake_kcal", "maintenance_intake_kcal", "achievable", "warnings"):
        assert key in goal
    assert goal["intake_kcal"] == pytest.approx(1904, abs=1)
    assert goal["maintenance_intake_kcal"] == pytest.approx(2456, abs=1)
    assert goal["achievable"] is True


def test_goal_days_extend_projection_and_unsafe_goal_warns() -> None:
    data = _json(["--goal-weight", "55", "--goal-days", "400"])
    assert len(data["dynamic"]["day"]) == 401  # type: ignore[index]
    data = _json(["--goal-weight", "55", "--goal-days", "60"])
    goal = data["goal"]
    assert isinstance(goal, dict)
    assert goal["achievable"] is False
    assert goal["warnings"]
    assert goal["earliest_safe_day"] > 60


def test_human_output_has_table_and_trust_line() -> None:
    result = runner.invoke(cli, ["project", *PERSON, "--intake-change", "-400", "--days", "400"])
    assert result.exit_code == 0, result.output
    assert "3,500 kcal rule" in result.output
    assert "Trust the dynamic model" in result.output
    assert " 364 " in result.output and " 1092 " not in result.output


def test_intake_for_goal_prints_intake_and_requires_goal() -> None:
    ok = runner.invoke(
        cli, ["project", *PERSON, "--goal-weight", "60", "--goal-days", "180", "--intake-for-goal"]
    )
    assert ok.exit_code == 0, ok.output
    assert "kcal/day for 180 days" in ok.output
    bad = runner.invoke(cli, ["project", *PERSON, "--intake-for-goal"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: --intake-for-goal")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--weight", "900"], "--weight"),
        (["--weight", "heavy"], "--weight"),
        (["--age", "12"], "--age"),
        (["--pal", "9"], "--pal"),
        (["--intake-change", "-5000"], "--intake-change"),
        (["--goal-weight", "60", "--goal-days", "0"], "--goal-days"),
        (["--chart", "out.pdf"], "--chart"),
    ],
)
def test_bad_input_exits_non_zero_naming_the_field(args: list[str], field: str) -> None:
    person = dict(zip(PERSON[::2], PERSON[1::2], strict=True))
    for name, value in zip(args[::2], args[1::2], strict=True):
        person[name] = value
    flat = [item for pair in person.items() for item in pair]
    result = runner.invoke(cli, ["project", *flat])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {field}"), result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_written(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"projection{suffix}"
    data = _json(["--intake-change", "-300", "--chart", str(out)])
    assert out.exists() and out.stat().st_size > 1000
    assert data["chart"] == str(out)


def test_rule_line_stops_at_bmi_18_5_over_ten_years() -> None:
    # Issue 10: the JSON used to hold negative weights at 10 years.
    data = _json(["--intake-change", "-1000", "--days", "3650"])
    rule = data["rule_3500"]
    assert isinstance(rule, dict)
    assert len(rule["weight_kg"]) == len(rule["day"]) == 3651
    floor = 18.5 * (165.1 / 100) ** 2  # 5 ft 5 in
    assert rule["floor_kg"] == pytest.approx(floor, abs=0.01)
    assert min(rule["weight_kg"]) >= floor - 0.001
    assert rule["stop_cause"] == "bmi_floor"
    stop = rule["stop_day"]
    assert 100 < stop < 130
    assert rule["weight_kg"][stop:] == [rule["limit_kg"]] * (3651 - stop)
    assert f"day {stop}" in rule["stop_reason"] and "BMI 18.5" in rule["stop_reason"]


def test_rule_stop_fields_are_null_when_the_line_does_not_stop() -> None:
    rule = _json(["--intake-change", "-300", "--days", "200"])["rule_3500"]
    assert isinstance(rule, dict)
    assert rule["stop_day"] is None and rule["stop_reason"] is None
    assert rule["stop_cause"] is None


def test_human_table_marks_the_held_rule_values() -> None:
    result = runner.invoke(cli, ["project", *PERSON, "--intake-change", "-1000", "--days", "400"])
    assert result.exit_code == 0, result.output
    assert "(stopped)" in result.output
    assert "The 3,500 kcal rule stops on day" in result.output


def test_imperial_project_reads_bare_weight_in_pounds() -> None:
    def start_weight(weight: str) -> float:
        data = as_json("project", *PROJECT_PERSON, "--weight", weight, "--days", "30")
        value: float = data["dynamic"]["weight_kg"][0]
        return value

    metric_bare = start_weight("160")
    ok("config", "units", "imperial")
    assert start_weight("160") == pytest.approx(72.57, abs=0.01)
    assert start_weight("160lb") == pytest.approx(72.57, abs=0.01)
    assert start_weight("72.57kg") == pytest.approx(72.57, abs=0.01)
    assert metric_bare == pytest.approx(160)
    out = ok("project", *PROJECT_PERSON, "--weight", "160", "--days", "30")
    assert "160 lb" in out and " kg" not in out
