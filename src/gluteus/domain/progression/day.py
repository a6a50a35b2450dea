"""Progression applied to a whole planned day: what ``gluteus today`` shows.

Resolves which exercise of a chain is current, applies the strength engine, the deload
week, pain substitution and the cardio ramp, and returns the adjusted day with notes.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from gluteus.domain.catalog import Catalog, Kind
from gluteus.domain.history import History
from gluteus.domain.profile import Equipment, Limitation
from gluteus.domain.program import Day, PlannedExercise, Role, Session
from gluteus.domain.progression.cardio import CardioTarget, next_cardio
from gluteus.domain.progression.pain import find_substitute, needs_professional, recent_pain
from gluteus.domain.progression.strength import (
    Action,
    DeloadAdvice,
    Dose,
    Recommendation,
    deload_advice,
    deloaded,
    next_prescription,
)

_STRENGTH_ROLES = frozenset({Role.MAIN, Role.FINISHER})


class DayProgression(BaseModel):
    """A planned day with progressed targets applied."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: Day
    recommendations: tuple[Recommendation, ...]
    cardio: tuple[CardioTarget, ...] = ()
    deload: DeloadAdvice | None = None
    see_professional: bool = False
    notes: tuple[str, ...] = ()

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
) -> str:
    """The exercise actually being done for a planned slot.

    After the engine moved someone up or down a chain, they log the new exercise while
    the plan still names the old one. The member of the slot's family (the planned
    exercise, two steps up its progressions and two steps down its regressions) with the
    most recent logged session is the current one; the planned one wins ties and when
    nothing was logged. Ids in ``exclude`` (planned elsewhere that day) are never chosen.

    Args:
        planned_id: Id of the planned exercise.
        catalog: The catalog.
        history: Everything logged.
        today: The day being planned.
        exclude: Ids not to resolve to.

    Returns:
        The current exercise id.
    """
    skip = set(exclude) - {planned_id}
    family = [planned_id]
    for field in ("progressions", "regressions"):
        frontier = [planned_id]
        for _ in range(2):
            frontier = [n for i in frontier for n in getattr(catalog.get(i), field) if n in catalog]
            family.extend(n for n in frontier if n not in family and n not in skip)
    best, best_date = planned_id, None
    for exercise_id in family:
        dates = history.sessions_of(exercise_id).dates
        before = bisect.bisect_left(dates, today)
        if before and (best_date is None or dates[before - 1] > best_date):
            best, best_date = exercise_id, dates[before - 1]
    return best


def progress_day(
    day: Day,
    catalog: Catalog,
    history: History,
    today: dt.date,
    *,
    equipment: Iterable[Equipment] | None = None,
    limitations: Sequence[Limitation] = (),
) -> DayProgression:
    """Apply progression to every exercise of a planned day (what ``gluteus today`` shows).

    Strength exercises (main and finisher roles) get :func:`next_prescription` (or the
    deload dose during a deload week); cardio gets :func:`next_cardio`; any exercise with
    recent pain is swapped or skipped. Exercises not in the catalog pass through unchanged.

    Args:
        day: The planned day.
        catalog: The catalog.
        history: Everything logged before ``today``.
        today: The date of the day.
        equipment: What the person owns; None when unknown.
        limitations: Declared limitations.

    Returns:
        The adjusted day, one recommendation per strength exercise, cardio targets, the
        deload in force, whether to see a professional, and notes in plain words.

    References:
        See :func:`next_prescription`, :func:`next_cardio`, :func:`deload_advice`.
    """
    owned = None if equipment is None else tuple(equipment)
    past = history.until(today - dt.timedelta(days=1))
    painful = history.until(today)
    # Lifts progress from sets before today but heed pain reported today too: one copy for
    # the whole day, so every exercise shares its index of sets.
    lifts = past.model_copy(update={"pain": painful.pain})
    deload = deload_advice(past, today)
    planned_ids = {ex.id for session in day.sessions for ex in session.exercises}
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
            current = catalog.get(
                current_exercise(planned.id, catalog, past, today, exclude=planned_ids)
            )
            rec = next_prescription(
                Dose.of(planned),
                current,
                catalog,
                lifts,
                today,
                equipment=owned,
                limitations=limitations,
                anchor_id=planned.id,
            )
            if deload is not None and rec.action not in (Action.SUBSTITUTE, Action.SKIP):
                rec = deloaded(rec, current, owned)
            recs.append(rec)
            if rec.action is not Action.SKIP:
                kept.append(_with_recommendation(planned, rec, catalog))
        sessions.append(session.model_copy(update={"exercises": tuple(kept)}))
    professional = needs_professional(painful, today)
    notes = [
        f"{r.exercise_id}: {r.reason}" for r in recs if r.action in (Action.SUBSTITUTE, Action.SKIP)
    ]
    if deload is not None:
        notes.append(deload.reason)
    if professional:
        notes.append(
            "Pain has come up more than once lately (or strongly): please get it checked by a "
            "doctor or physiotherapist before pushing on."
        )
    return DayProgression(
        day=day.model_copy(update={"sessions": tuple(sessions)}),
        recommendations=tuple(recs),
        cardio=tuple(cardio),
        deload=deload,
        see_professional=professional,
        notes=tuple(notes),
    )


def _with_recommendation(
    planned: PlannedExercise, rec: Recommendation, catalog: Catalog
) -> PlannedExercise:
    update: dict[str, object] = {"sets": rec.dose.sets, "why": rec.reason}
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
    if not recent_pain(history, planned.id, today):
        return planned
    exercise = catalog.get(planned.id)
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
