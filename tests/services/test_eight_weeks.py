"""Eight scripted weeks through the use cases: today keeps the plan's word and the kit's steps.

The script and the rules it checks live in ``tests/eight_weeks.py``; here the person reads
``today_view`` and logs through the journal, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from eight_weeks import (
    END,
    EVENTS,
    PROFILE,
    START,
    Record,
    check_day,
    check_events,
    decide,
    pain_today,
    remember,
    training_dates,
)
from gluteus.db.engine import unit_of_work
from gluteus.domain.units import UnitSystem
from gluteus.services import journal, plans, today, users


def test_eight_scripted_weeks_keep_every_rule(engine: Engine) -> None:
    now = dt.datetime.combine(END, dt.time(12), tzinfo=dt.UTC)
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, "eight-weeks", timezone="UTC")
        actor = users.actor_for(session, user_id, now, UnitSystem.METRIC)
        plans.make_plan(session, actor, plans.PlanRequest(profile=PROFILE, start_date=START))
    record = Record()
    for date in training_dates():
        with unit_of_work(engine) as session:
            view = today.today_view(session, actor, date).model_dump(mode="json")
            check_day(date, view, record)
            check_events(date, view, record)
            done = decide(date, view)
            pain = pain_today(date)
            if done:
                request = journal.SessionInput(
                    date=date,
                    sets=[
                        journal.SetsInput(
                            exercise_id=item.exercise_id,
                            reps=item.reps,
                            last_two_hard=True,
                            date=date,
                            load_kg=item.load_kg,
                            band=item.band,
                        )
                        for item in done
                    ],
                )
                journal.log_session(session, actor, request)
            if pain is not None:
                journal.log_pain(
                    session,
                    actor,
                    journal.PainInput(
                        exercise_id=pain.exercise_id,
                        severity=pain.severity,
                        date=date,
                        region=pain.region.value,
                    ),
                )
        remember(record, date, done, pain)
    assert record.seen >= EVENTS, EVENTS - record.seen
