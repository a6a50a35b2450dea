"""Today's session: the planned day progressed from the logs, and logging it as planned."""

from __future__ import annotations

import bisect
import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.domain.catalog import Catalog, default_catalog
from gluteus.domain.history import CardioLog, History, LoggedSet
from gluteus.domain.program import Day, PlannedExercise, Program, Role, SessionKind
from gluteus.domain.progression.cardio import CardioTarget
from gluteus.domain.progression.day import DayProgression, progress_day
from gluteus.domain.progression.kit import Kit
from gluteus.domain.progression.pain import (
    PAIN_PROFESSIONAL_WINDOW_DAYS,
    PAIN_SUBSTITUTE_DAYS,
    family_of,
)
from gluteus.domain.progression.strength import (
    MISSES_BEFORE_REGRESSION,
    STALL_RECENT_DAYS,
    STALL_SESSIONS,
    TOPS_BEFORE_NEXT_EXERCISE,
    Recommendation,
)
from gluteus.domain.quantities import Text
from gluteus.services import journal, plans
from gluteus.services.cache import MB, StampedCache, model_bytes
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, check_near

_LOGGED_ROLES = frozenset({Role.MAIN, Role.FINISHER, Role.CARDIO})
DAY_WINDOW = dt.timedelta(days=3 * 366)
"""How far from today a day may be asked for: a plan starts at most
:data:`~gluteus.services.plans.PLAN_START_WINDOW` away and lasts well under a year more."""


def check_day(day: dt.date, today: dt.date) -> dt.date:
    """``day`` when it lies within :data:`DAY_WINDOW` of ``today``.

    Raises:
        InputError: On ``date`` otherwise, naming the allowed dates.
    """
    return check_near("date", day, today, DAY_WINDOW)


class NextSession(BaseModel):
    """The next planned training day after a given date."""

    date: dt.date
    week: int
    summary: str


class TodayView(BaseModel):
    """A date's planned work with targets progressed from what was logged before it.

    Frozen: one view is shared by every request that shows the same day (see VIEWS).
    """

    model_config = ConfigDict(frozen=True)

    date: dt.date
    week: int
    status: str
    day: Day | None = None
    targets: list[Recommendation] = []
    cardio: list[CardioTarget] = []
    deload: bool = False
    deload_reason: Text | None = None
    see_professional: bool = False
    notes: list[Text] = []
    next: NextSession | None = None
    plan_start: dt.date | None = None


def _summary(day: Day) -> str:
    parts = [f"{s.title} ({s.minutes:.0f} min)" for s in day.sessions]
    return ", ".join(parts)


def next_session(program: Program, after: dt.date) -> NextSession | None:
    """The first planned training day strictly after ``after``, None when the plan ends."""
    if program.start_date is None:
        return None
    date = max(after + dt.timedelta(days=1), program.start_date)
    end = program.start_date + dt.timedelta(days=7 * len(program.weeks))
    while date < end:
        day = program.day_for(date)
        week = program.week_for(date)
        if day is not None and week is not None:
            return NextSession(date=date, week=week.number, summary=_summary(day))
        date += dt.timedelta(days=1)
    return None


def progressed_day(program: Program, history: History, date: dt.date) -> DayProgression | None:
    """The planned day for ``date`` with targets from the history, None on a rest day."""
    day = program.day_for(date)
    if day is None:
        return None
    profile = program.profile
    return progress_day(
        day,
        default_catalog(),
        history,
        date,
        equipment=profile.equipment_set,
        limitations=profile.limitations,
        week=program.week_for(date),
        phase_start=program.phase_start(date),
        kit=Kit.of(profile),
    )


VIEWS: StampedCache[int, tuple[str, dt.date], TodayView] = StampedCache(
    max_items=100_000, max_size=16 * MB, name=f"{__name__}.VIEWS"
)
"""The day of the active plan each user last asked for, progressed; by data stamp and date.

A day's view follows from the plan, the logs and the date alone, and today's page is
opened after every set. Bounded by approximate memory (:func:`.cache.model_bytes`).
"""


