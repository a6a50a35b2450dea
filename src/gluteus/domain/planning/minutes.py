"""How a day's minutes are shared: warm-up, a strength floor, cardio bouts and the stretch.

Cardio aims at 150 minutes a week in bouts of 10 minutes or more: first on free days, then
as a warm-up before lifting and a walk after it (the cardio sandwich, 15 + 15 or 10 + 10
when time is short), then longer free-day sessions. At least two days a week stay free of
cardio, and a strength session keeps at least 15 minutes of strength work when the day has
30 minutes or more. When the minutes cannot hold everything, the trade-off is written down.
"""

from __future__ import annotations

import math

from gluteus.domain.activity import activity_days, busy_day_count, regular_minutes
from gluteus.domain.guidelines import (
    CARDIO_FREE_DAYS,
    CARDIO_MIN_MINUTES,
    CARDIO_WEEKLY_MINUTES,
    MIN_CARDIO_BOUT,
    SANDWICH_MINUTES,
    STRENGTH_FLOOR_BUDGET,
    STRENGTH_FLOOR_MINUTES,
)
from gluteus.domain.planning.layout import DayPlan, WeekLayout
from gluteus.domain.profile import Level, Limitation, Profile
from gluteus.domain.units import format_count

CARDIO_CAP_MINUTES = 45
"""Longest planned steady session; longer bouts add little for a 150-300 min week."""
PREGNANCY_CAP_MINUTES = 30
"""ACOG 804 (2020): about 30 min of moderate activity on most days."""
CARDIO_STEP_MINUTES = 2
"""Minutes added to free-day cardio each week (well under 10 %; seed 001: step by step)."""
PREGNANCY_KEEP_SHARE = 0.75
"""Share of the skeleton's strength minutes a pregnant person's session keeps, so cardio
gets the time first (never below the strength floor plus its margin)."""
SCALED_SANDWICH = 10
FLOOR_MARGIN_MINUTES = 5.0
"""Kept above the floor when cardio shares a strength day: whole exercises rarely fill the
floor to the minute, so the session is planned with some slack."""


def edge_minutes(budget: int) -> float:
    """Minutes for each of the warm-up and the cool-down, shorter on short days. [min]"""
    return 5.0 if budget >= 40 else 3.0


def cardio_cap(profile: Profile) -> float:
    """The most minutes one stand-alone cardio session grows to. [min]"""
    cap = PREGNANCY_CAP_MINUTES if Limitation.PREGNANCY in profile.limitations else 45
    return float(min(profile.minutes_per_session, cap))


def strength_floor(budget: int) -> float:
    """Strength work a session keeps before cardio may share the day. [min]

    References:
        [1] Contreras B., Strong Curves, 2013 (a full-body glute session takes 30-60 min).
    """
    if budget >= STRENGTH_FLOOR_BUDGET:
        return float(STRENGTH_FLOOR_MINUTES)
    return budget - 2 * edge_minutes(budget)


