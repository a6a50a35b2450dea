"""One weigh-in against the recent ones: the robust recent weight, and readings worth a question.

The weight the profile carries is the robust line through the last two weeks of weigh-ins
read at the latest day (never one raw reading), so one typo cannot move the calorie target.
A new reading far from that line, or one that matches a pounds-for-kilograms mix-up or a
lost digit, is questioned before it is stored ("Did you mean 72.0 kg?"); the person may
confirm it. Pure Python (no NumPy), so logging and the pages stay light.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from statistics import median

from pydantic import BaseModel

from gluteus.domain.history import BODY_WEIGHT_RANGE_KG
from gluteus.domain.units import KG_PER_LB, UnitSystem, format_mass

RECENT_WINDOW_DAYS = 14
"""Weigh-ins within this many days of the latest make the recent line. [days]"""
MIN_READINGS_FOR_CHECK = 3
"""Readings needed in the window before a new one is questioned for its distance. [-]"""
PLAUSIBLE_DAILY_CHANGE_KG = 0.3
"""Largest believable change of the trend per day, on top of the water swing: fast early
losses on a strict diet reach about 2 kg a week (0.3 kg/day) (Hall K.D. et al., Lancet
378:826-837, 2011, early glycogen and water loss). [kg/day]"""
WATER_SWING_KG = 3.0
"""Day-to-day swings of body water and gut content: about 1–2 kg, up to 3 kg after a salty
meal or in the days before a period (Bhutani S. et al., Obesity 25(8), 2017; White C.P. et
al., Menopause Int. 17(3), 2011). [kg]"""
SWING_FRACTION = 0.04
"""For heavy people the swing scales with weight: 4 % of body weight. [-]"""
PROFILE_REFERENCE_DAYS = 30
"""Before any weigh-in the saved profile weight is the reference, taken as this many days old
(it may have been typed a while ago), which widens the gap accordingly. [days]"""
REFIT_SLIPS = True
"""The recent line is fitted twice: readings further than the water swing
(:func:`plausible_gap_kg`) from the first robust line are slips and are left out of the
second, so a kept typo (a weight in pounds, confirmed) has no say at all in the profile's
weight. The repeated median alone only limits its pull: in issue 24's closed-loop study one
confirmed pounds typo shifted the line by a few grams, enough to tip one target across the
dead band. Refitting without the rejected points is the usual completion of a robust fit
(Rousseeuw P.J. & Leroy A.M., Robust Regression and Outlier Detection, Wiley 1987, ch. 1:
reweighted least squares after a high-breakdown fit). [-]"""
SUGGESTION_TOLERANCE_KG = 2.0
"""A corrected reading (pounds read as kg, a lost digit) is suggested when it lands this close
to the recent weight. [kg]"""


class WeighInCheck(BaseModel):
    """A reading questioned at entry: why, and what the person probably meant."""

    weight_kg: float
    expected_kg: float
    suggestion_kg: float | None
    pattern: str

    def question(self, system: UnitSystem = UnitSystem.METRIC) -> str:
        """The question to ask, in the person's units."""
        given, expected = format_mass(self.weight_kg, system), format_mass(self.expected_kg, system)
        if self.suggestion_kg is not None:
            return (
                f"Did you mean {format_mass(self.suggestion_kg, system)}? {given} is far from "
                f"your recent weight of about {expected} and looks like {self.pattern}; if it "
                "is right, confirm it."
            )
        return (
            f"{given} is far from your recent weight of about {expected}, more than water and "
            "a real change explain. Check the scale and the number, and confirm it if it is right."
        )


def _repeated_median(points: Sequence[tuple[int, float]]) -> tuple[float, float]:
    """Siegel's repeated-median line through ``points``: (slope, value at day 0).

    The slope is the median over points of each point's median slope to the others, the level
    the median of the residual levels: up to half the points may be wild (Siegel 1982).
    """
    if len(points) == 1:
        return 0.0, points[0][1]
    slopes = [median((y2 - y1) / (x2 - x1) for x2, y2 in points if x2 != x1) for x1, y1 in points]
    slope = median(slopes)
    return slope, float(median(y - slope * x for x, y in points))


def _window(by_day: dict[dt.date, list[float]], latest: dt.date) -> list[tuple[int, float]]:
    """Each day's mean reading within :data:`RECENT_WINDOW_DAYS` before ``latest``, by day."""
    return [
        ((date - latest).days, sum(kgs) / len(kgs))
        for date, kgs in sorted(by_day.items())
        if 0 <= (latest - date).days <= RECENT_WINDOW_DAYS
    ]


def _slips(points: list[tuple[int, float]]) -> set[int]:
    """Days of ``points`` further than the water swing from their robust line.

    The rule :data:`REFIT_SLIPS`; none when there are too few points or every one would go.
    """
    if len(points) < MIN_READINGS_FOR_CHECK:
        return set()
    slope, level = _repeated_median(points)
    out = {
        x
        for x, y in points
        if abs(y - (level + slope * x)) > plausible_gap_kg(level + slope * x, 0)
    }
    return set() if len(out) == len(points) else out


