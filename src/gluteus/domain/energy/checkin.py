"""The weekly check-in: expenditure measured from the logs, the trend, and a new intake target.

From the logged weights, and the logged intake when there is some, :func:`assess` measures
daily expenditure with an honest band (by the estimators of
:mod:`gluteus.domain.energy.estimate`), reads the weight trend against the plan, and sets the
intake target again from that measurement for the planned pace, never faster than the safe
pace, never below the floor and never more than one step from the target in force. Pure: the
logs and ``today`` are passed in; storing the check-in is the service's job. NumPy and the
estimators load on first use, so asking only whether a check-in is due stays fast.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from gluteus.domain.energy.balance import calorie_floor, intake_target, safe_pace_kg_per_week
from gluteus.domain.energy.checkin_rules import (
    MAX_STEP_KCAL,
    MIN_CHANGE_KCAL,
    UNDERLOGGING_RATIO,
    AdherenceView,
    CheckinWarning,
    adherence,
    dead_band_kcal,
    faster_than_safe,
    intake_looks_incomplete,
    partial_days,
    safe_pace_rise_kcal,
    slipped_weigh_ins,
    verdict_code,
    verdict_text,
)
from gluteus.domain.energy.cycle import CYCLE_NOTE, swing_days
from gluteus.domain.energy.goal import goal_reached
from gluteus.domain.energy.projection import pal_for
from gluteus.domain.history import WeightEntry
from gluteus.domain.profile import Limitation, Profile
from gluteus.domain.program import Program
from gluteus.domain.quantities import Mass, Message, Text, message

if TYPE_CHECKING:
    from gluteus.domain.energy.bodyweight import Baseline, Phase
    from gluteus.domain.energy.estimate import expenditure as ex

CHECKIN_EVERY_DAYS = 7
"""A check-in is due a week after the last one. [days]"""
WINDOW_DAYS = 84
"""Logs older than 12 weeks are left out: expenditure drifts, and old data would pin it.
[days]"""
MIN_WEIGHTS = 3
"""Weigh-ins needed before anything is measured. [-]"""
MIN_SPAN_DAYS = 10
"""Days the weigh-ins must span: a few days of water swings say nothing about expenditure.
[days]"""
MIN_INTAKE_DAYS = 7
"""Logged intake days (in the window) needed to measure by energy balance. [days]"""
BAND_LEVEL = 0.8
"""Coverage of the expenditure band a check-in reports, the estimators' own
(:data:`gluteus.domain.energy.estimate.expenditure.BAND_LEVEL`). [-]"""
PREGNANCY_VERDICT = (
    "In pregnancy a steady gain is expected and healthy; your midwife or doctor tracks it "
    "against your own range."
)
"""The trend's verdict in pregnancy, whatever the scale says."""

Method = Literal["intake_and_trend", "model_offset", "prior"]
"""How the expenditure was made, from most to least data (see :data:`METHOD_TEXT`)."""

METHOD_TEXT: dict[str, str] = {
    "intake_and_trend": (
        "measured from your weight trend and the intake you logged (energy balance: what you "
        "ate minus what your body stored or lost)"
    ),
    "model_offset": (
        "measured from your weight trend against what the body-weight model expected on your "
        "plan's target (no intake logs, so this assumes you ate close to the target)"
    ),
    "prior": (
        "estimated from the resting-energy equation, your everyday activity and your plan's "
        "exercise: not measured yet, so the band is wide"
    ),
}
"""Each :data:`Method` in words for people."""


class ExpenditureView(BaseModel):
    """Daily expenditure with its band and how it was made."""

    tdee_kcal: float
    low_kcal: float
    high_kcal: float
    band_level: float
    method: Method
    days_of_data: int
    weigh_ins: int
    intake_days: int
    how: str


class TrendView(BaseModel):
    """The scale's trend weight, its weekly change with a band (negative = losing)."""

    weight_kg: float
    rate_kg_per_week: float | None
    expected_rate_kg_per_week: float
    verdict: Text
    rate_low_kg_per_week: float | None = None
    rate_high_kg_per_week: float | None = None
    verdict_code: str | None = None


class TargetView(BaseModel):
    """The intake target set at this check-in."""

    intake_kcal: float
    floor_kcal: float
    previous_kcal: float
    change_kcal: float
    pace_kg_per_week: float
    reason: Text
    changed: bool = False
    proposed_kcal: float | None = None
    accepted: bool = True


class CheckinView(BaseModel):
    """One check-in, as shown and as saved."""

    date: dt.date
    expenditure: ExpenditureView
    trend: TrendView
    target: TargetView
    next_checkin: dt.date
    adherence: AdherenceView | None = None
    warnings: list[CheckinWarning] = []
    saved: bool = False


