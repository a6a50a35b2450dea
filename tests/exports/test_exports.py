from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from sqlalchemy import Engine

from gluteus.cli import cli as app
from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import (
    CardioLog,
    History,
    IntakeEntry,
    LoggedSet,
    PainReport,
    WeightEntry,
)
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program
from gluteus.domain.units import KG_PER_LB, UnitSystem, lb_to_kg
from gluteus.exports import (
    FORMULA_TRIGGERS,
    ExportError,
    csv_text,
    csv_value,
    day_date,
    history_csv,
    program_html,
    program_ics,
)
from gluteus.services import admin, journal, plans, users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError
from gluteus.services.plans import build_plan, example_profile

START = dt.date(2025, 3, 5)
TODAY = dt.date(2025, 3, 20)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'gluteus.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)


_ENGINES: list[Engine] = []


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Close every engine a test opened (Python 3.13 warns about unclosed SQLite files)."""
    yield
    while _ENGINES:
        _ENGINES.pop().dispose()


def _engine(path: Path) -> Engine:
    engine = create_db_engine(f"sqlite:///{path}")
    _ENGINES.append(engine)
    upgrade_to_head(engine)
    return engine


@pytest.fixture
def program(woman: Profile) -> Program:
    return build_plan(woman.model_copy(update={"weeks": 4}), START)


def _actor(engine: Engine) -> Actor:
    now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    with unit_of_work(engine) as session:
        user_id = users.find_user(session, "local") or users.create_user(
            session, "local", timezone="UTC"
        )
        return users.actor_for(session, user_id, now, UnitSystem.METRIC)


def _fill(engine: Engine, program: Program) -> Actor:
    actor = _actor(engine)
    with unit_of_work(engine) as s:
        earlier = START - dt.timedelta(days=28)
        plans.make_plan(s, actor, plans.PlanRequest(profile=program.profile, start_date=earlier))
        plans.make_plan(s, actor, plans.PlanRequest(profile=program.profile, start_date=START))
        users.set_units(s, actor, UnitSystem.IMPERIAL)
        for day in range(3):
            date = START + dt.timedelta(days=2 * day)
            journal.log_sets(s, actor, journal.SetsInput(
                exercise_id="glute-bridge", reps=[15, 14], load_kg=8.25, last_two_hard=True,
                date=date))  # fmt: skip
            journal.log_sets(s, actor, journal.SetsInput(
                exercise_id="band-side-lying-clamshell", reps=[12], band="light",
                last_two_hard=False, date=date))  # fmt: skip
            journal.log_cardio(s, actor, journal.CardioInput(
                activity_id="brisk-walk", minutes=31.5, distance_km=3.3, date=date))  # fmt: skip
            journal.log_weight(s, actor, journal.WeightInput(weight_kg=72.4 - 0.1 * day, date=date))
            journal.log_intake(s, actor, journal.IntakeInput(kcal=1850 + day, date=date))
        journal.log_measurement(
            s, actor, journal.MeasureInput(hips_cm=101.2, thigh_cm=58, date=START)
        )
        journal.log_pain(s, actor, journal.PainInput(
            exercise_id="forward-lunge", severity=3, note="knee, «sharp»", region="knee",
            date=START))  # fmt: skip
        for started in (START - dt.timedelta(days=27), START + dt.timedelta(days=1)):
            journal.log_period(s, actor, journal.PeriodInput(date=started))
    return actor


def _export(engine: Engine) -> dict[str, object]:
    with unit_of_work(engine) as session:
        return admin.export_database(session)


def _import(engine: Engine, data: object, replace: bool = False) -> dict[str, int]:
    with unit_of_work(engine) as session:
        return admin.import_database(session, data, replace=replace)


def _history(engine: Engine, actor: Actor) -> History:
    with unit_of_work(engine) as session:
        return journal.history(session, actor)


def test_export_import_export_is_identical(tmp_path: Path, program: Program) -> None:
    source = _engine(tmp_path / "a.db")
    actor = _fill(source, program)
    first = _export(source)
    text = json.dumps(first)

    target = _engine(tmp_path / "b.db")
    counts = _import(target, json.loads(text))
    assert counts["sets"] == 9 and counts["plans"] == 1 and counts["users"] == 1
    assert counts["periods"] == 2 and len(first["users"][0]["periods"]) == 2  # type: ignore[index]
    assert _export(target) == first
    copy = _actor(target)
    with unit_of_work(target) as session:
        assert plans.active_program(session, copy) == program
    assert _history(target, copy) == _history(source, actor)


def test_import_refuses_a_non_empty_database_unless_replace(
    tmp_path: Path, program: Program
) -> None:
    engine = _engine(tmp_path / "a.db")
    actor = _fill(engine, program)
    data = _export(engine)
    with pytest.raises(InputError) as caught:
        _import(engine, data)
    assert caught.value.field == "replace"
    with unit_of_work(engine) as session:
        journal.log_weight(
            session, actor, journal.WeightInput(weight_kg=80, date=TODAY, confirm=True)
        )
    _import(engine, data, replace=True)
    assert _export(engine) == data


def test_export_carries_the_pain_region_and_older_exports_import_as_other(
    tmp_path: Path, program: Program
) -> None:
    source = _engine(tmp_path / "a.db")
    _fill(source, program)
    data = _export(source)
    (pain,) = data["users"][0]["pain"]  # type: ignore[index]
    assert pain["region"] == "knee"
    del pain["region"]
    target = _engine(tmp_path / "b.db")
    _import(target, data)
    (report,) = _history(target, _actor(target)).pain
    assert report.region == "other"
    assert report.note == "knee, «sharp»"


def _second_active_plan(data: dict[str, object]) -> None:
    user = data["users"][0]  # type: ignore[index]
    user["plans"].append(dict(user["plans"][0]))


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(version=99), "version"),
        (lambda d: d["users"][0]["sets"][0].update(reps=-1), "sets[0]"),
        (lambda d: d["users"][0]["weights"][1].update(weight_kg=1), "weights[1]"),
        (_second_active_plan, "plans"),
        (lambda d: d["users"][0]["pain"][0].update(region="elbow"), "pain[0]"),
    ],
)
def test_bad_import_names_the_place_and_writes_nothing(
    tmp_path: Path, program: Program, mutate: object, field: str
) -> None:
    source = _engine(tmp_path / "a.db")
    _fill(source, program)
    data = _export(source)
    mutate(data)  # type: ignore[operator]
    target = _engine(tmp_path / "b.db")
    with pytest.raises(InputError, match=field.replace("[", r"\[").replace("]", r"\]")):
        _import(target, data)
    with unit_of_work(target) as session:
        assert admin.database_is_empty(session)


def test_ics_parses_back_with_one_event_per_training_day(program: Program) -> None:
    calendar = Calendar.from_ical(program_ics(program))
    events = calendar.walk("VEVENT")
    training_days = [(w.number, d) for w in program.weeks for d in w.days if d.sessions]
    assert len(events) == len(training_days)
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event, (number, day) in zip(
        sorted(events, key=lambda e: e.decoded("DTSTART")),
        sorted(training_days, key=lambda t: day_date(program, t[0], t[1]) or START),
        strict=True,
    ):
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.datetime) and start.tzinfo is None
        assert start.time() == dt.time(7, 0)
        assert start.date() == day_date(program, number, day)
        assert program.day_for(start.date()) == day
        assert event.decoded("DURATION") == dt.timedelta(minutes=round(day.minutes))
        assert str(event["SUMMARY"]).startswith("Gluteus: ")
        first = day.sessions[0].exercises[0].name
        assert first in str(event["DESCRIPTION"])
    assert program_ics(program) == program_ics(program)


def test_html_has_every_week_and_print_css(program: Program) -> None:
    html = program_html(program)
    for week in program.weeks:
        assert f'id="week-{week.number}"' in html
    assert "@media print" in html and "break-before: page" in html
    assert "http://" not in html and "https://" not in html


def test_csv_has_one_file_per_log_kind(tmp_path: Path, program: Program) -> None:
    engine = _engine(tmp_path / "a.db")
    actor = _fill(engine, program)
    files = history_csv(_history(engine, actor))
    assert set(files) == {
        f"{k}.csv"
        for k in ("sets", "cardio", "weights", "measurements", "pain", "intake", "periods")
    }
    rows = list(csv.DictReader(io.StringIO(files["sets.csv"])))
    assert len(rows) == 9 and rows[0]["exercise_id"] in {
        "glute-bridge",
        "band-side-lying-clamshell",
    }
    assert {r["exercise_name"] for r in rows} == {"Glute bridge", "Mini-band side-lying clamshell"}
    assert {r["load_kg"] for r in rows} == {"8.25", ""}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["logged_at"]) for r in rows)
    pain = list(csv.DictReader(io.StringIO(files["pain.csv"])))
    assert pain[0]["note"] == "knee, «sharp»"
    assert pain[0]["exercise_name"] == "Forward lunge"
    for text in files.values():
        assert re.search(r"\d\.\d{4,}", text) is None


def test_cli_export_and_import_round_trip(tmp_path: Path, program: Program) -> None:
    from gluteus.db.engine import open_database

    engine = open_database()
    _fill(engine, program)
    engine.dispose()
    backup = tmp_path / "backup.json"
    res = runner.invoke(app, ["export", "data", "--out", str(backup)])
    assert res.exit_code == 0, res.output
    ics = tmp_path / "plan.ics"
    assert (
        runner.invoke(app, ["export", "ics", "--out", str(ics), "--start-time", "18:30"]).exit_code
        == 0
    )
    assert Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0].decoded(
        "DTSTART"
    ).time() == dt.time(18, 30)
    html = tmp_path / "plan.html"
    assert runner.invoke(app, ["export", "plan", "--html", "--out", str(html)]).exit_code == 0
    assert "Week 4" in html.read_text("utf-8")
    assert 'id="figures-title"' in html.read_text("utf-8")  # the drawn exercises, printed still
    plain = tmp_path / "plain.html"
    bare = runner.invoke(app, ["export", "plan", "--no-figures", "--out", str(plain)])
    assert bare.exit_code == 0
    assert 'id="figures-title"' not in plain.read_text("utf-8")
    assert runner.invoke(app, ["export", "csv", "--out", str(tmp_path / "csv")]).exit_code == 0
    assert (tmp_path / "csv" / "weights.csv").exists()

    refused = runner.invoke(app, ["import", "data", str(backup)])
    assert refused.exit_code != 0 and "--replace" in refused.stderr
    assert runner.invoke(app, ["import", "data", str(backup), "--replace"]).exit_code == 0
    again = tmp_path / "again.json"
    assert runner.invoke(app, ["export", "data", "--out", str(again)]).exit_code == 0
    assert json.loads(again.read_text("utf-8")) == json.loads(backup.read_text("utf-8"))


def test_cli_export_errors_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "ics"])
    assert result.exit_code != 0 and "no active plan" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    result = runner.invoke(app, ["import", "data", str(bad)])
    assert result.exit_code != 0 and "not valid JSON" in result.stderr
    result = runner.invoke(app, ["export", "ics", "--start-time", "25:00"])
    assert result.exit_code != 0 and "--start-time" in result.stderr


def _uids(ics: bytes) -> dict[dt.date, str]:
    events = Calendar.from_ical(ics).walk("VEVENT")
    return {e.decoded("DTSTART").date(): str(e["UID"]) for e in events}


def _plan(start: dt.date, **changes: object) -> Program:
    profile = Profile.model_validate({**example_profile().model_dump(), **changes})
    return build_program(profile, default_catalog(), start)


def test_ics_uids_survive_a_re_plan_of_the_same_days() -> None:
    start = dt.date(2026, 3, 2)
    before = _plan(start)
    after = _plan(start, weight_kg=90, goal_weight_kg=80, age=52, level="intermediate")
    first = program_ics(before, stamp=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC))
    second = program_ics(after, stamp=dt.datetime(2026, 4, 1, 18, 30, 5, 250, tzinfo=dt.UTC))
    assert first != second
    assert [d.sessions for w in before.weeks for d in w.days] != [
        d.sessions for w in after.weeks for d in w.days
    ]
    assert _uids(first) == _uids(second)
    stamps = {str(e.decoded("DTSTAMP")) for e in Calendar.from_ical(second).walk("VEVENT")}
    assert stamps == {"2026-04-01 18:30:05+00:00"}
    for event in Calendar.from_ical(second).walk("VEVENT"):
        assert event.decoded("DTSTART").tzinfo is None


def test_ics_uids_differ_between_dates_and_between_people() -> None:
    program = _plan(dt.date(2026, 3, 2))
    uids = _uids(program_ics(program))
    assert len(set(uids.values())) == len(uids)
    week_later = _uids(program_ics(_plan(dt.date(2026, 3, 9))))
    shared = set(uids) & set(week_later)
    assert shared and all(uids[d] == week_later[d] for d in shared)
    assert not set(uids.values()) & {week_later[d] for d in set(week_later) - shared}
    alice = _uids(program_ics(program, uid_namespace="user-1"))
    bob = _uids(program_ics(program, uid_namespace="user-2"))
    assert set(alice) == set(bob) == set(uids)
    assert not set(alice.values()) & set(bob.values())
    assert not set(alice.values()) & set(uids.values())
    assert "user-1" not in "".join(alice.values())


def test_ics_refuses_a_stamp_without_time_zone() -> None:
    with pytest.raises(ExportError, match="stamp"):
        program_ics(_plan(dt.date(2026, 3, 2)), stamp=dt.datetime(2026, 3, 1, 9, 0))


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_names_stand_beside_ids_and_existing_columns_stay() -> None:
    history = History(
        sets=(
            LoggedSet(
                date=START, exercise_id="glute-bridge", set_number=1, reps=12, last_two_hard=True
            ),
            LoggedSet(
                date=START, exercise_id="my-own-move", set_number=1, reps=8, last_two_hard=False
            ),
        ),
        cardio=(CardioLog(date=START, activity_id="brisk-walk", minutes=30),),
        pain=(PainReport(date=START, exercise_id="forward-lunge", severity=3),),
    )
    files = history_csv(history)
    for kind, model, name_after in (
        ("sets", LoggedSet, "exercise_id"),
        ("cardio", CardioLog, "activity_id"),
        ("pain", PainReport, "exercise_id"),
    ):
        header = files[f"{kind}.csv"].splitlines()[0].split(",")
        added = name_after.replace("_id", "_name")
        assert [c for c in header if c != added] == list(model.model_fields)
        assert header.index(added) == header.index(name_after) + 1
    assert [r["exercise_name"] for r in _rows(files["sets.csv"])] == ["Glute bridge", ""]
    assert _rows(files["cardio.csv"])[0]["activity_name"] == "Brisk walk"
    assert _rows(files["pain.csv"])[0]["exercise_name"] == "Forward lunge"
    for kind in ("weights", "measurements", "intake", "periods"):
        model = type(history).model_fields[kind].annotation
        assert files[f"{kind}.csv"].splitlines()[0].split(",") == list(
            model.__args__[0].model_fields  # type: ignore[union-attr]
        )


def test_csv_numbers_have_no_float_noise_and_times_are_utc_seconds() -> None:
    plus_one = dt.timezone(dt.timedelta(hours=1))
    history = History(
        sets=(
            LoggedSet(
                date=START,
                exercise_id="glute-bridge",
                set_number=1,
                reps=12,
                load_kg=lb_to_kg(20),
                last_two_hard=True,
                logged_at=dt.datetime(2026, 3, 5, 19, 0, 7, 654321, tzinfo=plus_one),
            ),
        ),
        cardio=(
            CardioLog(
                date=START,
                activity_id="brisk-walk",
                minutes=31.5,
                distance_km=3.3,
                speed_kmh=0.1 + 0.2,
                logged_at=dt.datetime(2026, 3, 5, 18, 0, 7, 999),
            ),
        ),
        weights=(WeightEntry(date=START, weight_kg=72.4 - 0.1 * 2),),
        intake=(
            IntakeEntry(date=START, kcal=1850.0),
            IntakeEntry(date=START, kcal=420.0, protein_g=31.25),
        ),
    )
    assert repr(lb_to_kg(20)) == "9.071847400000001"  # the noise the CSV must hide
    files = history_csv(history)
    sets = _rows(files["sets.csv"])[0]
    assert sets["load_kg"] == "9.072" and sets["logged_at"] == "2026-03-05T18:00:07Z"
    assert float(sets["load_kg"]) / KG_PER_LB == pytest.approx(20, abs=0.005)
    cardio = _rows(files["cardio.csv"])[0]
    assert (cardio["minutes"], cardio["distance_km"], cardio["speed_kmh"]) == ("31.5", "3.3", "0.3")
    assert cardio["logged_at"] == "2026-03-05T18:00:07Z"
    assert _rows(files["weights.csv"])[0] == {
        "date": "2025-03-05",
        "weight_kg": "72.2",
        "logged_at": "",
    }
    intake = _rows(files["intake.csv"])
    assert [(r["kcal"], r["protein_g"]) for r in intake] == [("1850", ""), ("420", "31.25")]


@pytest.mark.parametrize(
    "note", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=1", '=HYPERLINK("x")']
)
def test_csv_text_cells_are_safe_from_formula_injection(note: str) -> None:
    history = History(
        pain=(PainReport(date=START, exercise_id="hip-thrust", severity=3, note=note),),
    )
    text = history_csv(history)["pain.csv"]
    cell = next(csv.DictReader(io.StringIO(text, newline="")))["note"]
    assert cell == "'" + note.replace("\r", "\n")  # a spreadsheet shows it as text


@given(st.text(max_size=30))
def test_csv_text_never_starts_a_formula_and_keeps_the_text(text: str) -> None:
    safe = csv_text(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert "\r" not in safe
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    assert safe in (lines, "'" + lines)
    assert safe.startswith("'" + lines) == text.startswith(FORMULA_TRIGGERS)


def test_csv_numbers_and_plain_text_are_not_prefixed() -> None:
    assert csv_value(-2.5) == "-2.5"
    assert csv_value(-3) == "-3"
    assert csv_value("glutes felt it") == "glutes felt it"