def recent_weight_kg(
    readings: Sequence[tuple[dt.date, float]], day: dt.date | None = None
) -> float | None:
    """The robust recent weight: a repeated-median line through the last two weeks, at ``day``.

    Same-day readings are averaged first. The line uses the weigh-ins within
    :data:`RECENT_WINDOW_DAYS` before the latest one (and up to ``day``); medians of slopes
    and of levels ignore up to half of the readings when they are wild, and a straight line has
    no lag on a steady loss, unlike an average of the last week. Read at the latest reading's day
    (or ``day``, up to a week later), clamped to the allowed weight range. Days whose reading
    lies further than the water swing from that line are slips, and the line is fitted again
    as if they had not been weighed (:data:`REFIT_SLIPS`): a kept typo then has no say at all.

    Args:
        readings: (date, weight [kg]) pairs in any order.
        day: The day to read the line at; the latest reading's day when None.

    Returns:
        The weight [kg], None without readings on or before ``day``.

    References:
        [1] Siegel A.F., Robust regression using repeated medians, Biometrika 69(1):242-244,
            1982. doi:10.1093/biomet/69.1.242
    """
    by_day: dict[dt.date, list[float]] = {}
    for date, kg in readings:
        if day is None or date <= day:
            by_day.setdefault(date, []).append(kg)
    if not by_day:
        return None
    latest = max(by_day)
    if REFIT_SLIPS:
        slips = _slips(_window(by_day, latest))
        by_day = {d: kgs for d, kgs in by_day.items() if (d - latest).days not in slips}
        latest = max(by_day)
    at = latest if day is None else min(day, latest + dt.timedelta(days=7))
    slope, level = _repeated_median(_window(by_day, latest))
    value = level + slope * (at - latest).days
    low, high = BODY_WEIGHT_RANGE_KG
    return min(max(value, low), high)


def plausible_gap_kg(expected_kg: float, days_since_latest: int) -> float:
    """How far a new reading may sit from the recent line before it is questioned. [kg]

    The water swing (:data:`WATER_SWING_KG`, or :data:`SWING_FRACTION` of body weight when
    larger) plus the fastest believable trend change (:data:`PLAUSIBLE_DAILY_CHANGE_KG`) over
    the days since the latest weigh-in.
    """
    swing = max(WATER_SWING_KG, SWING_FRACTION * expected_kg)
    return swing + PLAUSIBLE_DAILY_CHANGE_KG * max(days_since_latest, 0)


def _candidates(weight_kg: float) -> list[tuple[str, float]]:
    """Readings the person may have meant, with the slip that would explain each."""
    out = [
        ("pounds typed as kilograms", weight_kg * KG_PER_LB),
        ("kilograms read as pounds", weight_kg / KG_PER_LB),
        ("a digit too many", weight_kg / 10.0),
        ("a missing digit", weight_kg * 10.0),
    ]
    text = f"{weight_kg:.1f}".rstrip("0").rstrip(".")
    digits = text.replace(".", "")
    if len(digits) >= 2 and "." not in text:  # 725 → 72.5 (a lost decimal point)
        out.append(("a missing decimal point", float(f"{digits[:-1]}.{digits[-1]}")))
    return out


def check_weigh_in(
    weight_kg: float,
    day: dt.date,
    readings: Sequence[tuple[dt.date, float]],
    profile_weight_kg: float | None = None,
) -> WeighInCheck | None:
    """Question a new weigh-in that the recent ones make implausible, None when it fits.

    A reading is questioned when it lies further than :func:`plausible_gap_kg` from the recent
    line (:func:`recent_weight_kg` at ``day``; with fewer than :data:`MIN_READINGS_FOR_CHECK`
    readings in the window, the profile's weight stands in when given). When dividing or
    multiplying by 2.2046 (pounds and kilograms mixed up) or by 10 (a digit too many or too
    few) lands within :data:`SUGGESTION_TOLERANCE_KG` of the expected weight, that reading is
    suggested.

    Args:
        weight_kg: The new reading. [kg]
        day: Its date.
        readings: Earlier weigh-ins as (date, weight [kg]); later ones are ignored.
        profile_weight_kg: The profile's weight, the reference before there are readings. [kg]

    Returns:
        The question to ask, or None.

    References:
        [1] Bhutani S. et al., Obesity 25(8):1392-1398, 2017 (day-to-day weight swings).
        [2] Hall K.D. et al., Lancet 378:826-837, 2011 (how fast weight can change).
    """
    earlier = [(d, kg) for d, kg in readings if d <= day]
    expected: float | None
    if earlier:
        latest = max(d for d, _ in earlier)
        days = (day - latest).days
        window = {d for d, _ in earlier if (latest - d).days <= RECENT_WINDOW_DAYS}
        if len(window) >= MIN_READINGS_FOR_CHECK:
            expected = recent_weight_kg(earlier, day)
        else:
            same_day = [kg for d, kg in earlier if d == latest]
            expected = sum(same_day) / len(same_day)
    else:
        expected, days = profile_weight_kg, PROFILE_REFERENCE_DAYS
    if expected is None:
        return None
    if abs(weight_kg - expected) <= plausible_gap_kg(expected, days):
        return None
    low, high = BODY_WEIGHT_RANGE_KG
    best: tuple[str, float] | None = None
    for pattern, value in _candidates(weight_kg):
        close = abs(value - expected) <= SUGGESTION_TOLERANCE_KG and low <= value <= high
        if close and (best is None or abs(value - expected) < abs(best[1] - expected)):
            best = (pattern, value)
    return WeighInCheck(
        weight_kg=weight_kg,
        expected_kg=round(expected, 1),
        suggestion_kg=None if best is None else round(best[1], 1),
        pattern="far from the recent trend" if best is None else best[0],
    )
