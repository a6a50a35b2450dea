"""The strength progression engine: from logged sets, the next target for one exercise.

Double progression (reps up to the top of the range, then more load, a stronger band or
the next exercise in the catalog's chain), hold on a miss, regress after repeated misses,
a deload week when several lifts stall (or when the plan schedules one), and a hand-off to
:mod:`gluteus.domain.progression.pain` when an exercise hurts. Pure: the caller passes
``today`` and the history.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from gluteus.domain.catalog import Catalog, Exercise, RepUnit
from gluteus.domain.history import BandLevel, History, LoggedSet
from gluteus.domain.profile import Equipment, Limitation
from gluteus.domain.program import PlannedExercise
from gluteus.domain.progression.kit import (
    Kit,
    LoadPer,
    easier_band,
    implement,
    increment_kg,
    next_owned,
    owned_at_most,
    owned_loads,
    round_down_to_kit,
    stronger_band,
)
from gluteus.domain.progression.pain import (
    find_substitute,
    load_held_by_pain,
    needs_professional,
    pain_on,
    suits,
)
from gluteus.domain.quantities import Mass, Text, message
from gluteus.domain.units import format_count

LOAD_STEP_FRACTION = 0.05
"""Load step after a hard top-of-range session, inside ACSM's 2–10 % [1]."""
LOAD_STEP_FRACTION_EASY = 0.10
"""Load step when the last reps at the top of the range were still easy (ACSM's upper end)."""
MISSES_BEFORE_REGRESSION = 3
"""Missed sessions in a row (same load) before stepping back."""
TOPS_BEFORE_NEXT_EXERCISE = 2
"""Top-of-range sessions in a row before a bodyweight move gives way to the next one."""
STALL_SESSIONS = 3
"""Sessions without progress that make a lift stalled."""
STALLED_LIFTS_FOR_DELOAD = 3
"""Stalled lifts that call for a deload week."""
STALL_RECENT_DAYS = 14
"""Only lifts trained within this many days count towards a stall."""
BIG_JUMP_FRACTION = 0.10
"""A load step heavier than this share of the current load is a big jump [-].

ACSM 2009 [1] adds 2–10 % once the target reps are exceeded; when the next dumbbell the person
owns is further away than that, reps are added first (:data:`EXTRA_REPS_BEFORE_BIG_JUMP`).
"""
EXTRA_REPS_BEFORE_BIG_JUMP = 3
"""Reps above the top of the range to reach before a big load jump.

Gluteus convention after ACSM 2009 [1]: a few more reps at the current load carry the
overload until the next owned load is within reach, then the reps restart at the bottom of
the range.
"""
DELOAD_DAYS = 7
DELOAD_LOAD_FRACTION = 0.90
SECONDS_STEP = 5
"""Added hold time [s] per session for timed exercises."""
BREAK_DAYS_NOTED = 7
"""Days since the last strength session after which today says a word about the gap."""
BREAK_DAYS_LIGHTER = 14
"""Days without strength training after which loads restart lighter.

Strength holds for about three weeks without training and declines after that [2]; two weeks
off is where Gluteus starts erring on the light side, so the first sessions back rebuild
rather than test.
"""
BREAK_LOAD_FRACTION = {14: 0.90, 28: 0.80}
"""Load on return after at least this many days off: about 10 % lighter after two weeks,
20 % after four, rebuilt over the next one or two weeks of normal progression [2]."""
NEW_VARIATION_LOAD_FRACTION = 0.80
"""A variation new this phase starts at about 80 % of the related lift's last load.

Gluteus convention: a new movement is learned below the load of its familiar relative; 20 %
lighter keeps the first session in the planned rep range with reps to spare (ACSM 2009 [1]:
load is increased only once the target reps are exceeded).
"""

REFERENCES = (
    "[1] Ratamess N.A. et al., ACSM position stand: progression models in resistance "
    "training for healthy adults, Med. Sci. Sports Exerc. 41(3):687-708, 2009. "
    "doi:10.1249/MSS.0b013e3181915670",
    "[2] Mujika I., Padilla S., Detraining: loss of training-induced physiological and "
    "performance adaptations, Sports Med. 30(2):79-87, 2000; Bosquet L. et al., Effect of "
    "training cessation on muscular performance: a meta-analysis, Scand. J. Med. Sci. Sports "
    "23(3):e140-e149, 2013.",
)