def today_view(
    session: Session,
    actor: Actor,
    date: dt.date | None = None,
    program: Program | None = None,
) -> TodayView:
    """What to do on ``date`` (default: the actor's today) from the active plan.

    Args:
        session: Open session.
        actor: Who asks.
        date: The day to show.
        program: A plan to use instead of the saved active one.

    Raises:
        InputError: On ``plan`` when there is no plan to show, on ``date`` when it is
            too far from today (see :func:`check_day`).
    """
    when = check_day(date, actor.today) if date else actor.today
    if program is not None:
        return _view(session, actor, program, when)
    view = _active_view(session, actor, when)
    if view is None:
        raise InputError("plan", "no active plan yet; build one first")
    return view


def _active_view(session: Session, actor: Actor, when: dt.date) -> TodayView | None:
    """``when`` in the active plan, kept per version of the user's data (see VIEWS).

    A view kept for the user's data stamp is served without reading the plan at all.
    """
    data = repo.data_stamp(session, actor.user_id)

    def make() -> TodayView | None:
        found = plans.active_plan(session, actor)
        return None if found is None else _view(session, actor, found[1], when)

    stamp = None if data is None else (data, when)
    return VIEWS.get_or_make(actor.user_id, stamp, make, model_bytes)


def _view(session: Session, actor: Actor, program: Program, when: dt.date) -> TodayView:
    week = program.week_for(when)
    base = TodayView(
        date=when,
        week=week.number if week else 0,
        status="rest",
        plan_start=program.start_date,
        next=next_session(program, when),
    )
    if week is None:
        started = program.start_date is not None and when >= program.start_date
        return base.model_copy(update={"status": "after_plan" if started else "before_plan"})
    work = progressed_day(program, progression_history(session, actor, program, when), when)
    if work is None:
        return base
    return base.model_copy(
        update={
            "status": "training",
            "day": work.day,
            "targets": list(work.recommendations),
            "cardio": list(work.cardio),
            "deload": work.deload is not None,
            "deload_reason": None if work.deload is None else work.deload.reason,
            "see_professional": work.see_professional,
            "notes": list(work.notes),
        }
    )


# --- what progression reads: a bounded window of the logs ----------------------------------

RECENT_DAYS = max(PAIN_SUBSTITUTE_DAYS, PAIN_PROFESSIONAL_WINDOW_DAYS, STALL_RECENT_DAYS, 14)
"""Days before a planned day whose logs are read whole (pain, stalls, last week's cardio).

The longest look-back of the rules a day is progressed by: pain takes an exercise out for
28 days (:data:`~gluteus.domain.progression.pain.PAIN_SUBSTITUTE_DAYS`), stalls count lifts
trained in the last 14 days, cardio ramps from the week before. The phase holding the day
is read whole too (stalls and variations count from its start).
"""

EARLIER_SESSIONS = max(MISSES_BEFORE_REGRESSION, TOPS_BEFORE_NEXT_EXERCISE, STALL_SESSIONS)
"""Sessions of each lift of the day read from before the window (its last ones).

Enough for every streak a rule counts (three misses, two tops, three flat sessions); a
miss streak that may run further back is read to its start (:func:`progression_history`).
"""


def progression_history(session: Session, actor: Actor, program: Program, date: dt.date) -> History:
    """What progressing ``date`` of ``program`` reads of the logs, in bounded reads.

    The same day as from every log (a property test checks it on generated histories):
    the logs from the window's start on (:data:`RECENT_DAYS`, and the phase from the day
    before it starts), and from before it, per lift of the day's families its last
    :data:`EARLIER_SESSIONS` sessions, per cardio activity its last bout and the last day
    with sets (for the comeback rule). A lift whose oldest session read may still be part
    of a run of missed sessions is read whole. Outside a phase, all logs are read.
    """
    day = program.day_for(date)
    phase = program.phase_start(date)
    if day is None or phase is None:
        return journal.history(session, actor)
    start = min(phase - dt.timedelta(days=1), date - dt.timedelta(days=RECENT_DAYS))
    catalog = default_catalog()
    user = actor.user_id
    found = repo.logs_from(session, user, start, ("set", "cardio", "pain"))
    lifts = _lift_families(day, catalog)
    earlier = repo.last_sessions_before(session, user, lifts, start, EARLIER_SESSIONS)
    floors = _miss_floors(day, catalog, lifts)
    longer = _streaks_reaching_back(earlier, floors)
    if longer:
        earlier += repo.last_sessions_before(session, user, longer, start, None)
    activities = [ex.id for s in day.sessions for ex in s.exercises if ex.role is Role.CARDIO]
    found += earlier
    found += repo.last_cardio_before(session, user, activities, start)
    found += repo.last_training_day_before(session, user, start)
    return repo.history_of(found)


