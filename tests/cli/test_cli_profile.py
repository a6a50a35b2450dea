"""`gluteus profile show|set|edit`: the one saved profile, its versions and checks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from commandline import PERSON, as_json, error, invoke, ok


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


def test_profile_set_changes_keys_with_units() -> None:
    assert "sex" in error("profile", "set", "weight_kg=70kg")
    ok("profile", "set", "sex=female", "age=30", "height_cm=5ft 5in", "weight_kg=160lb")
    saved = as_json("profile", "show")
    assert saved["weight_kg"] == pytest.approx(72.57, abs=0.01)
    assert saved["height_cm"] == pytest.approx(165.1, abs=0.01)
    ok("profile", "set", "available_days=mon,wed,fri", "minutes_per_session=45",
       "level=intermediate")  # fmt: skip
    saved = as_json("profile", "show")
    assert saved["available_days"] == ["mon", "wed", "fri"]
    assert (saved["minutes_per_session"], saved["level"]) == (45, "intermediate")
    assert saved["weight_kg"] == pytest.approx(72.57, abs=0.01)
    assert as_json("plan")["profile"]["available_days"] == ["mon", "wed", "fri"]


@pytest.mark.parametrize(
    ("pair", "named"),
    [("shoe_size=40", "shoe_size"), ("age=twelve", "age"), ("novalue", "KEY=VALUE")],
)
def test_profile_set_refuses_bad_keys(pair: str, named: str) -> None:
    ok("profile", "set", "sex=female", "age=30", "height_cm=165", "weight_kg=70")
    before = as_json("profile", "show")
    assert named in error("profile", "set", pair)
    assert as_json("profile", "show") == before