class Action(StrEnum):
    """What the engine decided for one exercise."""

    START = "start"
    ADD_REPS = "add_reps"
    ADD_LOAD = "add_load"
    STRONGER_BAND = "stronger_band"
    NEXT_EXERCISE = "next_exercise"
    HOLD = "hold"
    REGRESS = "regress"
    SUBSTITUTE = "substitute"
    SKIP = "skip"
    DELOAD = "deload"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Dose(_Frozen):
    """A planned dose: sets of ``reps_min``–``reps_max`` (seconds for holds) with rest."""

    sets: int
    reps_min: int
    reps_max: int
    rest_seconds: int
    unit: RepUnit = RepUnit.REPS

    @classmethod
    def of(cls, planned: PlannedExercise) -> Dose:
        """The dose of a planned exercise."""
        return cls(
            sets=planned.sets,
            reps_min=planned.reps_min,
            reps_max=planned.reps_max,
            rest_seconds=planned.rest_seconds,
            unit=planned.unit,
        )


class Recommendation(_Frozen):
    """The next target for one exercise, and why.

    ``load_kg`` is None for bodyweight work or when the person should pick a comfortable
    load for a new exercise; ``band`` is None when no band is used.
    """

    exercise_id: str
    action: Action
    dose: Dose
    target_reps: int
    load_kg: float | None = None
    band: BandLevel | None = None
    reason: Text
    see_professional: bool = False
    planned_exercise_id: str | None = Field(
        default=None, description="what the plan had in this slot (the same id unless swapped)"
    )
    load_per: LoadPer | None = Field(
        default=None,
        description="whether load_kg is held in each hand or is the total; null without a load",
    )


class DeloadAdvice(_Frozen):
    """A lighter week: the plan's own, or one set fewer and ~10 % lighter after stalls."""

    start: dt.date
    end: dt.date
    stalled: tuple[str, ...]
    reason: Text
    planned: bool = False

    def active_on(self, date: dt.date) -> bool:
        """Whether ``date`` falls in the deload week."""
        return self.start <= date <= self.end


Owned = Iterable[Equipment] | Kit | None
"""What the person owns: their equipment, their kit with the loads owned, or None (unknown)."""


def load_increment_kg(load_kg: float, exercise: Exercise, equipment: Owned = None) -> float:
    """The smallest sensible load change [kg] for this exercise at this load.

    Dumbbells and kettlebells come in 1 kg steps below 10 kg and 2 kg steps above; a
    barbell moves by a pair of the smallest plates (2.5 kg unless the profile's
    ``plates_kg`` says otherwise). A barbell is assumed when the exercise takes one, the
    person owns one (or ownership is unknown and it is listed first) and the load is at
    least an empty 20 kg bar.

    Args:
        load_kg: Current load. [kg]
        exercise: The catalog entry.
        equipment: What the person owns; None when unknown.

    Returns:
        Increment. [kg]

    References:
        Gluteus convention for commercially available weights; step size per [1].
    """
    return increment_kg(load_kg, exercise, Kit.from_equipment(equipment))


def next_load_kg(
    load_kg: float,
    exercise: Exercise,
    equipment: Owned = None,
    *,
    fraction: float = LOAD_STEP_FRACTION,
) -> float:
    """The load [kg] after a successful top-of-range session.

    When the person listed the dumbbells or kettlebells they own, the lightest owned one
    above ``load_kg`` (``load_kg`` itself when they own none heavier). Otherwise
    ``load × fraction`` rounded to the nearest increment, at least one increment. A step
    larger than :data:`BIG_JUMP_FRACTION` is only taken after the reps-first rule
    (:func:`next_prescription`).

    Args:
        load_kg: Current load. [kg]
        exercise: The catalog entry (decides dumbbell or barbell steps).
        equipment: What the person owns; None when unknown.
        fraction: Relative step, 0.02–0.10 per [1]. [-]

    Returns:
        New load. [kg]

    References:
        [1] ACSM 2009: add 2–10 % when the lifter exceeds the target by 1–2 reps.
    """
    kit = Kit.from_equipment(equipment)
    loads = owned_loads(exercise, kit)
    if loads:
        found = next_owned(load_kg, loads)
        return load_kg if found is None else found
    inc = increment_kg(load_kg, exercise, kit)
    step = max(inc, round(load_kg * fraction / inc) * inc)
    if step > inc and step > load_kg * BIG_JUMP_FRACTION + 1e-9:
        step -= inc  # rounding up never makes a big jump out of a step the kit can keep small
    return round(load_kg + step, 2)


