"""Histories and today's views kept per process: every change to the logs is seen at once.

Each way logs change (logging, correcting, deleting, undoing, importing, restoring) gives
the user a new data stamp in its own transaction; what a process kept under the old stamp is
then never served again, whichever process made the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.engine import create_db_engine, unit_of_work
from gluteus.domain.catalog import default_catalog
from gluteus.domain.profile import ParqAnswers
from gluteus.domain.units import UnitSystem
from gluteus.services import (
    admin,
    backup,
    checkin,
    imports,
    journal,
    plans,
    progress,
    today,
    users,
)
from gluteus.services.cache import clear_all
from gluteus.services.context import Actor

DAY = dt.date(2025, 3, 10)  # a Monday
NOW = dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.UTC)
DATA = Path(__file__).resolve().parents[1] / "imports" / "data"

Change = Callable[[Session, Actor], object]


@pytest.fixture(autouse=True)
def _empty_caches() -> None:
    clear_all()


def _actor(engine: Engine, name: str) -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone="UTC")
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


def _with_logs(engine: Engine, actor: Actor) -> None:
    with unit_of_work(engine) as session:
        journal.log_sets(
            session,
            actor,
            journal.SetsInput(
                exercise_id="glute-bridge", reps=[12, 11], last_two_hard=True, date=DAY
            ),
        )
        journal.log_weight(session, actor, journal.WeightInput(weight_kg=70.0, date=DAY))
        journal.log_intake(session, actor, journal.IntakeInput(kcal=1900, date=DAY))


def _export_of(engine: Engine, actor: Actor) -> object:
    with unit_of_work(engine, read_only=True) as session:
        return backup.export_user(session, actor)


def _first_id(session: Session, actor: Actor) -> str:
    return journal.list_entries(session, actor, journal.HistoryQuery())[0].id


CHANGES: dict[str, Change] = {
    "log sets": lambda s, a: journal.log_sets(
        s, a, journal.SetsInput(exercise_id="step-up", reps=[10], last_two_hard=False, date=DAY)
    ),
    "log cardio": lambda s, a: journal.log_cardio(
        s, a, journal.CardioInput(activity_id="brisk-walk", minutes=25, date=DAY)
    ),
    "log weight": lambda s, a: journal.log_weight(
        s, a, journal.WeightInput(weight_kg=69.5, date=DAY)
    ),
    "log measurement": lambda s, a: journal.log_measurement(
        s, a, journal.MeasureInput(hips_cm=101.0, date=DAY)
    ),
    "log pain": lambda s, a: journal.log_pain(
        s, a, journal.PainInput(exercise_id="glute-bridge", severity=3, date=DAY)
    ),
    "add to the day's intake": lambda s, a: journal.log_intake(
        s, a, journal.IntakeInput(kcal=2100, date=DAY)
    ),
    "log a session": lambda s, a: journal.log_session(
        s,
        a,
        journal.SessionInput(
            date=DAY,
            sets=[
                journal.SetsInput(
                    exercise_id="hip-thrust", reps=[8, 8], last_two_hard=True, date=DAY
                )
            ],
        ),
    ),
    "edit": lambda s, a: journal.edit_entry(s, a, _first_id(s, a), journal.EntryEdit(reps=15)),
    "delete": lambda s, a: journal.delete_entries(s, a, [_first_id(s, a)]),
    "undo": lambda s, a: journal.undo_last(s, a),
    "import an app's file": lambda s, a: imports.import_file(
        s,
        a,
        imports.ImportInput(source="weights", text=(DATA / "plain.csv").read_text(), unit="lb"),
    ),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_every_change_to_the_logs_is_seen_at_once(engine: Engine, name: str) -> None:
    alice = _actor(engine, "alice")
    _with_logs(engine, alice)
    with unit_of_work(engine, read_only=True) as session:
        before = journal.history(session, alice)
        assert journal.history(session, alice) is before  # kept
        stamp = repo.data_stamp(session, alice.user_id)
    with unit_of_work(engine) as session:
        CHANGES[name](session, alice)
    with unit_of_work(engine, read_only=True) as session:
        assert repo.data_stamp(session, alice.user_id) not in (None, stamp)
        after = journal.history(session, alice)
        assert after == repo.load_history(session, alice.user_id)
    assert after != before


def test_a_change_made_by_another_process_is_seen(engine: Engine) -> None:
    alice = _actor(engine, "alice")
    _with_logs(engine, alice)
    with unit_of_work(engine, read_only=True) as session:
        before = journal.history(session, alice)
    other = create_db_engine(engine.url.render_as_string(hide_password=False))
    try:
        with unit_of_work(other) as session:
            CHANGES["log weight"](session, alice)
    finally:
        other.dispose()
    with unit_of_work(engine, read_only=True) as session:
        after = journal.history(session, alice)
    assert len(after.weights) == len(before.weights) + 1


def test_a_change_rolled_back_is_never_served(engine: Engine) -> None:
    alice = _actor(engine, "alice")
    _with_logs(engine, alice)
    with unit_of_work(engine, read_only=True) as session:
        before = journal.history(session, alice)
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        CHANGES["log weight"](session, alice)
        assert len(journal.history(session, alice).weights) == 2  # sees its own write
        raise RuntimeError("abandon the change")
    with unit_of_work(engine, read_only=True) as session:
        assert (
            journal.history(session, alice) == before == repo.load_history(session, alice.user_id)
        )


def test_replacing_with_an_import_and_restoring_a_backup_are_seen(engine: Engine) -> None:
    alice, bob = _actor(engine, "alice"), _actor(engine, "bob")
    _with_logs(engine, alice)
    export = _export_of(engine, alice)
    with unit_of_work(engine) as session:
        backup_data = admin.export_database(session)
    with unit_of_work(engine, read_only=True) as session:
        assert journal.history(session, bob).entry_count == 0  # kept, empty
    with unit_of_work(engine) as session:
        backup.import_user(session, bob, export, replace=True)
    with unit_of_work(engine, read_only=True) as session:
        assert journal.history(session, bob).entry_count == 4
    with unit_of_work(engine) as session:  # alice logs more, then the backup is restored
        CHANGES["log weight"](session, alice)
        assert journal.history(session, alice).entry_count == 5
    with unit_of_work(engine) as session:
        admin.import_database(session, backup_data, replace=True)
    with unit_of_work(engine, read_only=True) as session:
        restored = users.find_user(session, "alice")
        assert restored is not None
        actor = users.actor_for(session, restored, NOW, UnitSystem.METRIC)
        assert journal.history(session, actor) == repo.load_history(session, restored)
        assert journal.history(session, actor).entry_count == 4


def test_todays_view_is_kept_until_the_logs_or_the_plan_change(engine: Engine) -> None:
    alice = _actor(engine, "alice")
    request = plans.PlanRequest(profile=plans.example_profile(), start_date=DAY)
    with unit_of_work(engine) as session:
        plans.make_plan(session, alice, request)
    with unit_of_work(engine, read_only=True) as session:
        first = today.today_page(session, alice)
        again = today.today_page(session, alice)
    assert first is not None and again is not None
    assert first.view.status == "training" and first.view.targets
    assert again is first and again.view is first.view and not first.done  # kept whole
    exercise = first.view.targets[0].exercise_id
    with unit_of_work(engine) as session:
        CHANGES["log weight"](session, alice)  # not today's work, still a change to the logs
        journal.log_sets(
            session,
            alice,
            journal.SetsInput(exercise_id=exercise, reps=[9], last_two_hard=True, date=DAY),
        )
    with unit_of_work(engine, read_only=True) as session:
        logged = today.today_page(session, alice)
    assert logged is not None and [s.reps for s in logged.done[exercise]] == [9]  # type: ignore[union-attr]
    with unit_of_work(engine) as session:  # a new plan, starting a week later
        plans.make_plan(
            session, alice, request.model_copy(update={"start_date": DAY + dt.timedelta(days=7)})
        )
    with unit_of_work(engine, read_only=True) as session:
        replanned = today.today_page(session, alice)
    assert replanned is not None and replanned.view.status == "before_plan"


OTHER_CHANGES: dict[str, Change] = {
    "save a changed profile": lambda s, a: plans.save_profile(
        s, a, plans.example_profile().model_copy(update={"weight_kg": 70.5})
    ),
    "answer the readiness questions": lambda s, a: plans.save_screening(
        s, a, ParqAnswers.model_validate({f"q{i}": False for i in range(1, 8)})
    ),
    "build a plan": lambda s, a: plans.make_plan(
        s, a, plans.PlanRequest(profile=plans.example_profile(), start_date=DAY)
    ),
    "check in": lambda s, a: checkin.checkin(s, a, checkin.CheckinInput()),
}


@pytest.mark.parametrize("name", list(OTHER_CHANGES))
def test_every_other_change_to_what_a_user_stored_changes_the_stamp(
    engine: Engine, name: str
) -> None:
    alice = _actor(engine, "alice")
    with unit_of_work(engine) as session:
        plans.save_profile(session, alice, plans.example_profile())
    with unit_of_work(engine, read_only=True) as session:
        stamp = repo.data_stamp(session, alice.user_id)
    with unit_of_work(engine) as session:
        OTHER_CHANGES[name](session, alice)
    with unit_of_work(engine, read_only=True) as session:
        assert repo.data_stamp(session, alice.user_id) not in (None, stamp)


def test_the_check_in_status_is_kept_until_a_check_in_is_saved(engine: Engine) -> None:
    alice = _actor(engine, "alice")
    with unit_of_work(engine) as session:
        plans.save_profile(session, alice, plans.example_profile())
        for days_ago in (12, 6, 1):
            day = alice.today - dt.timedelta(days=days_ago)
            journal.log_weight(session, alice, journal.WeightInput(weight_kg=72, date=day))
    with unit_of_work(engine, read_only=True) as session:
        due = checkin.checkin_status(session, alice)
        assert checkin.checkin_status(session, alice) is due and due.due
    with unit_of_work(engine) as session:
        checkin.checkin(session, alice, checkin.CheckinInput())
    with unit_of_work(engine, read_only=True) as session:
        done = checkin.checkin_status(session, alice)
    assert not done.due and done.last_date == alice.today


@pytest.mark.parametrize("name", ["log sets", "log weight", "delete", "import an app's file"])
def test_the_progress_report_and_its_charts_are_kept_until_the_data_changes(
    engine: Engine, name: str
) -> None:
    clear_all()
    alice = _actor(engine, "alice")
    _with_logs(engine, alice)
    drawn: list[object] = []

    def draw(report: object, projections: object) -> object:
        drawn.append(report)
        return ("charts of", report)

    with unit_of_work(engine, read_only=True) as session:
        report, charts = progress.progress_page(session, alice, draw)
        assert progress.progress(session, alice) is report  # kept
        assert progress.progress_page(session, alice, draw) == (report, charts)
    assert len(drawn) == 1  # drawn once for this version of the data
    with unit_of_work(engine) as session:
        CHANGES[name](session, alice)
    with unit_of_work(engine, read_only=True) as session:
        after, _ = progress.progress_page(session, alice, draw)
        journal.HISTORIES.clear()
        assert after == progress.progress_report(
            plans.active_program(session, alice),
            repo.load_history(session, alice.user_id).until(alice.today),
            default_catalog(),
            alice.today,
        )
    assert len(drawn) == 2 and after is not report
