"""`gluteus history`: every logged entry with its id, filtered by kind and dates."""

from __future__ import annotations

import pytest
from commandline import days_ago, error, history, ok


def test_history_json_lists_every_kind_with_ids_and_fields() -> None:
    d1, d2 = days_ago(3), days_ago(2)
    ok("log", "weight", "71.5kg", "--date", d1)
    ok("log", "set", "glute-bridge", "-r", "12", "-r", "10", "--load", "8kg", "--hard",
       "--date", d1)  # fmt: skip
    ok("log", "cardio", "brisk-walk", "--minutes", "30", "--date", d2)
    ok("log", "intake", "1850", "--date", d2)
    ok("log", "measure", "--hips", "100cm", "--date", d2)
    ok("log", "pain", "forward-lunge", "--severity", "3", "--date", d2)

    entries = history()
    assert len(entries) == 7
    assert all({"id", "kind", "date"} <= set(e) for e in entries)
    assert len({e["id"] for e in entries}) == 7
    by_kind = {e["kind"]: e for e in entries}
    assert by_kind["weight"]["weight_kg"] == pytest.approx(71.5)
    sets = [e for e in entries if e["kind"] == "set"]
    assert [(s["exercise_id"], s["reps"], s["load_kg"]) for s in sets] == [
        ("glute-bridge", 12, 8.0),
        ("glute-bridge", 10, 8.0),
    ]
    assert by_kind["cardio"]["minutes"] == 30
    assert by_kind["intake"]["kcal"] == 1850
    assert by_kind["measure"]["hips_cm"] == pytest.approx(100)
    assert by_kind["pain"]["severity"] == 3
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)

    assert [e["kind"] for e in history("--kind", "weight")] == ["weight"]
    assert {e["kind"] for e in history("--kind", "set")} == {"set"}
    assert {e["date"] for e in history("--since", d2)} == {d2}
    assert {e["date"] for e in history("--until", d1)} == {d1}
    assert [e["kind"] for e in history("--kind", "intake", "--since", d2, "--until", d2)] == [
        "intake"
    ]
    assert history("--kind", "weight", "--since", d2) == []
    assert "Glute bridge" in ok("history")


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--kind", "sets"], "--kind"),
        (["--since", "yesterday"], "--since"),
        (["--until", "2025-02-30"], "--until"),
    ],
)
def test_history_bad_filters(args: list[str], flag: str) -> None:
    assert error("history", *args).startswith(f"error: {flag}")


def test_history_since_after_until_is_refused() -> None:
    assert "--since" in error("history", "--since", days_ago(1), "--until", days_ago(2))
