"""`gluteus log period` and the check-in's cycle context on the command line (issue 24 item 8)."""

from __future__ import annotations

import datetime as dt
import json

from commandline import as_json, days_ago, error, history, invoke, local_today, ok, save_plan

from gluteus.domain.energy.cycle import swing_days


def test_log_period_lists_corrects_and_deletes() -> None:
    assert "period started" in ok("log", "period")
    said = ok("log", "period", "--date", days_ago(30))
    assert "(period-2)" in said
    logged = history("--kind", "period")
    assert [e["date"] for e in logged] == [days_ago(30), days_ago(0)]
    assert all(e["kind"] == "period" for e in logged)
    ok("log", "edit", "period-2", "--date", days_ago(29))
    assert [e["date"] for e in history("--kind", "period")] == [days_ago(29), days_ago(0)]
    ok("log", "delete", "period-2", "--yes")
    assert [e["id"] for e in history("--kind", "period")] == ["period-1"]


def test_bad_period_input_exits_non_zero_and_writes_nothing() -> None:
    assert "--date" in error("log", "period", "--date", "last tuesday")
    future = (local_today() + dt.timedelta(days=3)).isoformat()
    assert "must not be after today" in error("log", "period", "--date", future)
    ok("log", "period", "--date", days_ago(2))
    assert "already logged" in error("log", "period", "--date", days_ago(2))
    ok("log", "period", "--date", days_ago(31))
    assert "already logged" in error("log", "edit", "period-2", "--date", days_ago(2))
    wrong = error("log", "edit", "period-1", "--kcal", "1800")
    assert "--kcal" in wrong
    assert [e["date"] for e in history("--kind", "period")] == [days_ago(31), days_ago(2)]


def _checkin_codes() -> list[str]:
    view = as_json("checkin", "--dry-run")
    return [w["code"] for w in view["warnings"]]


def test_checkin_json_names_the_cycle_context_only_with_period_starts() -> None:
    today = local_today()
    save_plan(start=today - dt.timedelta(days=28))
    start = today - dt.timedelta(days=1)  # a period that began yesterday: the swing is now
    swing = swing_days([start], until=today)
    for n in range(28, -1, -1):
        day = today - dt.timedelta(days=n)
        kg = 72.0 + (0.1 if n % 2 else -0.1) + (1.2 if day in swing else 0.0)
        ok("log", "weight", f"{kg:.1f}kg", "--date", day.isoformat(), "--confirm")
    assert "cycle_context" not in _checkin_codes()  # no cycle data: no change
    ok("log", "period", "--date", start.isoformat())
    view = as_json("checkin", "--dry-run")
    notes = [w for w in view["warnings"] if w["code"] == "cycle_context"]
    assert len(notes) == 1 and "before a period" in notes[0]["message"]
    text = invoke("checkin", "--dry-run").stdout
    assert "before a period" in text
    assert json.loads(ok("checkin", "--history", "--json")) == []  # dry runs saved nothing