def enough_weigh_ins(dates: Sequence[dt.date]) -> bool:
    """Whether weigh-ins on ``dates`` (oldest first) can measure a trend.

    At least :data:`MIN_WEIGHTS` readings spanning :data:`MIN_SPAN_DAYS` days: fewer, and
    day-to-day water swings of 1–2 kg would be read as fat gained or lost. The first weekly
    check-in is offered only from then on, so nobody is nudged on day one.
    """
    return len(dates) >= MIN_WEIGHTS and (dates[-1] - dates[0]).days >= MIN_SPAN_DAYS


def assess(
    profile: Profile,
    program: Program | None,
    weights: Sequence[WeightEntry],
    intake: Mapping[dt.date, float],
    today: dt.date,
    previous_kcal: float,
    previous: CheckinView | None = None,
    targets: Sequence[tuple[dt.date, float]] = (),
    period_starts: Sequence[dt.date] = (),
) -> CheckinView:
    """The check-in from a profile, the plan and the logs (no storage, no clock).

    Expenditure is measured by energy balance when there are at least :data:`MIN_WEIGHTS`
    weigh-ins spanning :data:`MIN_SPAN_DAYS` and :data:`MIN_INTAKE_DAYS` days of intake
    (``intake_and_trend``); else, on a plan, from the weigh-ins since its start against the
    dynamic model (``model_offset``); else by the equations with a wide band (``prior``),
    when the target stays (as it does in pregnancy, whatever the scale says). A measured
    target aims at the profile's pace (none once the trend reaches the goal or when the plan
    maintains), moves at most :data:`MAX_STEP_KCAL` and stays when the change is under
    :data:`MIN_CHANGE_KCAL`; a new target is in whole tens of kcal, never below the floor.

    Args:
        profile: The person now (latest weight).
        program: The active plan, when there is one.
        weights: Weigh-ins up to ``today``, oldest first.
        intake: Logged intake by day. [kcal/day]
        today: The check-in day.
        previous_kcal: The target in force before this check-in. [kcal/day]
        previous: The previous saved check-in, for the verdict's hysteresis.
        targets: Earlier check-ins' (day, target) pairs: the targets in force day by day
            (:func:`target_phases`). [kcal/day]
        period_starts: Logged period starts; weigh-ins on the cycle's water-swing days
            (:func:`gluteus.domain.energy.cycle.swing_days`) are left out of the trend when
            enough others remain. None: no change.

    Returns:
        The check-in, not yet saved; the next one is due :data:`CHECKIN_EVERY_DAYS` later.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011 (the dynamic model behind the model
            offset and the fat mass). doi:10.1016/S0140-6736(11)60812-X
        [2] The estimators' sources: :mod:`gluteus.domain.energy.estimate.expenditure`;
            the floor's and the safe pace's: :mod:`gluteus.domain.energy.balance`.
    """
    slipped = slipped_weigh_ins([w.date for w in weights], [w.weight_kg for w in weights])
    kept = [w for w in weights if (w.date, w.weight_kg) not in set(slipped)]
    swing = swing_days(period_starts, today)
    calm = [w for w in kept if w.date not in swing]
    cycle_used = len(calm) < len(kept) and enough_weigh_ins([w.date for w in calm])
    if cycle_used:
        kept = calm
    dates = [w.date for w in kept]
    kg = [w.weight_kg for w in kept]
    estimate = _estimate(profile, program, dates, kg, intake, today, targets)
    trend = _trend(profile, program, dates, kg, today, estimate, previous)
    warnings = [
        CheckinWarning(
            code="implausible_weight",
            message=message(
                "The weigh-in of {weight} on {day} looks like a slip (far from the ones "
                "before it), so this check-in leaves it out. Correct or delete it in your "
                "history.",
                weight=Mass(weight, ".1f"),
                day=day,
            ),
        )
        for day, weight in slipped
    ]
    if cycle_used:
        warnings.append(CheckinWarning(code="cycle_context", message=CYCLE_NOTE))
    partial = partial_days(intake)
    if partial:
        days = ", ".join(str(day) for day in partial[:5])
        warnings.append(
            CheckinWarning(
                code="intake_day_looks_partial",
                message=(
                    f"Intake on {days} is far below your usual days, so it looks half-logged. "
                    "If so, mark it incomplete (gluteus log edit ID --incomplete, or the edit "
                    "page) and the check-in treats the day as missing."
                ),
            )
        )
    target = _target(profile, program, estimate, trend, previous_kcal, warnings)
    return CheckinView(
        date=today,
        expenditure=ExpenditureView(
            tdee_kcal=round(estimate.tdee_kcal),
            low_kcal=round(estimate.low_kcal),
            high_kcal=round(estimate.high_kcal),
            band_level=estimate.band_level,
            method=_method(estimate.method),
            days_of_data=estimate.days_of_data,
            weigh_ins=len(weights),
            intake_days=len(intake),
            how=METHOD_TEXT[estimate.method],
        ),
        trend=trend,
        target=target,
        next_checkin=today + dt.timedelta(days=CHECKIN_EVERY_DAYS),
        adherence=adherence(intake, today, previous_kcal),
        warnings=warnings,
    )


