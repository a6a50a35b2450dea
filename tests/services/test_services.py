"""Use cases on each backend: the journal, plans, backups, and two users kept apart."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.engine import create_db_engine, unit_of_work
from gluteus.db.tables import PlanRow, ProfileRow, SetRow
from gluteus.domain.history import BandLevel
from gluteus.domain.profile import ParqAnswers, Profile
from gluteus.domain.program import Program, Role, SessionKind
from gluteus.domain.units import UnitSystem
from gluteus.services import admin, backup, journal, plans, progress, today, users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError

DAY = dt.date(2025, 3, 3)
TODAY = dt.date(2025, 3, 10)
NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


def _actor(engine: Engine, name: str, tz: str = "UTC") -> Actor:
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, name, timezone=tz)
        return users.actor_for(session, user_id, NOW, UnitSystem.METRIC)


@pytest.fixture
def alice(engine: Engine) -> Actor:
    return _actor(engine, "alice")


@pytest.fixture
def bob(engine: Engine) -> Actor:
    return _actor(engine, "bob")


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with unit_of_work(engine) as session:
        yield session


def _answers(*yes: str) -> ParqAnswers:
    return ParqAnswers(**{key: key in yes for key in ParqAnswers.model_fields})


def _sets(**kw: Any) -> journal.SetsInput:
    data: dict[str, Any] = {
        "exercise_id": "glute-bridge",
        "reps": [15, 14, 12],
        "last_two_hard": True,
        "date": DAY,
    }
    return journal.SetsInput(**{**data, **kw})


def _log_everything(session: Session, actor: Actor) -> None:
    journal.log_sets(session, actor, _sets())
    journal.log_sets(
        session, actor, _sets(exercise_id="band-side-lying-clamshell", reps=[15], band="medium")
    )
    journal.log_cardio(
        session, actor, journal.CardioInput(activity_id="brisk-walk", minutes=30, date=DAY)
    )
    journal.log_weight(session, actor, journal.WeightInput(weight_kg=72.4, date=DAY))
    journal.log_measurement(session, actor, journal.MeasureInput(hips_cm=101, date=DAY))
    journal.log_pain(
        session, actor, journal.PainInput(exercise_id="forward-lunge", severity=4, date=DAY)
    )
    journal.log_intake(session, actor, journal.IntakeInput(kcal=1850, date=DAY))


def test_actor_today_follows_the_user_time_zone(engine: Engine) -> None:
    late = dt.datetime(2025, 3, 10, 23, 30, tzinfo=dt.UTC)
    with unit_of_work(engine) as session:
        tokyo = users.create_user(session, "tokyo", timezone="Asia/Tokyo")
        lima = users.create_user(session, "lima", timezone="America/Lima")
        assert users.actor_for(session, tokyo, late, UnitSystem.METRIC).today == dt.date(
            2025, 3, 11
        )
        assert users.actor_for(session, lima, late, UnitSystem.METRIC).today == dt.date(2025, 3, 10)


def test_user_settings_are_validated(engine: Engine, alice: Actor) -> None:
    with unit_of_work(engine) as session:
        with pytest.raises(InputError) as caught:
            users.set_timezone(session, alice, "Mars/Olympus")
        assert caught.value.field == "timezone"
        with pytest.raises(InputError, match="taken"):
            users.create_user(session, "alice", timezone="UTC")
        view = users.set_units(session, alice, UnitSystem.IMPERIAL)
        assert view.units is UnitSystem.IMPERIAL and view.units_saved


def test_log_list_and_history(db: Session, alice: Actor) -> None:
    _log_everything(db, alice)
    entries = journal.list_entries(db, alice, journal.HistoryQuery())
    assert {e.kind for e in entries} == {"set", "cardio", "weight", "measure", "pain", "intake"}
    assert all(e.id.startswith(e.kind + "-") for e in entries)
    sets = journal.list_entries(db, alice, journal.HistoryQuery(kind="set"))
    bridge = [e for e in sets if isinstance(e, journal.SetView) and e.exercise_id == "glute-bridge"]
    assert [s.set_number for s in bridge] == [1, 2, 3]
    assert bridge[0].exercise_name
    band = next(e for e in sets if isinstance(e, journal.SetView) and e.band)
    assert band.band is BandLevel.MEDIUM
    assert journal.list_entries(db, alice, journal.HistoryQuery(since=DAY + dt.timedelta(1))) == []
    history = journal.history(db, alice)
    assert len(history.sets) == 4 and history.intake[0].kcal == 1850


def test_set_numbers_continue_and_have_no_daily_cap(db: Session, alice: Actor) -> None:
    for _ in range(8):
        journal.log_sets(db, alice, _sets())
    numbers = [s.set_number for s in journal.history(db, alice).sets]
    assert numbers == list(range(1, 25))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reps": [12, 500]}, "reps"),
        ({"reps": []}, "reps"),
        ({"exercise_id": "no-such-move"}, "exercise_id"),
        ({"exercise_id": "brisk-walk"}, "exercise_id"),
        ({"load_kg": -3}, "load_kg"),
        ({"band": "ultra"}, "band"),
        ({"date": dt.date(2025, 4, 1)}, "date"),
    ],
)
def test_bad_sets_name_the_field_and_write_nothing(
    engine: Engine, alice: Actor, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as caught, unit_of_work(engine) as session:
        journal.log_sets(session, alice, _sets(**changes))
    assert caught.value.field.split(".")[0] == field
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(SetRow)) == 0


def test_input_error_carries_field_range_and_value(db: Session, alice: Actor) -> None:
    with pytest.raises(InputError) as caught:
        journal.log_weight(db, alice, journal.WeightInput(weight_kg=12, date=DAY))
    problem = caught.value.problems[0]
    assert problem.field == "weight_kg" and "35" in (problem.allowed or "")
    assert problem.value == 12
    assert problem.as_dict()["value"] == 12


def test_edit_delete_and_undo(db: Session, alice: Actor) -> None:
    first = journal.log_sets(db, alice, _sets(reps=[10, 10]))
    journal.log_weight(db, alice, journal.WeightInput(weight_kg=72, date=DAY))
    edited = journal.edit_entry(db, alice, first[0].id, journal.EntryEdit(reps=12, load_kg=8))
    assert isinstance(edited, journal.SetView) and edited.reps == 12 and edited.load_kg == 8
    moved = journal.edit_entry(
        db, alice, first[1].id, journal.EntryEdit(date=DAY - dt.timedelta(days=1))
    )
    assert isinstance(moved, journal.SetView) and moved.set_number == 1
    with pytest.raises(InputError) as caught:
        journal.edit_entry(db, alice, first[0].id, journal.EntryEdit(kcal=100))
    assert caught.value.field == "kcal"
    undone = journal.undo_last(db, alice)
    assert [e.kind for e in undone] == ["weight"]
    gone = journal.delete_entries(db, alice, [first[0].id])
    assert gone[0].id == first[0].id
    with pytest.raises(NotFoundError):
        journal.get_entry(db, alice, first[0].id)
    with pytest.raises(InputError):
        journal.get_entry(db, alice, "nonsense")


def test_undo_takes_back_a_whole_multi_set_log(db: Session, alice: Actor) -> None:
    journal.log_weight(db, alice, journal.WeightInput(weight_kg=72, date=DAY))
    journal.log_sets(db, alice, _sets(reps=[10, 10, 10]))
    assert len(journal.undo_last(db, alice)) == 3
    assert [e.kind for e in journal.list_entries(db, alice, journal.HistoryQuery())] == ["weight"]


def test_two_users_never_see_or_change_each_other(db: Session, alice: Actor, bob: Actor) -> None:
    _log_everything(db, alice)
    plans.make_plan(db, alice, plans.PlanRequest(profile=plans.example_profile(), start_date=DAY))
    plans.save_screening(db, alice, _answers())
    users.set_units(db, alice, UnitSystem.IMPERIAL)
    # Reads as bob see nothing of alice's.
    assert journal.list_entries(db, bob, journal.HistoryQuery()) == []
    assert journal.history(db, bob).sets == ()
    assert journal.last_action(db, bob) == []
    assert plans.current_profile(db, bob) is None
    assert plans.active_program(db, bob) is None
    assert plans.profile_versions(db, bob) == []
    assert plans.latest_answers(db, bob) is None
    assert users.settings(db, bob).units_saved is False
    assert progress.progress(db, bob).adherence.planned == 0
    assert backup.export_user(db, bob)["users"][0]["sets"] == []
    with pytest.raises(InputError, match="plan"):
        today.today_view(db, bob, DAY)
    # Writes as bob cannot reach alice's rows.
    alices = journal.list_entries(db, alice, journal.HistoryQuery())
    for entry in alices:
        with pytest.raises(NotFoundError):
            journal.get_entry(db, bob, entry.id)
        with pytest.raises(NotFoundError):
            journal.delete_entries(db, bob, [entry.id])
        with pytest.raises(NotFoundError):
            journal.edit_entry(db, bob, entry.id, journal.EntryEdit(date=DAY))
    with pytest.raises(NotFoundError):
        journal.undo_last(db, bob)
    journal.log_weight(db, bob, journal.WeightInput(weight_kg=90, date=DAY))
    backup.import_user(db, bob, backup.export_user(db, alice), replace=True)
    assert journal.list_entries(db, alice, journal.HistoryQuery()) == alices
    assert len(journal.list_entries(db, bob, journal.HistoryQuery())) == len(alices)


def test_replanning_replaces_the_active_plan(engine: Engine, db: Session, alice: Actor) -> None:
    profile = plans.example_profile()
    plans.make_plan(db, alice, plans.PlanRequest(profile=profile, start_date=DAY))
    second = plans.make_plan(db, alice, plans.PlanRequest(start_date=TODAY))
    assert plans.active_program(db, alice) == second
    assert db.scalar(select(func.count()).select_from(PlanRow)) == 1
    assert db.scalar(select(func.count()).select_from(ProfileRow)) == 1


def test_second_active_plan_is_refused_by_the_database(db: Session, alice: Actor) -> None:
    plans.make_plan(db, alice, plans.PlanRequest(profile=plans.example_profile(), start_date=DAY))
    row = db.scalars(select(PlanRow)).one()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(PlanRow(user_id=alice.user_id, program=row.program, start_date=DAY, weeks=1,
                       active=True))  # fmt: skip
        db.flush()


def test_plan_without_a_profile_names_the_field(db: Session, alice: Actor) -> None:
    with pytest.raises(InputError) as caught:
        plans.make_plan(db, alice, plans.PlanRequest())
    assert caught.value.field == "profile"


def test_no_save_leaves_profile_and_plan_alone(db: Session, alice: Actor) -> None:
    plans.make_plan(
        db, alice, plans.PlanRequest(profile=plans.example_profile(), start_date=DAY, save=False)
    )
    assert plans.current_profile(db, alice) is None and plans.active_program(db, alice) is None


def test_screening_goes_into_the_profile_and_the_next_plan(
    db: Session, alice: Actor, woman: Profile
) -> None:
    view = plans.save_screening(db, alice, _answers())
    assert view.clearance.cleared and not view.saved_to_profile
    unanswered = woman.model_copy(update={"parq": None})
    program = plans.make_plan(db, alice, plans.PlanRequest(profile=unanswered, start_date=DAY))
    assert program.screening.answered and program.screening.cleared
    plans.save_screening(db, alice, _answers("q1"))
    current = plans.current_profile(db, alice)
    assert current is not None and current.parq == _answers("q1")
    assert not plans.make_plan(db, alice, plans.PlanRequest()).screening.cleared


def test_profile_keys_and_latest_weight(db: Session, alice: Actor, woman: Profile) -> None:
    plans.save_profile(db, alice, woman)
    changed = plans.set_profile_keys(
        db, alice, {"weight_kg": "160lb", "available_days": "mon,wed", "parq.q3": "true"}
    )
    assert changed.weight_kg == pytest.approx(72.57, abs=0.01)
    assert [d.value for d in changed.available_days] == ["mon", "wed"]
    assert changed.parq is not None and changed.parq.q3
    with pytest.raises(InputError) as caught:
        plans.set_profile_keys(db, alice, {"age": "7"})
    assert caught.value.field == "age"
    with pytest.raises(InputError, match="unknown profile key"):
        plans.set_profile_keys(db, alice, {"shoe_size": "40"})
    journal.log_weight(db, alice, journal.WeightInput(weight_kg=70.5, date=DAY))
    effective = plans.effective_profile(db, alice)
    assert effective is not None and effective.weight_kg == 70.5
    assert len(plans.profile_versions(db, alice)) == 2


def test_log_as_planned_keeps_what_was_logged(db: Session, alice: Actor) -> None:
    program = plans.make_plan(
        db, alice, plans.PlanRequest(profile=plans.example_profile(), start_date=DAY)
    )
    day = next(DAY + dt.timedelta(days=i) for i in range(7) if program.day_for(
        DAY + dt.timedelta(days=i)
    ))  # fmt: skip
    first = today.log_as_planned(db, alice, day, last_two_hard=True)
    assert first.entries
    again = today.log_as_planned(db, alice, day, last_two_hard=True)
    assert again.entries == [] and again.already_logged
    sets = journal.history(db, alice).sets
    numbers: dict[str, list[int]] = {}
    for logged in sets:
        numbers.setdefault(logged.exercise_id, []).append(logged.set_number)
    assert all(n == list(range(1, len(n) + 1)) for n in numbers.values())


def test_rest_day_today_names_the_next_session(db: Session, alice: Actor) -> None:
    program = plans.make_plan(
        db, alice, plans.PlanRequest(profile=plans.example_profile(), start_date=DAY)
    )
    rest = next(DAY + dt.timedelta(days=i) for i in range(7) if not program.day_for(
        DAY + dt.timedelta(days=i)
    ))  # fmt: skip
    view = today.today_view(db, alice, rest)
    assert view.status == "rest" and view.next is not None and view.next.date > rest


def test_personal_backup_round_trip_and_refusal(db: Session, alice: Actor, bob: Actor) -> None:
    _log_everything(db, alice)
    plans.make_plan(db, alice, plans.PlanRequest(profile=plans.example_profile(), start_date=DAY))
    data = backup.export_user(db, alice)
    result = backup.import_user(db, bob, data)
    assert result.counts["sets"] == 4 and result.counts["plans"] == 1
    with pytest.raises(InputError) as caught:
        backup.import_user(db, bob, data)
    assert caught.value.field == "replace"
    bad = {**data, "users": [{**data["users"][0], "sets": [{"reps": "x"}]}]}
    with pytest.raises(InputError, match=r"users\[0\]\.sets\[0\]"):
        backup.import_user(db, bob, bad, replace=True)


def test_admin_backup_round_trip(engine: Engine, alice: Actor, bob: Actor) -> None:
    with unit_of_work(engine) as session:
        _log_everything(session, alice)
        journal.log_weight(session, bob, journal.WeightInput(weight_kg=90, date=DAY))
        before = admin.export_database(session)
    with unit_of_work(engine) as session:
        with pytest.raises(InputError):
            admin.import_database(session, before)
        counts = admin.import_database(session, before, replace=True)
        assert counts["users"] == 2
    with unit_of_work(engine) as session:
        assert admin.export_database(session) == before
        assert not admin.database_is_empty(session)


def test_concurrent_set_logging_never_duplicates_numbers(engine: Engine, alice: Actor) -> None:
    url = engine.url.render_as_string(hide_password=False)
    errors: list[BaseException] = []

    def writer() -> None:
        own = create_db_engine(url)
        try:
            for _ in range(5):
                with unit_of_work(own) as session:
                    journal.log_sets(session, alice, _sets(reps=[10, 10]))
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        numbers = sorted(session.scalars(select(SetRow.set_number)))
    assert numbers == list(range(1, 31))


def test_admin_backup_keeps_sign_in_but_a_personal_export_does_not(
    engine: Engine, alice: Actor
) -> None:
    from gluteus.db.tables import User

    with unit_of_work(engine) as session:
        user = session.get(User, alice.user_id)
        assert user is not None
        user.password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
        whole = admin.export_database(session)
        personal = backup.export_user(session, alice)
    assert whole["users"][0]["password_hash"].startswith("$argon2id$")
    assert "password_hash" not in personal["users"][0]
    with unit_of_work(engine) as session:
        admin.import_database(session, whole, replace=True)
    with unit_of_work(engine) as session:
        restored = session.scalars(select(User)).one()
        assert restored.password_hash == whole["users"][0]["password_hash"]


def _finisher_repeats_a_main_move(program: Program) -> Program:
    """Every strength session ends with its first main move again, as a finisher."""
    weeks = []
    for week in program.weeks:
        days = []
        for day in week.days:
            sessions = []
            for session in day.sessions:
                if session.kind is SessionKind.STRENGTH:
                    first = next(e for e in session.exercises if e.role is Role.MAIN)
                    extra = first.model_copy(update={"role": Role.FINISHER})
                    session = session.model_copy(update={"exercises": (*session.exercises, extra)})
                sessions.append(session)
            days.append(day.model_copy(update={"sessions": tuple(sessions)}))
        weeks.append(week.model_copy(update={"days": tuple(days)}))
    return program.model_copy(update={"weeks": tuple(weeks)})


def test_log_as_planned_on_a_day_with_one_move_as_main_work_and_finisher(
    db: Session, alice: Actor
) -> None:
    profile = Profile.model_validate(
        plans.example_profile().model_dump()
        | {
            "level": "beginner",
            "equipment": ["mini_band"],
            "available_days": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "minutes_per_session": 60,
            "band_finisher": True,
        }
    )
    # The planner no longer repeats a main move as a finisher (issue 21), but plans saved
    # before that still do: store such a plan, starting early enough that the day is past.
    start = DAY - dt.timedelta(days=14)
    program = _finisher_repeats_a_main_move(plans.build_plan(profile, start))
    plans.save_profile(db, alice, profile)
    repo.save_plan(db, alice.user_id, program)
    twice = []
    for offset in range(14):
        planned = program.day_for(start + dt.timedelta(days=offset))
        items = today.planned_items(planned) if planned else []
        ids = [ex.id for kind, ex in items if not today.is_cardio(kind, ex)]
        if len(ids) != len(set(ids)):
            twice.append(offset)
    assert twice, "this person's plan lists one move twice on some day"
    day = start + dt.timedelta(days=twice[0])
    view = today.today_view(db, alice, day)
    planned_sets: dict[str, int] = {}
    for rec in view.targets:
        if rec.action.value != "skip":
            planned_sets[rec.exercise_id] = planned_sets.get(rec.exercise_id, 0) + rec.dose.sets
    logged = today.log_as_planned(db, alice, day, last_two_hard=False)
    assert logged.entries
    sets = [s for s in journal.history(db, alice).sets if s.date == day]
    for exercise_id, count in planned_sets.items():
        numbers = sorted(s.set_number for s in sets if s.exercise_id == exercise_id)
        assert numbers == list(range(1, count + 1)), exercise_id
    again = today.log_as_planned(db, alice, day, last_two_hard=False)
    assert again.entries == []


def test_today_view_says_deload_as_a_flag_with_its_reason(db: Session, alice: Actor) -> None:
    profile = Profile.model_validate(
        plans.example_profile().model_dump()
        | {"level": "intermediate", "available_days": ["mon", "wed", "fri"]}
    )
    program = plans.make_plan(db, alice, plans.PlanRequest(profile=profile, start_date=DAY))
    dates = [DAY + dt.timedelta(days=i) for i in range(7 * len(program.weeks))]
    deload_day = next(d for d in dates if program.day_for(d) and program.week_for(d).deload)  # type: ignore[union-attr]
    normal_day = next(d for d in dates if program.day_for(d))
    deload_view = today.today_view(db, alice, deload_day)
    assert deload_view.deload is True and deload_view.deload_reason
    assert today.today_view(db, alice, normal_day).deload is False
    payload = deload_view.model_dump(mode="json")
    assert payload["deload"] is True
    assert all(t["planned_exercise_id"] for t in payload["targets"])
