"""Pain as a stop sign: which exercises to pull, what to do instead, when to get help.

An exercise with recent pain leaves upcoming sessions for a lower-load stand-in from the
catalog; repeated or strong pain brings advice to see a health professional. A report
names where it hurt: knee or lower-back pain holds the load of every exercise that loads
that joint and asks a stand-in to load it less; other regions hold the painful exercise's
progression family. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from gluteus.domain.catalog import Catalog, Exercise, Load
from gluteus.domain.history import History, PainRegion, PainReport
from gluteus.domain.profile import Equipment, Limitation

PAIN_SUBSTITUTE_DAYS = 28
"""Days after the latest report during which the exercise stays out."""
PAIN_PROFESSIONAL_WINDOW_DAYS = 14
PAIN_PROFESSIONAL_REPORTS = 2
"""Reports within the window (same exercise or any) that trigger professional advice."""
PAIN_PROFESSIONAL_SEVERITY = 7
"""A single report this strong [1–10] triggers professional advice too."""

_LOAD_RANK = {Load.LOW: 0, Load.MODERATE: 1, Load.HIGH: 2}

PAIN_FAMILY_STEPS = 2
"""Steps up the progressions and down the regressions that make one exercise's family."""

PAIN_REGION_LOAD: dict[PainRegion, str] = {
    PainRegion.KNEE: "knee_load",
    PainRegion.LOWER_BACK: "back_load",
}
"""The catalog's joint-load grade for each pain region that has one.

Pain in a region is felt when that region is loaded (patellofemoral pain during squatting,
stairs and running, Collins 2018 [1]), so the catalog's grade of that joint's load (facts.md
§7) says which exercises load the painful region. Hip, shoulder and other pain have no grade:
they follow the painful exercise's family (:func:`family_of`).

References:
    [1] Collins N.J. et al., 2018 Consensus statement on exercise therapy and physical
        interventions for patellofemoral pain (5th International Patellofemoral Pain Research
        Retreat), Br. J. Sports Med. 52(18):1170-1178, 2018. doi:10.1136/bjsports-2018-099397
"""


