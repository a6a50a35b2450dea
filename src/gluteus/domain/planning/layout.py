"""Week layout: which available days hold a full-body strength session and which are free.

Every strength session is full body (Strong Curves), so strength days are never neighbours
unless the person's days leave no choice (weekends only); then the plan says so. How a day's
minutes are shared between strength and cardio is :mod:`.minutes`' job.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from gluteus.domain.activity import describe, no_lifting_days
from gluteus.domain.guidelines import FOUR_STRENGTH_DAYS, wants_four_days
from gluteus.domain.profile import Level, Profile, Weekday
from gluteus.domain.units import format_count

TARGET_STRENGTH_DAYS = 3
"""Full-body days a week: three, the most that never fall on neighbouring days.

References:
    [1] Contreras B., Strong Curves, Victory Belt, 2013 (3 full-body sessions a week).
    [2] Seeds 001 and 003 (strength 3-4 days a week for toning).
"""


@dataclass(slots=True)
class DayPlan:
    """One available weekday before exercises are chosen; minutes are for week 1. [min]"""

    weekday: Weekday
    strength: bool = False
    variant: int = 0
    warmup: float = 0.0
    cooldown: float = 0.0
    strength_minutes: float = 0.0
    cardio_before: float = 0.0
    cardio_after: float = 0.0
    cardio_alone: float = 0.0

    @property
    def cardio(self) -> float:
        """All cardio on the day. [min]"""
        return self.cardio_before + self.cardio_after + self.cardio_alone


@dataclass(slots=True)
class WeekLayout:
    """The weekly pattern, the rules the person's days make impossible, and trade-off notes."""

    days: list[DayPlan]
    constraints: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def strength_days(self) -> list[DayPlan]:
        """The days holding a strength session, in week order."""
        return [day for day in self.days if day.strength]


def _adjacent(days: Sequence[int]) -> bool:
    chosen = set(days)
    return any((day + 1) % 7 in chosen for day in days) if len(days) > 1 else False


def _min_gap(days: Sequence[int]) -> int:
    if len(days) < 2:
        return 7
    return min((days[(i + 1) % len(days)] - days[i]) % 7 or 7 for i in range(len(days)))


def choose_strength_days(
    available: Sequence[int], target: int = TARGET_STRENGTH_DAYS
) -> tuple[tuple[int, ...], bool]:
    """Strength days (0 = Monday) and whether two of them had to be neighbours.

    The most days up to :data:`TARGET_STRENGTH_DAYS` with no two in a row, widest spread
    first; with two available days that touch (Saturday and Sunday), both are used anyway,
    because two full-body sessions a week beat one.

    References:
        [1] Schoenfeld B.J., Ogborn D., Krieger J.W., Sports Med. 46(11):1689-1697, 2016
            (each muscle twice a week beats once).
    """
    ordered = sorted(available)
    for count in range(min(target, len(ordered)), 1, -1):
        options = [c for c in itertools.combinations(ordered, count) if not _adjacent(c)]
        if options:
            return max(options, key=lambda c: (_min_gap(c), [-d for d in c])), False
    if len(ordered) >= 2:
        pairs = list(itertools.combinations(ordered, 2))
        return max(pairs, key=lambda c: (_min_gap(c), [-d for d in c])), True
    return tuple(ordered), False


STRENGTH_DAYS_TRAINED = 3
"""Strength days for intermediate and advanced lifters who have four or more days.

References:
    [1] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41(3), 2009 (intermediate 3-4 days,
        advanced 4-6 days a week).
"""


def _neighbours(days: Sequence[int]) -> int:
    chosen = set(days)
    return sum(1 for day in days if (day + 1) % 7 in chosen)


def choose_four_days(available: Sequence[int], blocked: set[int]) -> tuple[int, ...]:
    """Four strength days: off the eves of long sessions, fewest neighbours, widest spread.

    Four days in a week always hold at least one back-to-back pair; the second of a pair
    takes the lighter single-leg work (rule split-back-to-back).
    """
    options = itertools.combinations(sorted(available), FOUR_STRENGTH_DAYS)
    return max(
        options,
        key=lambda c: (-len(blocked & set(c)), -_neighbours(c), _min_gap(c), [-d for d in c]),
    )


def needs_third_day(level: Level, available: int) -> bool:
    """True when a trained lifter with four or more days must get three strength days."""
    return level is not Level.BEGINNER and available >= 4


def _chosen_days(
    available: Sequence[int], blocked: set[int], most: int
) -> tuple[tuple[int, ...], bool, bool]:
    """Strength days, whether two touch, and whether one yielded to a long session's eve.

    Days before the person's long or hard sessions are left out when the rest still hold
    two strength days and at most one fewer than otherwise, with none newly back to back.
    """
    chosen, touching = choose_strength_days(available, most)
    if blocked & set(chosen):
        kept = [day for day in available if day not in blocked]
        apart, apart_touching = choose_strength_days(kept, most)
        if len(apart) >= max(2, len(chosen) - 1) and (touching or not apart_touching):
            return apart, apart_touching, len(apart) < len(chosen)
    return chosen, touching, False


