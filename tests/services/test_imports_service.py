"""The import use case on each backend: row by row, idempotent, mapped, refused whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gluteus.db.engine import unit_of_work
from gluteus.db.tables import ImportedEntryRow
from gluteus.domain.units import UnitSystem
from gluteus.services import backup, journal, users
from gluteus.services import imports as importing
from gluteus.services.context import Actor
from gluteus.services.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "imports" / "data"
NOW = dt.datetime(2024, 4, 1, 12, 0, tzinfo=dt.UTC)
LB = 0.45359237
MAR = {day: dt.date(2024, 3, day) for day in range(1, 32)}


def _text(name: str) -> str:
    return (DATA / name).read_bytes().decode("utf-8")


def _actor(engine: Engine, name: str) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


@pytest.fixture
def alice(engine: Engine) -> Actor:
    return _actor(engine, "alice")


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with unit_of_work(engine) as session:
        yield session


def _run(engine: Engine, actor: Actor, source: str, name: str, **options: Any) -> Any:
    given = importing.ImportInput(source=source, text=_text(name), **options)
    with unit_of_work(engine) as session:
        return importing.import_file(session, actor, given)


def _sets(engine: Engine, actor: Actor) -> list[tuple[Any, ...]]:
    with unit_of_work(engine) as session:
        found = journal.list_entries(session, actor, journal.HistoryQuery(kind="set"))
    rows = [
        (s.date, s.exercise_id, s.set_number, s.reps, s.load_kg, s.last_two_hard)
        for s in found
        if isinstance(s, journal.SetView)
    ]
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def _cardio(engine: Engine, actor: Actor) -> list[tuple[Any, ...]]:
    with unit_of_work(engine) as session:
        found = journal.list_entries(session, actor, journal.HistoryQuery(kind="cardio"))
    return [
        (c.date, c.activity_id, c.minutes, c.distance_km)
        for c in found
        if isinstance(c, journal.CardioView)
    ]


def _weights(engine: Engine, actor: Actor) -> list[tuple[dt.date, float]]:
    with unit_of_work(engine) as session:
        found = journal.list_entries(session, actor, journal.HistoryQuery(kind="weight"))
    return sorted((w.date, w.weight_kg) for w in found if isinstance(w, journal.WeightView))


def _keys(engine: Engine) -> int:
    with unit_of_work(engine) as session:
        return int(session.scalar(select(func.count()).select_from(ImportedEntryRow)) or 0)


def test_strong_pounds_file_lands_row_by_row(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "strong", "strong_classic_lb.csv", unit="lb")
    assert view.format == "strong"
    assert view.rows == 10
    assert view.imported.model_dump() == {"sets": 6, "cardio": 2, "weights": 0, "intake": 0}
    assert view.skipped_by_reason == {"rest_timer": 1, "warmup": 1}
    assert view.skipped == 2
    assert view.unmatched == []
    assert (view.first_date, view.last_date) == (MAR[5], MAR[7])
    split = next(m for m in view.matches if m.name == "Bulgarian Split Squat")
    assert (split.keeps_load, split.loads_dropped) == (False, 1)
    assert split.note is not None and "imported without a load" in split.note
    assert all(m.note is None for m in view.matches if m.name != "Bulgarian Split Squat")
    thrust, rdl = round(135 * LB, 3), round(115 * LB, 3)
    assert _sets(engine, alice) == [
        (MAR[5], "bulgarian-split-squat", 1, 12, None, False),  # a body-weight move
        (MAR[5], "hip-thrust", 1, 10, thrust, False),
        (MAR[5], "hip-thrust", 2, 9, thrust, True),
        (MAR[5], "plank", 1, 60, None, False),
        (MAR[7], "romanian-deadlift", 1, 8, rdl, False),
        (MAR[7], "romanian-deadlift", 2, 6, rdl, True),
    ]
    assert _cardio(engine, alice) == [
        (MAR[5], "jog", 25.0, round(2 * 1.609344, 3)),
        (MAR[7], "brisk-walk", 30.0, None),
    ]


def test_strong_android_file_leaves_an_unknown_lift_unmatched(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "strong", "strong_android_kg.csv")
    assert view.unmatched == ["Bench Press (Barbell)"]
    assert view.imported.model_dump() == {"sets": 4, "cardio": 1, "weights": 0, "intake": 0}
    assert view.skipped_by_reason == {"unmatched": 1, "warmup": 1}
    assert _sets(engine, alice) == [
        (MAR[10], "cable-kickback", 1, 15, 10.0, False),
        (MAR[10], "loaded-squat", 1, 8, 62.5, False),
        (MAR[10], "loaded-squat", 2, 8, 62.5, True),
        (MAR[10], "loaded-squat", 3, 12, 40.0, True),
    ]
    assert _cardio(engine, alice) == [(MAR[10], "stationary-bike", 30.0, 10.5)]


def test_hevy_warmups_are_skipped_and_counted(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "hevy", "hevy_kg.csv")
    assert view.imported.model_dump() == {"sets": 4, "cardio": 1, "weights": 0, "intake": 0}
    assert view.skipped_by_reason == {"not_in_catalog": 1, "unmatched": 2, "warmup": 2}
    assert view.unmatched == ["Lat Pulldown (Cable)"]
    lat = next(m for m in view.matches if m.name == "Lat Pulldown (Cable)")
    assert (lat.rows, lat.how, len(lat.candidates)) == (2, "none", 3)
    assert _sets(engine, alice) == [
        (MAR[5], "forward-lunge", 1, 10, 12.5, False),
        (MAR[5], "hip-thrust", 1, 10, 80.0, True),
        (MAR[5], "hip-thrust", 2, 8, 80.0, True),
        (MAR[8], "band-row", 1, 12, 30.0, False),
    ]
    assert _cardio(engine, alice) == [(MAR[5], "stair-climbing", 15.0, 1.2)]


def test_a_machine_load_never_becomes_a_band_move_s_load(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "hevy", "hevy_kg.csv")
    machine = next(m for m in view.matches if m.name == "Hip Abduction (Machine)")
    assert (machine.exercise_id, machine.how, machine.keeps_load) == (
        "not-in-catalog",
        "known",
        False,
    )
    assert machine.note is not None and "left out" in machine.note
    assert all(s[1] != "seated-band-abduction" for s in _sets(engine, alice))


def test_a_machine_mapped_to_a_band_move_comes_in_without_its_load(
    engine: Engine, alice: Actor
) -> None:
    view = _run(
        engine, alice, "hevy", "hevy_kg.csv", mapping={"Hip Abduction (Machine)": "clamshell"}
    )
    machine = next(m for m in view.matches if m.name == "Hip Abduction (Machine)")
    assert (machine.exercise_id, machine.how, machine.loads_dropped) == ("clamshell", "mapped", 1)
    assert machine.note is not None and "1 set is imported without a load" in machine.note
    assert [s for s in _sets(engine, alice) if s[1] == "clamshell"] == [
        (MAR[5], "clamshell", 1, 15, None, True)
    ]


def test_hevy_warmups_on_request_are_logged_as_not_hard(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "hevy", "hevy_kg.csv", warmups=True)
    assert view.imported.sets == 6  # the abduction machine is not in the catalog
    thrusts = [s for s in _sets(engine, alice) if s[1] == "hip-thrust"]
    assert thrusts == [
        (MAR[5], "hip-thrust", 1, 12, 40.0, False),
        (MAR[5], "hip-thrust", 2, 10, 80.0, True),
        (MAR[5], "hip-thrust", 3, 8, 80.0, True),
    ]


def test_hevy_imperial_file(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "hevy", "hevy_lbs.csv")
    assert view.imported.model_dump() == {"sets": 2, "cardio": 1, "weights": 0, "intake": 0}
    assert _sets(engine, alice) == [
        (MAR[12], "romanian-deadlift", 1, 10, round(50 * LB, 3), True),
        (MAR[12], "step-up", 1, 12, None, False),
    ]
    assert _cardio(engine, alice) == [(MAR[12], "jog", 15.0, round(1.5 * 1.609344, 3))]


def test_reimporting_the_same_file_adds_nothing(engine: Engine, alice: Actor) -> None:
    first = _run(engine, alice, "strong", "strong_classic_lb.csv", unit="lb")
    again = _run(engine, alice, "strong", "strong_classic_lb.csv", unit="lb")
    assert again.imported.model_dump() == {"sets": 0, "cardio": 0, "weights": 0, "intake": 0}
    assert again.skipped_by_reason["already_imported"] == 8
    assert again.skipped == first.skipped + 8
    assert len(_sets(engine, alice)) == 6
    assert len(_cardio(engine, alice)) == 2
    assert _keys(engine) == 8


def test_unmatched_names_come_in_through_a_mapping_later(engine: Engine, alice: Actor) -> None:
    _run(engine, alice, "hevy", "hevy_kg.csv")
    mapping = '"Lat Pulldown (Cable)" = "inverted-row"\n'
    view = _run(engine, alice, "hevy", "hevy_kg.csv", mapping_text=mapping)
    assert view.unmatched == []
    assert view.imported.model_dump() == {"sets": 2, "cardio": 0, "weights": 0, "intake": 0}
    assert view.skipped_by_reason == {"already_imported": 5, "not_in_catalog": 1, "warmup": 2}
    # a cable stack's kilograms are no load for a body-weight row
    assert [s for s in _sets(engine, alice) if s[1] == "inverted-row"] == [
        (MAR[8], "inverted-row", 1, 10, None, False),
        (MAR[8], "inverted-row", 2, 9, None, False),
    ]
    assert len(_sets(engine, alice)) == 6


def test_a_name_mapped_to_skip_is_left_out_on_purpose(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "hevy", "hevy_kg.csv", mapping={"Lat Pulldown (Cable)": "skip"})
    assert view.unmatched == []
    assert view.skipped_by_reason == {"ignored": 2, "not_in_catalog": 1, "warmup": 2}


def test_mapping_to_an_unknown_id_is_refused(engine: Engine, alice: Actor) -> None:
    with pytest.raises(InputError) as caught:
        _run(engine, alice, "hevy", "hevy_kg.csv", mapping_text='"Lat Pulldown (Cable)" = "lat"')
    assert caught.value.field == "map"
    assert _keys(engine) == 0


def test_imported_sets_are_numbered_after_those_already_logged(
    engine: Engine, alice: Actor
) -> None:
    logged = journal.SetsInput(
        exercise_id="hip-thrust", reps=[12, 12], last_two_hard=False, date=MAR[5], load_kg=60
    )
    with unit_of_work(engine) as session:
        journal.log_sets(session, alice, logged)
    _run(engine, alice, "hevy", "hevy_kg.csv")
    thrusts = [s[2:4] for s in _sets(engine, alice) if s[1] == "hip-thrust"]
    assert thrusts == [(1, 12), (2, 12), (3, 10), (4, 8)]


def test_weights_from_every_scale(engine: Engine, alice: Actor) -> None:
    for name, count in [("withings.csv", 3), ("renpho_dmy.csv", 2), ("garmin.csv", 3)]:
        assert _run(engine, alice, "weights", name).imported.weights == count
    google = _run(engine, alice, "weights", "googlefit.csv")
    assert (google.format, google.imported.weights, google.skipped_by_reason) == (
        "google-fit",
        2,
        {"empty": 1},
    )
    assert _run(engine, alice, "weights", "plain.csv", unit="lb").imported.weights == 2
    weights = _weights(engine, alice)
    assert len(weights) == 12
    assert (MAR[25], 69.6) in weights
    assert (MAR[15], round(152.8 * LB, 2)) in weights


def test_ambiguous_renpho_dates_need_a_date_format(engine: Engine, alice: Actor) -> None:
    with pytest.raises(InputError) as caught:
        _run(engine, alice, "weights", "renpho_ambiguous.csv")
    assert caught.value.field == "date_format"
    assert "line 2" in str(caught.value)
    view = _run(engine, alice, "weights", "renpho_ambiguous.csv", date_format="dmy")
    assert _weights(engine, alice) == [(MAR[2], 70.2), (MAR[5], 69.6)]
    assert view.format == "renpho"


def test_implausible_rows_refuse_the_whole_file_naming_them(
    engine: Engine, alice: Actor, tmp_path: Path
) -> None:
    text = _text("withings.csv").replace("72.1,", "412.1,").replace("2024-03-08", "2024-04-08")
    given = importing.ImportInput(source="weights", text=text)
    with unit_of_work(engine) as session, pytest.raises(InputError) as caught:
        importing.import_file(session, alice, given)
    assert caught.value.field == "skip_bad"
    fields = [p.field for p in caught.value.problems]
    assert fields == ["skip_bad", "line 3", "line 4"]
    assert "412.1 kg is implausible" in caught.value.problems[1].reason
    assert "must not be after today" in caught.value.problems[2].reason
    assert _weights(engine, alice) == []
    with unit_of_work(engine) as session:
        view = importing.import_file(session, alice, given.model_copy(update={"skip_bad": True}))
    assert view.imported.weights == 1
    assert view.skipped_by_reason == {"bad": 2}
    assert [b.line for b in view.bad_rows] == [3, 4]
    assert _weights(engine, alice) == [(MAR[1], 72.4)]


def test_too_many_reps_is_a_bad_row(engine: Engine, alice: Actor) -> None:
    text = _text("hevy_lbs.csv").replace("Step-up,,,0,normal,25,12", "Step-up,,,0,normal,25,120")
    given = importing.ImportInput(source="hevy", text=text)
    with unit_of_work(engine) as session, pytest.raises(InputError) as caught:
        importing.import_file(session, alice, given)
    assert caught.value.problems[1].field == "line 4"
    assert "120 reps" in caught.value.problems[1].reason


def test_a_dry_run_previews_and_writes_nothing(engine: Engine, alice: Actor) -> None:
    view = _run(engine, alice, "strong", "strong_android_kg.csv", dry_run=True)
    assert view.dry_run
    assert view.imported.model_dump() == {"sets": 4, "cardio": 1, "weights": 0, "intake": 0}
    assert view.unmatched == ["Bench Press (Barbell)"]
    assert (view.first_date, view.last_date) == (MAR[10], MAR[10])
    assert [(s.line, s.kind, s.exercise_id) for s in view.samples[:2]] == [
        (3, "set", "loaded-squat"),
        (4, "set", "loaded-squat"),
    ]
    assert _sets(engine, alice) == []
    assert _keys(engine) == 0


def test_a_dry_run_lists_bad_rows_instead_of_refusing(engine: Engine, alice: Actor) -> None:
    text = _text("withings.csv").replace("72.1,", "7.1,")
    given = importing.ImportInput(source="weights", text=text, dry_run=True)
    with unit_of_work(engine) as session:
        view = importing.import_file(session, alice, given)
    assert [b.line for b in view.bad_rows] == [3]
    assert view.imported.weights == 2


@pytest.mark.parametrize(
    ("source", "text", "field"),
    [
        ("strong", _text("strong_classic_lb.csv")[:-40], "file"),
        ("hevy", _text("withings.csv"), "file"),
        ("weights", "\x00\x01binary\x00", "file"),
        ("strong", _text("strong_classic_lb.csv"), "unit"),
    ],
    ids=["truncated", "wrong-header", "binary", "no-unit"],
)
def test_malformed_files_are_refused_and_write_nothing(
    engine: Engine, alice: Actor, source: str, text: str, field: str
) -> None:
    given = importing.ImportInput.model_validate({"source": source, "text": text})
    with unit_of_work(engine) as session, pytest.raises(InputError) as caught:
        importing.import_file(session, alice, given)
    assert caught.value.field == field
    assert _sets(engine, alice) == [] and _weights(engine, alice) == []
    assert _keys(engine) == 0


def test_two_people_import_the_same_file_each_for_themselves(engine: Engine, alice: Actor) -> None:
    bob = _actor(engine, "bob")
    _run(engine, alice, "hevy", "hevy_lbs.csv")
    assert _run(engine, bob, "hevy", "hevy_lbs.csv").imported.sets == 2
    assert len(_sets(engine, bob)) == 2
    assert len(_sets(engine, alice)) == 2


def test_deleting_an_imported_entry_forgets_its_key(engine: Engine, alice: Actor) -> None:
    _run(engine, alice, "weights", "withings.csv")
    with unit_of_work(engine) as session:
        first = journal.list_entries(session, alice, journal.HistoryQuery(kind="weight"))[0]
        journal.delete_entries(session, alice, [first.id])
    assert _keys(engine) == 2
    again = _run(engine, alice, "weights", "withings.csv")
    assert again.imported.weights == 1
    assert len(_weights(engine, alice)) == 3


def test_imported_data_still_exports_and_restores(engine: Engine, alice: Actor) -> None:
    _run(engine, alice, "strong", "strong_classic_lb.csv", unit="lb")
    keys = _keys(engine)
    with unit_of_work(engine) as session:
        data = backup.export_user(session, alice)
        backup.validate_export(data)
        result = backup.import_user(session, alice, data, replace=True)
    assert result.counts["sets"] == 6
    assert keys == _keys(engine) == len(data["users"][0]["import_keys"]) > 0
    assert len(_sets(engine, alice)) == 6


def test_imported_entries_show_in_the_history_with_their_kind(
    engine: Engine, alice: Actor, db: Session
) -> None:
    given = importing.ImportInput(source="hevy", text=_text("hevy_lbs.csv"))
    importing.import_file(db, alice, given)
    entries = journal.list_entries(db, alice, journal.HistoryQuery())
    assert sorted(e.kind for e in entries) == ["cardio", "set", "set"]
    assert {e.date for e in entries} == {MAR[12]}


def test_check_target_accepts_ids_and_skip() -> None:
    assert importing.check_target(" hip-thrust ") == "hip-thrust"
    assert importing.check_target("skip") == "skip"
    with pytest.raises(InputError):
        importing.check_target("barbell-bench")


def test_concurrent_imports_of_one_file_add_it_once_beside_live_logging(
    engine: Engine, alice: Actor
) -> None:
    import threading

    from gluteus.db.engine import create_db_engine

    url = engine.url.render_as_string(hide_password=False)
    errors: list[BaseException] = []
    text = _text("hevy_kg.csv")

    def importer() -> None:
        own = create_db_engine(url)
        try:
            with unit_of_work(own) as session:
                given = importing.ImportInput(source="hevy", text=text)
                importing.import_file(session, alice, given)
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.dispose()

    def logger() -> None:
        own = create_db_engine(url)
        logged = journal.SetsInput(
            exercise_id="hip-thrust", reps=[12], last_two_hard=False, date=MAR[5]
        )
        try:
            for _ in range(3):
                with unit_of_work(own) as session:
                    journal.log_sets(session, alice, logged)
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=importer) for _ in range(3)]
    threads.append(threading.Thread(target=logger))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    thrusts = [s for s in _sets(engine, alice) if s[1] == "hip-thrust"]
    assert [s[2] for s in thrusts] == [1, 2, 3, 4, 5]
    assert sorted(s[3] for s in thrusts) == [8, 10, 12, 12, 12]
    assert len(_sets(engine, alice)) == 7
    assert _keys(engine) == 5


LATER = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)
NOTHING = {"sets": 0, "cardio": 0, "weights": 0, "intake": 0}
SAME_HISTORY_FILES = [
    ("strong", "strong_current_kg.csv"),
    ("strong", "strong_current_lbs_12h.csv"),
    ("hevy", "hevy_de_kg.csv"),
    ("hevy", "hevy_us_lbs.csv"),
]


@pytest.fixture
def dana(engine: Engine) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, "dana", timezone="UTC")
        return users.actor_for(session, user_id, LATER, UnitSystem.METRIC)


def _semicolons(text: str) -> str:
    return "\n".join(line.replace(",", ";") for line in text.splitlines())


@pytest.mark.parametrize("first", range(len(SAME_HISTORY_FILES)))
def test_the_same_history_in_two_layouts_and_two_apps_imports_once(
    engine: Engine, dana: Actor, first: int
) -> None:
    order = SAME_HISTORY_FILES[first:] + SAME_HISTORY_FILES[:first]
    source, name = order[0]
    view = _run(engine, dana, source, name)
    # hip thrust ×2, goblet squat, plank, RDL ×2 (the warm-up and the machine are left out)
    assert view.imported.model_dump() == {"sets": 6, "cardio": 1, "weights": 0, "intake": 0}
    assert view.duplicates == 0
    stored = _sets(engine, dana)
    for source, name in order[1:]:
        preview = _run(engine, dana, source, name, dry_run=True)
        assert preview.imported.model_dump() == NOTHING, name
        assert preview.duplicates == 7, name
        again = _run(engine, dana, source, name)
        assert again.imported.model_dump() == NOTHING, name
    assert _sets(engine, dana) == stored
    assert len(_cardio(engine, dana)) == 1


def test_a_re_export_with_semicolons_adds_nothing(engine: Engine, dana: Actor) -> None:
    _run(engine, dana, "strong", "strong_current_kg.csv")
    text = _semicolons(_text("strong_current_kg.csv"))
    given = importing.ImportInput(source="strong", text=text)
    with unit_of_work(engine) as session:
        again = importing.import_file(session, dana, given)
    assert again.imported.sets == 0
    assert again.skipped_by_reason["already_imported"] == again.duplicates == 7


def test_a_longer_export_adds_only_the_new_sets(engine: Engine, dana: Actor) -> None:
    text = _text("strong_current_kg.csv")
    _run(engine, dana, "strong", "strong_current_kg.csv")
    extra = "3,2024-12-13 07:00:00,Glutes,3000,Hip Thrust (Barbell),1,62.5,10,8,0,0,,\n"
    longer = importing.ImportInput(source="strong", text=_semicolons(text + extra))
    with unit_of_work(engine) as session:
        view = importing.import_file(session, dana, longer)
    assert (view.imported.sets, view.duplicates) == (1, 7)
    assert (dt.date(2024, 12, 13), "hip-thrust", 1, 10, 62.5, True) in _sets(engine, dana)


def test_identical_sets_count_one_for_one(engine: Engine, dana: Actor) -> None:
    header = _text("strong_current_kg.csv").splitlines()[0]
    row = "1,2024-12-09 07:16:55,Glutes,3600,Hip Thrust (Barbell),{n},60,10,,0,0,,"
    two = "\n".join([header, row.format(n=1), row.format(n=2)])
    three = "\n".join([header, *(row.format(n=n) for n in (1, 2, 3))])
    with unit_of_work(engine) as session:
        importing.import_file(session, dana, importing.ImportInput(source="strong", text=two))
    with unit_of_work(engine) as session:
        view = importing.import_file(
            session, dana, importing.ImportInput(source="strong", text=three)
        )
    assert (view.imported.sets, view.duplicates) == (1, 2)
    assert len(_sets(engine, dana)) == 3


def test_after_export_and_restore_a_re_import_adds_nothing(engine: Engine, dana: Actor) -> None:
    _run(engine, dana, "strong", "strong_current_kg.csv")
    with unit_of_work(engine) as session:
        data = backup.export_user(session, dana)
        backup.import_user(session, dana, data, replace=True)
    assert _keys(engine) == 7  # the keys travelled with the export
    again = _run(engine, dana, "hevy", "hevy_us_lbs.csv")
    assert again.imported.model_dump() == {"sets": 0, "cardio": 0, "weights": 0, "intake": 0}
    assert again.duplicates == 7
    assert len(_sets(engine, dana)) == 6


def _edit_every_set(engine: Engine, actor: Actor) -> None:
    """Correct every stored set's reps, so no stored set vouches for the file by meaning."""
    with unit_of_work(engine) as session:
        found = journal.list_entries(session, actor, journal.HistoryQuery(kind="set"))
        for entry in found:
            assert isinstance(entry, journal.SetView)
            journal.edit_entry(session, actor, entry.id, journal.EntryEdit(reps=entry.reps + 1))


