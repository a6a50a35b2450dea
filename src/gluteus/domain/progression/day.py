"""Progression applied to a whole planned day: what ``gluteus today`` shows.

Resolves which exercise of a chain is current, applies the strength engine, the deload
week, pain substitution and the cardio ramp, and returns the adjusted day with notes.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from gluteus.domain.catalog import Catalog, Exercise, Kind
from gluteus.domain.history import History
from gluteus.domain.profile import Equipment, Limitation
from gluteus.domain.program import Day, PlannedExercise, Role, Session, Week
from gluteus.domain.progression.cardio import CardioTarget, next_cardio
from gluteus.domain.progression.kit import Kit, load_per
from gluteus.domain.progression.pain import family_of, find_substitute, needs_professional, pain_on
from gluteus.domain.progression.strength import (
    BREAK_DAYS_LIGHTER,
    BREAK_DAYS_NOTED,
    Action,
    DeloadAdvice,
    Dose,
    Recommendation,
    back_from_break,
    break_fraction,
    deload_advice,
    deloaded,
    dose_in_unit,
    held_for_deload,
    next_prescription,
    start_from_relative,
)
from gluteus.domain.quantities import Text

_STRENGTH_ROLES = frozenset({Role.MAIN, Role.FINISHER})


class DayProgression(BaseModel):
    """A planned day with progressed targets applied."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: Day
    recommendations: tuple[Recommendation, ...]
    cardio: tuple[CardioTarget, ...] = ()
    deload: DeloadAdvice | None = None
    see_professional: bool = False
    notes: tuple[Text, ...] = ()

    @property
    def exercises(self) -> tuple[PlannedExercise, ...]:
        """Every adjusted planned exercise of the day, in session order."""
        return tuple(ex for session in self.day.sessions for ex in session.exercises)


def current_exercise(
    planned_id: str,
    catalog: Catalog,
    history: History,
    today: dt.date,
    *,
    exclude: Iterable[str] = (),
    since: dt.date | None = None,
) -> str:
    """The exercise actually being done for a planned slot.

    After the engine moved someone up or down a chain, they log the new exercise while
    the plan still names the old one. The member of the slot's family (the planned
    exercise, two steps up its progressions and two steps down its regressions) with the
    most recent logged session is the current one; the planned one wins ties and when
    nothing was logged. Ids in ``exclude`` (planned elsewhere that day) are never chosen.
    Only sessions on or after ``since`` (the start of the plan's phase) count: a new phase's
    variation is the plan's word, not pulled back to what was done in the phase before.

    Args:
        planned_id: Id of the planned exercise.
        catalog: The catalog.
        history: Everything logged.
        today: The day being planned.
        exclude: Ids not to resolve to.
        since: First day whose sessions count; None for all.

    Returns:
        The current exercise id.
    """
    best, best_date = planned_id, None
    for exercise_id, date in _family_sessions(planned_id, catalog, history, today, exclude):
        if (since is None or date >= since) and (best_date is None or date > best_date):
            best, best_date = exercise_id, date
    return best


def _family(planned_id: str, catalog: Catalog, exclude: Iterable[str]) -> list[str]:
    skip = set(exclude) - {planned_id}
    family = [planned_id]
    for side in family_of(planned_id, catalog):
        family.extend(n for n in side if n not in family and n not in skip)
    return family


def _family_sessions(
    planned_id: str, catalog: Catalog, history: History, today: dt.date, exclude: Iterable[str]
) -> list[tuple[str, dt.date]]:
    """Each family member with the date of its last session before ``today``."""
    found = []
    for exercise_id in _family(planned_id, catalog, exclude):
        dates = history.sessions_of(exercise_id).dates
        before = bisect.bisect_left(dates, today)
        if before:
            found.append((exercise_id, dates[before - 1]))
    return found


