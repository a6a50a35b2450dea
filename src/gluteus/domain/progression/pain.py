"""Pain as a stop sign: which exercises to pull, what to do instead, when to get help.

An exercise with recent pain leaves upcoming sessions for a lower-load stand-in from the
catalog; repeated or strong pain brings advice to see a health professional. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from gluteus.domain.catalog import Catalog, Exercise, Load
from gluteus.domain.history import History
from gluteus.domain.profile import Equipment, Limitation

PAIN_SUBSTITUTE_DAYS = 28
"""Days after the latest report during which the exercise stays out."""
PAIN_PROFESSIONAL_WINDOW_DAYS = 14
PAIN_PROFESSIONAL_REPORTS = 2
"""Reports within the window (same exercise or any) that trigger professional advice."""
PAIN_PROFESSIONAL_SEVERITY = 7
"""A single report this strong [1–10] triggers professional advice too."""

_LOAD_RANK = {Load.LOW: 0, Load.MODERATE: 1, Load.HIGH: 2}


def suits(
    exercise: Exercise, equipment: Iterable[Equipment] | None, limitations: Sequence[Limitation]
) -> bool:
    """Whether the person can do ``exercise`` (equipment None = unknown, not checked)."""
    if equipment is not None and not exercise.usable_with(equipment):
        return False
    return not exercise.unsuitable_for(limitations)


def recent_pain(history: History, exercise_id: str, today: dt.date) -> bool:
    """Whether pain was reported on this exercise in the last 28 days.

    Pain is a stop sign: the exercise leaves upcoming sessions for four weeks after the
    latest report, then may come back (a new report removes it again).

    Args:
        history: Everything logged.
        exercise_id: The exercise.
        today: The day being planned.

    Returns:
        True when a substitute is needed.

    References:
        SPEC §2 (seed 001: pain is a stop sign); the 28-day window is a Gluteus convention.
    """
    start = today - dt.timedelta(days=PAIN_SUBSTITUTE_DAYS)
    return any(start <= p.date <= today for p in history.pain_for(exercise_id))


def needs_professional(history: History, today: dt.date) -> bool:
    """Whether repeated or strong pain calls for a health professional.

    True when at least two pain reports (on one exercise or across several) fall within
    the last 14 days, or any report in that window scores 7 or more out of 10. Pain that
    recurs across different moves points to something a swap will not fix.

    Args:
        history: Everything logged.
        today: The day being planned.

    Returns:
        True when the person should see a doctor or physiotherapist.

    References:
        SPEC §2 (seed 001); thresholds are a conservative Gluteus convention.
    """
    start = today - dt.timedelta(days=PAIN_PROFESSIONAL_WINDOW_DAYS)
    window = [p for p in history.pain if start <= p.date <= today]
    return len(window) >= PAIN_PROFESSIONAL_REPORTS or any(
        p.severity >= PAIN_PROFESSIONAL_SEVERITY for p in window
    )


def find_substitute(
    exercise: Exercise,
    catalog: Catalog,
    history: History,
    today: dt.date,
    *,
    equipment: Iterable[Equipment] | None = None,
    limitations: Sequence[Limitation] = (),
    exclude: Iterable[str] = (),
) -> Exercise | None:
    """A lower-load stand-in for a painful exercise, or None when the catalog has none.

    Candidates share the first primary muscle, are of the same kind, have knee and back
    load no higher, suit the equipment and limitations, and are not painful themselves.
    The exercise's own regressions (walked down the chain) come first, then the lowest
    joint load, the same movement pattern, the easier level, and catalog order.

    Args:
        exercise: The painful exercise.
        catalog: The catalog.
        history: Everything logged (other painful moves are avoided).
        today: The day being planned.
        equipment: What the person owns; None when unknown.
        limitations: Declared limitations.
        exclude: Ids not to choose (already in the session).

    Returns:
        The substitute, or None.

    References:
        SPEC §2; joint-load grades from facts.md §7.
    """
    owned = None if equipment is None else tuple(equipment)
    skip = {exercise.id, *exclude}
    chain: list[str] = []
    frontier = list(exercise.regressions)
    while frontier:
        current = frontier.pop(0)
        if current not in chain and current in catalog:
            chain.append(current)
            frontier.extend(catalog.get(current).regressions)
    muscle = exercise.primary_muscles[0]
    candidates = []
    for position, ex in enumerate(catalog):
        if ex.id in skip or ex.kind is not exercise.kind or muscle not in ex.primary_muscles:
            continue
        if _LOAD_RANK[ex.knee_load] > _LOAD_RANK[exercise.knee_load]:
            continue
        if _LOAD_RANK[ex.back_load] > _LOAD_RANK[exercise.back_load]:
            continue
        if not suits(ex, owned, limitations) or recent_pain(history, ex.id, today):
            continue
        key = (
            chain.index(ex.id) if ex.id in chain else len(chain),
            _LOAD_RANK[ex.knee_load] + _LOAD_RANK[ex.back_load],
            ex.pattern != exercise.pattern,
            ex.level.rank,
            position,
        )
        candidates.append((key, ex))
    return min(candidates, key=lambda item: item[0])[1] if candidates else None