def _keyed_export(engine: Engine, actor: Actor) -> dict[str, Any]:
    _run(engine, actor, "strong", "strong_current_kg.csv")
    _edit_every_set(engine, actor)
    with unit_of_work(engine) as session:
        data = backup.export_user(session, actor)
    keys = data["users"][0]["import_keys"]
    assert sorted(k["kind"] for k in keys) == ["cardio"] + ["set"] * 6
    assert {k["source"] for k in keys} == {"strong"}
    return data


@pytest.mark.parametrize("staged", [False, True])
def test_import_keys_travel_in_export_data_to_a_fresh_account(
    engine: Engine, dana: Actor, staged: bool
) -> None:
    data = _keyed_export(engine, dana)
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, "erin", timezone="UTC")
        erin = users.actor_for(session, user_id, LATER, UnitSystem.METRIC)
    if staged:
        backup.import_user_staged(engine, erin, data)
    else:
        with unit_of_work(engine) as session:
            backup.import_user(session, erin, data)
    assert _sets(engine, erin) == _sets(engine, dana)
    again = _run(engine, erin, "strong", "strong_current_kg.csv")
    assert again.imported.model_dump() == NOTHING
    assert again.duplicates == 7
    with unit_of_work(engine) as session:
        assert (
            backup.export_user(session, erin)["users"][0]["import_keys"]
            == (data["users"][0]["import_keys"])
        )


