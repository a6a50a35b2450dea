"""What the person already does every week (runs, rides, swims), as the planner counts it.

Their own sessions count toward the weekly cardio, so the plan adds only what is missing and
never a second cardio session on a day that already has one; hard leg lifting keeps off the
day before a long or hard session of a leg-heavy activity; their energy joins the budget.

References:
    [1] US HHS, Physical Activity Guidelines for Americans, 2nd ed., 2018 (150-300 min of
        moderate activity a week, any kind and any bout length).
    [2] Wilson J.M. et al., J. Strength Cond. Res. 26(8):2293-2307, 2012 (running interferes
        with lower-body strength and growth more than cycling, more so with frequency and
        duration: keep hard leg lifting and long or hard runs apart).
    [3] Ainsworth B.E. et al., Med. Sci. Sports Exerc. 43(8):1575-1581, 2011 (MET values).
"""

from __future__ import annotations

from gluteus.domain.profile import ActivityKind, Profile, RegularActivity, Weekday

LONG_SESSION_MINUTES = 60
"""A session of a leg-heavy activity this long or longer is a long one. [min]

References:
    [1] Wilson J.M. et al., J. Strength Cond. Res. 26(8), 2012 (interference grows with
        duration); research/coaching.md, Goals, concurrent training.
"""
LEG_HEAVY_KINDS = frozenset(
    {ActivityKind.RUN, ActivityKind.RIDE, ActivityKind.HIKE, ActivityKind.SPORT}
)
"""Activities whose long or hard sessions need fresh legs (swimming and walking do not)."""
ACTIVITY_METS: dict[ActivityKind, float] = {
    ActivityKind.RUN: 8.0,
    ActivityKind.RIDE: 7.5,
    ActivityKind.SWIM: 5.8,
    ActivityKind.WALK: 4.3,
    ActivityKind.HIKE: 6.0,
    ActivityKind.SPORT: 7.0,
    ActivityKind.OTHER: 5.0,
}
"""Gross METs of a typical session (Ainsworth et al. 2011: running general 8.0; bicycling
general 7.5; swimming laps, light-moderate 5.8; walking 3.5 mph 4.3; hiking 6.0; soccer,
casual 7.0; other moderate activity 5.0)."""
ACTIVITY_NAMES: dict[ActivityKind, tuple[str, str]] = {
    ActivityKind.RUN: ("run", "runs"),
    ActivityKind.RIDE: ("ride", "rides"),
    ActivityKind.SWIM: ("swim", "swims"),
    ActivityKind.WALK: ("walk", "walks"),
    ActivityKind.HIKE: ("hike", "hikes"),
    ActivityKind.SPORT: ("game", "games"),
    ActivityKind.OTHER: ("session", "sessions"),
}


def regular_minutes(profile: Profile) -> int:
    """The person's own activity in a week, all kinds together. [min/week]"""
    return sum(item.weekly_minutes for item in profile.regular_activity)


def activity_days(profile: Profile) -> frozenset[Weekday]:
    """The days named for the person's own sessions."""
    return frozenset(day for item in profile.regular_activity for day in item.days)


def own_long_days(profile: Profile, minutes: int) -> tuple[frozenset[Weekday], int]:
    """Their named days with a session of ``minutes`` or more, and such unnamed sessions."""
    named = frozenset(
        day for item in profile.regular_activity if item.minutes >= minutes for day in item.days
    )
    unnamed = sum(
        item.sessions_per_week
        for item in profile.regular_activity
        if item.minutes >= minutes and not item.days
    )
    return named, unnamed


def busy_day_count(profile: Profile) -> int:
    """Days a week their own activity takes: named days plus unnamed sessions (at most 7)."""
    unnamed = sum(item.sessions_per_week for item in profile.regular_activity if not item.days)
    return min(7, len(activity_days(profile)) + unnamed)


def is_key_session(item: RegularActivity) -> bool:
    """A long or hard session of a leg-heavy activity: the legs should come to it fresh."""
    return item.kind in LEG_HEAVY_KINDS and (item.hard or item.minutes >= LONG_SESSION_MINUTES)


def key_days(profile: Profile) -> frozenset[Weekday]:
    """Days of the person's long or hard leg-heavy sessions."""
    return frozenset(
        day for item in profile.regular_activity if is_key_session(item) for day in item.days
    )


def no_lifting_days(profile: Profile) -> frozenset[Weekday]:
    """Days before a long or hard leg-heavy session: no hard leg lifting on them."""
    week = list(Weekday)
    return frozenset(week[(day.ordinal - 1) % 7] for day in key_days(profile))


def regular_kcal_per_day(profile: Profile) -> float:
    """Their own activity's energy above rest, averaged over the week. [kcal/day]

    Net of resting energy (gross METs minus 1), as the plan's own sessions are counted.
    """
    total = sum(
        item.weekly_minutes / 60.0 * (ACTIVITY_METS[item.kind] - 1.0) * profile.weight_kg
        for item in profile.regular_activity
    )
    return total / 7.0


def describe(profile: Profile) -> str:
    """Plain words for their activity, e.g. ``3 runs of 40 min (tue, thu, sat)``."""
    parts = []
    for item in profile.regular_activity:
        one, many = ACTIVITY_NAMES[item.kind]
        name = one if item.sessions_per_week == 1 else many
        days = f" ({', '.join(d.value for d in item.days)})" if item.days else ""
        hard = " hard" if item.hard else ""
        parts.append(f"{item.sessions_per_week}{hard} {name} of {item.minutes} min{days}")
    return "; ".join(parts)