def lower_load_kg(
    load_kg: float,
    exercise: Exercise,
    equipment: Owned = None,
    *,
    fraction: float = LOAD_STEP_FRACTION,
) -> float:
    """One load step [kg] lighter, never below zero; an owned load when the loads are listed.

    With owned dumbbells or kettlebells the result is the heaviest owned one not above the
    computed lighter load (zero when none is that light).

    Args:
        load_kg: Current load. [kg]
        exercise: The catalog entry.
        equipment: What the person owns; None when unknown.
        fraction: Relative step. [-]

    Returns:
        New load. [kg]

    References:
        Mirror of :func:`next_load_kg` ([1]).
    """
    kit = Kit.from_equipment(equipment)
    inc = increment_kg(max(load_kg - 1e-9, 0.0), exercise, kit)
    step = max(inc, round(load_kg * fraction / inc) * inc)
    lighter = max(0.0, round(load_kg - step, 2))
    loads = owned_loads(exercise, kit)
    if loads:
        return owned_at_most(lighter, loads) or 0.0
    return lighter


def _session_load(sets: Sequence[LoggedSet]) -> float | None:
    loads = [s.load_kg for s in sets if s.load_kg is not None and s.load_kg > 0]
    return max(loads) if loads else None


def _session_band(sets: Sequence[LoggedSet]) -> BandLevel | None:
    bands = [s.band for s in sets if s.band is not None]
    return max(bands, key=lambda b: b.rank) if bands else None


def _missed(sets: Sequence[LoggedSet], dose: Dose) -> bool:
    return any(s.reps < dose.reps_min for s in sets)


def _at_top(sets: Sequence[LoggedSet], dose: Dose) -> bool:
    return (
        len(sets) >= dose.sets
        and all(s.reps >= dose.reps_max for s in sets)
        and all(s.good_form for s in sets)
    )


def _score(sets: Sequence[LoggedSet]) -> tuple[float, int, int]:
    band = _session_band(sets)
    return (
        _session_load(sets) or 0.0,
        -1 if band is None else band.rank,
        sum(s.reps for s in sets),
    )


def _pick(
    ids: Sequence[str],
    catalog: Catalog,
    equipment: Owned,
    limitations: Sequence[Limitation],
    prefer: str | None = None,
) -> Exercise | None:
    owned = Kit.from_equipment(equipment).equipment
    usable = [catalog.get(i) for i in ids if suits(catalog.get(i), owned, limitations)]
    for ex in usable:
        if ex.id == prefer:
            return ex
    return usable[0] if usable else None


CALIBRATION = (
    "pick a weight or band you could lift for about two more reps than the bottom of the range"
)
"""The one calibration sentence, in the plan and in today: a first set with about two reps in
reserve, which double progression then builds from (ACSM 2009 [1])."""


def first_time_reason(exercise: Exercise) -> str:
    """What today says the first time an exercise comes up: how to choose its resistance."""
    banded = exercise.band_placement is not None or Equipment.RESISTANCE_BAND in exercise.equipment
    if exercise.takes_load or banded:
        return f"first time: {CALIBRATION}"
    return "first time: do the bottom of the range with good form and about two reps to spare"