def _method(name: str) -> Method:
    if name == "intake_and_trend":
        return "intake_and_trend"
    if name == "model_offset":
        return "model_offset"
    return "prior"


def _baseline(profile: Profile, program: Program | None) -> Baseline:
    from gluteus.domain.energy.bodyweight import baseline_for

    return baseline_for(profile, pal_for(profile, program))


def equation_tdee_kcal(profile: Profile, program: Program | None) -> float:
    """Expenditure by the equations: everyday activity plus the plan's own workouts.

    Args:
        profile: The person now; read only without a plan.
        program: The active plan, when there is one.

    Returns:
        The plan's maintenance intake, or the profile's without a plan. [kcal/day]
    """
    if program is not None:
        return program.calories.maintenance_kcal
    return intake_target(profile).maintenance_kcal


def target_phases(
    start: dt.date,
    plan_target_kcal: float,
    targets: Sequence[tuple[dt.date, float]],
    today: dt.date,
) -> list[Phase]:
    """The intake targets in force day by day since the plan's start, as model phases.

    The plan's target from its first day, then each check-in's target from the day it was
    set (check-ins before the start or after ``today`` are left out). Where the weigh-ins-only
    estimate assumes the person ate the target, it is this history, not the plan's first
    number: after a check-in lowers the target by 250 kcal and the person follows it, the
    next check-in would otherwise read the slower loss as a higher expenditure and move the
    target back.

    Args:
        start: The plan's first day.
        plan_target_kcal: The plan's own target. [kcal/day]
        targets: (check-in day, target set) pairs, any order. [kcal/day]
        today: The check-in day.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011 (the model's intake schedule).
    """
    from gluteus.domain.energy.bodyweight import Phase

    phases = [Phase(0, intake_kcal=plan_target_kcal)]
    for day, kcal in sorted(targets):
        if start < day < today:
            phases.append(Phase((day - start).days, intake_kcal=kcal))
    return phases


def _estimate(
    profile: Profile,
    program: Program | None,
    dates: list[dt.date],
    kg: list[float],
    intake: Mapping[dt.date, float],
    today: dt.date,
    targets: Sequence[tuple[dt.date, float]] = (),
) -> ex.ExpenditureEstimate:
    from gluteus.domain.energy.bodyweight import ProjectionInputError
    from gluteus.domain.energy.estimate import expenditure as ex

    enough = enough_weigh_ins(dates)
    equations = equation_tdee_kcal(profile, program)
    start = program.start_date if program is not None else None
    try:
        fat_kg = float(_baseline(profile, program).fat_kg[0])
        if enough and len(intake) >= MIN_INTAKE_DAYS:
            # A diet that began with the plan, no earlier than a week before the first
            # weigh-in, still shows its first-weeks water drop in these logs.
            new_diet = start is not None and start >= dates[0] - dt.timedelta(days=7)
            return ex.estimate_expenditure_from_intake(
                dates,
                kg,
                intake,
                today,
                fat_kg=fat_kg,
                maintenance_kcal=equations,
                new_diet=new_diet,
            )
        if enough and program is not None and start is not None:
            kept = [(d, w) for d, w in zip(dates, kg, strict=True) if d >= start]
            if len(kept) >= MIN_WEIGHTS and (kept[-1][0] - kept[0][0]).days >= MIN_SPAN_DAYS:
                phases = target_phases(start, program.calories.target_kcal, targets, today)
                return ex.estimate_expenditure_from_model(
                    _baseline(program.profile, program),
                    start,
                    [d for d, _ in kept],
                    [w for _, w in kept],
                    today,
                    phases,
                )
    except (ex.ExpenditureInputError, ProjectionInputError):
        fat_kg = None
    on_plan = program is not None and start is not None and start <= today
    return ex.prior_expenditure(
        equations,
        profile.weight_kg,
        intake_kcal=program.calories.target_kcal if on_plan and program else None,
        days_on_intake=(today - start).days if on_plan and start else 0,
        fat_kg=fat_kg,
    )


