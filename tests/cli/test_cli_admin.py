"""`gluteus admin`: whole-database backup and restore, and an operator setting a new
password for a forgetful user.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commandline import PERSON, as_json, invoke, ok, runner, use_database

from gluteus.cli import cli, runtime
from gluteus.services import accounts

OLD = "old password 123"


def _sign_up(email: str) -> int:
    with runtime.transaction() as session:
        view = accounts.sign_up(
            session, accounts.new_account(accounts.Credentials(email=email, password=OLD))
        )
        token = accounts.issue_token(session, view.id)
    with runtime.transaction() as session:
        assert accounts.user_for_token(session, token) == view.id
    return view.id


def _signs_in(email: str, password: str) -> bool:
    with runtime.transaction() as session:
        given = accounts.Credentials(email=email, password=password)
        return accounts.authenticate(session, given) is not None


def test_reset_with_a_typed_password_signs_out_tokens() -> None:
    user_id = _sign_up("ann@example.com")
    new = "brand new secret"
    result = runner.invoke(cli, ["admin", "reset-password", "Ann@Example.com"], input=f"{new}\n")
    assert result.exit_code == 0, result.output
    assert "Password reset for ann@example.com" in result.output
    assert new not in result.output
    assert _signs_in("ann@example.com", new) and not _signs_in("ann@example.com", OLD)
    with runtime.transaction() as session:
        assert accounts.session_version(session, user_id) is not None


def test_reset_can_generate_a_password_shown_once() -> None:
    _sign_up("bo@example.com")
    result = runner.invoke(cli, ["admin", "reset-password", "bo@example.com", "--generate"])
    assert result.exit_code == 0, result.output
    password = result.output.split("shown once): ")[1].strip()
    assert len(password) >= 12 and _signs_in("bo@example.com", password)


def test_reset_names_the_problem() -> None:
    _sign_up("cy@example.com")
    missing = runner.invoke(cli, ["admin", "reset-password", "nobody@example.com", "--generate"])
    assert missing.exit_code == 2 and "EMAIL" in missing.output
    short = runner.invoke(cli, ["admin", "reset-password", "cy@example.com"], input="abc\n")
    assert short.exit_code == 2 and "password" in short.output and "8–256" in short.output
    assert _signs_in("cy@example.com", OLD)


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