def next_prescription(
    dose: Dose,
    exercise: Exercise,
    catalog: Catalog,
    history: History,
    today: dt.date,
    *,
    equipment: Owned = None,
    limitations: Sequence[Limitation] = (),
    anchor_id: str | None = None,
) -> Recommendation:
    """The next target for one strength exercise from its logged sessions.

    Rules, first match wins:

    1. pain on it or its family in the last 28 days (:func:`pain_on`) → a substitute loading
       the painful region less (:func:`find_substitute`), load chosen afresh (never heavier),
       or skip when none fits;
    2. no sessions yet → the planned dose at the bottom of the range;
    3. the last session missed (a set below ``reps_min``) → hold the load; after three
       missed sessions in a row → one step lighter, an easier band, or the catalog's
       regression;
    4. every planned set at the top of the range with good form → more load (the next
       dumbbell or kettlebell owned; else ≈ 5 %, 10 % when the last reps were still easy,
       rounded to the kit's increment), a stronger band, or, for bodyweight work (or the
       heaviest band) after two such sessions in a row, the catalog's next exercise (never
       beyond the chain's end). When the next load is more than
       :data:`BIG_JUMP_FRACTION` heavier, reps go up first, to
       :data:`EXTRA_REPS_BEFORE_BIG_JUMP` above the range, before the load does;
    5. otherwise → one more rep (two when the last reps felt easy; 5 s for holds) on the
       weakest set, capped at the top of the range.

    While a pain episode loads this exercise's region (:func:`load_held_by_pain`), rule 4
    holds the load, band and variation instead of raising them.

    Args:
        dose: The planned sets, rep range and rest.
        exercise: The catalog entry of the exercise being done now.
        catalog: The catalog (chains and substitutes).
        history: Everything logged up to now.
        today: The day being planned.
        equipment: What the person owns; None when unknown.
        limitations: Declared limitations.
        anchor_id: The planned exercise this one stands for; preferred when progressing
            back up from a regression.

    Returns:
        The recommendation with load [kg], band, target reps and a plain-words reason.

    References:
        [1] ACSM 2009 (load progression, 2–10 %); SPEC §5; facts.md §3.2–3.3.
    """
    kit = Kit.from_equipment(equipment)
    equipment = kit.equipment
    professional = needs_professional(history, today)
    if pain_on(exercise, catalog, history, today):
        return _substitute(dose, exercise, catalog, history, today, equipment, limitations)
    dates, logged = history.sessions_of(exercise.id)
    sessions = logged[: bisect.bisect_right(dates, today)]
    base = Recommendation(
        exercise_id=exercise.id,
        action=Action.START,
        dose=dose,
        target_reps=dose.reps_min,
        reason=first_time_reason(exercise),
        see_professional=professional,
    )
    if not sessions:
        return base
    last = sessions[-1]
    load, band = _session_load(last), _session_band(last)
    base = base.model_copy(update={"load_kg": load, "band": band})
    if _missed(last, dose):
        return _after_miss(base, sessions, exercise, catalog, kit, limitations)
    if _at_top(last, dose):
        tops = 0
        for session in reversed(sessions):
            if not _at_top(session, dose):
                break
            tops += 1
        rec = _after_top(base, last, tops, exercise, catalog, kit, limitations, anchor_id)
        return _held_for_pain(rec, base, exercise, catalog, history, today)
    easy = not last[-1].last_two_hard and all(s.good_form for s in last)
    step = SECONDS_STEP if dose.unit is RepUnit.SECONDS else (2 if easy else 1)
    target = min(dose.reps_max, max(dose.reps_min, min(s.reps for s in last) + step))
    if not all(s.good_form for s in last):
        return base.model_copy(
            update={
                "action": Action.HOLD,
                "target_reps": min(reps_ceiling(dose), min(s.reps for s in last)),
                "reason": "form slipped last time: same load and reps until every rep is clean",
            }
        )
    return base.model_copy(
        update={
            "action": Action.ADD_REPS,
            "target_reps": target,
            "reason": f"{'same load, ' if load is not None or band is not None else ''}aim for "
            f"{target} on every set (top of range: {dose.reps_max})",
        }
    )


def _after_miss(
    base: Recommendation,
    sessions: Sequence[Sequence[LoggedSet]],
    exercise: Exercise,
    catalog: Catalog,
    equipment: Kit,
    limitations: Sequence[Limitation],
) -> Recommendation:
    misses = 0
    for session in reversed(sessions):
        if not _missed(session, base.dose) or _score(session)[:2] != _score(sessions[-1])[:2]:
            break
        misses += 1
    if misses < MISSES_BEFORE_REGRESSION:
        return base.model_copy(
            update={
                "action": Action.HOLD,
                "target_reps": base.dose.reps_min,
                "reason": "missed the bottom of the range "
                f"({format_count(misses, 'time')} in a row): same load, aim for the bottom of "
                "the range",
            }
        )
    regress = base.model_copy(update={"action": Action.REGRESS, "target_reps": base.dose.reps_min})
    if base.load_kg is not None:
        lighter = lower_load_kg(base.load_kg, exercise, equipment)
        return regress.model_copy(
            update={
                "load_kg": lighter if lighter > 0 else None,
                "reason": f"{misses} missed sessions in a row: one step lighter",
            }
        )
    lighter_band = None if base.band is None else easier_band(base.band, equipment)
    if lighter_band is not None:
        return regress.model_copy(
            update={"band": lighter_band, "reason": f"{misses} missed sessions: lighter band"}
        )
    easier = _pick(exercise.regressions, catalog, equipment, limitations)
    if easier is None:
        return base.model_copy(
            update={
                "action": Action.HOLD,
                "target_reps": base.dose.reps_min,
                "reason": "several misses and no easier variant: rest well and aim for the "
                "bottom of the range",
            }
        )
    return regress.model_copy(
        update={
            "exercise_id": easier.id,
            "band": None,
            "reason": f"{misses} missed sessions in a row: build up with {easier.name} first",
        }
    )