def _put_cardio_on_strength_day(day: DayPlan, minutes: float) -> None:
    """Cardio beside lifting: ≥ 20 min is a sandwich, a shorter bout a walk after lifting.

    The sandwich's first half doubles as the warm-up; a short walk keeps the usual warm-up.
    """
    if minutes >= 2 * MIN_CARDIO_BOUT:
        day.cardio_before = float(int(minutes // 2))
        day.cardio_after = minutes - day.cardio_before
        day.strength_minutes += day.warmup - minutes
        day.warmup = 0.0
    else:
        day.cardio_after = minutes
        day.strength_minutes -= minutes


def skeleton_minutes(profile: Profile, days: int = 3) -> float:
    """Strength minutes a session keeps before cardio may take more of the day. [min]

    About what the whole-body skeleton (seven moves) takes at the level's starting sets:
    2 sets for beginners, 3 for the others, a little more for advanced lifters.
    """
    keep = {Level.BEGINNER: 25.0, Level.INTERMEDIATE: 30.0, Level.ADVANCED: 35.0}
    # With fewer than three strength days, each session carries more of the week's volume.
    share = 3 / max(1, min(3, days))
    return max(keep[profile.level] * share, strength_floor(profile.minutes_per_session))


def _kept_strength_minutes(profile: Profile, days: int) -> float:
    """Strength minutes a day keeps before cardio; in pregnancy cardio comes first. [min]

    References:
        [1] ACOG Committee Opinion 804, 2020 (about 150 min of moderate activity a week come
            first; strength work beside it, on two or more days).
    """
    keep = skeleton_minutes(profile, days)
    if Limitation.PREGNANCY in profile.limitations:
        floor = strength_floor(profile.minutes_per_session) + FLOOR_MARGIN_MINUTES
        return max(floor, PREGNANCY_KEEP_SHARE * keep)
    return keep


def _sandwich(layout: WeekLayout, profile: Profile) -> int:
    """The cardio sandwich the person asked for: 15 + 15, or 10 + 10 when time is short."""
    budget = profile.minutes_per_session
    floor = strength_floor(budget)
    room = budget - edge_minutes(budget) - floor - FLOOR_MARGIN_MINUTES
    each = SANDWICH_MINUTES if room >= 2 * SANDWICH_MINUTES else SCALED_SANDWICH
    if room < 2 * each:
        layout.constraints["cardio-sandwich"] = (
            f"{budget} min a day cannot hold 10 + 10 min of cardio next to "
            f"{floor:.0f} min of strength work"
        )
        return 0
    for day in layout.strength_days:
        _put_cardio_on_strength_day(day, 2.0 * each)
    if each < SANDWICH_MINUTES:
        layout.constraints["cardio-sandwich"] = (
            f"{budget} min a day holds 10 + 10 min of cardio around {floor:.0f} min "
            "of strength, not 15 + 15"
        )
    return len(layout.strength_days)


def share_minutes(layout: WeekLayout, profile: Profile) -> None:
    """Fill each day's week-1 minutes and record trade-offs in ``layout``.

    Order: the cardio sandwich if asked for; 30 min on free days; 30 min on strength days
    that still keep the skeleton's minutes; longer free days; shorter bouts (≥ 10 min) on
    strength days, again only above the skeleton's minutes. Strength keeps its time when the
    two compete, and the plan says so.

    References:
        [1] US HHS, Physical Activity Guidelines for Americans, 2nd ed., 2018 (150-300 min
            of moderate activity a week; any bout length counts).
        [2] Seed 001 (at least two days a week without cardio); seed 003 (15 + 15 sandwich).
    """
    budget = profile.minutes_per_session
    edge = edge_minutes(budget)
    keep = _kept_strength_minutes(profile, len(layout.strength_days))
    cardio_days_cap = 7 - CARDIO_FREE_DAYS
    goal = cardio_goal(profile)
    for day in layout.days:
        if day.strength:
            day.warmup = day.cooldown = edge
            day.strength_minutes = budget - 2 * edge
    busy = _sandwich(layout, profile) if profile.cardio_sandwich else 0
    busy += busy_day_count(profile)
    own = activity_days(profile)
    free = [day for day in layout.days if not day.strength and day.weekday not in own]
    cap = cardio_cap(profile)
    for day in free:
        if busy < cardio_days_cap and goal > 0:
            day.cardio_alone = min(float(CARDIO_MIN_MINUTES), cap)
            busy += 1
    total = sum(day.cardio for day in layout.days)
    room = budget - edge - keep
    for smallest in (float(CARDIO_MIN_MINUTES), None):
        if smallest is None:
            total = _grow_free_days(free, cap, total, goal)
        for day in layout.strength_days:
            if total >= goal or busy >= cardio_days_cap or day.cardio or day.weekday in own:
                continue
            need = goal - total
            bout = float(int(min(room, smallest or max(need, MIN_CARDIO_BOUT))))
            if bout < (smallest or MIN_CARDIO_BOUT):
                continue
            _put_cardio_on_strength_day(day, bout)
            total += day.cardio
            busy += 1
    total = _lengthen_strength_day_cardio(layout, profile, room, total, goal)
    if not total and goal > 0:
        total = _least_cardio(layout, profile)
    if total < goal:
        layout.constraints["cardio-150"] = _cardio_tradeoff(layout, profile, total, keep)
        layout.notes.append("Cardio trade-off: " + layout.constraints["cardio-150"] + ".")


def cardio_goal(profile: Profile) -> float:
    """Cardio minutes the plan itself aims at: 150 less what the person already does. [min]

    References:
        [1] US HHS, Physical Activity Guidelines for Americans, 2nd ed., 2018 (any moderate
            activity counts toward 150 min a week).
    """
    return float(max(0, CARDIO_WEEKLY_MINUTES - regular_minutes(profile)))


def _lengthen_strength_day_cardio(
    layout: WeekLayout, profile: Profile, room: float, total: float, goal: float
) -> float:
    """Long days: cardio already beside lifting grows into the spare minutes, up to the cap."""
    budget = profile.minutes_per_session
    edge = edge_minutes(budget)
    days = [day for day in layout.strength_days if day.cardio]
    share = (goal - total) / max(1, len(days))
    for day in days:
        if total >= goal or day.cardio >= room:
            continue
        longer = float(math.ceil(min(room, day.cardio + share)))
        if longer <= day.cardio:
            continue
        total += longer - day.cardio
        day.warmup, day.strength_minutes = edge, budget - 2 * edge
        day.cardio_before = day.cardio_after = 0.0
        _put_cardio_on_strength_day(day, longer)
    return total


def cardio_fits_beside_lifting(profile: Profile) -> bool:
    """Whether a day holds a 10-minute cardio bout next to the strength floor."""
    budget = profile.minutes_per_session
    room = budget - edge_minutes(budget) - strength_floor(budget) - FLOOR_MARGIN_MINUTES
    return room >= MIN_CARDIO_BOUT


def _least_cardio(layout: WeekLayout, profile: Profile) -> float:
    """A 10-minute walk after each lift when nothing else fits: every plan has both halves."""
    if not cardio_fits_beside_lifting(profile):
        return 0.0
    for day in layout.strength_days[: 7 - CARDIO_FREE_DAYS]:
        _put_cardio_on_strength_day(day, float(MIN_CARDIO_BOUT))
    return sum(day.cardio for day in layout.days)


def _grow_free_days(free: list[DayPlan], cap: float, total: float, goal: float) -> float:
    while total < goal:
        growable = [day for day in free if day.cardio_alone and day.cardio_alone < cap]
        if not growable:
            break
        for day in growable:
            add = min(cap - day.cardio_alone, goal - total, 5.0)
            day.cardio_alone += add
            total += add
    return total


def _cardio_tradeoff(layout: WeekLayout, profile: Profile, total: float, floor: float) -> str:
    budget = profile.minutes_per_session
    free = [day for day in layout.days if not day.strength]
    strength = layout.strength_days
    own = regular_minutes(profile)
    parts = [f"{total:.0f} of {CARDIO_WEEKLY_MINUTES} cardio minutes a week fit"]
    if own:
        goal = cardio_goal(profile)
        parts[0] = f"{total:.0f} of the {goal:.0f} cardio minutes your own {own} min leave fit"
    if free:
        parts.append(
            f"{format_count(len(free), 'free day')} carry up to {cardio_cap(profile):.0f} min each"
        )
    else:
        parts.append("no available day is free of strength work")
    if strength:
        if budget < STRENGTH_FLOOR_BUDGET:
            parts.append(
                f"on strength days {budget} min holds only the warm-up, "
                f"{strength_floor(budget):.0f} min of strength and the stretch, so strength "
                "keeps them"
            )
        else:
            parts.append(
                f"strength days keep about {floor:.0f} min for the whole-body session, because "
                "the lifting matters as much as the cardio"
            )
    if len(layout.days) > 7 - CARDIO_FREE_DAYS:
        parts.append(f"at most {7 - CARDIO_FREE_DAYS} days a week carry cardio")
    return "; ".join(parts)
