"""`gluteus profile show|edit` and `gluteus admin backup|restore` through the lazy group."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from gluteus.cli import cli, runtime

runner = CliRunner()
PERSON = ["--sex", "female", "--age", "34", "--height", "165cm", "--weight", "72kg"]


@pytest.fixture(autouse=True)
def _private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_database(tmp_path / "data", monkeypatch)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("GLUTEUS_UNITS", raising=False)
    yield
    close_database()


def use_database(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    close_database()
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(folder))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{folder / 'gluteus.db'}")


def close_database() -> None:
    if runtime.engine.cache_info().currsize:
        runtime.engine().dispose()
    runtime.engine.cache_clear()


def invoke(*args: str, input: str | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input)


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json"))


def editor(tmp_path: Path, replace: str, by: str) -> str:
    """An $EDITOR that replaces text in the file it is given."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "path = Path(sys.argv[1])\n"
        f"path.write_text(path.read_text().replace({replace!r}, {by!r}))\n"
    )
    return f"{sys.executable} {script}"


def test_profile_show_history_lists_versions() -> None:
    ok("plan", *PERSON, "--weeks", "2")
    ok("profile", "set", "weight_kg=70kg")
    ok("profile", "set", "weight_kg=70kg")  # unchanged: no new version
    versions = as_json("profile", "show", "--history")
    assert [v["profile"]["weight_kg"] for v in versions] == [72, 70]
    assert all(v["saved_at"] for v in versions)
    assert ok("profile", "show", "--history").count("\n") == 2


def test_profile_edit_saves_what_the_editor_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("plan", *PERSON, "--weeks", "2")
    monkeypatch.setattr("gluteus.cli.profile.is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, "age = 34", "age = 35"))
    monkeypatch.delenv("VISUAL", raising=False)
    out = ok("profile", "edit")
    assert "Saved your profile" in out
    assert as_json("profile", "show")["age"] == 35


def test_profile_edit_refuses_a_bad_value_and_keeps_the_old_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("plan", *PERSON, "--weeks", "2")
    monkeypatch.setattr("gluteus.cli.profile.is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, "age = 34", "age = 5"))
    monkeypatch.delenv("VISUAL", raising=False)
    result = invoke("profile", "edit", input="n\n")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: age")
    assert as_json("profile", "show")["age"] == 34


def test_profile_edit_needs_a_terminal() -> None:
    result = invoke("profile", "edit")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: profile edit") and "profile set" in result.stderr


def test_admin_backup_and_restore_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("plan", *PERSON, "--weeks", "2")
    ok("log", "weight", "71kg")
    ok("log", "set", "glute-bridge", "-r", "12", "-r", "11", "--hard")
    before = as_json("history")
    backup = tmp_path / "all.json"
    ok("admin", "backup", "--out", str(backup))
    assert json.loads(backup.read_text())

    use_database(tmp_path / "other", monkeypatch)
    assert "Restored" in ok("admin", "restore", str(backup))
    assert as_json("history") == before
    assert as_json("profile", "show")["age"] == 34

    refused = invoke("admin", "restore", str(backup))
    assert refused.exit_code == 2 and refused.stderr.startswith("error: --replace")
    ok("admin", "restore", str(backup), "--replace")
    assert as_json("history") == before


def test_admin_backup_of_an_empty_database_creates_no_user(tmp_path: Path) -> None:
    backup = tmp_path / "empty.json"
    ok("admin", "backup", "--out", str(backup))
    data = json.loads(backup.read_text())
    assert data["users"] == []
    # …so the empty backup restores into another empty database.
    assert "Restored nothing" in ok("admin", "restore", str(backup))


def test_admin_restore_of_a_bad_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    result = invoke("admin", "restore", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_pregnancy_trimester_from_profile_set_and_a_profile_file(tmp_path: Path) -> None:
    ok("plan", *PERSON, "--weeks", "2")
    alone = invoke("profile", "set", "pregnancy_trimester=2")
    assert alone.exit_code == 2
    assert alone.stderr.startswith("error: pregnancy_trimester: only used with the pregnancy")
    ok("profile", "set", "limitations=pregnancy", "pregnancy_trimester=2")
    assert as_json("profile", "show")["pregnancy_trimester"] == 2
    calories = as_json("plan", "--weeks", "2")["calories"]
    assert calories["pregnancy_kcal"] == 340 and calories["deficit_kcal"] == 0
    high = invoke("profile", "set", "pregnancy_trimester=4")
    assert high.exit_code == 2 and high.stderr.startswith("error: pregnancy_trimester")
    assert "1–3" in high.stderr
    path = tmp_path / "me.toml"
    path.write_text(
        'sex = "female"\nage = 30\nheight_cm = 165\nweight_kg = 70\nweeks = 2\n'
        'limitations = ["pregnancy"]\npregnancy_trimester = 3\n'
    )
    assert as_json("plan", "--profile", str(path))["calories"]["pregnancy_kcal"] == 452