def _after_top(
    base: Recommendation,
    last: Sequence[LoggedSet],
    tops: int,
    exercise: Exercise,
    catalog: Catalog,
    equipment: Kit,
    limitations: Sequence[Limitation],
    anchor_id: str | None,
) -> Recommendation:
    easy = not any(s.last_two_hard for s in last)
    fresh = base.model_copy(update={"target_reps": base.dose.reps_min})
    if base.load_kg is not None:
        fraction = LOAD_STEP_FRACTION_EASY if easy else LOAD_STEP_FRACTION
        heavier = next_load_kg(base.load_kg, exercise, equipment, fraction=fraction)
        reps_first = _reps_before_big_jump(base, last, heavier, easy, exercise, equipment)
        if reps_first is not None:
            return reps_first
        return fresh.model_copy(
            update={
                "action": Action.ADD_LOAD,
                "load_kg": heavier,
                "reason": message(
                    "top of the range on every set: {heavier}, back to {reps} reps",
                    heavier=Mass(heavier, "g"),
                    reps=base.dose.reps_min,
                ),
            }
        )
    stronger = None if base.band is None else stronger_band(base.band, equipment)
    if stronger is not None:
        return fresh.model_copy(
            update={
                "action": Action.STRONGER_BAND,
                "band": stronger,
                "reason": f"top of the range on every set: next band up ({stronger})",
            }
        )
    if tops < TOPS_BEFORE_NEXT_EXERCISE:
        return base.model_copy(
            update={
                "action": Action.HOLD,
                "target_reps": base.dose.reps_max,
                "reason": "top of the range once: repeat it next time before moving on",
            }
        )
    harder = _pick(exercise.progressions, catalog, equipment, limitations, prefer=anchor_id)
    if harder is None:
        return base.model_copy(
            update={
                "action": Action.HOLD,
                "target_reps": base.dose.reps_max,
                "reason": "end of this exercise's chain: slow the lowering to three seconds "
                "and pause at the top",
            }
        )
    return fresh.model_copy(
        update={
            "action": Action.NEXT_EXERCISE,
            "exercise_id": harder.id,
            "load_kg": None,
            "band": None,
            "reason": f"top of the range twice in a row: move on to {harder.name}",
        }
    )


def is_big_jump(load_kg: float, heavier_kg: float) -> bool:
    """Whether going from ``load_kg`` to ``heavier_kg`` is more than :data:`BIG_JUMP_FRACTION`.

    References:
        [1] ACSM 2009 (load steps of 2–10 %).
    """
    return load_kg <= 0 or (heavier_kg - load_kg) / load_kg > BIG_JUMP_FRACTION + 1e-9


def reps_ceiling(dose: Dose) -> int:
    """The most reps (seconds for holds) asked at one load before a big jump.

    References:
        :data:`EXTRA_REPS_BEFORE_BIG_JUMP` (5 s per extra rep for holds, :data:`SECONDS_STEP`).
    """
    extra = EXTRA_REPS_BEFORE_BIG_JUMP * (SECONDS_STEP if dose.unit is RepUnit.SECONDS else 1)
    return dose.reps_max + extra


def _reps_before_big_jump(
    base: Recommendation,
    last: Sequence[LoggedSet],
    heavier: float,
    easy: bool,
    exercise: Exercise,
    kit: Kit,
) -> Recommendation | None:
    """More reps at the same load while the next load is a big jump away (None: add load).

    Once every set reached :func:`reps_ceiling`, the jump is taken; when no heavier load is
    owned at all, the reps stay at the ceiling and the reason says how to keep progressing.

    References:
        [1] ACSM 2009; :data:`BIG_JUMP_FRACTION`, :data:`EXTRA_REPS_BEFORE_BIG_JUMP`.
    """
    load = base.load_kg
    if load is None:
        return None
    owns_heavier = heavier > load + 1e-9
    if owns_heavier and not is_big_jump(load, heavier):
        return None
    ceiling = reps_ceiling(base.dose)
    done = min(s.reps for s in last)
    used = implement(exercise, kit)
    thing = {Equipment.DUMBBELLS: "dumbbell", Equipment.KETTLEBELL: "kettlebell"}.get(
        used or Equipment.NONE, "load"
    )
    unit = " s" if base.dose.unit is RepUnit.SECONDS else " reps"
    if done >= ceiling:
        if owns_heavier:
            return None
        return base.model_copy(
            update={
                "action": Action.HOLD,
                "target_reps": ceiling,
                "reason": f"{ceiling}{unit} at the heaviest {thing} you own: lower in three "
                "seconds and pause at the top, or add a heavier one to your profile",
            }
        )
    step = SECONDS_STEP if base.dose.unit is RepUnit.SECONDS else (2 if easy else 1)
    target = min(ceiling, max(done, base.dose.reps_max) + step)
    if owns_heavier:
        percent = int((heavier - load) / load * 100 + 0.5)
        why: str = message(
            "top of the range: the next {thing} up is {heavier} (+{percent} %), so "
            "first reach {ceiling}{unit} at {load}",
            thing=thing,
            heavier=Mass(heavier, "g"),
            percent=percent,
            ceiling=ceiling,
            unit=unit,
            load=Mass(load, "g"),
        )
    else:
        why = f"top of the range at the heaviest {thing} you own: build up to {ceiling}{unit}"
    return base.model_copy(update={"action": Action.ADD_REPS, "target_reps": target, "reason": why})