def family_of(exercise_id: str, catalog: Catalog) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An exercise's progression family: its progressions and its regressions, two steps each.

    The same family :func:`gluteus.domain.progression.day.current_exercise` resolves a
    planned slot to, so pain follows the slot whichever member is being done.

    Args:
        exercise_id: The exercise.
        catalog: The catalog.

    Returns:
        Ids of the harder members (progressions) and of the easier ones (regressions), each
        nearest first, without the exercise itself.
    """
    sides: list[tuple[str, ...]] = []
    for field in ("progressions", "regressions"):
        found: list[str] = []
        frontier = [exercise_id]
        for _ in range(PAIN_FAMILY_STEPS):
            frontier = [n for i in frontier for n in getattr(catalog.get(i), field) if n in catalog]
            found.extend(n for n in frontier if n not in found and n != exercise_id)
        sides.append(tuple(found))
    return sides[0], sides[1]


def region_load(exercise: Exercise, region: PainRegion) -> Load | None:
    """How much ``exercise`` loads ``region`` (:data:`PAIN_REGION_LOAD`); None without a grade."""
    field = PAIN_REGION_LOAD.get(region)
    return None if field is None else Load(getattr(exercise, field))


def active_reports(history: History, today: dt.date) -> list[PainReport]:
    """Pain reports of the episode still active: the last 28 days (:func:`recent_pain`)."""
    start = today - dt.timedelta(days=PAIN_SUBSTITUTE_DAYS)
    return [p for p in history.pain if start <= p.date <= today]


def pain_affects(exercise: Exercise, report: PainReport, catalog: Catalog) -> bool:
    """Whether ``report`` takes ``exercise`` out of the session (pain follows the family).

    The painful exercise and its progressions are out; a regression is out too when it loads
    the painful region (knee or lower back) no less than the painful exercise, since only a
    lighter one may stand in (:func:`find_substitute`). Regressions are the gentler stand-ins
    for hip, shoulder and other pain.

    Args:
        exercise: The exercise being planned.
        report: One pain report.
        catalog: The catalog.

    Returns:
        True when a substitute is needed for ``exercise`` because of ``report``.

    References:
        SPEC §2 (seed 001: pain is a stop sign); :data:`PAIN_REGION_LOAD`.
    """
    if exercise.id == report.exercise_id:
        return True
    if report.exercise_id not in catalog:
        return False
    harder, easier = family_of(report.exercise_id, catalog)
    if exercise.id in harder:
        return True
    if exercise.id not in easier:
        return False
    load = region_load(exercise, report.region)
    painful = region_load(catalog.get(report.exercise_id), report.region)
    return load is not None and painful is not None and _LOAD_RANK[load] >= _LOAD_RANK[painful]


def pain_on(
    exercise: Exercise, catalog: Catalog, history: History, today: dt.date
) -> list[PainReport]:
    """Active reports that take ``exercise`` out (on it or its family: :func:`pain_affects`)."""
    return [p for p in active_reports(history, today) if pain_affects(exercise, p, catalog)]


def load_held_by_pain(
    exercise: Exercise, catalog: Catalog, history: History, today: dt.date
) -> PainReport | None:
    """The active pain report that keeps ``exercise`` from gaining load, or None.

    While a pain episode is active (the last 28 days, :func:`recent_pain`) no exercise that
    loads the painful region gets more load, a stronger band or a harder variation: for knee
    and lower-back pain every exercise graded above low on that joint (:data:`PAIN_REGION_LOAD`);
    for hip, shoulder and other pain the painful exercise and its family (:func:`family_of`).

    Args:
        exercise: The exercise being progressed.
        catalog: The catalog.
        history: Everything logged.
        today: The day being planned.

    Returns:
        The latest report holding the load, or None when the load may rise.

    References:
        Collins 2018 (see :data:`PAIN_REGION_LOAD`): pain is felt when the region is loaded;
        SPEC §2 (pain is a stop sign). Holding rather than cutting is a Gluteus convention.
    """
    for report in sorted(active_reports(history, today), key=lambda p: p.date, reverse=True):
        load = region_load(exercise, report.region)
        if load is not None:
            if load is not Load.LOW:
                return report
        elif exercise.id == report.exercise_id or (
            report.exercise_id in catalog
            and exercise.id in {i for side in family_of(report.exercise_id, catalog) for i in side}
        ):
            return report
    return None


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
    regions: Iterable[PainRegion] = (),
) -> Exercise | None:
    """A lower-load stand-in for a painful exercise, or None when the catalog has none.

    Candidates share the first primary muscle, are of the same kind, have knee and back
    load no higher, load each painful region with a grade (knee, lower back) strictly less
    than the painful exercise does, suit the equipment and limitations, and are not painful
    themselves (:func:`pain_affects`). The exercise's own regressions (walked down the chain)
    come first among those, then the lowest joint load, the same movement pattern, the easier
    level, and catalog order.

    Args:
        exercise: The painful exercise.
        catalog: The catalog.
        history: Everything logged (other painful moves are avoided).
        today: The day being planned.
        equipment: What the person owns; None when unknown.
        limitations: Declared limitations.
        exclude: Ids not to choose (already in the session).
        regions: Where it hurts; defaults to the regions of the active reports on it.

    Returns:
        The substitute, or None.

    References:
        SPEC §2; joint-load grades from facts.md §7; :data:`PAIN_REGION_LOAD` (Collins 2018).
    """
    owned = None if equipment is None else tuple(equipment)
    active = active_reports(history, today)
    painful = set(regions) or {p.region for p in active if pain_affects(exercise, p, catalog)}
    graded = [r for r in painful if r in PAIN_REGION_LOAD]
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
        if not _lighter_on(ex, exercise, graded):
            continue
        if not suits(ex, owned, limitations) or any(pain_affects(ex, p, catalog) for p in active):
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


def _lighter_on(candidate: Exercise, painful: Exercise, regions: Iterable[PainRegion]) -> bool:
    """Whether ``candidate`` loads every graded painful region less than ``painful`` does."""
    for region in regions:
        load, worst = region_load(candidate, region), region_load(painful, region)
        if load is None or worst is None or _LOAD_RANK[load] >= _LOAD_RANK[worst]:
            return False
    return True