def test_import_keys_travel_in_the_admin_backup(engine: Engine, dana: Actor) -> None:
    from gluteus.db import repository as repo
    from gluteus.services import admin

    _keyed_export(engine, dana)

    with unit_of_work(engine) as session:
        repo.remember_names(session, dana.user_id, {"leg curl": "skip"})
        dump = admin.export_database(session)
    with unit_of_work(engine) as session:
        admin.import_database(session, dump, replace=True)
    with unit_of_work(engine) as session:
        user_id = users.find_user(session, "dana")
        assert user_id is not None
        restored = users.actor_for(session, user_id, LATER, UnitSystem.METRIC)
    assert _keys(engine) == 7
    again = _run(engine, restored, "strong", "strong_current_kg.csv")
    assert (again.imported.sets, again.duplicates) == (0, 7)
    assert _remembered(engine, restored) == {"leg curl": "skip"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "pain"}, "kind"),
        ({"index": 99}, "index"),
        ({"index": True}, "index"),
        ({"source": ""}, "source"),
        ({"import_key": "x" * 81}, "import_key"),
        ({"created_at": "noon"}, "created_at"),
    ],
)
def test_a_bad_import_key_in_an_export_is_named_and_nothing_written(
    engine: Engine, dana: Actor, change: dict[str, Any], field: str
) -> None:
    data = _keyed_export(engine, dana)
    data["users"][0]["import_keys"][0].update(change)
    with pytest.raises(InputError) as caught:
        backup.validate_export(data)
    assert caught.value.problems[0].field == f"users[0].import_keys[0].{field}"