def _fewer_days_reason(
    profile: Profile, count: int, most: int, names: str, flags: tuple[bool, bool, bool]
) -> str | None:
    """Why fewer than three strength days fit, or None when three or more do."""
    all_lifting, cardio_beside_lifting, yielded = flags
    if count >= 3:
        return None
    if most < TARGET_STRENGTH_DAYS and len(profile.available_days) > count:
        return (
            "in pregnancy the cardio gets the time first (about 150 min of moderate activity a "
            f"week), so {format_count(count, 'strength day')} yield the rest of {names} to it"
        )
    if all_lifting and not cardio_beside_lifting:
        return (
            f"{profile.minutes_per_session} min a day leaves no room for cardio beside lifting, "
            f"so one of {names} is a cardio day and {count} are strength days"
        )
    if yielded:
        return (
            f"{format_count(count, 'strength day')} of {names} keep off the day before a long "
            f"or hard session ({describe(profile)}); a third would come the day before one"
        )
    return (
        f"available days {names} allow {format_count(count, 'full-body day')} that are "
        "not back to back"
    )


def _four_day_reasons(
    layout: WeekLayout, profile: Profile, chosen: Sequence[int], names: str
) -> None:
    """Why a four-day week falls short or puts two strength days back to back."""
    if len(chosen) < FOUR_STRENGTH_DAYS:
        layout.constraints["trained-strength-days"] = (
            f"{profile.minutes_per_session} min a day leaves no room for cardio beside lifting, "
            f"so one of {names} is a cardio day and {len(chosen)} are strength days"
        )
    if _neighbours(chosen):
        pairs = ", ".join(
            f"{Weekday.from_index(d).value}-{Weekday.from_index((d + 1) % 7).value}"
            for d in chosen
            if (d + 1) % 7 in chosen
        )
        layout.constraints["muscle-recovery"] = (
            f"four strength days a week for a trained lifter ({profile.goal.value}) always put "
            f"two back to back ({pairs}); the second of them takes the lighter single-leg and "
            "abduction work"
        )


def plan_layout(
    profile: Profile, *, cardio_beside_lifting: bool = True, most: int = TARGET_STRENGTH_DAYS
) -> WeekLayout:
    """Decide which available days carry strength; minutes are filled in later.

    No strength day falls the day before the person's own long or hard run, ride or game
    when the days allow it, even at the cost of one strength day (two stay the least);
    Wilson et al., J. Strength Cond. Res. 26(8), 2012.

    When every available day would lift and the days are too short for any cardio beside
    the lifting, the middle strength day becomes a cardio day: fat loss needs cardio too.
    """
    available = sorted(day.ordinal for day in profile.available_days)
    blocked = {day.ordinal for day in no_lifting_days(profile)}
    chosen, touching, yielded = _chosen_days(available, blocked, most)
    four = most >= TARGET_STRENGTH_DAYS and wants_four_days(profile)
    if four:
        chosen, touching, yielded = choose_four_days(available, blocked), False, False
    crowded = False
    if not four and needs_third_day(profile.level, len(available)) and len(chosen) < most:
        triples = list(itertools.combinations(available, TARGET_STRENGTH_DAYS))
        chosen = max(triples, key=lambda c: (-len(blocked & set(c)), _min_gap(c), [-d for d in c]))
        crowded = True
    all_lifting = len(chosen) >= 3 and len(chosen) == len(available)
    if all_lifting and not cardio_beside_lifting:
        chosen = (chosen[0], *chosen[2:])
    days = [DayPlan(Weekday.from_index(i), strength=i in chosen) for i in available]
    for variant, day in enumerate(d for d in days if d.strength):
        day.variant = variant
    layout = WeekLayout(days)
    count = len(chosen)
    names = ", ".join(Weekday.from_index(i).value for i in available)
    if count < 2:
        layout.constraints["strength-minimum"] = (
            f"only {len(available)} available day ({names}); two strength days need two days"
        )
    flags = (all_lifting, cardio_beside_lifting, yielded)
    reason = _fewer_days_reason(profile, count, most, names, flags)
    if reason is not None:
        layout.constraints["strength-3-4-days"] = reason
    if count < 3 and most < TARGET_STRENGTH_DAYS and len(available) > count:
        layout.constraints["trained-strength-days"] = reason or ""
    if four:
        _four_day_reasons(layout, profile, chosen, names)
    if crowded:
        layout.constraints["muscle-recovery"] = (
            f"{names} hold no three strength days apart, and a trained lifter needs three "
            "a week, so two of them fall back to back: keep the effort targets and sleep well"
        )
    if blocked & set(chosen):
        eve = ", ".join(Weekday.from_index(i).value for i in sorted(blocked & set(chosen)))
        layout.constraints["lifting-apart-from-long-sessions"] = (
            f"available days {names} hold {format_count(count, 'strength day')} only if "
            f"{eve} lifts the day before a long or hard session ({describe(profile)})"
        )
    if touching:
        layout.constraints["muscle-recovery"] = (
            f"only {names} are free and they fall back to back; two full-body sessions a week "
            "beat one, so both are used: keep the effort targets and sleep well between them"
        )
    return layout