def _expected_rate(profile: Profile, program: Program | None) -> float:
    if goal_reached(profile.goal_weight_kg, profile.weight_kg):
        return 0.0
    pace = (program.calories if program else intake_target(profile)).pace_kg_per_week
    return -round(pace, 3) + 0.0  # no "-0.0" for a plan that holds weight


def _trend(
    profile: Profile,
    program: Program | None,
    dates: list[dt.date],
    kg: list[float],
    today: dt.date,
    estimate: ex.ExpenditureEstimate,
    previous: CheckinView | None,
) -> TrendView:
    """The scale's trend (weigh-ins alone, never pulled toward the plan) and its verdict."""
    from gluteus.domain.energy.estimate import expenditure as ex

    expected = _expected_rate(profile, program)
    weight: float = kg[-1] if kg else profile.weight_kg
    band: ex.TrendBand | None = None
    if len(set(dates)) >= 2:
        try:
            band = ex.trend_band(dates, kg, today)
        except ex.ExpenditureInputError:
            band = None
    if band is None:
        return TrendView(
            weight_kg=round(weight, 2),
            rate_kg_per_week=None,
            expected_rate_kg_per_week=expected,
            verdict=_no_trend_verdict(len(dates)),
        )
    rate, low, high = (
        round(band.rate_kg_per_week, 2),
        round(band.rate_low_kg_per_week, 2),
        round(band.rate_high_kg_per_week, 2),
    )
    before = previous.trend if previous is not None else None
    same_plan = before is not None and before.expected_rate_kg_per_week == expected
    code = verdict_code(
        rate, low, high, expected, before.verdict_code if before and same_plan else None
    )
    pregnant = Limitation.PREGNANCY in profile.limitations
    return TrendView(
        weight_kg=round(band.weight_kg, 2),
        rate_kg_per_week=rate,
        rate_low_kg_per_week=low,
        rate_high_kg_per_week=high,
        expected_rate_kg_per_week=expected,
        verdict=PREGNANCY_VERDICT if pregnant else verdict_text(code, rate, low, high, expected),
        verdict_code=None if pregnant else code,
    )


def _no_trend_verdict(n_weights: int) -> str:
    more = "" if n_weights == 0 else f" ({n_weights} so far)"
    return (
        "Weigh yourself most mornings, after the toilet and before breakfast: a trend "
        f"needs weigh-ins spread over at least {MIN_SPAN_DAYS} days{more}."
    )


def round_target(intake_kcal: float, previous_kcal: float, floor_kcal: float) -> float:
    """A new target in whole tens of kcal, rounded toward the one in force, never past it.

    A kept target stays as it was, in whole kcal. Rounding toward the target in force keeps a
    held step held, and it never crosses that target: a target in force off the tens grid
    (2,345) with a small rise wanted (2,348) stays 2,345 rather than flooring to 2,340, so a
    rise (the safe-pace rule's) never turns into a cut (issue 24's closed-loop study found two
    such check-ins in 6,600). Never below ``floor_kcal``. [kcal/day]
    """
    if abs(intake_kcal - previous_kcal) < 1.0:
        return float(round(previous_kcal))
    tens = intake_kcal / 10.0
    rising = intake_kcal > previous_kcal
    rounded = 10.0 * (math.floor(tens) if rising else math.ceil(tens))
    if (rounded < previous_kcal) if rising else (rounded > previous_kcal):
        return float(round(previous_kcal))
    return max(rounded, floor_kcal)


