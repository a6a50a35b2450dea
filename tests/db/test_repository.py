from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.tables import PlanRow, SetRow, User
from gluteus.domain.history import BandLevel, LoggedSet, Measurement, WeightEntry
from gluteus.domain.profile import Profile
from gluteus.domain.units import UnitSystem
from gluteus.services import tracking
from gluteus.services.planning import InputError, make_program

DAY = dt.date(2025, 3, 3)
TODAY = dt.date(2025, 3, 10)


def test_default_user_is_created_once(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        first = repo.get_or_create_user(session)
        second = repo.get_or_create_user(session)
        assert first.id == second.id
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_profiles_keep_history(engine: Engine, woman: Profile) -> None:
    tracking.save_profile(engine, woman)
    lighter = woman.model_copy(update={"weight_kg": 70.0})
    tracking.save_profile(engine, lighter)
    assert tracking.current_profile(engine) == lighter
    assert len(tracking.export_data(engine)["users"][0]["profiles"]) == 2


def test_one_active_plan_and_past_ones_kept(engine: Engine, woman: Profile) -> None:
    first = tracking.save_plan(engine, make_program(woman, DAY))
    second = tracking.save_plan(engine, make_program(woman.model_copy(update={"weeks": 4}), TODAY))
    assert first.start_date == DAY
    assert tracking.active_program(engine) == second
    with Session(engine) as session:
        rows = session.scalars(select(PlanRow)).all()
        assert sorted(r.active for r in rows) == [False, True]


def test_second_active_plan_is_refused_by_the_database(engine: Engine, woman: Profile) -> None:
    tracking.save_plan(engine, make_program(woman, DAY))
    with Session(engine) as session, session.begin(), pytest.raises(IntegrityError):
        user = repo.get_or_create_user(session)
        plan = repo.active_plan(session, user)
        assert plan is not None
        session.add(
            PlanRow(user_id=user.id, program=plan.program, start_date=DAY, weeks=1, active=True)
        )
        session.flush()


def test_log_and_load_history(engine: Engine) -> None:
    tracking.log_sets(
        engine, "glute-bridge", [15, 14, 12], last_two_hard=True, date=DAY, today=TODAY
    )
    tracking.log_sets(
        engine,
        "band-side-lying-clamshell",
        [15, 15],
        band="medium",
        last_two_hard=False,
        date=DAY,
        today=TODAY,
    )
    tracking.log_sets(engine, "glute-bridge", [10], load_kg=8, last_two_hard=True, date=DAY)
    tracking.log_cardio(engine, "brisk-walk", 30, distance_km=3.2, date=DAY, today=TODAY)
    tracking.log_weight(engine, 72.4, date=DAY, today=TODAY)
    tracking.log_measurement(engine, hips_cm=101, waist_cm=80.5, date=DAY, today=TODAY)
    tracking.log_pain(engine, "forward-lunge", 4, note="left knee", date=DAY, today=TODAY)
    tracking.log_intake(engine, 1900, date=DAY, today=TODAY)
    tracking.log_intake(engine, 1850, date=DAY, today=TODAY)

    history = tracking.history(engine)
    bridge = history.sets_for("glute-bridge")[DAY]
    assert [s.reps for s in bridge] == [15, 14, 12, 10]
    assert [s.set_number for s in bridge] == [1, 2, 3, 4]
    assert bridge[-1].load_kg == 8
    assert history.sets_for("band-side-lying-clamshell")[DAY][0].band is BandLevel.MEDIUM
    assert history.cardio[0].distance_km == pytest.approx(3.2)
    assert history.weights == (
        WeightEntry(date=DAY, weight_kg=72.4, logged_at=history.weights[0].logged_at),
    )
    assert history.measurements[0] == Measurement(
        date=DAY, hips_cm=101, waist_cm=80.5, logged_at=history.measurements[0].logged_at
    )
    assert history.pain[0].note == "left knee"
    assert [i.kcal for i in history.intake] == [1850]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reps": [12, 500]}, "reps"),
        ({"reps": []}, "reps"),
        ({"exercise_id": "no-such-move"}, "exercise"),
        ({"exercise_id": "brisk-walk"}, "exercise"),
        ({"load_kg": -3}, "load_kg"),
        ({"band": "ultra"}, "band"),
        ({"date": dt.date(2025, 4, 1)}, "date"),
    ],
)
def test_bad_sets_write_nothing(engine: Engine, kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "exercise_id": "glute-bridge",
        "reps": [12, 12, 12],
        "last_two_hard": True,
        "date": DAY,
        "today": TODAY,
        **kwargs,
    }
    with pytest.raises(InputError, match=field):
        tracking.log_sets(engine, **args)  # type: ignore[arg-type]
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(SetRow)) == 0


