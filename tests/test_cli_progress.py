from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gluteus.cli.progress  # noqa: F401  (registers `gluteus progress`)
from gluteus.cli.app import app
from gluteus.db.engine import open_database
from gluteus.domain.profile import Profile
from gluteus.services import tracking
from gluteus.services.planning import make_program

START = dt.date(2025, 3, 3)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'gluteus.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture
def logged(woman: Profile) -> None:
    engine = open_database()
    tracking.save_plan(engine, make_program(woman.model_copy(update={"weeks": 4}), START))
    for i in range(10):
        day = START + dt.timedelta(days=i)
        tracking.log_weight(engine, 72 - 0.08 * i, date=day, today=day)
        tracking.log_sets(
            engine, "glute-bridge", [12, 12], load_kg=5 + i, last_two_hard=True, date=day, today=day
        )
        tracking.log_cardio(engine, "brisk-walk", 30, date=day, today=day)
    tracking.log_measurement(engine, hips_cm=102, waist_cm=82, date=START, today=START)
    tracking.log_measurement(
        engine, hips_cm=100.5, date=START + dt.timedelta(days=9), today=START + dt.timedelta(days=9)
    )
    engine.dispose()


def test_progress_json(logged: None) -> None:
    result = runner.invoke(app, ["progress", "--json", "--date", "2025-03-12"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["adherence"]["done"] > 0
    assert data["personal_bests"]["glute-bridge"]["heaviest_kg"] == 14
    assert data["circumferences"]["hips"]["latest_cm"] == 100.5


def test_progress_text_and_charts(logged: None, tmp_path: Path) -> None:
    out = tmp_path / "charts"
    result = runner.invoke(
        app, ["progress", "--date", "2025-03-12", "--chart", str(out), "--format", "svg"]
    )
    assert result.exit_code == 0, result.output
    assert "Adherence" in result.output and "glute-bridge" in result.output
    names = {p.name for p in out.iterdir()}
    assert {"weight-trend.svg", "circumferences.svg", "weekly-volume.svg"} <= names
    assert "3,500 kcal rule" in (out / "weight-trend.svg").read_text("utf-8")


def test_progress_without_data_and_bad_format() -> None:
    result = runner.invoke(app, ["progress"])
    assert result.exit_code == 0 and "no active plan" in result.output
    bad = runner.invoke(app, ["progress", "--format", "gif"])
    assert bad.exit_code != 0 and "--format" in bad.output
