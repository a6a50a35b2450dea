"""`gluteus log edit` names each field as the journal does: every correctable field has a flag.

A cardio entry's catalog id is ``exercise_id`` to the journal and ``--activity`` here; sets and
pain take ``--exercise``. Each refuses the other's flag, naming the flags it takes.
"""

from __future__ import annotations

from commandline import days_ago, error, history, ok


def _only(kind: str) -> dict[str, object]:
    (entry,) = (e for e in history() if e["kind"] == kind)
    return entry


def test_log_edit_corrects_whether_form_held() -> None:
    ok("log", "set", "glute-bridge", "-r", "10", "--hard", "--date", days_ago(1))
    entry_id = str(_only("set")["id"])
    assert _only("set")["good_form"] is True
    ok("log", "edit", entry_id, "--form-broke")
    assert _only("set")["good_form"] is False
    ok("log", "edit", entry_id, "--good-form")
    assert _only("set")["good_form"] is True


def test_cardio_takes_activity_and_sets_take_exercise() -> None:
    ok("log", "set", "glute-bridge", "-r", "10", "--hard", "--date", days_ago(1))
    ok("log", "cardio", "brisk-walk", "--minutes", "20", "--date", days_ago(1))
    set_id, cardio_id = str(_only("set")["id"]), str(_only("cardio")["id"])
    ok("log", "edit", cardio_id, "--activity", "jog")
    assert _only("cardio")["activity_id"] == "jog"
    before = history()
    refused = error("log", "edit", cardio_id, "--exercise", "hiking")
    assert refused.startswith("error: --exercise")
    assert "cardio entry" in refused and "--activity" in refused
    refused = error("log", "edit", set_id, "--activity", "jog")
    assert refused.startswith("error: --activity")
    assert "set entry" in refused and "--exercise" in refused
    assert error("log", "edit", cardio_id, "--activity", "glute-bridge").startswith(
        "error: --activity"
    )
    assert history() == before