def _target(
    profile: Profile,
    program: Program | None,
    estimate: ex.ExpenditureEstimate,
    trend: TrendView,
    previous_kcal: float,
    warnings: list[CheckinWarning],
) -> TargetView:
    """The new target; the rules that hold or move it add to ``warnings``."""
    from gluteus.domain.energy.estimate import expenditure as ex

    floor = calorie_floor(profile.sex)
    rho = estimate.energy_density_kcal_per_kg

    def view(intake: float, reason: str) -> TargetView:
        intake = round_target(intake, previous_kcal, floor)
        pace = max(0.0, (estimate.tdee_kcal - intake) * 7.0 / rho)
        return TargetView(
            intake_kcal=intake,
            floor_kcal=floor,
            previous_kcal=round(previous_kcal),
            change_kcal=round(intake - previous_kcal),
            pace_kg_per_week=round(pace, 2),
            reason=reason,
            changed=abs(intake - round(previous_kcal)) >= 1.0,
        )

    if Limitation.PREGNANCY in profile.limitations:
        return view(
            previous_kcal,
            "Pregnancy: the target stays where the plan set it. Gaining weight is expected "
            "now, so the scale cannot measure your expenditure; follow your midwife's advice.",
        )
    reached = goal_reached(profile.goal_weight_kg, min(trend.weight_kg, profile.weight_kg))
    if estimate.method == "prior" and reached:
        maintenance = estimate.tdee_kcal
        change = maintenance - previous_kcal
        step = max(-MAX_STEP_KCAL, min(MAX_STEP_KCAL, change))
        return view(
            previous_kcal + step if abs(change) >= MIN_CHANGE_KCAL else previous_kcal,
            message(
                "You have reached your goal of {goal}: the target moves "
                "toward maintenance (about {maintenance:,.0f} kcal a day by the equations), at "
                "most {step:.0f} kcal a check-in.",
                goal=Mass(profile.goal_weight_kg or 0.0, ".1f"),
                maintenance=maintenance,
                step=MAX_STEP_KCAL,
            ),
        )
    if estimate.method == "prior":
        return view(
            previous_kcal,
            "Not measured yet, so the target stays. Keep logging your weight (and, if you "
            "can, what you eat); the next check-in uses it.",
        )
    resting = intake_target(profile).bmr_kcal
    if estimate.method == "intake_and_trend" and intake_looks_incomplete(
        estimate.tdee_kcal, resting
    ):
        note = (
            f"Your logs say you burn about {estimate.tdee_kcal:,.0f} kcal a day, less than "
            f"{UNDERLOGGING_RATIO:.1f} × your resting energy ({resting:,.0f}): that is not "
            "possible for someone who moves, so the logged intake looks incomplete. The target "
            "stays. Log everything for a week (drinks, oils, snacks, tastes), weigh portions "
            "where you can, and leave a day blank rather than half-logged."
        )
        warnings.append(CheckinWarning(code="intake_looks_incomplete", message=note))
        return view(previous_kcal, note)
    goal = profile.goal_weight_kg
    maintaining = program is not None and program.calories.mode != "fat_loss"
    pace = 0.0 if maintaining else profile.pace_kg_per_week
    reasons: list[str] = []
    if pace > 0 and goal is not None and reached:
        pace = 0.0
        reasons.append(
            message(
                "Your trend weight has reached the goal of {goal}: eat to maintain.",
                goal=Mass(goal, ".1f"),
            )
        )
    aim = ex.retarget_intake(estimate, pace, profile.sex, trend.weight_kg)
    reasons.extend(aim.notes)
    wanted = aim.intake_kcal
    lead = (
        f"You burn about {estimate.tdee_kcal:,.0f} kcal a day "
        f"({estimate.low_kcal:,.0f}–{estimate.high_kcal:,.0f})"
    )
    aimed = round(wanted / 10.0) * 10.0
    if aim.pace_kg_per_week > 0:
        lead += message(
            "; eating {aimed:,.0f} aims at {pace} a week.",
            aimed=aimed,
            pace=Mass(aim.pace_kg_per_week, ".2f"),
        )
    else:
        lead += f"; eating {aimed:,.0f} keeps your weight steady."
    safe = safe_pace_kg_per_week(trend.weight_kg)
    too_fast = faster_than_safe(trend.rate_kg_per_week, safe)
    if too_fast and trend.rate_kg_per_week is not None:
        rise = safe_pace_rise_kcal(-trend.rate_kg_per_week, safe, rho)
        wanted = max(wanted, previous_kcal + rise)
        note = message(
            "The scale shows you losing {rate} a week, faster than "
            "the safe {safe}: the target does not go down now and rises toward the "
            "safe pace, to protect muscle and health.",
            rate=Mass(-trend.rate_kg_per_week, ".2f"),
            safe=Mass(safe, ".2f"),
        )
        warnings.append(CheckinWarning(code="faster_than_safe", message=note))
        reasons.append(note)
    change = wanted - previous_kcal
    band = dead_band_kcal(estimate.sd_kcal)
    if abs(change) > MAX_STEP_KCAL:
        stepped = previous_kcal + MAX_STEP_KCAL * (1 if change > 0 else -1)
        reasons.append(
            f"The change is held to {MAX_STEP_KCAL:.0f} kcal this week so one noisy week "
            "cannot swing it; the next check-in moves it further if the trend agrees."
        )
        wanted = stepped
    elif abs(change) <= band and not (too_fast and change > 0):
        reasons.append(
            f"That is within the measurement's uncertainty (about {band:,.0f} kcal) of your "
            "current target, so it stays."
        )
        wanted = previous_kcal
    return view(wanted, Message(" ").join_parts([lead, *reasons]))
