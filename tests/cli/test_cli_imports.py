"""`gluteus import strong|hevy|weights` end to end through the real command group."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gluteus.cli import cli
from gluteus.db.engine import open_database, unit_of_work
from gluteus.services import journal
from gluteus.services.context import Actor

DATA = Path(__file__).resolve().parents[1] / "imports" / "data"
runner = CliRunner()


def _invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _json(*args: str) -> dict[str, Any]:
    code, out, err = _invoke(*args, "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def _entries(kind: str | None = None) -> list[journal.EntryView]:
    from gluteus.cli.runtime import local_actor

    engine = open_database()
    try:
        with unit_of_work(engine) as session:
            actor: Actor = local_actor(session)
            return journal.list_entries(session, actor, journal.HistoryQuery(kind=kind))
    finally:
        engine.dispose()


def test_import_group_lists_the_new_commands() -> None:
    code, out, _ = _invoke("import", "--help")
    assert code == 0
    for name in ("strong", "hevy", "weights", "intake", "health", "data", "names"):
        assert name in out


def test_import_intake_json_contract_and_a_bad_format() -> None:
    file = str(DATA / "cronometer_servings.csv")
    code, out, _ = _invoke("import", "intake", file, "--dry-run")
    assert code == 0
    assert "Would import 3 daily food totals; nothing was saved" in out
    assert "1850 kcal" in out
    data = _json("import", "intake", file)
    assert (data["format"], data["rows"], data["imported"]["intake"]) == ("cronometer", 9, 3)
    again = _json("import", "intake", str(DATA / "loseit.csv"))
    assert (again["imported"]["intake"], again["duplicates"]) == (0, 3)
    code, _, err = _invoke("import", "intake", file, "--format", "fitbit")
    assert code == 2
    assert err.startswith("error: --format: one of myfitnesspal, cronometer")


def test_import_health_reads_a_zip_and_names_a_wrong_file(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(DATA / "apple_health_export.xml", "apple_health_export/export.xml")
    code, out, _ = _invoke("import", "health", str(archive), "--dry-run")
    assert code == 0
    assert "Would import 2 body weights and 2 daily food totals" in out
    assert "step counts (not kept) 1" in out
    data = _json("import", "health", str(archive))
    assert data["imported"] == {"sets": 0, "cardio": 0, "weights": 2, "intake": 2}
    code, out, err = _invoke("import", "health", str(DATA / "withings.csv"))
    assert code == 2 and out == ""
    assert err.startswith("error: FILE: this is not XML, not an Apple Health export")


def test_import_health_reads_a_fitbit_folder_and_a_fit_file(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("fitfiles", DATA.parent / "fitfiles.py")
    assert spec is not None and spec.loader is not None
    fitfiles = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fitfiles)
    folder = str(DATA / "fitbit")
    code, out, _ = _invoke("import", "health", folder, "--dry-run")
    assert code == 0, out
    assert "Fitbit file: 9 rows" in out
    assert "Would import 3 body weights and 3 daily food totals" in out
    data = _json("import", "health", folder, "--unit", "lb")
    assert data["format"] == "fitbit"
    assert data["imported"] == {"sets": 0, "cardio": 0, "weights": 3, "intake": 3}
    again = _json("import", "health", folder)
    assert (again["imported"]["weights"], again["duplicates"]) == (0, 6)
    fit = tmp_path / "run.fit"
    start = dt.datetime(2024, 12, 9, 7, 0, tzinfo=dt.UTC)
    fit.write_bytes(fitfiles.activity_file([(start, "running", "treadmill", 1800.0, 5000.0)]))
    ran = _json("import", "health", str(fit))
    assert (ran["format"], ran["imported"]["cardio"]) == ("garmin-fit", 1)
    again_fit = _json("import", "health", str(fit))
    assert (again_fit["imported"]["cardio"], again_fit["duplicates"]) == (0, 1)
    code, _, err = _invoke("import", "health", folder, "--unit", "stone")
    assert code == 2 and err.startswith("error: --unit: kg or lb")


def test_mapped_names_are_remembered_listed_and_forgotten(tmp_path: Path) -> None:
    file = str(DATA / "hevy_kg.csv")
    mapping = tmp_path / "names.json"
    mapping.write_text(json.dumps({"Lat Pulldown (Cable)": "band-row"}), "utf-8")
    _json("import", "hevy", file, "--map", str(mapping))
    listed = _json("import", "names")
    assert listed == {
        "forgotten": None,
        "names": [{"name": "lat pulldown (cable)", "exercise_id": "band-row"}],
    }
    again = _json("import", "hevy", file, "--dry-run")
    assert again["unmatched"] == []
    code, out, _ = _invoke("import", "names")
    assert code == 0 and "lat pulldown (cable)" in out and "band-row" in out
    code, _, err = _invoke("import", "names", "--forget", "Leg Curl")
    assert code == 2
    assert err.startswith("error: --forget: not among your remembered names")
    code, out, _ = _invoke("import", "names", "--forget", "Lat Pulldown (Cable)")
    assert code == 0 and "Forgot 1 name." in out
    assert _json("import", "hevy", file, "--dry-run")["unmatched"] == ["Lat Pulldown (Cable)"]


@pytest.mark.parametrize("command", ["strong", "hevy", "weights", "intake"])
def test_each_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = _invoke("import", command, "--help")
    assert code == 0
    assert f"gluteus import {command}" in out
    assert "--dry-run" in out and "--json" in out


def test_strong_json_contract_and_idempotent_reimport() -> None:
    file = str(DATA / "strong_classic_lb.csv")
    data = _json("import", "strong", file, "--unit", "lb")
    assert data["format"] == "strong"
    assert data["rows"] == 10
    assert data["imported"] == {"sets": 6, "cardio": 2, "weights": 0, "intake": 0}
    assert data["skipped"] == 2
    assert data["unmatched"] == []
    again = _json("import", "strong", file, "--unit", "lb")
    assert again["imported"] == {"sets": 0, "cardio": 0, "weights": 0, "intake": 0}
    assert again["skipped_by_reason"]["already_imported"] == 8
    assert again["duplicates"] == 8
    code, out, _ = _invoke("import", "strong", file, "--unit", "lb", "--dry-run")
    assert code == 0
    assert "already in your journal 8" in out
    kinds = sorted(e.kind for e in _entries())
    assert kinds == ["cardio"] * 2 + ["set"] * 6


def test_strong_without_unit_and_without_terminal_names_the_option() -> None:
    code, out, err = _invoke("import", "strong", str(DATA / "strong_classic_lb.csv"))
    assert code == 2
    assert out == ""
    assert err.startswith("error: --unit: this Strong file has no unit column")
    assert "kg or lb" in err
    assert len(err.strip().splitlines()) == 1
    assert _entries() == []


def test_unmatched_names_round_trip_through_a_mapping_file(tmp_path: Path) -> None:
    file = str(DATA / "hevy_kg.csv")
    first = _json("import", "hevy", file)
    assert first["unmatched"] == ["Lat Pulldown (Cable)"]
    assert first["imported"]["sets"] == 4
    mapping = tmp_path / "names.json"
    mapping.write_text(json.dumps({"Lat Pulldown (Cable)": "inverted-row"}), "utf-8")
    second = _json("import", "hevy", file, "--map", str(mapping))
    assert second["unmatched"] == []
    assert second["imported"] == {"sets": 2, "cardio": 0, "weights": 0, "intake": 0}
    third = _json("import", "hevy", file, "--map", str(mapping))
    assert third["imported"]["sets"] == 0
    rows = [e for e in _entries("set") if isinstance(e, journal.SetView)]
    assert [
        (s.exercise_id, s.set_number, s.reps) for s in rows if s.exercise_id == "inverted-row"
    ] == [
        ("inverted-row", 1, 10),
        ("inverted-row", 2, 9),
    ]


def test_a_toml_mapping_to_an_unknown_id_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "names.toml"
    mapping.write_text('"Lat Pulldown (Cable)" = "lat-pulldown"\n', "utf-8")
    code, _, err = _invoke("import", "hevy", str(DATA / "hevy_kg.csv"), "--map", str(mapping))
    assert code == 2
    assert err.startswith("error: --map: maps names to ids not in the exercise catalog")
    assert "lat-pulldown" in err


def test_dry_run_shows_counts_dates_unmatched_and_samples_and_saves_nothing() -> None:
    code, out, _ = _invoke("import", "strong", str(DATA / "strong_android_kg.csv"), "--dry-run")
    assert code == 0
    assert "7 rows, 2024-03-10 to 2024-03-10" in out
    assert "Would import 4 sets, 1 cardio bout and 0 body weights; nothing was saved" in out
    assert "Bench Press (Barbell) (1 row; nearest:" in out
    assert "--map" in out
    assert "loaded-squat: 8 × 62.5 kg" in out
    assert _entries() == []


def test_the_preview_says_which_loads_do_not_carry_over(tmp_path: Path) -> None:
    file = str(DATA / "hevy_kg.csv")
    code, out, _ = _invoke("import", "hevy", file, "--dry-run")
    assert code == 0
    assert "not in Gluteus's catalog 1" in out
    assert "Hip Abduction (Machine) (1 row):" in out
    mapping = tmp_path / "names.json"
    mapping.write_text(json.dumps({"Hip Abduction (Machine)": "clamshell"}), "utf-8")
    code, out, _ = _invoke("import", "hevy", file, "--dry-run", "--map", str(mapping))
    assert code == 0
    assert "Hip Abduction (Machine) → clamshell (1 row)" in out
    assert "1 set is imported without a load" in " ".join(out.split())
    data = _json("import", "hevy", file, "--dry-run", "--map", str(mapping))
    machine = next(m for m in data["matches"] if m["name"] == "Hip Abduction (Machine)")
    assert (machine["keeps_load"], machine["loads_dropped"]) == (False, 1)


def test_weights_with_ambiguous_dates_name_the_row_and_date_format() -> None:
    file = str(DATA / "renpho_ambiguous.csv")
    code, _, err = _invoke("import", "weights", file)
    assert code == 2
    assert err.startswith("error: --date-format: line 2: cannot tell day from month")
    data = _json("import", "weights", file, "--date-format", "dmy")
    assert data["format"] == "renpho"
    assert data["imported"]["weights"] == 2
    assert [(str(e.date), getattr(e, "weight_kg", None)) for e in _entries("weight")] == [
        ("2024-03-02", 70.2),
        ("2024-03-05", 69.6),
    ]


def test_plain_weights_take_the_unit_flag() -> None:
    data = _json("import", "weights", str(DATA / "plain.csv"), "--unit", "lb")
    assert (data["format"], data["imported"]["weights"]) == ("csv", 2)


def test_bad_rows_refuse_the_file_unless_skipped(tmp_path: Path) -> None:
    text = (DATA / "withings.csv").read_text("utf-8").replace("72.1,", "721,")
    file = tmp_path / "weights.csv"
    file.write_text(text, "utf-8")
    code, _, err = _invoke("import", "weights", str(file))
    assert code == 2
    assert err.startswith("error: --skip-bad: 1 row(s) have unreadable or implausible values")
    assert "line 3: body weight 721 kg is implausible" in err
    assert _entries() == []
    data = _json("import", "weights", str(file), "--skip-bad")
    assert data["imported"]["weights"] == 2
    assert data["bad_rows"] == [{"line": 3, "reason": data["bad_rows"][0]["reason"]}]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"\x0e\x10\xd9\x07\x81\x8d\x00\x00.FIT\x00\x9d", "a Garmin FIT file"),
        (b"Date,Weight\n", "not that of a Strong export"),
        (
            (DATA / "strong_android_kg.csv").read_bytes()[:-30],
            "cut short",
        ),
    ],
    ids=["binary", "fit", "wrong-header", "truncated"],
)
def test_malformed_files_give_one_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    file = tmp_path / "export.csv"
    file.write_bytes(content)
    code, out, err = _invoke("import", "strong", str(file), "--unit", "kg")
    assert code == 2
    assert out == ""
    assert err.startswith("error: FILE: ")
    assert message in err
    assert _entries() == []


def test_a_missing_file_is_reported() -> None:
    code, _, err = _invoke("import", "hevy", "no-such-file.csv")
    assert code == 2
    assert "cannot read no-such-file.csv" in err


def test_a_bad_unit_flag_is_reported() -> None:
    code, _, err = _invoke("import", "strong", str(DATA / "strong_classic_lb.csv"), "--unit", "st")
    assert code == 2
    assert err.startswith("error: --unit: kg or lb")


def test_in_a_terminal_the_unit_and_unmatched_names_are_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gluteus.cli.imports as commands

    monkeypatch.setattr(commands, "is_terminal", lambda: True)
    code, out, err = _invoke(
        "import", "strong", str(DATA / "strong_classic_lb.csv"), stdin="stone\nlb\n"
    )
    assert code == 0, err
    assert "answer kg or lb" in out
    assert "Imported 6 sets, 2 cardio bouts and 0 body weights." in out
    code, out, err = _invoke(
        "import", "hevy", str(DATA / "hevy_kg.csv"), stdin="lat-pulldown\ninverted-row\n"
    )
    assert code == 0, err
    assert "Lat Pulldown (Cable) (2 rows; nearest:" in out
    assert "not in the exercise catalog" in out
    assert "Imported 6 sets, 1 cardio bout and 0 body weights." in out
    assert "inverted-row" in {
        e.exercise_id for e in _entries("set") if isinstance(e, journal.SetView)
    }


def test_in_a_terminal_enter_leaves_a_name_unmatched(monkeypatch: pytest.MonkeyPatch) -> None:
    import gluteus.cli.imports as commands

    monkeypatch.setattr(commands, "is_terminal", lambda: True)
    code, out, _ = _invoke("import", "hevy", str(DATA / "hevy_kg.csv"), stdin="\n")
    assert code == 0
    assert "Imported 4 sets" in out
    assert "Skipped 5 rows (not in Gluteus's catalog 1, unmatched names 2, warm-up sets 2)." in out


def test_in_a_terminal_a_file_with_bad_rows_is_refused_without_questions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gluteus.cli.imports as commands

    monkeypatch.setattr(commands, "is_terminal", lambda: True)
    text = (
        (DATA / "hevy_kg.csv").read_text("utf-8").replace('"normal",12.5,10', '"normal",12.5,150')
    )
    file = tmp_path / "hevy.csv"
    file.write_text(text, "utf-8")
    code, out, err = _invoke("import", "hevy", str(file))
    assert code == 2
    assert "catalog id" not in out
    assert err.startswith("error: --skip-bad: 1 row(s)")
    assert "line 6: 150 reps in one set is implausible" in err


@pytest.mark.parametrize(
    ("name", "route"),
    [
        ("strong_classic_lb.csv", "`gluteus import strong`"),
        ("hevy_de_kg.csv", "`gluteus import hevy`"),
        ("samsung_health_weight.csv", "`gluteus import weights`"),
        ("googlefit.csv", "`gluteus import weights`"),
        ("cronometer_daily.csv", "`gluteus import intake`"),
    ],
)
def test_a_csv_given_to_import_health_is_sent_to_its_own_import(name: str, route: str) -> None:
    code, out, err = _invoke("import", "health", str(DATA / name))
    assert code == 2 and out == ""
    assert err.startswith("error: FILE: this is not XML, not an Apple Health export")
    assert route in err


def test_every_route_an_unsupported_file_is_sent_to_exists() -> None:
    import re

    from gluteus.imports.health import CSV_IMPORTS
    from gluteus.imports.table import UNSUPPORTED

    named = {m for _, text in UNSUPPORTED for m in re.findall(r"`gluteus import (\w+)", text)}
    assert named == {"health", "data"}
    for command in named | set(CSV_IMPORTS):
        code, out, _ = _invoke("import", command, "--help")
        assert code == 0 and "Usage" in out, command