def _lift_families(day: Day, catalog: Catalog) -> list[str]:
    """Every exercise a lift of the day may resolve to: each planned one and its family."""
    found: set[str] = set()
    for s in day.sessions:
        for ex in s.exercises:
            if ex.role in (Role.MAIN, Role.FINISHER) and ex.id in catalog:
                harder, easier = family_of(ex.id, catalog)
                found.update((ex.id, *harder, *easier))
    return sorted(found)


def _miss_floors(day: Day, catalog: Catalog, lifts: list[str]) -> dict[str, int]:
    """Per lift, reps (or seconds) at or above which a set is never a miss on this day.

    A lift's dose is the planned slot's range in its unit, or the catalog's own range when
    the units differ: the highest bottom of either is a floor no dose of the day exceeds.
    """
    planned = [ex for s in day.sessions for ex in s.exercises]
    floors: dict[str, int] = {}
    for exercise_id in lifts:
        own = catalog.get(exercise_id).prescription
        same_unit = [ex.reps_min for ex in planned if ex.unit is own.unit]
        floors[exercise_id] = max([own.reps_min, *same_unit])
    return floors


def _streaks_reaching_back(
    earlier: list[tuple[str, int, repo.Entry]], floors: dict[str, int]
) -> list[str]:
    """Lifts whose oldest session read may be a miss: their run may go further back."""
    sessions: dict[str, dict[dt.date, list[LoggedSet]]] = {}
    for _, _, entry in earlier:
        if isinstance(entry, LoggedSet):
            sessions.setdefault(entry.exercise_id, {}).setdefault(entry.date, []).append(entry)
    longer = []
    for exercise_id, days in sessions.items():
        if len(days) < EARLIER_SESSIONS:
            continue  # every earlier session was read
        oldest = days[min(days)]
        if any(s.reps < floors.get(exercise_id, 0) for s in oldest):
            longer.append(exercise_id)
    return sorted(longer)


class TodayPage(BaseModel):
    """Today's view and what was already logged today, per exercise or cardio activity."""

    model_config = ConfigDict(frozen=True)

    view: TodayView
    done: dict[str, list[LoggedSet | CardioLog]] = {}
    last_time: dict[str, list[LoggedSet]] = {}


def done_on(history: History, date: dt.date) -> dict[str, list[LoggedSet | CardioLog]]:
    """What was logged on ``date``, in the order it was logged.

    Sets are keyed by exercise id and cardio bouts by activity id (pain reports and other
    logs are not work done, so they are left out).
    """
    logged: list[LoggedSet | CardioLog] = [s for s in history.sets if s.date == date]
    logged += [c for c in history.cardio if c.date == date]
    logged.sort(key=lambda entry: entry.logged_at or dt.datetime.min)
    done: dict[str, list[LoggedSet | CardioLog]] = {}
    for entry in logged:
        key = entry.exercise_id if isinstance(entry, LoggedSet) else entry.activity_id
        done.setdefault(key, []).append(entry)
    return done


def today_page(session: Session, actor: Actor) -> TodayPage | None:
    """The actor's today with what they logged today, None when they have no plan yet.

    The page is opened after every set: the plan, the logs and the progressed day are
    each read or worked out once per version and then kept (see :mod:`.cache`).
    """

    def make() -> TodayPage | None:
        view = _active_view(session, actor, actor.today)
        if view is None:
            return None
        return TodayPage(
            view=view,
            done=done_on(repo.logs_on(session, actor.user_id, actor.today), actor.today),
            last_time=last_time(session, actor, view, actor.today),
        )

    return PAGES.get_or_make(actor.user_id, page_version(session, actor), make, model_bytes)


def page_version(session: Session, actor: Actor) -> tuple[str, dt.date] | None:
    """What the actor's today page follows from: their data stamp and the day.

    None when the stamp is unknown (then nothing derived from it may be kept).
    """
    data = repo.data_stamp(session, actor.user_id)
    return None if data is None else (data, actor.today)