def test_keys_of_earlier_imports_are_still_recognised(
    engine: Engine, alice: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an import made before keys meant anything stored the digest of the row's text
    with monkeypatch.context() as patched:
        patched.setattr(importing, "_meaning_key", lambda record, entry: record.key)
        _run(engine, alice, "hevy", "hevy_kg.csv")
    # and what is stored cannot vouch by meaning (say every set was edited since)
    monkeypatch.setattr(importing.Present, "take", lambda self, entry: False)
    again = _run(engine, alice, "hevy", "hevy_kg.csv")
    assert again.imported.model_dump() == {"sets": 0, "cardio": 0, "weights": 0, "intake": 0}
    assert again.duplicates == 5


WITHINGS = (
    'Date,"Weight (kg)","Fat mass (kg)",Comments\n'
    "2024-03-01 07:12:00,72.4,22.1,\n"
    "2024-03-03 07:05:31,72.1,,\n"
    "2024-03-08 06:58:00,71.8,21.8,\n"
)
GOOGLE_FIT = (
    "Date,Move Minutes count,Average weight (kg),Max weight (kg),Min weight (kg)\n"
    "2024-03-01,35,72.43,72.43,72.43\n"
    "2024-03-03,20,72.04,72.04,72.04\n"
    "2024-03-05,50,71.95,71.95,71.95\n"
    "2024-03-08,10,71.86,71.86,71.86\n"
)


def test_google_fit_after_withings_adds_only_new_days(engine: Engine, alice: Actor) -> None:
    with unit_of_work(engine) as session:
        given = importing.ImportInput(source="weights", text=WITHINGS)
        importing.import_file(session, alice, given)
    with unit_of_work(engine) as session:
        view = importing.import_file(
            session, alice, importing.ImportInput(source="weights", text=GOOGLE_FIT)
        )
    assert (view.imported.weights, view.duplicates) == (1, 3)
    assert [w[0] for w in _weights(engine, alice)] == [MAR[1], MAR[3], MAR[5], MAR[8]]


def _remembered(engine: Engine, actor: Actor) -> dict[str, str]:
    with unit_of_work(engine) as session:
        return {r.name: r.exercise_id for r in importing.remembered_names(session, actor)}


def test_names_mapped_once_are_remembered_for_the_next_import(engine: Engine, alice: Actor) -> None:
    _run(engine, alice, "hevy", "hevy_kg.csv", mapping={"Lat Pulldown (Cable)": "band-row"})
    assert _remembered(engine, alice) == {"lat pulldown (cable)": "band-row"}
    again = _run(engine, alice, "hevy", "hevy_kg.csv")
    assert again.unmatched == []
    lat = next(m for m in again.matches if m.name == "Lat Pulldown (Cable)")
    assert (lat.exercise_id, lat.how, lat.keeps_load) == ("band-row", "remembered", True)
    assert again.imported.sets == 0  # the same rows, already in the journal


def test_a_dry_run_remembers_nothing_and_names_are_per_person(engine: Engine, alice: Actor) -> None:
    bob = _actor(engine, "bob")
    mapping = {"Lat Pulldown (Cable)": "band-row"}
    _run(engine, alice, "hevy", "hevy_kg.csv", mapping=mapping, dry_run=True)
    assert _remembered(engine, alice) == {}
    _run(engine, alice, "hevy", "hevy_kg.csv", mapping=mapping)
    assert _run(engine, bob, "hevy", "hevy_kg.csv", dry_run=True).unmatched == [
        "Lat Pulldown (Cable)"
    ]


def test_a_new_mapping_replaces_a_remembered_one_and_names_can_be_forgotten(
    engine: Engine, alice: Actor
) -> None:
    _run(engine, alice, "hevy", "hevy_kg.csv", mapping={"Lat Pulldown (Cable)": "band-row"})
    _run(engine, alice, "hevy", "hevy_kg.csv", mapping={"lat pulldown (CABLE)": "skip"})
    assert _remembered(engine, alice) == {"lat pulldown (cable)": "skip"}
    with unit_of_work(engine) as session, pytest.raises(InputError) as caught:
        importing.forget_names(session, alice, ["Leg Curl"])
    assert caught.value.problems[0].field == "forget"
    with unit_of_work(engine) as session:
        assert importing.forget_names(session, alice, ["Lat Pulldown (Cable)"]) == 1
    assert _remembered(engine, alice) == {}
    preview = _run(engine, alice, "hevy", "hevy_kg.csv", dry_run=True)
    assert preview.unmatched == ["Lat Pulldown (Cable)"]


def _intake(engine: Engine, actor: Actor) -> list[tuple[dt.date, float]]:
    with unit_of_work(engine) as session:
        found = journal.list_entries(session, actor, journal.HistoryQuery(kind="intake"))
    return sorted((e.date, e.kcal) for e in found if isinstance(e, journal.IntakeView))


FOOD_LOGS = [
    "myfitnesspal.csv",
    "cronometer_daily.csv",
    "cronometer_servings.csv",
    "loseit.csv",
    "macrofactor.csv",
    "intake_plain.csv",
]


def test_food_logs_from_every_app_import_the_days_once(engine: Engine, dana: Actor) -> None:
    first = _run(engine, dana, "intake", FOOD_LOGS[0])
    assert first.imported.model_dump() == {"sets": 0, "cardio": 0, "weights": 0, "intake": 3}
    assert [s.kcal for s in first.samples] == [1850.0, 2100.0, 1720.5]
    for name in FOOD_LOGS[1:]:
        again = _run(engine, dana, "intake", name)
        assert (again.imported.intake, again.duplicates) == (0, 3), name
    assert _intake(engine, dana) == [
        (dt.date(2024, 12, 9), 1850.0),
        (dt.date(2024, 12, 10), 2100.0),
        (dt.date(2024, 12, 11), 1720.5),
    ]


def test_food_logs_keep_protein_where_the_file_has_it(engine: Engine, dana: Actor) -> None:
    view = _run(engine, dana, "intake", "myfitnesspal.csv")
    assert [s.protein_g for s in view.samples] == [120.0, 135.0, 110.0]
    with unit_of_work(engine) as session:
        found = journal.list_entries(session, dana, journal.HistoryQuery(kind="intake"))
    views = [e for e in found if isinstance(e, journal.IntakeView)]
    stored = sorted((e.date, e.kcal, e.protein_g) for e in views)
    assert stored == [
        (dt.date(2024, 12, 9), 1850.0, 120.0),
        (dt.date(2024, 12, 10), 2100.0, 135.0),
        (dt.date(2024, 12, 11), 1720.5, 110.0),
    ]


def test_a_food_log_never_overwrites_a_day_already_logged(engine: Engine, dana: Actor) -> None:
    with unit_of_work(engine) as session:
        logged = journal.IntakeInput(date=dt.date(2024, 12, 10), kcal=1500)
        journal.log_intake(session, dana, logged)
    view = _run(engine, dana, "intake", "macrofactor.csv")
    assert view.imported.intake == 2
    assert view.skipped_by_reason == {"day_has_intake": 1}
    assert (dt.date(2024, 12, 10), 1500.0) in _intake(engine, dana)


def _health(engine: Engine, actor: Actor, payload: bytes, **options: Any) -> Any:
    import io

    with unit_of_work(engine) as session:
        return importing.import_health(session, actor, io.BytesIO(payload), **options)


def test_apple_health_weigh_ins_and_food_import_once(engine: Engine, dana: Actor) -> None:
    payload = (DATA / "apple_health_export.xml").read_bytes()
    preview = _health(engine, dana, payload, dry_run=True)
    assert preview.imported.model_dump() == {"sets": 0, "cardio": 0, "weights": 2, "intake": 2}
    assert _weights(engine, dana) == []
    view = _health(engine, dana, payload, dry_run=False)
    assert (view.format, view.rows) == ("apple-health", 8)
    assert view.skipped_by_reason == {"active_energy": 1, "steps": 1}
    again = _health(engine, dana, payload, dry_run=False)
    assert again.imported.model_dump() == NOTHING
    assert again.duplicates == 4
    # the same weigh-in from the scale's own export is already there
    withings = 'Date,"Weight (kg)",Comments\n2024-12-09 07:12:00,72.4,\n2024-12-10 07:02:00,72.2,\n'
    with unit_of_work(engine) as session:
        given = importing.ImportInput(source="weights", text=withings)
        scale = importing.import_file(session, dana, given)
    assert (scale.imported.weights, scale.duplicates) == (1, 1)
    assert [w[0] for w in _weights(engine, dana)] == [
        dt.date(2024, 12, 9),
        dt.date(2024, 12, 10),
        dt.date(2024, 12, 11),
    ]


def test_fitbit_after_apple_health_and_a_food_app_adds_only_what_is_new(
    engine: Engine, dana: Actor
) -> None:
    _health(engine, dana, (DATA / "apple_health_export.xml").read_bytes(), dry_run=False)
    _run(engine, dana, "intake", "myfitnesspal.csv")
    folder = DATA / "fitbit"
    members = [(p.name, lambda p=p: p.open("rb")) for p in sorted(folder.iterdir())]
    with unit_of_work(engine) as session:
        view = importing.import_health(session, dana, members, dry_run=False)
    assert view.format == "fitbit"
    # the 12-09 weigh-in (159.6 lb = 72.39 kg against 72.4 kg) and all three food days were
    # there; 12-10 had no weigh-in, and 12-11's differs from the Renpho reading (71.8 kg)
    assert view.imported.model_dump() == {"sets": 0, "cardio": 0, "weights": 2, "intake": 0}
    assert view.duplicates == 4
    assert (dt.date(2024, 12, 10), round(159.2 * LB, 2)) in _weights(engine, dana)


def test_a_health_export_is_not_taken_as_text(engine: Engine, dana: Actor) -> None:
    with pytest.raises(InputError) as caught:
        _run(engine, dana, "health", "apple_health_export.xml")
    assert caught.value.problems[0].field == "source"
    with pytest.raises(InputError) as refused:
        _health(engine, dana, b"Date,Weight\n", dry_run=True)
    assert refused.value.problems[0].field == "file"