PAIN_HELD_ACTIONS = frozenset({Action.ADD_LOAD, Action.STRONGER_BAND, Action.NEXT_EXERCISE})
"""Actions that add load, held while a pain episode loads the exercise's region."""


def _held_for_pain(
    rec: Recommendation,
    base: Recommendation,
    exercise: Exercise,
    catalog: Catalog,
    history: History,
    today: dt.date,
) -> Recommendation:
    """No more load on a region that hurts while the episode is active (:func:`load_held_by_pain`).

    References:
        Collins 2018 via :data:`gluteus.domain.progression.pain.PAIN_REGION_LOAD`; SPEC §2.
    """
    if rec.action not in PAIN_HELD_ACTIONS:
        return rec
    report = load_held_by_pain(exercise, catalog, history, today)
    if report is None:
        return rec
    where = report.region.replace("_", " ")
    on = f" on {catalog.get(report.exercise_id).name}" if report.exercise_id in catalog else ""
    return base.model_copy(
        update={
            "action": Action.HOLD,
            "target_reps": base.dose.reps_max,
            "reason": f"{where} pain lately{on}: same load until it settles",
        }
    )


def _substitute(
    dose: Dose,
    exercise: Exercise,
    catalog: Catalog,
    history: History,
    today: dt.date,
    equipment: Iterable[Equipment] | None,
    limitations: Sequence[Limitation],
) -> Recommendation:
    owned = None if equipment is None else tuple(equipment)
    professional = needs_professional(history, today)
    advice = " Pain keeps coming back: see a doctor or physiotherapist." if professional else ""
    swap = find_substitute(
        exercise, catalog, history, today, equipment=owned, limitations=limitations
    )
    if swap is None:
        return Recommendation(
            exercise_id=exercise.id,
            action=Action.SKIP,
            dose=dose,
            target_reps=dose.reps_min,
            reason=f"pain reported on {exercise.name}: left out, no gentler stand-in fits" + advice,
            see_professional=professional,
        )
    sessions = history.sessions_of(exercise.id).sessions
    band = _session_band(sessions[-1]) if sessions else None
    return Recommendation(
        exercise_id=swap.id,
        action=Action.SUBSTITUTE,
        dose=dose,
        target_reps=dose.reps_min,
        band=None if band is None else (band.easier() or band),
        reason=f"pain reported on {exercise.name}: {swap.name} instead, light and pain-free"
        + advice,
        see_professional=professional,
    )


def stalled_lifts(history: History, today: dt.date, *, since: dt.date | None = None) -> list[str]:
    """Exercises with no progress over their last three sessions.

    A lift counts when it was trained in the last 14 days and its latest session does not
    beat the one two sessions earlier on (load, band, total reps). Sessions on or before
    ``since`` are ignored (a finished deload week).

    Args:
        history: Everything logged.
        today: The day being judged.
        since: Ignore sessions up to and including this date.

    Returns:
        Stalled exercise ids, sorted.

    References:
        Gluteus convention (three flat sessions); ACSM 2009 [1] on varying the stimulus.
    """
    return _stalled(_scored_sessions(history), today, since)


_Scored = tuple[str, tuple[dt.date, ...], list[tuple[float, int, int]]]


def _scored_sessions(history: History) -> list[_Scored]:
    """Each logged exercise with its session dates and their scores, oldest first."""
    scored: list[_Scored] = []
    for exercise_id in history.exercise_ids():
        dates, sessions = history.sessions_of(exercise_id)
        scored.append((exercise_id, dates, [_score(s) for s in sessions]))
    return scored


def _stalled(scored: list[_Scored], today: dt.date, since: dt.date | None) -> list[str]:
    recent = today - dt.timedelta(days=STALL_RECENT_DAYS)
    stalled = []
    for exercise_id, dates, scores in scored:
        end = bisect.bisect_right(dates, today)
        first = 0 if since is None else bisect.bisect_right(dates, since)
        if end - first < STALL_SESSIONS or dates[end - 1] < recent:
            continue
        if scores[end - 1] <= scores[end - STALL_SESSIONS]:
            stalled.append(exercise_id)
    return stalled