PAGES: StampedCache[int, tuple[str, dt.date], TodayPage] = StampedCache(
    max_items=100_000, max_size=16 * MB, name=f"{__name__}.PAGES"
)
"""Each user's today page (the day's view, what is done, last time), by data stamp and day.

Opening the page again without a change reads one stamp and nothing else; a logged set
gives a new stamp, and the page is made again from bounded reads. Bounded by memory.
"""


def last_time(
    session: Session, actor: Actor, view: TodayView, date: dt.date
) -> dict[str, list[LoggedSet]]:
    """:func:`last_sessions` from an indexed read of each lift's last session only."""
    ids = [rec.exercise_id for rec in view.targets]
    found = repo.last_sessions_before(session, actor.user_id, ids, date, 1)
    return last_sessions(repo.history_of(found), view, date)


def last_sessions(history: History, view: TodayView, date: dt.date) -> dict[str, list[LoggedSet]]:
    """The sets of the last session before ``date`` of each lift on the day, by exercise id."""
    found: dict[str, list[LoggedSet]] = {}
    for rec in view.targets:
        dates, sessions = history.sessions_of(rec.exercise_id)
        before = bisect.bisect_left(dates, date)
        if before:
            found[rec.exercise_id] = list(sessions[before - 1])
    return found


def planned_items(day: Day) -> list[tuple[SessionKind, PlannedExercise]]:
    """The exercises of a day that are logged (main work, finishers and cardio), in order."""
    return [(s.kind, ex) for s in day.sessions for ex in s.exercises if ex.role in _LOGGED_ROLES]


def is_cardio(kind: SessionKind, exercise: PlannedExercise) -> bool:
    """Whether a planned item is logged as a cardio bout rather than as sets."""
    return kind is SessionKind.CARDIO or exercise.role is Role.CARDIO


def log_as_planned(
    session: Session, actor: Actor, date: dt.date, last_two_hard: bool
) -> journal.SessionLogged:
    """Log the day's progressed targets as done; what was already logged that day stays.

    Each exercise gets only its remaining planned sets, numbered after those already logged;
    a cardio activity already logged that day is not logged again.

    Raises:
        InputError: On ``plan`` without an active plan, on ``date`` for a rest day.
    """
    journal.check_date(date, actor)
    view = today_view(session, actor, date)
    if view.day is None:
        raise InputError("date", "nothing is planned on that day", value=str(date))
    history = repo.logs_on(session, actor.user_id, date)
    done_sets: dict[str, int] = {}
    for logged in history.sets:
        if logged.date == date:
            done_sets[logged.exercise_id] = done_sets.get(logged.exercise_id, 0) + 1
    done_cardio = {c.activity_id for c in history.cardio if c.date == date}
    targets = {rec.exercise_id: rec for rec in view.targets}
    request = journal.SessionInput(date=date)
    pending: dict[str, journal.SetsInput] = {}
    skipped: list[str] = []
    for kind, exercise in planned_items(view.day):
        if is_cardio(kind, exercise):
            if exercise.id in done_cardio:
                skipped.append(exercise.id)
                continue
            request.cardio.append(
                journal.CardioInput(exercise_id=exercise.id, minutes=exercise.minutes, date=date)
            )
            continue
        rec = targets.get(exercise.id)
        sets = rec.dose.sets if rec else exercise.sets
        # Sets logged earlier that day count against this slot first, then the next slot of
        # the same exercise (a move can be main work and the finisher on one day).
        covered = min(sets, done_sets.get(exercise.id, 0))
        done_sets[exercise.id] = done_sets.get(exercise.id, 0) - covered
        remaining = sets - covered
        if remaining <= 0:
            skipped.append(exercise.id)
            continue
        reps = [rec.target_reps if rec else exercise.reps_max] * remaining
        earlier = pending.get(exercise.id)
        if earlier is not None:
            earlier.reps.extend(reps)
            continue
        pending[exercise.id] = journal.SetsInput(
            exercise_id=exercise.id,
            reps=reps,
            last_two_hard=last_two_hard,
            date=date,
            load_kg=rec.load_kg if rec else None,
            band=rec.band.value if rec and rec.band else None,
        )
        request.sets.append(pending[exercise.id])
    if not request.sets and not request.cardio:
        return journal.SessionLogged(date=date, entries=[], already_logged=skipped)
    result = journal.log_session(session, actor, request)
    return result.model_copy(update={"already_logged": skipped})
