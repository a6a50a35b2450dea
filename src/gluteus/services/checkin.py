"""The weekly check-in use cases: assess from the logs, save, and list the history of targets.

Once a week (or whenever asked) the logged weights, and the logged intake when there is
some, give a measured daily expenditure with an honest band, and the intake target is set
again from it (the maths is :func:`gluteus.domain.energy.checkin.assess`). Each check-in is
saved, so the history of targets stays visible. The domain's names are re-exported here.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.domain.energy.balance import intake_target
from gluteus.domain.energy.checkin import (
    BAND_LEVEL,
    CHECKIN_EVERY_DAYS,
    METHOD_TEXT,
    MIN_INTAKE_DAYS,
    MIN_SPAN_DAYS,
    MIN_WEIGHTS,
    PREGNANCY_VERDICT,
    WINDOW_DAYS,
    CheckinView,
    ExpenditureView,
    Method,
    TargetView,
    TrendView,
    assess,
    enough_weigh_ins,
    equation_tdee_kcal,
)
from gluteus.domain.energy.checkin_rules import MAX_STEP_KCAL, MIN_CHANGE_KCAL, daily_intake
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program
from gluteus.domain.quantities import STORAGE_CONTEXT
from gluteus.services import plans
from gluteus.services.cache import StampedCache
from gluteus.services.context import Actor
from gluteus.services.errors import InputError

__all__ = [
    "BAND_LEVEL",
    "CHECKIN_EVERY_DAYS",
    "MAX_STEP_KCAL",
    "METHOD_TEXT",
    "MIN_CHANGE_KCAL",
    "MIN_INTAKE_DAYS",
    "MIN_SPAN_DAYS",
    "MIN_WEIGHTS",
    "PREGNANCY_VERDICT",
    "STATUSES",
    "WINDOW_DAYS",
    "CheckinInput",
    "CheckinStatus",
    "CheckinSummary",
    "CheckinView",
    "ExpenditureView",
    "Method",
    "TargetView",
    "TrendView",
    "accept_proposal",
    "assess",
    "checkin",
    "checkin_history",
    "checkin_status",
    "equation_tdee_kcal",
    "latest_checkin",
]


class CheckinInput(BaseModel):
    """Options of a check-in."""

    save: bool = Field(default=True, description="store it in the history of targets")
    accept: bool = Field(
        default=True,
        description="put a new target in force; false keeps the current one and records the "
        "proposal (accept it later with POST /api/v1/checkin/accept)",
    )


class CheckinSummary(BaseModel):
    """One line of the history of targets."""

    date: dt.date
    intake_kcal: float
    tdee_kcal: float
    low_kcal: float
    high_kcal: float
    method: Method
    weight_kg: float
    rate_kg_per_week: float | None
    proposed_kcal: float | None = None
    accepted: bool = True


class CheckinStatus(BaseModel):
    """Whether a check-in is due, and the target in force (frozen: shared, see STATUSES)."""

    model_config = ConfigDict(frozen=True)

    due: bool
    last_date: dt.date | None
    next_date: dt.date | None
    intake_kcal: float | None


CYCLE_HISTORY_DAYS = 366
"""How far back logged period starts are read: a year of cycles gives their usual length."""


def checkin(session: Session, actor: Actor, request: CheckinInput) -> CheckinView:
    """Measure expenditure from the logs, read the trend and set the intake target.

    Raises:
        InputError: On ``profile`` when no profile was saved yet.
    """
    profile = plans.effective_profile(session, actor)
    if profile is None:
        raise InputError("profile", "save a profile first (gluteus profile edit or the web app)")
    program = plans.active_program(session, actor)
    since = actor.today - dt.timedelta(days=WINDOW_DAYS)
    # Only the window is read (an indexed range of dates), however long the history.
    window = repo.history_of(
        repo.list_entries(session, actor.user_id, ("weight", "intake"), since, actor.today)
    )
    weights = window.weights_sorted()
    intake = daily_intake(e for e in window.intake if since <= e.date <= actor.today)
    previous = _previous_target(session, actor, program, profile)
    before = repo.checkin_rows(
        session, actor.user_id, until=actor.today - dt.timedelta(days=1), limit=60
    )
    last = CheckinView.model_validate(before[0].data) if before else None
    targets = [(row.date, row.intake_kcal) for row in before]
    # The starts of the last year (the usual cycle length comes from their gaps), read as an
    # indexed range like the window above.
    cycle_since = actor.today - dt.timedelta(days=CYCLE_HISTORY_DAYS)
    periods = repo.history_of(
        repo.list_entries(session, actor.user_id, ("period",), cycle_since, actor.today)
    ).period_starts()
    view = assess(profile, program, weights, intake, actor.today, previous, last, targets, periods)
    proposed = view.target.intake_kcal
    view.target.proposed_kcal = proposed
    if not request.accept and view.target.changed:
        view.target = view.target.model_copy(
            update={
                "intake_kcal": float(view.target.previous_kcal),
                "change_kcal": 0.0,
                "changed": False,
                "accepted": False,
            }
        )
    if request.save:
        repo.save_checkin(
            session,
            actor.user_id,
            actor.today,
            view.target.intake_kcal,
            view.model_dump(mode="json", exclude={"saved"}, context=STORAGE_CONTEXT),
        )
        view.saved = True
    return view


def accept_proposal(session: Session, actor: Actor) -> CheckinView:
    """Put the latest check-in's kept proposal in force (the history keeps both numbers).

    Accepting a target already in force changes nothing (the call is idempotent).

    Raises:
        InputError: On ``checkin`` when there is no check-in yet.
    """
    rows = repo.checkin_rows(session, actor.user_id, until=actor.today, limit=1)
    if not rows:
        raise InputError("checkin", "no check-in yet: run one first")
    view = CheckinView.model_validate({**rows[0].data, "saved": True})
    target = view.target
    if target.accepted or target.proposed_kcal is None:
        return view
    view.target = target.model_copy(
        update={
            "intake_kcal": target.proposed_kcal,
            "change_kcal": round(target.proposed_kcal - target.previous_kcal),
            "changed": True,
            "accepted": True,
        }
    )
    repo.save_checkin(
        session,
        actor.user_id,
        view.date,
        view.target.intake_kcal,
        view.model_dump(mode="json", exclude={"saved"}, context=STORAGE_CONTEXT),
    )
    return view


def checkin_history(session: Session, actor: Actor, limit: int = 52) -> list[CheckinSummary]:
    """Saved check-ins, newest first (at most ``limit``)."""
    rows = repo.checkin_rows(session, actor.user_id, until=actor.today, limit=limit)
    out = []
    for row in rows:
        view = CheckinView.model_validate(row.data)
        out.append(
            CheckinSummary(
                date=view.date,
                intake_kcal=view.target.intake_kcal,
                tdee_kcal=view.expenditure.tdee_kcal,
                low_kcal=view.expenditure.low_kcal,
                high_kcal=view.expenditure.high_kcal,
                method=view.expenditure.method,
                weight_kg=view.trend.weight_kg,
                rate_kg_per_week=view.trend.rate_kg_per_week,
                proposed_kcal=view.target.proposed_kcal,
                accepted=view.target.accepted,
            )
        )
    return out


def latest_checkin(session: Session, actor: Actor) -> CheckinView | None:
    """The newest saved check-in on or before today, None before the first."""
    rows = repo.checkin_rows(session, actor.user_id, until=actor.today, limit=1)
    if not rows:
        return None
    return CheckinView.model_validate({**rows[0].data, "saved": True})


STATUSES: StampedCache[int, tuple[str, dt.date], CheckinStatus] = StampedCache(
    max_items=4096, max_size=4096, name=f"{__name__}.STATUSES", unit="statuses"
)
"""Each user's check-in status as last worked out in this process, by data stamp and day
(today's page shows it on every view; a status takes well under 1 kB)."""


def checkin_status(session: Session, actor: Actor) -> CheckinStatus:
    """Whether a check-in is due today, and the intake target the last one set."""
    data = repo.data_stamp(session, actor.user_id)
    status = STATUSES.get_or_make(
        actor.user_id,
        None if data is None else (data, actor.today),
        lambda: _status(session, actor),
        lambda _: 1,
    )
    assert status is not None  # _status always has an answer
    return status


def _status(session: Session, actor: Actor) -> CheckinStatus:
    last = repo.last_checkin_target(session, actor.user_id, actor.today)
    if last is None:
        # The rule needs the count and the span only: one aggregate row stands for them
        # (first date, then the last repeated up to the count that matters).
        count, first, latest = repo.weigh_in_span(
            session, actor.user_id, actor.today, most=MIN_WEIGHTS
        )
        weighed: list[dt.date] = []
        if first is not None and latest is not None:
            weighed = [first] + [latest] * (count - 1)
        ready = enough_weigh_ins(weighed)
        return CheckinStatus(due=ready, last_date=None, next_date=None, intake_kcal=None)
    last_date, intake_kcal = last
    next_date = last_date + dt.timedelta(days=CHECKIN_EVERY_DAYS)
    return CheckinStatus(
        due=actor.today >= next_date,
        last_date=last_date,
        next_date=next_date,
        intake_kcal=intake_kcal,
    )


def _previous_target(
    session: Session, actor: Actor, program: Program | None, profile: Profile
) -> float:
    yesterday = actor.today - dt.timedelta(days=1)
    last = repo.last_checkin_target(session, actor.user_id, yesterday)
    if last is not None:
        return last[1]
    if program is not None:
        return program.calories.target_kcal
    return intake_target(profile).target_kcal