def dose_in_unit(dose: Dose, exercise: Exercise) -> Dose:
    """The dose in the unit ``exercise`` is done in: reps, or seconds for a timed hold.

    When a chain moves from a rep exercise to a hold (bird dog to side plank, dead bug to
    hollow hold) or back, the planned range means nothing in the new unit: the exercise's
    own catalog range is used, with the planned sets and rest.

    Args:
        dose: The planned dose.
        exercise: The exercise being done.

    Returns:
        ``dose`` itself when the units agree, else the catalog's range in its unit.
    """
    own = exercise.prescription
    if own.unit is dose.unit:
        return dose
    return dose.model_copy(
        update={"reps_min": own.reps_min, "reps_max": own.reps_max, "unit": own.unit}
    )


def last_resistance(
    history: History, exercise_id: str, today: dt.date
) -> tuple[float | None, BandLevel | None] | None:
    """Load [kg] and band of the exercise's last session before ``today``; None if never done."""
    dates, logged = history.sessions_of(exercise_id)
    before = bisect.bisect_left(dates, today)
    if not before:
        return None
    sets = logged[before - 1]
    return _session_load(sets), _session_band(sets)


def held_for_deload(
    rec: Recommendation, exercise: Exercise, dose: Dose, history: History, today: dt.date
) -> Recommendation:
    """A deload week of the plan: the same exercise and load as last time, the plan's sets.

    The plan's deload week keeps the exercises and weights and cuts the sets; nothing is
    raised that week (a lighter load the engine chose after misses stays lighter).

    Args:
        rec: What the engine would prescribe in a normal week.
        exercise: The exercise being done now.
        dose: The plan's deload dose (fewer sets).
        history: Everything logged.
        today: The day being planned.

    Returns:
        The held recommendation (action ``deload``); a first session stays a start.

    References:
        [1] ACSM 2009 (periodised volume; reduced-volume weeks); the plan's phase layout.
    """
    previous = last_resistance(history, exercise.id, today)
    if previous is None:
        return rec.model_copy(
            update={"exercise_id": exercise.id, "dose": dose, "target_reps": dose.reps_min}
        )
    load, band = previous
    if rec.exercise_id == exercise.id and rec.load_kg is not None and load is not None:
        load = min(load, rec.load_kg)
    if rec.exercise_id == exercise.id and rec.band is not None and band is not None:
        band = min(band, rec.band, key=lambda b: b.rank)
    return rec.model_copy(
        update={
            "exercise_id": exercise.id,
            "action": Action.DELOAD,
            "dose": dose,
            "load_kg": load,
            "band": band,
            "target_reps": dose.reps_min,
            "reason": "deload week in your plan: same load as last time, fewer sets, stop two "
            "or three reps short",
        }
    )


def start_from_relative(
    rec: Recommendation,
    exercise: Exercise,
    relative: Exercise,
    history: History,
    today: dt.date,
    equipment: Owned = None,
) -> Recommendation:
    """A variation new this phase, started from the related lift the person has logged.

    Args:
        rec: The engine's first-time recommendation for ``exercise``.
        exercise: The planned variation, not yet logged.
        relative: The member of its family logged most recently.
        history: Everything logged.
        today: The day being planned.
        equipment: What the person owns; None when unknown.

    Returns:
        ``rec`` with a starting load about 20 % under the relative's last load (rounded down
        to the kit's step or an owned load) or the relative's band, and a reason naming the
        relative.

    References:
        :data:`NEW_VARIATION_LOAD_FRACTION`.
    """
    previous = last_resistance(history, relative.id, today)
    if previous is None:
        return rec
    load, band = previous
    update: dict[str, object] = {
        "reason": f"new this phase: start with an easy first set to learn {exercise.name}",
    }
    if load is not None and exercise.takes_load:
        start = round_down_to_kit(
            load * NEW_VARIATION_LOAD_FRACTION,
            exercise,
            Kit.from_equipment(equipment),
            step_at_kg=load,
        )
        if start is not None:
            update |= {
                "load_kg": start,
                "reason": f"new this phase: start about 20 % lighter than your {relative.name}",
            }
    elif band is not None and exercise.band_placement is not None:
        update |= {
            "band": band,
            "reason": f"new this phase: the band you used on {relative.name}",
        }
    return rec.model_copy(update=update)