def progress_day(
    day: Day,
    catalog: Catalog,
    history: History,
    today: dt.date,
    *,
    equipment: Iterable[Equipment] | None = None,
    limitations: Sequence[Limitation] = (),
    week: Week | None = None,
    phase_start: dt.date | None = None,
    kit: Kit | None = None,
) -> DayProgression:
    """Apply progression to every exercise of a planned day (what ``gluteus today`` shows).

    Strength exercises (main and finisher roles) get :func:`next_prescription` (or the
    deload dose during a deload week); cardio gets :func:`next_cardio`; any exercise with
    recent pain is swapped or skipped. Exercises not in the catalog pass through unchanged.

    The plan decides what is done, the logs how much: in the plan's deload week every lift
    keeps last time's load with the plan's fewer sets; a variation new in this phase is
    shown as planned, started from its logged relative; every dose is in the unit of the
    exercise actually done.

    Args:
        day: The planned day.
        catalog: The catalog.
        history: Everything logged before ``today``.
        today: The date of the day.
        equipment: What the person owns; None when unknown.
        limitations: Declared limitations.
        week: The plan's week holding ``day`` (its deload flag); None when unknown.
        phase_start: First day of the plan's phase holding ``day``; None when unknown.
        kit: The loads the person owns (dumbbells, kettlebells, plates), with their
            equipment; None to go by ``equipment`` and the usual shop steps.

    Returns:
        The adjusted day, one recommendation per strength exercise, cardio targets, the
        deload in force, whether to see a professional, and notes in plain words (the deload's
        reason and the referral are not repeated among the notes).

    References:
        See :func:`next_prescription`, :func:`next_cardio`, :func:`deload_advice`.
    """
    if kit is None:
        kit = Kit.from_equipment(equipment)
    elif equipment is not None:
        kit = kit.model_copy(update={"equipment": tuple(equipment)})
    owned = kit.equipment
    past = history.until(today - dt.timedelta(days=1))
    painful = history.until(today)
    # Lifts progress from sets before today but heed pain reported today too: one copy for
    # the whole day, so every exercise shares its index of sets.
    lifts = past.model_copy(update={"pain": painful.pain})
    planned_deload = week is not None and week.deload
    # A new phase starts stall counting afresh: the lighter week before it is no stall.
    fresh = None if phase_start is None else phase_start - dt.timedelta(days=1)
    deload = _planned_deload(today) if planned_deload else deload_advice(past, today, since=fresh)
    # A move planned on any day of the week is that day's own slot, never another's current.
    planned_ids = {
        ex.id
        for planned_day in (week.days if week is not None else (day,))
        for session in planned_day.sessions
        for ex in session.exercises
    }
    trained = past.training_dates()
    days_off = (today - max(trained)).days if trained else 0
    day_context = _Lifts(
        catalog, past, lifts, today, owned, tuple(limitations), frozenset(planned_ids),
        phase_start, deload, planned_deload, days_off, kit,
    )  # fmt: skip
    recs: list[Recommendation] = []
    cardio: list[CardioTarget] = []
    sessions: list[Session] = []
    for session in day.sessions:
        kept: list[PlannedExercise] = []
        for planned in session.exercises:
            if planned.id not in catalog:
                kept.append(planned)
                continue
            if planned.role is Role.CARDIO:
                target = next_cardio(planned.id, planned.minutes, past, today)
                cardio.append(target)
                kept.append(_with_cardio(planned, target))
                continue
            if planned.role not in _STRENGTH_ROLES:
                kept.append(_gentle_swap(planned, catalog, painful, today, owned, limitations))
                continue
            rec = _lift(planned, day_context)
            recs.append(rec)
            if rec.action is not Action.SKIP:
                kept.append(_with_recommendation(planned, rec, catalog))
        sessions.append(session.model_copy(update={"exercises": tuple(kept)}))
    professional = needs_professional(painful, today)
    notes = [
        f"{catalog.get(r.planned_exercise_id or r.exercise_id).name}: {r.reason}"
        for r in recs
        if r.action in (Action.SUBSTITUTE, Action.SKIP)
    ]
    if day_context.days_off >= BREAK_DAYS_LIGHTER:
        notes.append(
            f"Welcome back after {day_context.days_off // 7} weeks: today's loads are a little "
            "lighter and build back up over the next sessions."
        )
    elif day_context.days_off >= BREAK_DAYS_NOTED:
        notes.append("Welcome back: a week off costs no strength, so pick up where you left off.")
    # The deload and the referral have fields of their own (one notice per cause).
    return DayProgression(
        day=day.model_copy(update={"sessions": tuple(sessions)}),
        recommendations=tuple(recs),
        cardio=tuple(cardio),
        deload=deload,
        see_professional=professional,
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class _Lifts:
    """What every lift of one day is progressed against."""

    catalog: Catalog
    past: History
    lifts: History
    today: dt.date
    owned: tuple[Equipment, ...] | None
    limitations: tuple[Limitation, ...]
    planned_ids: frozenset[str]
    phase_start: dt.date | None
    deload: DeloadAdvice | None
    planned_deload: bool
    days_off: int
    kit: Kit


def _lift(planned: PlannedExercise, day: _Lifts) -> Recommendation:
    """One lift's target: the plan's exercise and dose, the amount from the logs."""
    catalog, past, today = day.catalog, day.past, day.today
    current = catalog.get(
        current_exercise(
            planned.id, catalog, past, today, exclude=day.planned_ids, since=day.phase_start
        )
    )
    dose = dose_in_unit(Dose.of(planned), current)
    rec = next_prescription(
        dose,
        current,
        catalog,
        day.lifts,
        today,
        equipment=day.kit,
        limitations=day.limitations,
        anchor_id=planned.id,
    )
    if rec.action is Action.START and day.phase_start is not None:
        relative = _relative(planned.id, catalog, past, today, day.planned_ids)
        if relative is not None:
            rec = start_from_relative(rec, current, relative, past, today, day.kit)
    if day.deload is not None and rec.action not in (Action.SUBSTITUTE, Action.SKIP):
        # A lighter week never moves on to a harder exercise either.
        if day.planned_deload or rec.exercise_id != current.id:
            rec = held_for_deload(rec, current, dose, past, today)
        if not day.planned_deload:
            rec = deloaded(rec, current, day.kit)
    fraction = break_fraction(day.days_off)
    if fraction is not None and rec.action is not Action.DELOAD:
        rec = back_from_break(rec, current, fraction, day.days_off // 7, past, today, day.kit)
    if rec.exercise_id != current.id:
        moved = dose_in_unit(rec.dose, catalog.get(rec.exercise_id))
        if moved is not rec.dose:
            rec = rec.model_copy(update={"dose": moved, "target_reps": moved.reps_min})
    done = catalog.get(rec.exercise_id)
    return rec.model_copy(
        update={"planned_exercise_id": planned.id, "load_per": load_per(done, day.kit, rec.load_kg)}
    )


def _planned_deload(today: dt.date) -> DeloadAdvice:
    monday = today - dt.timedelta(days=today.weekday())
    return DeloadAdvice(
        start=monday,
        end=monday + dt.timedelta(days=6),
        stalled=(),
        planned=True,
        reason="a lighter week in your plan: same exercises and loads, fewer sets, every set "
        "ends two or three reps short of failure",
    )


def _relative(
    planned_id: str, catalog: Catalog, history: History, today: dt.date, exclude: Iterable[str]
) -> Exercise | None:
    """The family member logged most recently, when the planned exercise itself never was."""
    found = _family_sessions(planned_id, catalog, history, today, exclude)
    if not found or any(exercise_id == planned_id for exercise_id, _ in found):
        return None
    return catalog.get(max(found, key=lambda item: item[1])[0])


def _with_recommendation(
    planned: PlannedExercise, rec: Recommendation, catalog: Catalog
) -> PlannedExercise:
    update: dict[str, object] = {
        "sets": rec.dose.sets,
        "reps_min": rec.dose.reps_min,
        "reps_max": rec.dose.reps_max,
        "unit": rec.dose.unit,
        "why": rec.reason,
    }
    if rec.exercise_id != planned.id:
        ex = catalog.get(rec.exercise_id)
        update |= {
            "id": ex.id,
            "name": ex.name,
            "unilateral": ex.unilateral,
            "primary_muscles": ex.primary_muscles,
            "secondary_muscles": ex.secondary_muscles,
            "band_placement": ex.band_placement,
            "progressed_from": planned.id,
        }
    return planned.model_copy(update=update)


def _with_cardio(planned: PlannedExercise, target: CardioTarget) -> PlannedExercise:
    seconds = int(target.minutes * 60)
    scale = target.minutes / planned.minutes if planned.minutes > 0 else 1.0
    return planned.model_copy(
        update={
            "minutes": target.minutes,
            "reps_min": seconds,
            "reps_max": seconds,
            "kcal": round(planned.kcal * scale, 1),
            "net_kcal": None if planned.net_kcal is None else round(planned.net_kcal * scale, 1),
            "why": target.reason,
        }
    )


def _gentle_swap(
    planned: PlannedExercise,
    catalog: Catalog,
    history: History,
    today: dt.date,
    equipment: Iterable[Equipment] | None,
    limitations: Sequence[Limitation],
) -> PlannedExercise:
    exercise = catalog.get(planned.id)
    if not pain_on(exercise, catalog, history, today):
        return planned
    swap = find_substitute(
        exercise, catalog, history, today, equipment=equipment, limitations=limitations
    )
    if swap is None or swap.kind not in (Kind.WARMUP, Kind.STRETCH):
        return planned.model_copy(
            update={"sets": 1, "why": "pain reported: gentle range only, stop if it hurts"}
        )
    return _with_recommendation(
        planned,
        Recommendation(
            exercise_id=swap.id,
            action=Action.SUBSTITUTE,
            dose=Dose.of(planned),
            target_reps=planned.reps_min,
            reason=f"pain reported on {exercise.name}: {swap.name} instead",
        ),
        catalog,
    )
