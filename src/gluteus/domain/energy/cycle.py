"""Menstrual-cycle context for the weight trend: the days whose water swing the trend discounts.

Body water rises in the days before a period and peaks around its first day, so weigh-ins
then read 0.5-1.5 kg high and a trend fitted through them bends up for no change in fat. From
logged period starts this module names those days (past ones, and the ones expected before
the next period); the check-in leaves their weigh-ins out of the trend when enough others
remain, and says so. No period starts, no change. Storing the starts is not done here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import pairwise
from statistics import median

from gluteus.domain.quantities import MassRange, message

DAYS_BEFORE = 5
"""Days before a period start whose weigh-ins carry the premenstrual water swing. [days]"""
DAYS_INTO = 2
"""Days from the period start (day 1 included) still carrying it. [days]"""
CYCLE_RANGE_DAYS = (21, 35)
"""Cycle lengths taken as regular; a median outside is clamped into it. [days]"""
DEFAULT_CYCLE_DAYS = 28
"""Cycle length assumed from a single logged start. [days]"""
CYCLE_NOTE = message(
    "Your weight is often {swing} higher in the days before a period and on its first "
    "days (water, not fat), so this check-in leaves those weigh-ins out of the trend.",
    swing=MassRange(0.5, 1.5),
)
"""What the check-in says when it discounted cycle days."""


def cycle_length_days(starts: Sequence[dt.date]) -> int:
    """The person's usual cycle: the median gap between logged starts, clamped to 21-35 days.

    References:
        [1] Bull J.R. et al., NPJ Digit. Med. 2:83, 2019 (cycle length in 600,000 cycles:
            mean 29.3 days; most between 21 and 35). doi:10.1038/s41746-019-0152-7
    """
    ordered = sorted(set(starts))
    gaps = [(b - a).days for a, b in pairwise(ordered)]
    if not gaps:
        return DEFAULT_CYCLE_DAYS
    low, high = CYCLE_RANGE_DAYS
    return int(min(max(round(median(gaps)), low), high))


def swing_days(starts: Iterable[dt.date], until: dt.date) -> set[dt.date]:
    """Days whose weigh-ins carry the cycle's water swing, up to ``until``.

    For every logged start: the :data:`DAYS_BEFORE` days before it and the first
    :data:`DAYS_INTO` days; for the next expected start (the last one plus
    :func:`cycle_length_days`), the days before it that fall on or before ``until``.

    References:
        [1] White C.P. et al., Obstet. Gynecol. Int. 2011:138451 (fluid retention over the
            cycle peaks on the first day of flow and is raised in the days before).
            doi:10.1155/2011/138451
    """
    ordered = sorted(set(starts))
    if not ordered:
        return set()
    expected = ordered[-1] + dt.timedelta(days=cycle_length_days(ordered))
    out: set[dt.date] = set()
    for start in [*ordered, expected]:
        for offset in range(-DAYS_BEFORE, DAYS_INTO):
            day = start + dt.timedelta(days=offset)
            if day <= until:
                out.add(day)
    return out