def break_fraction(days_off: int) -> float | None:
    """The share of the last load to restart at after ``days_off`` without lifting, if lower.

    Args:
        days_off: Days since the last logged strength session. [d]

    Returns:
        :data:`BREAK_LOAD_FRACTION` for the longest break reached, None under two weeks.

    References:
        [2] Mujika & Padilla 2000; Bosquet et al. 2013.
    """
    reached = [fraction for days, fraction in BREAK_LOAD_FRACTION.items() if days_off >= days]
    return min(reached) if reached else None


def back_from_break(
    rec: Recommendation,
    exercise: Exercise,
    fraction: float,
    weeks_off: int,
    history: History,
    today: dt.date,
    equipment: Owned = None,
) -> Recommendation:
    """Today's target after a break: the last load cut to ``fraction`` (kit steps or owned loads).

    Args:
        rec: What the engine would prescribe.
        exercise: The exercise being done.
        fraction: Share of the last load to keep, from :func:`break_fraction`. [-]
        weeks_off: Whole weeks without strength training, for the reason.
        history: Everything logged.
        today: The day being planned.
        equipment: What the person owns; None when unknown.

    Returns:
        The lighter recommendation, action ``hold``, back at the bottom of the range.
    """
    if rec.action in (Action.SUBSTITUTE, Action.SKIP, Action.START):
        return rec
    previous = last_resistance(history, exercise.id, today)
    last = previous[0] if previous is not None else None
    load = rec.load_kg if last is None or rec.load_kg is None else min(rec.load_kg, last)
    if load is not None:
        load = round_down_to_kit(
            load * fraction, exercise, Kit.from_equipment(equipment), step_at_kg=load
        )
    percent = round((1 - fraction) * 100)
    return rec.model_copy(
        update={
            "action": Action.HOLD,
            "load_kg": load,
            "band": rec.band.easier() or rec.band if rec.band is not None else None,
            "target_reps": rec.dose.reps_min,
            "reason": f"back after {weeks_off} weeks off: about {percent} % lighter, building "
            "back up over the next sessions",
        }
    )


def deload_advice(
    history: History, today: dt.date, *, since: dt.date | None = None
) -> DeloadAdvice | None:
    """The deload week in force on ``today``, if any.

    Walks the training dates in order: the first date on which three or more lifts have
    stalled starts a deload for the next seven days; sessions in that week are then left
    out of later stall checks, so a new deload needs three fresh flat sessions.

    Args:
        history: Everything logged.
        today: The day being planned.
        since: Sessions on or before this day never count as stalls (the plan's own lighter
            week before a new phase); None to count every session.

    Returns:
        The advice when ``today`` falls inside a deload week, else None.

    References:
        Gluteus convention (−1 set, −10 % load for one week); ACSM 2009 [1].
    """
    advice: DeloadAdvice | None = None
    scored = _scored_sessions(history)  # scored once, judged on every training date
    for date in sorted(history.training_dates()):
        if date >= today or (since is not None and date <= since):
            continue
        stalled = _stalled(scored, date, since)
        if len(stalled) >= STALLED_LIFTS_FOR_DELOAD:
            start = date + dt.timedelta(days=1)
            end = date + dt.timedelta(days=DELOAD_DAYS)
            advice = DeloadAdvice(
                start=start,
                end=end,
                stalled=tuple(stalled),
                reason=f"{len(stalled)} lifts have not moved in three sessions: a lighter "
                "week (one set fewer, about 10 % less load) lets you come back stronger",
            )
            since = end
    return advice if advice is not None and advice.active_on(today) else None


def deloaded(rec: Recommendation, exercise: Exercise, equipment: Owned = None) -> Recommendation:
    """The deload-week version of a recommendation: one set fewer, about 10 % lighter.

    Args:
        rec: The normal recommendation.
        exercise: Its catalog entry (for load increments).
        equipment: What the person owns; None when unknown.

    Returns:
        The lighter recommendation; load [kg] rounded down to the kit's increment or an
        owned load.

    References:
        Gluteus convention for a deload week; ACSM 2009 [1].
    """
    load = rec.load_kg
    if load is not None:
        load = round_down_to_kit(
            load * DELOAD_LOAD_FRACTION, exercise, Kit.from_equipment(equipment), step_at_kg=load
        )
    dose = rec.dose.model_copy(update={"sets": max(1, rec.dose.sets - 1)})
    return rec.model_copy(
        update={
            "action": Action.DELOAD,
            "dose": dose,
            "load_kg": load,
            "target_reps": rec.dose.reps_min,
            "reason": "deload week: one set fewer and lighter, stop two or three reps short",
        }
    )