def test_bad_body_data_names_the_field(engine: Engine) -> None:
    with pytest.raises(InputError, match=r"weight_kg.*35"):
        tracking.log_weight(engine, 12, date=DAY, today=TODAY)
    with pytest.raises(InputError, match="severity"):
        tracking.log_pain(engine, "glute-bridge", 11, date=DAY, today=TODAY)
    with pytest.raises(InputError, match="hips_cm"):
        tracking.log_measurement(engine, date=DAY, today=TODAY)
    with pytest.raises(InputError, match="activity"):
        tracking.log_cardio(engine, "glute-bridge", 30, date=DAY, today=TODAY)
    assert tracking.history(engine) == tracking.history(engine).__class__()


def test_user_units_default_and_override(engine: Engine) -> None:
    assert tracking.user_units(engine, UnitSystem.METRIC) is UnitSystem.METRIC
    tracking.set_user_units(engine, UnitSystem.IMPERIAL)
    assert tracking.user_units(engine, UnitSystem.METRIC) is UnitSystem.IMPERIAL


def test_deleting_a_user_cascades(engine: Engine, woman: Profile) -> None:
    tracking.save_plan(engine, make_program(woman, DAY))
    tracking.log_weight(engine, 72, date=DAY, today=TODAY)
    with Session(engine) as session, session.begin():
        session.delete(repo.get_or_create_user(session))
    with Session(engine) as session, session.begin():
        session.execute(
            User.__table__.insert().values(name="other", created_at=dt.datetime(2025, 1, 1))
        )
    assert tracking.is_empty(engine) is False
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(PlanRow)) == 0


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with Session(engine) as session, session.begin(), pytest.raises(IntegrityError):
        session.add(
            SetRow(
                user_id=999,
                date=DAY,
                exercise_id="glute-bridge",
                set_number=1,
                reps=10,
                last_two_hard=True,
            )
        )
        session.flush()


def test_sets_are_domain_objects(engine: Engine) -> None:
    logged = tracking.log_sets(engine, "glute-bridge", [12], last_two_hard=True, date=DAY)
    assert isinstance(logged[0], LoggedSet)


def test_export_import_round_trip_on_each_backend(engine: Engine, woman: Profile) -> None:
    tracking.save_plan(engine, make_program(woman, DAY))
    tracking.set_user_units(engine, UnitSystem.IMPERIAL)
    tracking.log_sets(
        engine, "glute-bridge", [15, 14], load_kg=7.257, last_two_hard=True, date=DAY, today=TODAY
    )
    tracking.log_cardio(engine, "brisk-walk", 31.5, speed_kmh=5.6, date=DAY, today=TODAY)
    tracking.log_measurement(engine, waist_cm=80.33, date=DAY, today=TODAY)
    tracking.log_pain(engine, "forward-lunge", 2, note="«ünïcode»", date=DAY, today=TODAY)
    tracking.log_intake(engine, 1850.5, date=DAY, today=TODAY)
    before = tracking.export_data(engine)
    history = tracking.history(engine)
    counts = tracking.import_data(engine, before, replace=True)
    assert counts["sets"] == 2 and counts["plans"] == 1
    assert tracking.export_data(engine) == before
    assert tracking.history(engine) == history
