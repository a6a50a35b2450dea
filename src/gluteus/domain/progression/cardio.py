"""Cardio progression for beginners: a little longer each week, then a little faster.

Reads logged bouts of one activity and returns the next target. Pure: ``today`` is passed in.
"""

from __future__ import annotations

import datetime as dt
import math

from pydantic import BaseModel, ConfigDict

from gluteus.domain.history import History
from gluteus.domain.quantities import Speed, Text, message

CARDIO_WEEKLY_FRACTION = 0.10
"""Largest week-on-week rise in bout length [-] ([3] below)."""
CARDIO_PACE_WEEKLY_FRACTION = 0.05
"""Week-on-week speed rise once the bout is long enough [-]."""
CARDIO_DURATION_GOAL_MIN = 45.0
"""Bout length [min] after which speed, not time, goes up."""


class CardioTarget(BaseModel):
    """Next cardio bout for one activity."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    activity_id: str
    minutes: float
    speed_kmh: float | None = None
    reason: Text


def next_cardio(
    activity_id: str,
    planned_minutes: float,
    history: History,
    today: dt.date,
) -> CardioTarget:
    """The next bout for a cardio activity: longer first, then a little faster.

    Weeks run Monday to Sunday. From the longest bout of this activity in the previous
    week: when it was under 45 min, the target is 10 % longer (capped at 45 min or the
    planned minutes, whichever is more, rounded down to the half minute); at 45 min or
    more, keep the time and raise the speed by 5 % over that week's best. With no bout
    last week (a break, or the first week), the plan's minutes stand, or the most recent
    bout when that is shorter.

    Args:
        activity_id: Catalog id of the cardio activity.
        planned_minutes: Minutes the plan asks for. [min]
        history: Everything logged.
        today: The day being planned.

    Returns:
        Target minutes [min] and speed [km/h] (None when no speed is known).

    References:
        [2] Garber C.E. et al., ACSM position stand: quantity and quality of exercise,
        Med. Sci. Sports Exerc. 43(7):1334-1359, 2011. doi:10.1249/MSS.0b013e318213fefb
        (gradual progression of volume).
        [3] Buist I. et al., No effect of a graded training program on the number of
        running-related injuries in novice runners, Am. J. Sports Med. 36(1):33-39, 2008.
        doi:10.1177/0363546507307505 (a 10 %/week ramp, used here as a gentle cap).
        The 45 min switch is a Gluteus convention.
    """
    logs = [c for c in history.cardio_for(activity_id) if c.date < today]
    week_start = today - dt.timedelta(days=today.weekday())
    last_week = [c for c in logs if week_start - dt.timedelta(days=7) <= c.date < week_start]
    if not last_week:
        if logs and logs[-1].minutes < planned_minutes:
            return CardioTarget(
                activity_id=activity_id,
                minutes=logs[-1].minutes,
                speed_kmh=logs[-1].pace_kmh,
                reason="no bout last week: start again where you left off",
            )
        return CardioTarget(
            activity_id=activity_id,
            minutes=planned_minutes,
            reason="as planned: an easy pace you could keep up while talking",
        )
    best = max(last_week, key=lambda c: (c.minutes, c.pace_kmh or 0.0))
    paces = [c.pace_kmh for c in last_week if c.pace_kmh is not None]
    speed = max(paces) if paces else None
    cap = max(CARDIO_DURATION_GOAL_MIN, planned_minutes)
    if best.minutes < cap:
        minutes = min(cap, math.floor(best.minutes * (1 + CARDIO_WEEKLY_FRACTION) * 2) / 2)
        minutes = max(minutes, best.minutes)
        return CardioTarget(
            activity_id=activity_id,
            minutes=minutes,
            speed_kmh=speed,
            reason=f"longest bout last week {best.minutes:g} min: {minutes:g} min at the same pace",
        )
    faster = None if speed is None else round(speed * (1 + CARDIO_PACE_WEEKLY_FRACTION), 1)
    return CardioTarget(
        activity_id=activity_id,
        minutes=best.minutes,
        speed_kmh=faster,
        reason=message("{minutes:g} min reached: same time, a touch faster", minutes=best.minutes)
        + (message(" ({speed})", speed=Speed(faster)) if faster is not None else ""),
    )
