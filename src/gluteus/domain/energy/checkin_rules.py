"""The check-in's judgement calls: how the trend is put in words, adherence and warnings.

Each rule here is one named function with its threshold beside it: the verdict on the scale's
trend (a gain is called a gain; the verdict changes only when the band leaves it), the
adherence shown beside the target, the under-logging check, the pace-safety check and the
weigh-ins that look like slips. The target arithmetic itself stays in
:mod:`gluteus.domain.energy.checkin`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from statistics import median
from typing import Literal

from pydantic import BaseModel

from gluteus.domain.energy.weigh_in import check_weigh_in
from gluteus.domain.history import IntakeEntry
from gluteus.domain.quantities import Mass, Message, Text, message

MAX_STEP_KCAL = 250.0
"""Largest change of the target at one check-in (our choice): a noisy week cannot whip the
target around, and a real change still arrives within two or three check-ins. [kcal/day]"""
MIN_CHANGE_KCAL = 30.0
"""A measured target closer than this to the one in force keeps it (our choice): the
measurement is not that exact, and a target that stays put is easier to follow. [kcal/day]"""
DEAD_BAND_SD = 0.7
"""A new target must differ from the one in force by more than this many standard deviations
of the expenditure estimate (and at least :data:`MIN_CHANGE_KCAL`): week-to-week moves of the
estimate within its own uncertainty are noise, and chasing them sends a quarter of all changes
the wrong way (issue 24's simulation). 0.7 SD is about the half-width of a 50 % band. [-]"""
UNDERLOGGING_RATIO = 1.1
"""Measured expenditure below this multiple of resting energy means the logs miss food: a
person who moves at all burns at least 1.2-1.3 × resting energy, and "intake" below about
1.1 × resting is the classic mark of under-reporting (Goldberg G.R. et al., Eur. J. Clin. Nutr.
45:569-581, 1991; Black A.E., Int. J. Obes. 24:1119-1130, 2000). [-]"""
PARTIAL_DAY_SHARE = 0.5
"""A logged day under this share of the person's median logged day looks half-logged. [-]"""
PARTIAL_MIN_DAYS = 7
"""Logged days needed before a day is compared with the usual ones. [days]"""
ADHERENCE_DAYS = 14
"""Days of logged intake averaged for the adherence line. [days]"""
HOLDING_BAND_KG_PER_WEEK = 0.15
"""On a plan that holds weight, a trend within this of zero is "holding steady". [kg/week]"""
FLAT_BAND_KG_PER_WEEK = 0.05
"""On a loss plan, a trend within this of zero is "flat"; above it, a gain. [kg/week]"""
SLOWER_SHARE = 0.75
"""Below this share of the planned loss the trend is "slower than planned". [-]"""
FASTER_SHARE = 1.35
"""Above this share of the planned loss the trend is "faster than planned". [-]"""

VerdictCode = Literal["gaining", "flat", "slower", "on_pace", "faster", "holding", "losing"]
WarningCode = Literal[
    "implausible_weight",
    "intake_looks_incomplete",
    "faster_than_safe",
    "intake_day_looks_partial",
    "cycle_context",
]


class CheckinWarning(BaseModel):
    """Something the person should know or do, with a stable code for programs."""

    code: WarningCode
    message: Text


class AdherenceView(BaseModel):
    """Average logged intake beside the target in force over the last days."""

    logged_intake_kcal: float | None
    target_kcal: float
    days_logged: int
    days: int = ADHERENCE_DAYS


def daily_intake(entries: Iterable[IntakeEntry]) -> dict[dt.date, float]:
    """Logged intake per day: every entry of a day (meals, snacks) summed. [kcal/day]

    A day with any entry marked incomplete is left out: a partial day is missing data, not a
    day of little food.
    """
    out: dict[dt.date, float] = {}
    partial: set[dt.date] = set()
    for entry in entries:
        out[entry.date] = out.get(entry.date, 0.0) + entry.kcal
        if entry.incomplete:
            partial.add(entry.date)
    return {day: kcal for day, kcal in out.items() if day not in partial}


def partial_days(intake: Mapping[dt.date, float]) -> list[dt.date]:
    """Logged days far below the person's usual days: probably half-logged.

    A day below :data:`PARTIAL_DAY_SHARE` of the median logged day, once there are at least
    :data:`PARTIAL_MIN_DAYS` logged days to compare with.

    References:
        [1] Our rule; under-reporting concentrates in omitted items and meals (Lichtman S.W. et
            al., N. Engl. J. Med. 327:1893-1898, 1992).
    """
    if len(intake) < PARTIAL_MIN_DAYS:
        return []
    usual = median(intake.values())
    return sorted(day for day, kcal in intake.items() if kcal < PARTIAL_DAY_SHARE * usual)


def intake_looks_incomplete(tdee_kcal: float, resting_kcal: float) -> bool:
    """Whether an expenditure measured from the logs is too low to be real.

    Args:
        tdee_kcal: Expenditure measured from logged intake and the trend. [kcal/day]
        resting_kcal: Resting energy by the equations. [kcal/day]

    Returns:
        True below :data:`UNDERLOGGING_RATIO` × resting energy.

    References:
        [1] Goldberg G.R. et al., Eur. J. Clin. Nutr. 45:569-581, 1991 (cut-offs of reported
            intake against resting energy).
        [2] Schoeller D.A., Metabolism 44(2 Suppl 2):18-22, 1995 (under-reporting, against
            doubly labelled water).
    """
    return tdee_kcal < UNDERLOGGING_RATIO * resting_kcal


def adherence(intake: Mapping[dt.date, float], today: dt.date, target_kcal: float) -> AdherenceView:
    """Average logged intake over the last :data:`ADHERENCE_DAYS` days against the target.

    Days without a log are left out (not counted as zero). Eating about 15 % over the target
    explains most missed paces, so the check-in shows it beside the target.
    """
    since = today - dt.timedelta(days=ADHERENCE_DAYS)
    kept = [kcal for day, kcal in intake.items() if since < day <= today]
    return AdherenceView(
        logged_intake_kcal=round(sum(kept) / len(kept)) if kept else None,
        target_kcal=round(target_kcal),
        days_logged=len(kept),
    )


def faster_than_safe(rate_kg_per_week: float | None, safe_pace_kg_per_week: float) -> bool:
    """Whether the scale's trend shows loss faster than the safe pace.

    References:
        [1] Helms E.R. et al., J. Int. Soc. Sports Nutr. 11:20, 2014 (0.5-1 % of body weight a
            week preserves lean mass); :func:`gluteus.domain.energy.balance.safe_pace_kg_per_week`.
    """
    return rate_kg_per_week is not None and rate_kg_per_week < -safe_pace_kg_per_week


def slipped_weigh_ins(
    dates: Sequence[dt.date], weights_kg: Sequence[float]
) -> list[tuple[dt.date, float]]:
    """Weigh-ins that look like slips against the ones before them (kept, but down-weighted).

    Each reading is checked as it would have been at entry
    (:func:`gluteus.domain.energy.weigh_in.check_weigh_in`) against the earlier ones.
    """
    out = []
    readings = list(zip(dates, weights_kg, strict=True))
    for i, (day, kg) in enumerate(readings):
        if check_weigh_in(kg, day, readings[:i]) is not None:
            out.append((day, kg))
    return out


_LOSSES = frozenset({"faster", "on_pace", "slower", "losing"})


def _code_ranges(expected: float) -> dict[VerdictCode, tuple[float, float]]:
    """Rate interval [kg/week] of each verdict for a planned rate ``expected``."""
    inf = float("inf")
    if expected >= -0.01:
        h = HOLDING_BAND_KG_PER_WEEK
        return {"losing": (-inf, -h), "holding": (-h, h), "gaining": (h, inf)}
    f = FLAT_BAND_KG_PER_WEEK
    return {
        "faster": (-inf, FASTER_SHARE * expected),
        "on_pace": (FASTER_SHARE * expected, SLOWER_SHARE * expected),
        "slower": (SLOWER_SHARE * expected, -f),
        "flat": (-f, f),
        "gaining": (f, inf),
    }


def verdict_code(
    rate: float,
    low: float,
    high: float,
    expected: float,
    previous: str | None = None,
) -> VerdictCode:
    """The verdict on the trend, changed only when the evidence does.

    The rate's own interval picks the verdict; the previous check-in's verdict is kept while
    the rate's band still reaches its interval (hysteresis: a noisy week does not flip the
    words back and forth).

    Args:
        rate: Weekly rate of the scale's trend. [kg/week]
        low: Lower end of its band. [kg/week]
        high: Upper end of its band. [kg/week]
        expected: Planned rate (negative = loss). [kg/week]
        previous: The previous check-in's verdict code, if any.

    References:
        [1] Our rule; hysteresis as in control engineering (a switch with a dead zone).
    """
    ranges = _code_ranges(expected)
    for code, (lo, hi) in ranges.items():
        # A loss is never called a gain, nor a gain a loss, whatever came before.
        wrong_sign = (code == "gaining" and rate <= 0) or (code in _LOSSES and rate >= 0)
        if code == previous and low < hi and high > lo and not wrong_sign:
            return code
    for code, (lo, hi) in ranges.items():
        if lo <= rate < hi:
            return code
    return "gaining"


def verdict_text(
    code: VerdictCode, rate: float, low: float, high: float, expected: float
) -> Message:
    """The verdict in words, with the rate and its band (masses typed, see :mod:`.quantities`)."""
    band = message(
        "(likely between {low} and {high})", low=Mass(low, "+.2f"), high=Mass(high, "+.2f")
    )
    signed, size, planned = Mass(rate, "+.2f"), Mass(abs(rate), ".2f"), Mass(abs(expected), ".2f")
    if code == "holding":
        return message("Holding steady ({rate} a week {band}), as planned.", rate=signed, band=band)
    if code in {"losing", "gaining"} and expected >= -0.01:
        word = "gaining" if code == "gaining" else "losing"
        return message(
            "You are {word} {size} a week {band} while the plan aims to hold steady.",
            word=word,
            size=size,
            band=band,
        )
    if code == "gaining":
        return message(
            "You are gaining {size} a week {band} against a planned loss of {planned} a week.",
            size=size,
            band=band,
            planned=planned,
        )
    if code == "flat":
        return message(
            "Your trend is flat ({rate} a week {band}) against a planned loss of {planned} a week.",
            rate=signed,
            band=band,
            planned=planned,
        )
    speed = {"slower": "slower than", "faster": "faster than", "on_pace": "close to"}[code]
    return message(
        "Losing {size} a week {band}: {speed} the planned {planned}.",
        size=size,
        band=band,
        speed=speed,
        planned=planned,
    )


def dead_band_kcal(sd_kcal: float) -> float:
    """How far a new target must be from the one in force before it replaces it. [kcal/day]

    :data:`DEAD_BAND_SD` standard deviations of the expenditure estimate, at least
    :data:`MIN_CHANGE_KCAL`: a dead band scaled by the estimate's own band.

    References:
        [1] Our rule, from issue 24's closed-loop simulation (a fixed 30 kcal band let noise
            move the target, 24-37 % of changes the wrong way).
    """
    return max(MIN_CHANGE_KCAL, DEAD_BAND_SD * sd_kcal)


def safe_pace_rise_kcal(loss_kg_per_week: float, safe_kg_per_week: float, rho: float) -> float:
    """How much a target rises when the scale shows loss faster than the safe pace. [kcal/day]

    The energy of the excess loss, (loss − safe) × ρ / 7, at most :data:`MAX_STEP_KCAL`.

    Args:
        loss_kg_per_week: The measured loss (positive). [kg/week]
        safe_kg_per_week: The safe pace. [kg/week]
        rho: Energy per kg of slow weight change. [kcal/kg]

    References:
        [1] Helms E.R. et al., J. Int. Soc. Sports Nutr. 11:20, 2014 (the safe pace);
            Hall K.D. et al., Lancet 378:826-837, 2011 (ρ).
    """
    return min(MAX_STEP_KCAL, max(0.0, (loss_kg_per_week - safe_kg_per_week) * rho / 7.0))
